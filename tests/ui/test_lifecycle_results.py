"""The results tab: agency decisions arrive from the hub, labels are scanned in, results go out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_lifecycle_helpers import (
    APPLICANT_CARD,
    APPLICANT_ID,
    OTHER_CARD,
    OTHER_ID,
    agency_says,
    hand_over,
    on_db,
    receive,
    result_at_counter,
    status_of,
)
from ui_helpers import type_text, wait_idle

from app.ui.lifecycle.dialogs import ReturnDialog
from app.ui.lifecycle.results_screen import ResultsScreen
from app.ui.printing import PrintActions


@pytest.fixture
def printing(qtbot, runner):
    actions = PrintActions(runner)
    yield actions
    if actions.preview is not None:
        actions.preview.close()


@pytest.fixture
def screen(qtbot, runner, printing):
    widget = ResultsScreen(runner, printing)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.activateWindow()
    wait_idle(qtbot, runner)
    return widget


def scan(qtbot, screen: ResultsScreen, text: str) -> None:
    with qtbot.waitSignal(screen.scanned, timeout=5000):
        screen.focus_scan()
        type_text(qtbot, screen.scan, text)
        qtbot.keyClick(screen.scan, Qt.Key.Key_Return)


def returns(qtbot, runner, code: str):
    return on_db(
        qtbot,
        runner,
        lambda ws: ws.db.execute(
            "SELECT r.receiver_name, r.receiver_id_number, r.proxy, r.authorisation,"
            " r.amount_collected FROM dossier_returns r JOIN dossiers d ON d.id = r.dossier_id"
            " WHERE d.code = ?",
            [code],
        ).fetchall(),
    )


def return_dialog(qtbot, screen: ResultsScreen) -> ReturnDialog:
    qtbot.waitUntil(lambda: isinstance(screen.panel.dialog, ReturnDialog))
    dialog = screen.panel.dialog
    assert isinstance(dialog, ReturnDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def submit(qtbot, runner, dialog: ReturnDialog) -> None:
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)


def test_agency_results_are_scanned_in_then_returned_after_the_id_check(
    qtbot, runner, screen
) -> None:
    ready, refused = receive(qtbot, runner), receive(qtbot, runner)
    hand_over(qtbot, runner, ready, refused)
    for d in (ready, refused):
        agency_says(qtbot, runner, d.code, "at_agency")
    agency_says(qtbot, runner, ready.code, "result_ready")
    agency_says(qtbot, runner, refused.code, "refused", "Không đủ điều kiện xác nhận.")

    scan(qtbot, screen, ready.s10)
    assert status_of(qtbot, runner, ready.code) == "result_at_counter"
    assert "Đã ghi nhận kết quả hồ sơ" in screen.banner.text()
    assert screen.panel.info is not None and screen.panel.info.code == ready.code
    assert screen.panel.buttons["return"].isEnabled()
    assert screen.scan.hasFocus() and screen.scan.text() == ""

    scan(qtbot, screen, refused.code)
    assert status_of(qtbot, runner, refused.code) == "result_at_counter"
    assert "Hồ sơ bị từ chối" in screen.banner.text()
    assert screen.panel.buttons["refusal_form"].isEnabled()  # Mẫu 03 has its reason on file
    assert not screen.panel.buttons["supplement_form"].isEnabled()
    assert "Không đủ điều kiện" in screen.panel.fields["agency_note"].text()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)  # both wait to be collected

    # The citizen comes for the first one: scanning it again opens the return dialog.
    scan(qtbot, screen, ready.s10)
    dialog = return_dialog(qtbot, screen)
    assert dialog.applicant.text() == "Nguyễn Thị Hồng Nhung"
    assert dialog.id_number.hasFocus()

    type_text(qtbot, dialog.id_number, OTHER_ID)
    submit(qtbot, runner, dialog)
    assert dialog.isVisible()  # refused: nothing typed is lost
    assert "không khớp với người nộp" in dialog.message.text()
    assert "Người nhận thay" in dialog.message.text()  # says what to do
    assert status_of(qtbot, runner, ready.code) == "result_at_counter"
    assert returns(qtbot, runner, ready.code) == []

    # The chip card's QR, scanned into the ID field, gives the number (and submits nothing).
    dialog.id_number.clear()
    type_text(qtbot, dialog.id_number, APPLICANT_CARD)
    qtbot.keyClick(dialog.id_number, Qt.Key.Key_Return)
    assert dialog.id_number.text() == APPLICANT_ID
    assert "Nguyễn Thị Hồng Nhung" in dialog.card.text()
    assert dialog.isVisible() and status_of(qtbot, runner, ready.code) == "result_at_counter"
    assert dialog.action_button.hasFocus()
    dialog.amount.setValue(20_000)
    qtbot.keyClick(dialog.action_button, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: screen.panel.dialog is None)
    assert status_of(qtbot, runner, ready.code) == "returned"
    assert returns(qtbot, runner, ready.code) == [
        ("Nguyễn Thị Hồng Nhung", APPLICANT_ID, 0, "", 20_000)
    ]
    assert "Đã trả kết quả" in screen.panel.banner.text()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    qtbot.waitUntil(lambda: not screen.panel.buttons["return"].isEnabled())
    # Ready for the next citizen (offscreen, the window is not re-activated after the dialog).
    assert screen.focusWidget() is screen.scan


def test_a_proxy_needs_a_name_and_an_authorisation(qtbot, runner, screen) -> None:
    dossier = result_at_counter(qtbot, runner)
    scan(qtbot, screen, dossier.code)
    dialog = return_dialog(qtbot, screen)
    assert not dialog.proxy_name.isVisibleTo(dialog)  # revealed by the check box only
    dialog.proxy.setChecked(True)
    assert dialog.proxy_name.isVisibleTo(dialog) and dialog.authorisation.isVisibleTo(dialog)
    assert dialog.proxy_name.hasFocus()
    type_text(qtbot, dialog.proxy_name, "Trần Văn Bình")
    type_text(qtbot, dialog.id_number, OTHER_ID)
    submit(qtbot, runner, dialog)
    assert "giấy ủy quyền" in dialog.message.text()
    assert dialog.isVisible()
    assert status_of(qtbot, runner, dossier.code) == "result_at_counter"

    # Someone else's chip card scanned into the ID field: a proxy, named from the card.
    dialog.proxy.setChecked(False)
    dialog.proxy_name.clear()
    dialog.id_number.clear()
    type_text(qtbot, dialog.id_number, OTHER_CARD)
    qtbot.keyClick(dialog.id_number, Qt.Key.Key_Return)
    assert dialog.id_number.text() == OTHER_ID
    assert dialog.proxy.isChecked() and dialog.proxy_name.text() == "Trần Văn Bình"
    assert "không phải người nộp" in dialog.card.text()
    assert dialog.authorisation.hasFocus()
    submit(qtbot, runner, dialog)
    assert "giấy ủy quyền" in dialog.message.text()
    assert dialog.isVisible()
    assert status_of(qtbot, runner, dossier.code) == "result_at_counter"

    type_text(qtbot, dialog.authorisation, "Giấy ủy quyền số 12/UQ ngày 01/02/2027, UBND xã Kỳ Bắc")
    submit(qtbot, runner, dialog)
    qtbot.waitUntil(lambda: screen.panel.dialog is None)
    assert status_of(qtbot, runner, dossier.code) == "returned"
    [(name, id_number, proxy, authorisation, _amount)] = returns(qtbot, runner, dossier.code)
    assert (name, id_number, proxy) == ("Trần Văn Bình", OTHER_ID, 1)
    assert authorisation.startswith("Giấy ủy quyền số 12/UQ")


def test_a_scan_of_a_dossier_still_with_the_agency_changes_nothing(qtbot, runner, screen) -> None:
    dossier = receive(qtbot, runner)
    hand_over(qtbot, runner, dossier)
    agency_says(qtbot, runner, dossier.code, "at_agency")
    agency_says(qtbot, runner, dossier.code, "supplement_requested", "- Bản sao giấy khai sinh")
    scan(qtbot, screen, dossier.s10)
    assert "chưa có kết quả" in screen.banner.text()
    assert status_of(qtbot, runner, dossier.code) == "supplement_requested"
    buttons = screen.panel.buttons
    assert buttons["supplement"].isEnabled() and buttons["withdraw"].isEnabled()
    assert buttons["supplement_form"].isEnabled()  # Mẫu 02: the agency's list is on file
    for key in ("return", "invite", "deliver", "to_agency", "refusal_form"):
        assert not buttons[key].isEnabled(), key
    assert QApplication.activeModalWidget() is None

    scan(qtbot, screen, "000.00.04.H42-270203-0999")
    assert "Không tìm thấy hồ sơ" in screen.banner.text()
