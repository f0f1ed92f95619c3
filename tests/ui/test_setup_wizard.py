"""The first-run wizard: shown by the start-up on a counter nobody set up, usable from the
keyboard alone, live checks that keep "Tiếp" off, the demo path, and enrollment against the real
hub (a good code goes on by itself; a bad one says why and lets the person work offline)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget, QWizard
from ui_helpers import type_text, wait_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from hubserver import OFFICE, OFFICE_NAME, HubServer
from sync_keyring import MemoryKeyring

from app.services import accounts
from app.services.setup import DEMO, SETUP_KEY, counter_name, is_set_up, mark_set_up
from app.services.workstation import open_workstation
from app.ui.app import GuiSession
from app.ui.setup.pages import ADMIN, COUNTER, DONE, HUB, PRINTERS
from app.ui.setup.pages import OFFICE as OFFICE_PAGE
from app.ui.setup.wizard import SetupWizard

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def hub(tmp_path: Path, clock) -> Iterator[HubServer]:
    before = set(threading.enumerate())
    server = HubServer(str(tmp_path / "hub.sqlite3"), clock=clock).start()
    yield server
    server.stop()
    for thread in set(threading.enumerate()) - before:
        if thread.name.startswith("AnyIO worker"):
            thread.join(10)


@pytest.fixture
def wizard(qtbot, runner) -> SetupWizard:
    wiz = SetupWizard(runner)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.activateWindow()
    qtbot.waitUntil(wiz.isActiveWindow)
    qtbot.waitUntil(lambda: wiz.counter.name.text() != "")  # its defaults are in
    return wiz


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot, which: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard would send it: to the widget that has the focus."""
    qtbot.keyClick(focused(), which, modifier)


def typed(qtbot, text: str) -> None:
    type_text(qtbot, focused(), text)


def fill_office(qtbot, wiz: SetupWizard, unit_code: str = "000.00.07.H42") -> None:
    assert wiz.currentId() == OFFICE_PAGE
    form = wiz.office.form
    assert focused() in (form.province, form.province.lineEdit())
    typed(qtbot, "Hà Tĩnh")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.commune
    typed(qtbot, "Cẩm Bình")
    assert form.name.text() == "Bưu điện văn hóa xã Cẩm Bình"  # suggested from the commune
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.unit_code
    typed(qtbot, unit_code)
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Thôn Trung, xã Cẩm Bình")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "0239 3861 234")


def fill_admin(qtbot, wiz: SetupWizard, again: str = "Bưu điện 2027") -> None:
    assert wiz.currentId() == ADMIN
    assert focused() is wiz.admin.username
    typed(qtbot, "lan.nguyen")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Nguyễn Thị Lan")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Bưu điện 2027")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, again)


def check_names(page: QWidget) -> None:
    """Every control is named after its visible label (screen readers say what people see)."""
    buddies = {id(label.buddy()): label for label in page.findChildren(QLabel) if label.buddy()}
    for widget in page.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(page):
            continue
        label = buddies.get(id(widget))
        text = getattr(widget, "text", None)
        if label is not None:
            expected = label.text().rstrip(" *")
        elif callable(text) and widget.metaObject().className() in ("QRadioButton", "QPushButton"):
            expected = text().replace("&", "")
        else:
            continue
        assert widget.accessibleName() == expected, type(widget).__name__


def start_session(qtbot, home: Path) -> GuiSession:
    session = GuiSession(home)
    with qtbot.waitSignal(session.ready, timeout=10_000) as ready:
        session.start()
    qtbot.addWidget(ready.args[0])
    qtbot.waitUntil(lambda: session.wizard is not None and session.wizard.isVisible())
    wiz = session.wizard
    assert wiz is not None
    qtbot.waitUntil(lambda: wiz.counter.name.text() != "")
    wiz.activateWindow()
    qtbot.waitUntil(wiz.isActiveWindow)
    return session


def stored(qtbot, session: GuiSession, fn):
    out: list[object] = []
    session.runner.db(lambda ws: out.append(fn(ws)))
    qtbot.waitUntil(lambda: bool(out))
    return out[0]


