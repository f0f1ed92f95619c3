"""The main window's size and place, remembered in the settings between runs.

Saved through the database thread when the window closes; restored once the workstation is open
(after the first paint, so start-up is not held up). A place saved on a screen that is gone (a
projector unplugged, another monitor layout) is not restored: the window then keeps the default
size in the middle of the primary screen.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.services.workstation import Workstation

GEOMETRY_KEY = "ui.window"
DEFAULT_SIZE = (1366, 768)
_MIN_VISIBLE = 120  # pixels of the title bar that must be on some screen to reach it


def window_state(window: QWidget) -> dict[str, Any]:
    """What to store: Qt's own geometry blob (base64) and whether it was maximized."""
    blob = bytes(window.saveGeometry().data())
    return {
        "geometry": base64.b64encode(blob).decode("ascii"),
        "maximized": window.isMaximized(),
    }


def load_state(ws: Workstation) -> dict[str, Any] | None:
    """Database thread."""
    value = ws.setting(GEOMETRY_KEY, None)
    return value if isinstance(value, dict) else None


def save_state(ws: Workstation, state: dict[str, Any]) -> None:
    """Database thread."""
    ws.save_settings({GEOMETRY_KEY: state})


def reachable(frame: QRect, screens: list[QRect]) -> bool:
    """Is enough of the window's top edge on a screen for the person to grab and move it?"""
    top = QRect(frame.left(), frame.top(), frame.width(), 40)
    for screen in screens:
        part = top.intersected(screen)
        if part.width() >= min(_MIN_VISIBLE, frame.width()) and part.height() > 0:
            return True
    return False


def _available() -> list[QRect]:
    return [screen.availableGeometry() for screen in QGuiApplication.screens()]


def restore_state(window: QWidget, state: dict[str, Any] | None) -> bool:
    """Put the window back where it was; False (and the default place) when it cannot be."""
    if not state:
        return False
    try:
        blob = base64.b64decode(str(state.get("geometry", "")), validate=True)
    except (binascii.Error, ValueError):
        return False
    before = window.saveGeometry()
    if not blob or not window.restoreGeometry(QByteArray(blob)):
        return False
    if not reachable(window.frameGeometry(), _available()):
        window.restoreGeometry(before)
        _centre_default(window)
        return False
    if state.get("maximized"):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return True


def _centre_default(window: QWidget) -> None:
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMaximized)
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width, height = min(DEFAULT_SIZE[0], area.width()), min(DEFAULT_SIZE[1], area.height())
    window.resize(width, height)
    window.move(area.center().x() - width // 2, area.center().y() - height // 2)
