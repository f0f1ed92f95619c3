"""Small building blocks of the intake screen: a message banner, titled groups, scrolling."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.ui.style import set_bold

_STYLES = {
    "info": "background: #e8f0fe; color: #1a3d7c; border: 1px solid #b6c8ef;",
    "ok": "background: #e6f4ea; color: #1b5e20; border: 1px solid #a8d5b0;",
    "error": "background: #fdecea; color: #8a1c1c; border: 1px solid #e0a9a9;",
}
_QUIET = "border: 1px solid transparent;"


class Banner(QLabel):
    """One line (or a few) telling the clerk what happened and what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.say("", "")

    def say(self, kind: str, text: str) -> None:
        """``kind``: "info", "ok" or "error". Always laid out, so buttons beside it keep still."""
        self.setText(text)
        style = _STYLES.get(kind, _QUIET) if text else _QUIET
        self.setStyleSheet(style + " border-radius: 4px; padding: 6px;")


def scroll(widget: QWidget) -> QScrollArea:
    """A frameless scroll area: a column never gets cut off on a small screen."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


def group(title: str, *widgets: QWidget) -> QGroupBox:
    """A titled group: the title bold, its contents in the normal weight."""
    box = QGroupBox(title)
    set_bold(box)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(8, 6, 8, 8)
    for widget in widgets:
        if not widget.font().bold():  # bold on purpose stays bold
            set_bold(widget, False)  # an explicit weight: the box's bold does not reach inside
        layout.addWidget(widget)
    return box
