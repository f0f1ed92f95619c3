"""The application font: the bundled Noto Sans, so Vietnamese renders the same on every PC.

Old Windows installs may lack a font with all Vietnamese glyphs (ễ, ượ, …); Noto Sans ships in
resources/fonts for the PDFs already and is reused for the screen.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.resources import resource_path

FAMILY = "Noto Sans"
POINT_SIZE = 10.0  # readable on a 1366×768 screen without wasting rows
_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")
_installed = False


def install_fonts(app: QApplication) -> None:
    """Register the bundled fonts once and make Noto Sans the application font."""
    global _installed
    if not _installed:
        for name in _FILES:
            path = resource_path("fonts", name)
            if path.exists():
                QFontDatabase.addApplicationFont(str(path))
        _installed = True
    font = QFont(FAMILY)
    font.setPointSizeF(POINT_SIZE)
    app.setFont(font)
