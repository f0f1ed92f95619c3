"""Backups in the window: the automatic backups, the restore offer, the restore requests."""
