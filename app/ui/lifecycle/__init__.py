"""The counter's screens for a dossier's life after intake: hand-over, results, moves (issue 5)."""
