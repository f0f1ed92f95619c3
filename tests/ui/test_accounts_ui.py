"""Sign-in, lock and the accounts menu in the counter window (real widgets, real services)."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import Qt
from ui_helpers import type_text, wait_idle

from app.domain.roles import Role
from app.services import accounts
from app.ui.main_window import MainWindow

ADMIN_PIN = "246802"
COUNTER_PIN = "135792"


def make_accounts(qtbot, runner) -> None:
    """An administrator (the bootstrap account) and a counter clerk, made by the service."""

    def job(ws) -> None:
        accounts.create_account(ws, "quantri", "Phạm Quản Trị", Role.ADMIN, ADMIN_PIN)
        accounts.sign_in(ws, "quantri", ADMIN_PIN)
        accounts.create_account(ws, "lan", "Nguyễn Thị Lan", Role.COUNTER, COUNTER_PIN)
        accounts.sign_out(ws)

    runner.db(job)
    wait_idle(qtbot, runner)


def open_window(qtbot, runner, **options) -> MainWindow:
    win = MainWindow(runner, **options)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    wait_idle(qtbot, runner)
    win.accounts.start()  # as GuiSession does once the intake is ready
    wait_idle(qtbot, runner)
    return win


def sign_in_with(qtbot, runner, win: MainWindow, username: str, secret: str) -> None:
    dialog = win.accounts.sign_in_dialog
    assert dialog is not None
    if username:
        dialog.username.clear()
        qtbot.keyClicks(dialog.username, username)
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, secret)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)


@pytest.fixture
def window(qtbot, runner):
    make_accounts(qtbot, runner)
    return open_window(qtbot, runner)


def test_sign_in_is_required_when_accounts_exist(qtbot, window, runner, ui_ws) -> None:
    dialog = window.accounts.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert dialog.username.accessibleName() == "Tên đăng nhập"
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Password
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nobody signed in: it stays
    assert dialog.isVisible()
    assert not window.lock_action.isEnabled()
    # Enter in the username moves on to the secret; Enter there signs in.
    qtbot.keyClicks(dialog.username, "lan")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.secret
    qtbot.keyClicks(dialog.secret, COUNTER_PIN)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ui_ws.session is not None and ui_ws.session.username == "lan"
    assert window.status.staff.text() == "Giao dịch viên: Nguyễn Thị Lan"
    assert window.lock_action.isEnabled() and window.sign_out_action.isEnabled()
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert not window.first_admin_action.isVisible()


def test_wrong_pin_says_so_and_five_lock_the_account(qtbot, window, runner, ui_ws) -> None:
    dialog = window.accounts.sign_in_dialog
    sign_in_with(qtbot, runner, window, "lan", "999999")
    assert "không đúng" in dialog.message.text()
    assert dialog.isVisible() and dialog.secret.text() == "" and ui_ws.session is None
    for _ in range(4):
        sign_in_with(qtbot, runner, window, "", "999999")
    assert "bị khóa" in dialog.message.text()
    # Locked: even the right PIN is refused now, with the service's message.
    sign_in_with(qtbot, runner, window, "", COUNTER_PIN)
    assert "bị khóa" in dialog.message.text() and ui_ws.session is None
    locked = ui_ws.db.execute("SELECT locked_until FROM accounts WHERE username = 'lan'")
    assert locked.fetchone()[0] is not None


def test_idle_lock_asks_the_same_person_again(qtbot, runner, ui_ws) -> None:
    make_accounts(qtbot, runner)
    win = open_window(qtbot, runner, idle_lock_ms=200)
    sign_in_with(qtbot, runner, win, "lan", COUNTER_PIN)
    assert win.accounts.idle.isActive()
    qtbot.waitUntil(lambda: win.accounts.sign_in_dialog is not None, timeout=5000)
    wait_idle(qtbot, runner)
    lock = win.accounts.sign_in_dialog
    assert lock.windowTitle() == "Máy đã khóa" and lock.username.text() == "lan"
    assert lock.focusWidget() is lock.secret and lock.other_button.isVisible()
    assert ui_ws.session is None
    assert win.status.staff.text() == "Chưa đăng nhập"
    reason = ui_ws.db.execute(
        "SELECT json_extract(payload, '$.reason') FROM events WHERE type = 'auth.signed_out'"
    ).fetchall()
    assert reason[-1] == ("idle",)  # the one before: make_accounts signing the admin out
    assert not win.accounts.idle.isActive()  # no countdown while nobody is signed in
    sign_in_with(qtbot, runner, win, "", COUNTER_PIN)
    assert ui_ws.session is not None and ui_ws.session.username == "lan"


def test_input_restarts_the_idle_countdown(qtbot, runner) -> None:
    make_accounts(qtbot, runner)
    win = open_window(qtbot, runner, idle_lock_ms=60_000)
    sign_in_with(qtbot, runner, win, "lan", COUNTER_PIN)
    timer = win.accounts.idle
    timer.setInterval(60_000)
    timer.start()
    qtbot.waitUntil(lambda: timer.remainingTime() < 59_900, timeout=2000)
    qtbot.keyClick(win.intake.picker.search, "a")
    assert timer.remainingTime() > 59_900


def test_ctrl_l_locks_and_another_person_may_sign_in(qtbot, window, runner, ui_ws) -> None:
    sign_in_with(qtbot, runner, window, "lan", COUNTER_PIN)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.accounts.sign_in_dialog is not None)
    wait_idle(qtbot, runner)
    lock = window.accounts.sign_in_dialog
    assert lock.username.text() == "lan" and ui_ws.session is None
    lock.other_button.click()
    assert lock.username.text() == "" and lock.focusWidget() is lock.username
    sign_in_with(qtbot, runner, window, "quantri", ADMIN_PIN)
    assert ui_ws.session is not None and ui_ws.session.role is Role.ADMIN
    assert window.status.staff.text() == "Quản trị viên: Phạm Quản Trị"


def test_sign_out_asks_for_a_sign_in(qtbot, window, runner, ui_ws) -> None:
    sign_in_with(qtbot, runner, window, "lan", COUNTER_PIN)
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: window.accounts.sign_in_dialog is not None)
    wait_idle(qtbot, runner)
    assert window.accounts.sign_in_dialog.username.text() == ""
    assert ui_ws.session is None


def test_first_administrator_from_the_menu(qtbot, runner, ui_ws) -> None:
    win = open_window(qtbot, runner)
    assert win.accounts.sign_in_dialog is None  # no accounts: work stays open
    assert win.first_admin_action.isVisible() and win.first_admin_action.isEnabled()
    win.first_admin_action.trigger()
    form = win.accounts.form
    assert form is not None and not form.role.isEnabled()
    assert form.role.currentText() == "Quản trị viên"
    qtbot.keyClicks(form.username, "quantri")
    type_text(qtbot, form.display_name, "Phạm Quản Trị")
    qtbot.keyClicks(form.secret, ADMIN_PIN)
    qtbot.keyClicks(form.secret_again, "246803")
    qtbot.keyClick(form.secret_again, Qt.Key.Key_Return)
    assert "không giống" in form.errors["again"].text()
    form.secret.clear()
    qtbot.keyClicks(form.secret, "123456")
    qtbot.keyClicks(form.secret_again, "123456")
    form.save_button.click()
    wait_idle(qtbot, runner)
    assert "dễ đoán" in form.errors["secret"].text() and form.isVisible()
    form.secret.clear()
    form.secret_again.clear()
    qtbot.keyClicks(form.secret, ADMIN_PIN)
    qtbot.keyClicks(form.secret_again, ADMIN_PIN)
    form.save_button.click()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert ui_ws.session is not None and ui_ws.session.role is Role.ADMIN
    assert win.status.staff.text() == "Quản trị viên: Phạm Quản Trị"
    qtbot.waitUntil(lambda: not win.first_admin_action.isVisible())
    assert win.manage_accounts_action.isEnabled()


def test_administrator_manages_accounts(qtbot, window, runner, ui_ws) -> None:
    sign_in_with(qtbot, runner, window, "quantri", ADMIN_PIN)
    window.manage_accounts_action.trigger()
    dialog = window.accounts.accounts_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert dialog.table.accessibleName() == "Danh sách tài khoản"
    # Add a supervisor.
    form = dialog.add()
    qtbot.keyClicks(form.username, "kiemsoat")
    type_text(qtbot, form.display_name, "Lê Thị Kiểm Soát")
    form.role.setCurrentIndex(form.role.findData(Role.SUPERVISOR.value))
    qtbot.keyClicks(form.secret, "468024")
    qtbot.keyClicks(form.secret_again, "468024")
    qtbot.keyClick(form.secret_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3)
    assert accounts.get_account(ui_ws, "kiemsoat").role is Role.SUPERVISOR
    # Lock "lan" by wrong PINs (service rule), then unlock from the list.
    for _ in range(accounts.MAX_FAILED):
        runner.db(lambda ws: _try(ws, "lan", "999999"))
    wait_idle(qtbot, runner)
    dialog.refresh()
    wait_idle(qtbot, runner)
    dialog.select("lan")
    assert "Khóa đến" in dialog.model.index(dialog.table.current_row(), 3).data()
    dialog.unlock_button.click()
    wait_idle(qtbot, runner)
    assert "Đã mở khóa" in dialog.message.text()
    assert accounts.get_account(ui_ws, "lan").locked_until is None
    # Reset lan's PIN (the service's admin reset).
    dialog.ask = lambda *_args: "975310"
    dialog.select("lan")
    dialog.reset_button.click()
    wait_idle(qtbot, runner)
    assert "Đã đặt lại" in dialog.message.text()
    # Stop the account; the admin cannot stop their own.
    dialog.select("lan")
    dialog.deactivate_button.click()
    wait_idle(qtbot, runner)
    assert not accounts.get_account(ui_ws, "lan").active
    dialog.select("quantri")
    dialog.deactivate_button.click()
    wait_idle(qtbot, runner)
    assert "Không tự ngừng" in dialog.message.text()
    dialog.close()


def test_counter_staff_cannot_manage_accounts(qtbot, window, runner, ui_ws) -> None:
    sign_in_with(qtbot, runner, window, "lan", COUNTER_PIN)
    dialog = window.accounts.manage_accounts()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    dialog.select("quantri")
    dialog.unlock_button.click()
    wait_idle(qtbot, runner)
    assert "không được quản lý tài khoản" in dialog.message.text()
    dialog.close()


def _try(ws, username: str, secret: str) -> None:
    with contextlib.suppress(accounts.AuthenticationFailed):
        accounts.sign_in(ws, username, secret)
