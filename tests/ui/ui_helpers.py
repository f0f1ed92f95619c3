"""Helpers for UI tests: waiting for the task runner, finding leaked timers and threads."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QEvent, Qt, QThread, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.tasks import TaskRunner


def wait_idle(qtbot, tasks: TaskRunner, timeout: int = 10_000) -> None:
    """Wait until every queued job has finished and its result was delivered."""
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=timeout)


def leaked_timers_and_threads() -> tuple[list[str], list[str]]:
    """Active QTimers and running QThreads among the Qt objects Python created.

    One pass over the objects gc tracks (PySide wrappers are among them). Walking
    QApplication.allWidgets() instead can crash on a widget whose deletion is under way.
    """
    main = QThread.currentThread()
    timers, threads = set(), []
    for o in gc.get_objects():
        if isinstance(o, QTimer) and shiboken6.isValid(o) and o.isActive():
            timers.add(f"{o.objectName() or 'QTimer'} in {type(o.parent()).__name__}")
        elif isinstance(o, QThread) and o is not main and shiboken6.isValid(o) and o.isRunning():
            threads.append(type(o).__name__)
    return sorted(timers), threads


def active_timers() -> list[str]:
    return leaked_timers_and_threads()[0]


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` as a keyboard (or a barcode scanner in keyboard mode) would.

    QTest.keyClicks only knows ASCII keys (it asserts on "ễ"), so every other character is sent
    as a key event that carries just the text, which is what an input method or a scanner
    delivers.
    """
    for char in text:
        if char.isascii() and char.isprintable():
            qtbot.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
