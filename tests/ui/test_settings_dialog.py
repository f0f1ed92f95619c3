"""Cài đặt (Ctrl+,): the office and counter tab saves through the service and is refused to a
counter clerk; the connection tab says the counter is offline. The window's size and place come
back at the next start, and never off the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from ui_helpers import type_text, wait_idle

from app.services import accounts
from app.services.setup import counter_name
from app.ui.main_window import MainWindow
from app.ui.settings.settings_dialog import SettingsDialog
from app.ui.window_geometry import GEOMETRY_KEY, reachable


@pytest.fixture
def window(qtbot, runner):
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    wait_idle(qtbot, runner)
    return win


def open_settings(qtbot, window: MainWindow) -> SettingsDialog:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    window.settings_action.trigger()
    dialog = window._settings
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.office.isEnabled() and dialog.office.loaded is not None)
    return dialog


def test_the_office_tab_saves_the_office_and_the_counter_name(qtbot, window, runner) -> None:
    dialog = open_settings(qtbot, window)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[:2] == ["Bưu điện và quầy", "Kết nối"]
    form = dialog.office.form
    assert form.unit_code.text() == "000.00.04.H42"  # the demo office to start from
    assert dialog.office.counter_name.text() == "Quầy 1"
    assert form.unit_code.accessibleName() == "Mã đơn vị"
    form.phone.clear()
    type_text(qtbot, form.phone, "12")
    dialog.office.save_button.click()
    assert "Sửa các mục báo đỏ" in dialog.office.message.text()
    assert "8 chữ số" in form.rows.messages["phone"].problem
    form.phone.clear()
    type_text(qtbot, form.phone, "0239 3868 999")
    dialog.office.counter_name.selectAll()
    type_text(qtbot, dialog.office.counter_name, "Quầy Kỳ Bắc 2")
    dialog.office.save_button.click()
    qtbot.waitUntil(lambda: dialog.office.message.text() == "Đã lưu.")
    wait_idle(qtbot, runner)
    assert runner.ws.office.phone == "0239 3868 999"
    assert counter_name(runner.ws) == "Quầy Kỳ Bắc 2"
    qtbot.waitUntil(lambda: "Chưa kết nối" in dialog.connection.state.text())
    assert dialog.connection.enroll.button is not None
    assert not dialog.connection.enroll.button.isEnabled()  # until an address and a code
    dialog.close()


def test_a_counter_clerk_may_not_change_the_office(qtbot, window, runner, ui_ws) -> None:
    accounts.create_account(ui_ws, "admin", "Trần Quản Trị", "admin", "Mật khẩu tốt 1")
    accounts.sign_in(ui_ws, "admin", "Mật khẩu tốt 1")
    accounts.create_account(ui_ws, "an", "Lê Văn An", "counter", "Mật khẩu tốt 2")
    accounts.sign_in(ui_ws, "an", "Mật khẩu tốt 2")
    dialog = open_settings(qtbot, window)
    dialog.office.save_button.click()
    qtbot.waitUntil(lambda: dialog.office.message.isVisible())
    assert "không được sửa thông tin bưu điện" in dialog.office.message.text()
    wait_idle(qtbot, runner)
    dialog.close()


def test_the_window_comes_back_where_it_was(qtbot, runner) -> None:
    first = MainWindow(runner)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first._geometry_known)  # the stored place was read (none yet)
    first.setGeometry(QRect(40, 30, 900, 620))
    saved = first.geometry()  # as wide as the window may be
    first.close()
    wait_idle(qtbot, runner)
    assert runner.ws.setting(GEOMETRY_KEY)["maximized"] is False

    second = MainWindow(runner)
    qtbot.addWidget(second)
    second.resize(1366, 768)
    second.show()
    qtbot.waitUntil(lambda: second._geometry_known)
    assert second.geometry().size() == saved.size()
    # Qt keeps a window that is wider than the (800 px, offscreen) screen on it: only y is free.
    screen = QGuiApplication.primaryScreen().availableGeometry()
    if saved.width() <= screen.width():
        assert second.geometry().topLeft() == saved.topLeft()
    assert second.geometry().y() == saved.y()
    second.close()
    wait_idle(qtbot, runner)


def test_a_place_on_a_screen_that_is_gone_is_not_restored(qtbot, runner) -> None:
    first = MainWindow(runner)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first._geometry_known)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    first.setGeometry(QRect(screen.right() + 3000, 40, 800, 600))  # a second monitor, unplugged
    first.close()
    wait_idle(qtbot, runner)

    second = MainWindow(runner)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second._geometry_known)
    assert reachable(second.frameGeometry(), [screen])
    second.close()
    wait_idle(qtbot, runner)


def test_reachable_needs_the_title_bar_on_a_screen() -> None:
    screens = [QRect(0, 0, 1366, 768)]
    assert reachable(QRect(100, 100, 800, 600), screens)
    assert reachable(QRect(-650, 10, 800, 600), screens)  # its right part is on the screen
    assert not reachable(QRect(-790, 10, 800, 600), screens)
    assert not reachable(QRect(100, 800, 800, 600), screens)
    assert not reachable(QRect(2000, 100, 800, 600), screens)
    assert reachable(QRect(2000, 100, 800, 600), [*screens, QRect(1366, 0, 1920, 1080)])


def test_the_window_is_maximized_again(qtbot, runner) -> None:
    first = MainWindow(runner)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first._geometry_known)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()
    wait_idle(qtbot, runner)
    assert runner.ws.setting(GEOMETRY_KEY)["maximized"] is True
    second = MainWindow(runner)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second._geometry_known)
    assert second.windowState() & Qt.WindowState.WindowMaximized
    second.close()
    wait_idle(qtbot, runner)
