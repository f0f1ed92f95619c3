"""The supervisor's screens: end-of-day close (Chốt ngày) and the TT 17/2017 reports."""
