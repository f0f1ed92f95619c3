"""The first-run wizard (office, counter, printers, hub, first administrator) and its forms."""
