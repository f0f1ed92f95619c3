"""The dossier actions panel: each move's button, its dialog, and the paper that goes with it."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from test_lifecycle_helpers import (
    agency_says,
    hand_over,
    on_db,
    receive,
    result_at_counter,
    status_of,
)
from ui_helpers import type_text, wait_idle

from app.services.workstation import VN_TZ
from app.ui.lifecycle.actions_panel import DossierActionsPanel
from app.ui.lifecycle.dialogs import InvitationDialog, NoteDialog, RescheduleDialog
from app.ui.printing import PrintActions


@pytest.fixture
def printing(qtbot, runner):
    actions = PrintActions(runner)
    yield actions
    if actions.preview is not None:
        actions.preview.close()


@pytest.fixture
def panel(qtbot, runner, printing):
    widget = DossierActionsPanel(runner, printing)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def load(qtbot, runner, panel: DossierActionsPanel, code: str) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        panel.load(code)
    wait_idle(qtbot, runner)


def click(qtbot, panel: DossierActionsPanel, key: str):
    button = panel.buttons[key]
    assert button.isEnabled(), key
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    return panel.dialog


def finish(qtbot, runner, panel: DossierActionsPanel, dialog) -> None:
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: panel.dialog is None)
    wait_idle(qtbot, runner)  # the panel re-reads the dossier after the move


def test_two_invitations_then_the_result_goes_back_to_the_agency(
    qtbot, runner, panel, printing, clock
) -> None:
    dossier = result_at_counter(qtbot, runner)
    load(qtbot, runner, panel, dossier.code)
    assert panel.fields["invitations"].text() == "Chưa mời lần nào"
    assert not panel.buttons["to_agency"].isEnabled()
    assert "2 lần mời" in panel.buttons["to_agency"].toolTip()

    dialog = click(qtbot, panel, "invite")
    assert isinstance(dialog, InvitationDialog)
    assert dialog.method.currentData() == "letter"
    with qtbot.waitSignal(printing.documents_ready, timeout=10_000) as ready:
        finish(qtbot, runner, panel, dialog)
    [letter] = ready.args[0]
    assert letter.kind == "invitation" and letter.pdf.startswith(b"%PDF")
    assert letter.title == "Giấy mời nhận kết quả"
    assert "1 lần mời hợp lệ" in panel.banner.text()
    next_day = panel.info.next_invitation
    assert next_day is not None and next_day.strftime("%d/%m/%Y") in panel.banner.text()
    assert not panel.buttons["to_agency"].isEnabled()

    # Two working days later a phone call counts as the second invitation.
    clock.moment = datetime.combine(next_day, time(9, 0), tzinfo=VN_TZ)
    load(qtbot, runner, panel, dossier.code)
    dialog = click(qtbot, panel, "invite")
    dialog.method.setCurrentIndex(dialog.method.findData("call"))
    type_text(qtbot, dialog.note, "Gọi 0912345678, không nghe máy")
    finish(qtbot, runner, panel, dialog)
    assert "có thể chuyển lại cơ quan" in panel.banner.text()
    qtbot.waitUntil(lambda: panel.buttons["to_agency"].isEnabled())
    assert "đủ điều kiện" in panel.fields["invitations"].text()

    dialog = click(qtbot, panel, "to_agency")
    assert isinstance(dialog, NoteDialog)
    finish(qtbot, runner, panel, dialog)
    assert status_of(qtbot, runner, dossier.code) == "returned_to_agency"
    assert "Đã chuyển kết quả lại cơ quan" in panel.banner.text()
    qtbot.waitUntil(lambda: panel.first_enabled_button() is panel.buttons["control_form"])


def test_reschedule_prints_the_apology(qtbot, runner, panel, printing) -> None:
    dossier = receive(qtbot, runner)
    load(qtbot, runner, panel, dossier.code)
    dialog = click(qtbot, panel, "reschedule")
    assert isinstance(dialog, RescheduleDialog)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    assert "Ghi lý do" in dialog.message.text()  # nothing sent without a reason
    dialog.new_at.setDateTime(QDateTime(QDate(2027, 3, 3), QTime(16, 0)))  # a Wednesday
    type_text(qtbot, dialog.reason, "Cơ quan cần xác minh thêm")
    with qtbot.waitSignal(printing.documents_ready, timeout=10_000) as ready:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter in the field does the move
    [apology] = ready.args[0]
    assert apology.kind == "apology" and apology.pdf.startswith(b"%PDF")
    wait_idle(qtbot, runner)
    stored = on_db(
        qtbot,
        runner,
        lambda ws: ws.db.execute(
            "SELECT appointment_at FROM dossiers WHERE code = ?", [dossier.code]
        ).fetchone()[0],
    )
    assert stored.startswith("2027-03-03T16:00")
    qtbot.waitUntil(lambda: "03/03/2027" in panel.fields["appointment"].text())


def test_a_holiday_is_refused_by_the_service_and_the_dialog_stays(qtbot, runner, panel) -> None:
    dossier = receive(qtbot, runner)
    load(qtbot, runner, panel, dossier.code)
    dialog = click(qtbot, panel, "reschedule")
    dialog.new_at.setDateTime(QDateTime(QDate(2027, 3, 6), QTime(16, 0)))  # a Saturday
    type_text(qtbot, dialog.reason, "Cơ quan cần xác minh thêm")
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "ngày nghỉ" in dialog.message.text()
    assert panel.dialog is dialog and dialog.isVisible()
    dialog.close()


def test_supplement_withdrawal_and_delivery(qtbot, runner, panel, printing) -> None:
    asked = receive(qtbot, runner)
    hand_over(qtbot, runner, asked)
    agency_says(qtbot, runner, asked.code, "at_agency")
    agency_says(
        qtbot, runner, asked.code, "supplement_requested", "- Ảnh 4x6\n- Bản sao sổ hộ khẩu"
    )
    load(qtbot, runner, panel, asked.code)
    assert "Ảnh 4x6" in panel.fields["agency_note"].text()
    with qtbot.waitSignal(printing.documents_ready, timeout=10_000) as ready:
        qtbot.mouseClick(panel.buttons["supplement_form"], Qt.MouseButton.LeftButton)
    assert [d.kind for d in ready.args[0]] == ["supplement"]
    finish(qtbot, runner, panel, click(qtbot, panel, "supplement"))
    assert status_of(qtbot, runner, asked.code) == "supplemented"

    dialog = click(qtbot, panel, "withdraw")
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    assert "Ghi lý do rút hồ sơ" in dialog.message.text()
    assert status_of(qtbot, runner, asked.code) == "supplemented"
    type_text(qtbot, dialog.note, "Đơn xin rút hồ sơ ngày 03/02/2027")
    finish(qtbot, runner, panel, dialog)
    assert status_of(qtbot, runner, asked.code) == "withdrawn"
    qtbot.waitUntil(lambda: not panel.buttons["reschedule"].isEnabled())  # closed for good

    by_post = result_at_counter(
        qtbot, runner, return_method="post", delivery_address="Xóm Mới, xã Kỳ Bắc, tỉnh Hà Tĩnh"
    )
    load(qtbot, runner, panel, by_post.code)
    assert panel.fields["return_method"].text().startswith("Qua bưu chính: Xóm Mới")
    finish(qtbot, runner, panel, click(qtbot, panel, "deliver"))
    assert status_of(qtbot, runner, by_post.code) == "out_for_delivery"
    assert panel.buttons["return"].isEnabled()  # the postman brings back the signed receipt


def test_control_slip_prints_for_any_dossier(qtbot, runner, panel, printing) -> None:
    dossier = receive(qtbot, runner)
    load(qtbot, runner, panel, dossier.code)
    assert not panel.buttons["supplement_form"].isEnabled()
    with qtbot.waitSignal(printing.documents_ready, timeout=10_000) as ready:
        qtbot.mouseClick(panel.buttons["control_form"], Qt.MouseButton.LeftButton)
    [slip] = ready.args[0]
    assert slip.kind == "control" and slip.pdf.startswith(b"%PDF")
    assert "Mẫu 05" in slip.title
    wait_idle(qtbot, runner)
