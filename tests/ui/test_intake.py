"""The intake screen driven through its real widgets, offscreen, as a counter clerk would."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import type_text, wait_idle

from app.domain.applicant import FIELD_LABELS
from app.services import lookup
from app.ui.intake import IntakeScreen
from app.ui.intake.applicant_form import LABEL_TEXTS
from app.ui.printing import PrintActions

CARD = (
    "042190001234||Nguyễn Thị Hồng Nhung|12051990|Nữ|Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh|15082021"
)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def dossier_count(ws) -> int:
    return ws.db.execute("SELECT count(*) FROM dossiers").fetchone()[0]


@pytest.fixture
def screen(qtbot, runner) -> Iterator[IntakeScreen]:
    widget = IntakeScreen(runner)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.context is not None and widget.isEnabled())
    widget.activateWindow()
    yield widget


def choose(qtbot, screen: IntakeScreen, text: str) -> None:
    screen.picker.search.setFocus()
    type_text(qtbot, screen.picker.search, text)
    qtbot.keyClick(screen.picker.search, Qt.Key.Key_Return)
    assert screen.procedure is not None


def scan(qtbot, screen: IntakeScreen, payload: str) -> None:
    screen.form.qr.setFocus()
    type_text(qtbot, screen.form.qr, payload)
    qtbot.keyClick(screen.form.qr, Qt.Key.Key_Return)


def tick_required(qtbot, screen: IntakeScreen) -> None:
    for line in screen.checklist.lines:
        if line.required is not None and not line.required.optional:
            line.check.setFocus()
            qtbot.keyClick(line.check, Qt.Key.Key_Space)


def test_procedure_type_ahead_folds_diacritics(qtbot, screen) -> None:
    type_text(qtbot, screen.picker.search, "ket hon")
    names = [screen.picker.model.procedure(r).name for r in range(screen.picker.model.rowCount())]
    assert names == ["Đăng ký kết hôn"]
    screen.picker.search.clear()
    type_text(qtbot, screen.picker.search, "khai sinh")  # the name that says it best comes first
    assert screen.picker.model.procedure(0).name == "Đăng ký khai sinh"
    screen.picker.search.clear()
    type_text(qtbot, screen.picker.search, "2.000815")
    assert screen.picker.model.rowCount() == 1
    screen.picker.search.clear()
    type_text(qtbot, screen.picker.search, "CHUNG THUC")  # by field, any case
    fields = {screen.picker.model.procedure(r).field for r in range(screen.picker.model.rowCount())}
    assert fields == {"Chứng thực"}
    # Arrows in the search box move through the list; Enter picks.
    qtbot.keyClick(screen.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(screen.picker.search, Qt.Key.Key_Return)
    assert screen.procedure == screen.picker.model.procedure(1)
    assert screen.form.qr.hasFocus() or not screen.procedure.by_post


def test_accept_from_the_keyboard_stores_the_dossier_and_prints(qtbot, screen, runner, ui_ws):
    choose(qtbot, screen, "dang ky khai sinh")
    assert screen.procedure.code == "1.001193"
    assert screen.form.qr.hasFocus()  # Enter on the procedure moves on to the card scan
    fields = {
        "id_number": "042190001234",
        "full_name": "Nguyễn Thị Hồng Nhung",
        "date_of_birth": "12/05/1990",
        "phone": "0912 345 678",
        "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
    }
    for name, text in fields.items():
        type_text(qtbot, screen.form.inputs[name], text)
    sex = screen.form.inputs["sex"]
    sex.setFocus()
    type_text(qtbot, sex, "Nữ")
    assert sex.currentText() == "Nữ"
    tick_required(qtbot, screen)
    assert screen.checklist.missing() == []
    assert "Đủ giấy tờ" in screen.checklist.summary.text()
    assert "giờ" in screen.appointment.text()  # shown live before accepting

    with qtbot.waitSignal(screen.printing.documents_ready, timeout=10_000) as printed:
        qtbot.keyClick(
            screen.form.inputs["phone"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    wait_idle(qtbot, runner)
    dossier = screen.last_dossier
    assert dossier is not None
    stored = lookup.show(ui_ws, dossier.code).dossier
    assert stored.applicant.full_name == "Nguyễn Thị Hồng Nhung"
    assert stored.applicant.phone == "0912345678"
    assert stored.procedure_code == "1.001193"
    assert {d.name for d in stored.documents} == {
        r.name for r in ui_ws.catalog.procedure("1.001193").documents if not r.optional
    }
    docs = {d.kind: d for d in printed.args[0]}
    assert set(docs) == {"receipt", "dispatch", "label"}
    assert dossier.code in pdf_text(docs["receipt"].pdf)
    assert dossier.s10 in pdf_text(docs["label"].pdf).replace(" ", "")
    # Previewed by default, and the form is ready for the next citizen.
    assert screen.printing.preview is not None and screen.printing.preview.isVisible()
    assert screen.procedure is None and screen.form.value("full_name") == ""
    assert dossier.code in screen.banner.text()
    screen.printing.preview.close()
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.picker.search)


def test_qr_scan_fills_the_form(qtbot, screen) -> None:
    scan(qtbot, screen, CARD)
    assert screen.form.value("full_name") == "Nguyễn Thị Hồng Nhung"
    assert screen.form.value("id_number") == "042190001234"
    assert screen.form.value("date_of_birth") == "12/05/1990"
    assert screen.form.value("sex") == "Nữ"
    assert screen.form.value("address") == "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh"
    assert screen.form.value("phone") == ""  # not on the card: typed next
    assert screen.form.inputs["phone"].hasFocus()


def test_mis_decoded_scan_is_repaired(qtbot, screen) -> None:
    mojibake = CARD.encode("utf-8").decode("cp1252")
    assert "Nguyá»…n" in mojibake
    scan(qtbot, screen, mojibake)
    assert screen.form.value("full_name") == "Nguyễn Thị Hồng Nhung"
    assert screen.form.value("address") == "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh"


def test_scan_into_the_id_field_is_detected(qtbot, screen) -> None:
    field = screen.form.id_input
    field.setFocus()
    type_text(qtbot, field, CARD)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "042190001234"
    assert screen.form.value("full_name") == "Nguyễn Thị Hồng Nhung"


def test_bad_scan_says_what_to_do(qtbot, screen) -> None:
    scan(qtbot, screen, "xin chao|123")
    error = screen.form.errors["qr"]
    assert error.isVisible() and "quét lại" in error.text()
    assert screen.form.value("full_name") == ""


def test_live_validation_shows_errors_under_fields(qtbot, screen) -> None:
    field = screen.form.id_input
    field.setFocus()
    type_text(qtbot, field, "12345")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    error = screen.form.errors["id_number"]
    assert error.isVisible() and "12 chữ số" in error.text()
    assert not screen.form.errors["full_name"].isVisible()  # untouched fields stay quiet
    field.setFocus()
    field.clear()
    type_text(qtbot, field, "042190001234")
    assert not error.isVisible()  # fixed while typing


def test_incomplete_checklist_gives_guidance_and_no_dossier(qtbot, screen, runner, ui_ws):
    choose(qtbot, screen, "dang ky khai sinh")
    scan(qtbot, screen, CARD)
    type_text(qtbot, screen.form.inputs["phone"], "0912345678")
    screen.checklist.lines[0].check.setChecked(True)  # only the first of three required papers
    assert len(screen.checklist.missing()) == 2
    assert screen.guidance.isEnabled()
    before = dossier_count(ui_ws)
    qtbot.keyClick(
        screen.form.inputs["phone"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert "chưa tiếp nhận" in screen.banner.text()
    assert screen.guidance.hasFocus()
    with qtbot.waitSignal(screen.guidance_ready, timeout=10_000) as ready:
        qtbot.keyClick(screen.guidance, Qt.Key.Key_Space)
    wait_idle(qtbot, runner)
    text = pdf_text(ready.args[0])
    assert "Giấy chứng sinh" in text
    assert dossier_count(ui_ws) == before


def test_guidance_does_not_wait_for_the_applicant_details(qtbot, screen, runner, ui_ws):
    choose(qtbot, screen, "dang ky khai sinh")
    with qtbot.waitSignal(screen.guidance_ready, timeout=10_000) as ready:
        screen.guidance.click()
    wait_idle(qtbot, runner)
    assert "Tờ khai đăng ký khai sinh" in pdf_text(ready.args[0])
    assert dossier_count(ui_ws) == 0


def test_procedure_not_fileable_by_post_is_refused(qtbot, screen, runner, ui_ws):
    choose(qtbot, screen, "ket hon")
    assert not screen.procedure.by_post
    assert screen.info.refusal.isVisible()
    assert "không tiếp nhận qua bưu điện" in screen.info.refusal.text()
    assert not screen.accept_button.isEnabled()
    assert "không tiếp nhận qua bưu điện" in screen.banner.text()
    scan(qtbot, screen, CARD)
    type_text(qtbot, screen.form.inputs["phone"], "0912345678")
    screen.checklist.check_all_required()
    qtbot.keyClick(
        screen.form.inputs["phone"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    wait_idle(qtbot, runner)
    assert dossier_count(ui_ws) == 0
    assert screen.appointment.text() == "—"


def test_per_page_fees_postage_and_total_are_live(qtbot, screen) -> None:
    choose(qtbot, screen, "2.000815")
    assert screen.fees.pages.isVisible()
    screen.fees.pages.setValue(3)
    screen.fees.copies.setValue(2)
    assert "10.000 đ" in screen.fees.fee_lines.text()  # (2×2.000 + 1.000) × 2 copies
    route = screen.route()
    assert screen.fees.postage.text() == f"{route.postage_dossier:,}".replace(",", ".") + " đ"
    counter_total = screen.fees.total.text()
    screen.returns.post.click()
    assert screen.returns.address.isEnabled()
    assert screen.fees.total.text() != counter_total  # the return trip is paid too


def test_return_by_post_moves_the_appointment(qtbot, screen) -> None:
    choose(qtbot, screen, "dang ky khai sinh")
    at_counter = screen.appointment.text()
    screen.returns.post.click()
    assert screen.appointment.text() != at_counter
    # Received Wed 3/2/2027, Tết from 4/2: back by post on Fri 12/2.
    assert "12/02/2027" in screen.appointment.text()


def test_validation_errors_from_the_service_reach_the_fields(qtbot, screen, runner, ui_ws):
    choose(qtbot, screen, "dang ky khai sinh")
    scan(qtbot, screen, CARD)
    type_text(qtbot, screen.form.inputs["phone"], "0912345678")
    screen.checklist.check_all_required()
    screen.returns.post.click()
    screen.returns.address.clear()  # by post, but no address
    screen.accept()
    wait_idle(qtbot, runner)
    assert screen.returns.address_error.isVisible(), screen.banner.text()
    assert dossier_count(ui_ws) == 0
    assert screen.returns.address.hasFocus()


def test_field_labels_match_the_domain() -> None:
    assert set(LABEL_TEXTS) == set(FIELD_LABELS.values())


def test_printing_actions_can_be_shared(qtbot, runner) -> None:
    printing = PrintActions(runner)
    widget = IntakeScreen(runner, printing=printing)
    qtbot.addWidget(widget)
    assert widget.printing is printing
    wait_idle(qtbot, runner)
