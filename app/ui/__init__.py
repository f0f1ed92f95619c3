"""The PySide6 counter window (issue 3). The only package allowed to import Qt."""
