"""The lifecycle tabs in the window: reachable by keyboard, named for screen readers, wired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from test_accessibility import _controls, _visible_label
from test_lifecycle_helpers import receive, result_at_counter
from ui_helpers import wait_idle

from app.domain.lifecycle import Action
from app.ui.lifecycle.actions_panel import DossierActionsDialog
from app.ui.lifecycle.dialogs import (
    InvitationDialog,
    NoteDialog,
    RescheduleDialog,
    ReturnDialog,
)
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, runner):
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    wait_idle(qtbot, runner)
    return win


def name_problems(root: QWidget) -> list[str]:
    """Controls whose accessible name is missing or differs from their visible label."""
    buddies = {
        id(label.buddy()): label for label in root.findChildren(QLabel) if label.buddy() is not None
    }
    problems = []
    for widget in _controls(root):
        name, expected = widget.accessibleName(), _visible_label(widget, buddies)
        if not name or (expected is not None and name != expected):
            problems.append(f"{type(widget).__name__}: {name!r} vs label {expected!r}")
    return problems


def test_the_new_tabs_follow_intake_and_lookup(qtbot, window) -> None:
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:5] == ["Tiếp nhận hồ sơ", "Tra cứu", "Việc hôm nay", "Bàn giao", "Kết quả"]
    assert window.tabs.currentWidget() is window.intake  # intake stays first, and current
    assert window.home.timer.isActive()  # started once the window is usable
    window.close()
    assert not window.home.timer.isActive()


def test_function_keys_reach_each_tab_with_focus_where_work_starts(qtbot, window, runner) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.tabs.currentWidget() is window.handover
    qtbot.waitUntil(window.handover.scan.hasFocus)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.tabs.currentWidget() is window.results
    qtbot.waitUntil(window.results.scan.hasFocus)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.tabs.currentWidget() is window.home
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.intake.picker.search.hasFocus()
    wait_idle(qtbot, runner)

    # On the hand-over tab, Tab goes agency → scan field → the batch → the sealed batches.
    window.show_handover()
    wait_idle(qtbot, runner)
    screen = window.handover
    screen.agency.setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [screen.agency, screen.scan, screen.items, screen.recent]


def test_the_tab_title_counts_todays_work_and_a_row_opens_its_moves(qtbot, runner, clock) -> None:
    late = receive(qtbot, runner)
    clock.moment = late.appointment_at + timedelta(minutes=5)
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    qtbot.waitUntil(lambda: win.tabs.tabText(2) == "Việc hôm nay (1)")
    win.show_home()
    wait_idle(qtbot, runner)
    assert win.home.section("overdue").table.hasFocus()
    qtbot.keyClick(win.home.section("overdue").table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win._actions is not None)
    dialog = win._actions
    qtbot.waitUntil(lambda: dialog.panel.info is not None)
    assert dialog.panel.info.code == late.code
    assert dialog.panel.info.overdue
    assert "QUÁ HẠN" in dialog.panel.fields["appointment"].text()
    assert dialog.windowTitle() == f"Thao tác hồ sơ {late.code}"
    # The first move it allows has focus: a late dossier gets a new date (Mẫu 04).
    assert dialog.focusWidget() is dialog.panel.buttons["reschedule"]
    dialog.close()
    wait_idle(qtbot, runner)


def test_the_lookup_detail_opens_the_moves_over_itself(qtbot, runner, window) -> None:
    dossier = receive(qtbot, runner)
    window.open_dossier(dossier.code)
    qtbot.waitUntil(lambda: window.lookup.current_detail() is not None, timeout=5000)
    detail = window.lookup.current_detail()
    qtbot.mouseClick(detail.actions_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window._actions is not None)
    dialog = window._actions
    assert dialog.parent() is detail  # above the modal detail, not blocked by it
    qtbot.waitUntil(lambda: dialog.panel.info is not None)
    assert dialog.panel.info.code == dossier.code
    dialog.close()
    detail.close()
    wait_idle(qtbot, runner)


def test_every_new_control_is_named_after_its_label(qtbot, runner, window) -> None:
    for screen in (window.home, window.handover, window.results):
        window.tabs.setCurrentWidget(screen)
    wait_idle(qtbot, runner)
    assert name_problems(window) == []
    names = {w.accessibleName() for w in _controls(window)}
    expected = {"Cơ quan nhận hồ sơ", "Quét nhãn hồ sơ", "In biên bản và niêm phong"}
    expected |= {
        "Bỏ khỏi bảng",
        "Trả kết quả…",
        "Quá hạn",
        "Kết quả chờ trả",
        "In Mẫu 05 (kiểm soát)",
    }
    assert expected <= names

    waiting = result_at_counter(qtbot, runner)
    actions = window.open_actions(waiting.code)
    qtbot.waitUntil(lambda: actions.panel.info is not None)
    assert isinstance(actions, DossierActionsDialog)
    assert name_problems(actions) == []
    panel, info = actions.panel, actions.panel.info
    for dialog in (
        ReturnDialog(runner, info, panel),
        InvitationDialog(runner, info, panel),
        RescheduleDialog(runner, info, panel),
        NoteDialog(runner, info, Action.SUPPLEMENT, ("T", "Làm", "Ghi chú", ""), parent=panel),
    ):
        dialog.show()
        assert name_problems(dialog) == [], type(dialog).__name__
        assert len(_controls(dialog)) >= 3
        dialog.close()
    actions.close()
    wait_idle(qtbot, runner)