def test_the_whole_set_up_from_the_keyboard_offline(qtbot, tmp_path) -> None:
    session = start_session(qtbot, tmp_path / "home")
    wiz = session.wizard
    window = session.window
    assert wiz is not None and window is not None
    assert wiz.parent() is window and window.isVisible()  # the window shows behind it
    check_names(wiz.welcome)
    assert wiz.welcome.full.isChecked()
    key(qtbot, Qt.Key.Key_Return)  # "Thiết lập quầy này" is the default choice

    check_names(wiz.office)
    fill_office(qtbot, wiz)
    key(qtbot, Qt.Key.Key_Return)

    assert wiz.currentId() == COUNTER
    assert focused() is wiz.counter.name and wiz.counter.name.text() == "Quầy 1"
    typed(qtbot, "Quầy tiếp nhận 2")  # replaces the selected default
    key(qtbot, Qt.Key.Key_Return)

    assert wiz.currentId() == PRINTERS
    check_names(wiz.printers)
    qtbot.waitUntil(lambda: "Đang tìm" not in wiz.printers.status.text())
    key(qtbot, Qt.Key.Key_Return)  # no printer chosen: asked when printing

    assert wiz.currentId() == HUB
    check_names(wiz.hub)
    assert focused() is wiz.hub.connect
    assert not wiz.button(NEXT).isEnabled()  # connecting needs an address and a code
    key(qtbot, Qt.Key.Key_Down)
    assert wiz.hub.offline.isChecked() and wiz.button(NEXT).isEnabled()
    key(qtbot, Qt.Key.Key_Return)

    check_names(wiz.admin)
    fill_admin(qtbot, wiz)
    key(qtbot, Qt.Key.Key_Return)

    assert wiz.currentId() == DONE
    summary = wiz.done_page.summary.text()
    for shown in ("000.00.07.H42", "BƯU ĐIỆN TỈNH HÀ TĨNH", "Quầy tiếp nhận 2", "lan.nguyen"):
        assert shown in summary
    assert "Làm việc ngoại tuyến" in summary
    assert wiz.button(FINISH).text() == "Hoàn tất"
    key(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not wiz.isVisible(), timeout=10_000)
    wait_idle(qtbot, session.runner)
    office = stored(qtbot, session, lambda ws: ws.office)
    assert office.name == "Bưu điện văn hóa xã Cẩm Bình"
    assert (office.unit_code, office.province, office.commune) == (
        "000.00.07.H42",
        "Hà Tĩnh",
        "Cẩm Bình",
    )
    assert office.address == "Thôn Trung, xã Cẩm Bình" and office.phone == "0239 3861 234"
    assert stored(qtbot, session, counter_name) == "Quầy tiếp nhận 2"
    assert stored(qtbot, session, is_set_up)
    admins = stored(qtbot, session, accounts.list_accounts)
    assert [(a.username, a.display_name, a.role.value) for a in admins] == [
        ("lan.nguyen", "Nguyễn Thị Lan", "admin")
    ]
    # The window carries on: the administrator is signed in and the office shows.
    qtbot.waitUntil(lambda: "Nguyễn Thị Lan" in window.status.staff.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "Cẩm Bình" in window.status.office.text(), timeout=10_000)
    assert window.intake.isEnabled()
    wait_idle(qtbot, session.runner)
    session.shutdown()


def test_the_demo_is_one_choice_away(qtbot, tmp_path) -> None:
    session = start_session(qtbot, tmp_path / "home")
    wiz = session.wizard
    assert wiz is not None
    assert focused() in (wiz.welcome.full, wiz.button(NEXT))
    wiz.welcome.full.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    assert wiz.welcome.demo.isChecked()
    assert wiz.button(FINISH).isVisible() and wiz.button(FINISH).text() == "Bắt đầu dùng thử"
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wiz.isVisible(), timeout=10_000)
    wait_idle(qtbot, session.runner)
    assert stored(qtbot, session, lambda ws: ws.setting(SETUP_KEY)) == DEMO
    assert stored(qtbot, session, accounts.needs_first_admin)
    assert stored(qtbot, session, lambda ws: ws.office.unit_code) == "000.00.04.H42"
    session.shutdown()


def test_a_counter_already_set_up_gets_no_wizard(qtbot, tmp_path) -> None:
    home = tmp_path / "home"
    ws = open_workstation(home)
    mark_set_up(ws, DEMO)
    ws.close()
    session = GuiSession(home)
    with qtbot.waitSignal(session.ready, timeout=10_000) as ready:
        session.start()
    window = ready.args[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.intake.context is not None, timeout=10_000)
    wait_idle(qtbot, session.runner)
    assert session.wizard is None
    session.shutdown()


def test_closing_the_wizard_leaves_it_for_next_time(qtbot, tmp_path) -> None:
    session = start_session(qtbot, tmp_path / "home")
    wiz = session.wizard
    assert wiz is not None and wiz.button(QWizard.WizardButton.CancelButton).text() == "Để sau"
    key(qtbot, Qt.Key.Key_Escape)
    assert not wiz.isVisible()
    assert not stored(qtbot, session, is_set_up)
    wait_idle(qtbot, session.runner)
    session.shutdown()


