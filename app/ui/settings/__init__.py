"""The settings dialog and its pages (office and counter, hub, printers, backups, logs)."""
