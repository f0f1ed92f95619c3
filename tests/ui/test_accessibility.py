"""Every control can be found by screen readers and reached from the keyboard in reading order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from ui_helpers import wait_idle

from app.ui.main_window import MainWindow

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


@pytest.fixture
def window(qtbot, runner):
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    # A chosen procedure builds the checklist lines; the lookup tab builds its filters.
    win.intake.picker.choose_code("1.001193")
    win.show_lookup()
    win.show_intake()
    wait_idle(qtbot, runner)
    return win


def _clean(text: str) -> str:
    return text.replace("&", "").strip().rstrip(":").strip()


def _visible_label(widget: QWidget, buddies: dict[int, QLabel]) -> str | None:
    """What a sighted person reads as this control's name, if it can be told."""
    label = buddies.get(id(widget))
    if label is not None:
        return _clean(label.text())
    if isinstance(widget, QAbstractButton) and widget.text():
        return _clean(widget.text())
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return widget.placeholderText()
    return None


def _controls(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        # Parts of a compound control (a spin box's or combo's own editor, a combo's popup list).
        part = isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
        if part or widget.objectName().startswith("qt_") or widget.window() is not root:
            continue
        found.append(widget)
    return found


def test_every_control_is_named_after_its_visible_label(window) -> None:
    buddies = {
        id(label.buddy()): label
        for label in window.findChildren(QLabel)
        if label.buddy() is not None
    }
    controls = _controls(window)
    assert len(controls) > 40  # both screens, the checklist lines included
    problems = []
    for widget in controls:
        name = widget.accessibleName()
        expected = _visible_label(widget, buddies)
        where = f"{type(widget).__name__} {widget.objectName() or ''} ({expected or name!r})"
        if not name:
            problems.append(f"{where}: no accessible name")
        elif expected is not None and name != expected:
            problems.append(f"{where}: accessible name {name!r} differs from label {expected!r}")
    assert problems == []


def test_tab_visits_the_intake_fields_in_reading_order(qtbot, window) -> None:
    screen = window.intake
    screen.checklist.check_all_required()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen.picker.search.setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is screen.accept_button:
            break
    form, checklist = screen.form, screen.checklist
    expected = [screen.picker.search, form.qr]
    expected += [form.inputs[n] for n in ("id_number", "full_name", "date_of_birth", "sex")]
    expected += [form.inputs[n] for n in ("phone", "address", "email")]
    expected += [screen.returns.counter]  # one stop for the radio group; the address is off
    for line in checklist.lines:
        expected += [line.check, line.kind, line.count]
    expected += [checklist.extra_name, checklist.extra_kind, checklist.extra_count]
    expected += [checklist.extra_add, screen.accept_button]
    assert [w.accessibleName() for w in visited] == [w.accessibleName() for w in expected]
    assert visited == expected
