"""The application's look: plain widgets, a few weights and colours that guide the eye.

A style sheet makes Qt polish every widget through its (slow) style-sheet engine, so the intake
screen, built before the first paint, is styled with fonts and palettes instead; the screens and
dialogs built later carry ``APP_STYLE`` themselves (``styled``).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

ERROR_COLOR = "#b00020"
OK_COLOR = "#1b6e20"
ACCENT_COLOR = "#0b4f8a"
ACCEPT_STYLE = """
QPushButton { background: #1b6e20; color: white; font-weight: bold; padding: 6px 16px; }
QPushButton:disabled { background: #9bb59d; color: #eef3ee; }
"""

APP_STYLE = """
QGroupBox { font-weight: bold; margin-top: 14px; border: 1px solid #c8ccd2; border-radius: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QGroupBox QLabel, QGroupBox QCheckBox, QGroupBox QRadioButton, QGroupBox QLineEdit,
QGroupBox QComboBox, QGroupBox QSpinBox, QGroupBox QListView, QGroupBox QPushButton {
    font-weight: normal;
}
QLabel#sectionTitle { font-weight: bold; }
QLabel#appointment { font-size: 12pt; font-weight: bold; color: #0b4f8a; }
QLabel#total { font-weight: bold; }
QPushButton { padding: 5px 12px; }
QPushButton#acceptButton {
    background: #1b6e20; color: white; font-weight: bold; padding: 6px 16px;
}
QPushButton#acceptButton:disabled { background: #9bb59d; color: #eef3ee; }
QListView::item { padding: 2px 0; }
QListView::item:selected { background: #0b4f8a; color: white; }
"""


def styled(widget: QWidget) -> None:
    """Give a screen or dialog built after start-up the application's style sheet."""
    widget.setStyleSheet(APP_STYLE)


def set_bold(widget: QWidget, bold: bool = True, point_size: float | None = None) -> None:
    font = widget.font()
    font.setBold(bold)
    if point_size is not None:
        font.setPointSizeF(point_size)
    widget.setFont(font)


def set_text_color(widget: QWidget, color: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    palette.setColor(QPalette.ColorRole.Text, QColor(color))
    widget.setPalette(palette)


def set_selection_color(widget: QWidget, color: str = ACCENT_COLOR) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(color))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    widget.setPalette(palette)