def test_an_invalid_unit_code_keeps_next_off_and_says_why(qtbot, wizard) -> None:
    key(qtbot, Qt.Key.Key_Return)
    fill_office(qtbot, wizard, unit_code="000.00.4.H42")
    message = wizard.office.form.rows.messages["unit_code"]
    assert not wizard.button(NEXT).isEnabled()
    key(qtbot, Qt.Key.Key_Return)  # Enter does nothing while the page is not complete
    assert wizard.currentId() == OFFICE_PAGE
    assert "dạng 000.00.00.X00" in message.problem  # shown once the field was left
    wizard.office.form.unit_code.setFocus()
    key(qtbot, Qt.Key.Key_End)
    for _ in range(6):
        key(qtbot, Qt.Key.Key_Backspace)
    typed(qtbot, ".04.H42")
    assert wizard.office.form.unit_code.text() == "000.00.04.H42"
    assert message.problem == "" and message.text() == "Mã đơn vị đúng dạng."
    assert wizard.button(NEXT).isEnabled()


def test_passwords_that_differ_keep_next_off(qtbot, wizard) -> None:
    wizard.setStartId(ADMIN)
    wizard.restart()
    wizard.admin.username.setFocus()
    fill_admin(qtbot, wizard, again="Bưu điện 2028")
    message = wizard.admin.rows.messages["admin_secret_again"]
    assert message.problem == "Hai lần nhập không giống nhau. Nhập lại cho khớp."
    assert not wizard.button(NEXT).isEnabled()
    key(qtbot, Qt.Key.Key_Backspace)
    typed(qtbot, "7")
    assert message.problem == ""
    assert wizard.button(NEXT).isEnabled()


def test_a_weak_pin_is_refused_with_the_accounts_rule(qtbot, wizard) -> None:
    wizard.setStartId(ADMIN)
    wizard.restart()
    wizard.admin.username.setFocus()
    typed(qtbot, "lan")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Nguyễn Thị Lan")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "123456")
    key(qtbot, Qt.Key.Key_Tab)
    assert "dễ đoán" in wizard.admin.rows.messages["admin_secret"].problem
    assert not wizard.button(NEXT).isEnabled()


def _to_hub_page(qtbot, wizard: SetupWizard) -> None:
    key(qtbot, Qt.Key.Key_Return)
    fill_office(qtbot, wizard, unit_code="000.00.09.H42")
    for _ in range(3):  # office, counter, printers
        key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == HUB
    assert focused() is wizard.hub.connect
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is wizard.hub.enroll.hub_url


def test_enrolling_with_the_hub_goes_on_by_itself(qtbot, wizard, runner, hub) -> None:
    _to_hub_page(qtbot, wizard)
    typed(qtbot, hub.url)
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, hub.enroll_code())
    key(qtbot, Qt.Key.Key_Return)
    assert "Đang kết nối" in wizard.hub.enroll.status.text()
    assert not wizard.button(NEXT).isEnabled()  # no second press while it works
    qtbot.waitUntil(lambda: wizard.currentId() == ADMIN, timeout=20_000)
    assert "Đã kết nối" in wizard.hub.enroll.status.text()
    form = wizard.office.form
    # The province's records win: its unit code, read-only, with the reason.
    assert form.unit_code.text() == OFFICE and form.unit_code.isReadOnly()
    assert "khác mã đã nhập 000.00.09.H42" in form.rows.messages["unit_code"].text()
    assert form.name.text() == OFFICE_NAME
    fill_admin(qtbot, wizard)
    key(qtbot, Qt.Key.Key_Return)
    assert hub.url in wizard.done_page.summary.text()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    wait_idle(qtbot, runner)
    assert runner.ws.office.unit_code == OFFICE
    assert runner.ws.setting("device.counter_no") == 1
    from app.storage import sync_state

    assert sync_state.hub_url(runner.ws.db) == hub.url


def test_a_bad_code_says_why_and_offline_is_still_possible(qtbot, wizard, runner, hub) -> None:
    _to_hub_page(qtbot, wizard)
    typed(qtbot, hub.url)
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "SAI-MA-123")
    key(qtbot, Qt.Key.Key_Return)
    status = wizard.hub.enroll.status
    qtbot.waitUntil(lambda: not wizard.hub.enroll.busy, timeout=20_000)
    assert wizard.currentId() == HUB
    assert status.isVisible() and "Đang kết nối" not in status.text() and status.text()
    assert focused() is wizard.hub.enroll.code  # to type it again
    assert wizard.button(NEXT).isEnabled()  # try again
    wizard.hub.offline.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert wizard.hub.offline.isChecked()
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == ADMIN
    assert not wizard.office.form.unit_code.isReadOnly()
    wait_idle(qtbot, runner)
