"""Use cases of the counter, callable alike from the GUI and the CLI (no Qt here)."""
