"""The hand-over tab driven as the counter does: scan labels into a batch, print and seal it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from test_lifecycle_helpers import on_db, receive
from ui_helpers import type_text, wait_idle

from app.ui.lifecycle.handover_screen import HandoverScreen
from app.ui.printing import PrintActions


@pytest.fixture
def printing(qtbot, runner):
    actions = PrintActions(runner)
    yield actions
    if actions.preview is not None:
        actions.preview.close()


@pytest.fixture
def screen(qtbot, runner, printing):
    widget = HandoverScreen(runner, printing)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: widget.agency.count() > 0)
    return widget


def scan(qtbot, screen: HandoverScreen, text: str) -> None:
    with qtbot.waitSignal(screen.scanned, timeout=5000):
        type_text(qtbot, screen.scan, text)
        qtbot.keyClick(screen.scan, Qt.Key.Key_Return)


def batch_rows(qtbot, runner):
    return on_db(
        qtbot,
        runner,
        lambda ws: ws.db.execute(
            "SELECT b.number, b.sealed_at, d.code, d.status FROM handover_items i"
            " JOIN handover_batches b ON b.id = i.batch_id JOIN dossiers d ON d.id = i.dossier_id"
            " ORDER BY i.position"
        ).fetchall(),
    )


def confirm(qtbot, screen: HandoverScreen) -> None:
    qtbot.waitUntil(lambda: screen.confirm_box is not None and screen.confirm_box.isVisible())
    box = screen.confirm_box
    yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    assert box.defaultButton() is not yes  # a stray Enter (a scan) does not seal
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)


def test_three_scans_then_print_seals_the_batch(qtbot, runner, screen, printing) -> None:
    dossiers = [receive(qtbot, runner) for _ in range(3)]
    screen.refresh()
    wait_idle(qtbot, runner)
    assert screen.agency.currentData() == "UBND xã"  # the agency with dossiers waiting
    assert "3 hồ sơ chờ giao" in screen.agency.currentText()
    assert "nhãn quét đầu tiên sẽ lập bảng mới" in screen.batch_title.text()
    assert not screen.seal_button.isEnabled()

    screen.focus_scan()
    for d in dossiers:
        scan(qtbot, screen, d.s10)  # the label's barcode is the S10 number
        assert screen.scan.text() == ""  # cleared for the next scan
    qtbot.waitUntil(lambda: screen.items_model.rowCount() == 3)
    assert screen.scan.hasFocus()
    assert [screen.items_model.code_at(r) for r in range(3)] == [d.code for d in dossiers]
    assert "Đã thêm" in screen.banner.text() and dossiers[2].code in screen.banner.text()
    assert screen.draft is not None and screen.draft.count == 3
    assert screen.seal_button.isEnabled()

    qtbot.mouseClick(screen.seal_button, Qt.MouseButton.LeftButton)
    assert "KHÔNG sửa được" in screen.confirm_box.text()
    with qtbot.waitSignal(printing.documents_ready, timeout=10_000) as ready:
        confirm(qtbot, screen)
    wait_idle(qtbot, runner)
    docs = ready.args[0]
    assert [d.kind for d in docs] == ["handover_minutes"]
    assert docs[0].pdf.startswith(b"%PDF")
    assert docs[0].title == "Biên bản giao nhận hồ sơ"
    assert printing.preview is not None and printing.preview.isVisible()  # preview first
    rows = batch_rows(qtbot, runner)
    assert [r[2] for r in rows] == [d.code for d in dossiers]
    assert {r[3] for r in rows} == {"in_transit"}
    assert all(r[1] for r in rows)  # sealed
    assert "Đã niêm phong" in screen.banner.text()
    qtbot.waitUntil(lambda: screen.recent_model.rowCount() == 1)
    assert screen.draft is None and screen.items_model.rowCount() == 0
    assert "0 hồ sơ chờ giao" in screen.agency.currentText()

    # The sealed batch can be printed again, unchanged.
    screen.recent.setCurrentIndex(screen.recent_model.index(0, 0))
    assert screen.reprint_button.isEnabled()
    with qtbot.waitSignal(screen.sealed, timeout=10_000) as again:
        qtbot.mouseClick(screen.reprint_button, Qt.MouseButton.LeftButton)
    assert again.args[0].prints == 2 and again.args[1].startswith(b"%PDF")
    wait_idle(qtbot, runner)


def test_a_wrong_agency_scan_says_why_and_adds_nothing(qtbot, runner, screen) -> None:
    ours = receive(qtbot, runner)
    police = receive(qtbot, runner, "CA.LLTP")  # Công an tỉnh decides this one
    screen.refresh()
    wait_idle(qtbot, runner)
    screen.choose_agency("UBND xã")
    scan(qtbot, screen, ours.code)
    qtbot.waitUntil(lambda: screen.items_model.rowCount() == 1)

    scan(qtbot, screen, police.code)
    wait_idle(qtbot, runner)
    text = screen.banner.text()
    assert "gửi «Công an tỉnh», không phải «UBND xã»" in text
    assert "bảng giao nhận của cơ quan đó" in text  # says what to do
    assert screen.items_model.rowCount() == 1
    assert [r[2] for r in batch_rows(qtbot, runner)] == [ours.code]
    assert screen.scan.text() == "" and screen.scan.hasFocus()

    scan(qtbot, screen, "RA999999999VN")  # a label of no dossier here
    assert "Không tìm thấy hồ sơ" in screen.banner.text()
    assert screen.items_model.rowCount() == 1


def test_a_first_refused_scan_opens_no_batch(qtbot, runner, screen) -> None:
    police = receive(qtbot, runner, "CA.LLTP")
    screen.refresh()
    wait_idle(qtbot, runner)
    screen.choose_agency("UBND xã")
    scan(qtbot, screen, police.s10)
    wait_idle(qtbot, runner)
    assert "không phải «UBND xã»" in screen.banner.text()
    assert on_db(
        qtbot, runner, lambda ws: ws.db.execute("SELECT count(*) FROM handover_batches").fetchone()
    ) == (0,)
    assert screen.draft is None


def test_remove_from_batch_and_discard_the_draft(qtbot, runner, screen) -> None:
    first, second = receive(qtbot, runner), receive(qtbot, runner)
    screen.refresh()
    wait_idle(qtbot, runner)
    screen.choose_agency("UBND xã")
    scan(qtbot, screen, first.code)
    scan(qtbot, screen, second.code)
    qtbot.waitUntil(lambda: screen.items_model.rowCount() == 2)

    screen.items.setCurrentIndex(screen.items_model.index(0, 0))
    screen.items.setFocus()
    qtbot.keyClick(screen.items, Qt.Key.Key_Delete)  # Delete in the table = "Bỏ khỏi bảng"
    qtbot.waitUntil(lambda: screen.items_model.rowCount() == 1)
    assert screen.items_model.code_at(0) == second.code
    assert "Đã bỏ hồ sơ" in screen.banner.text()

    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, screen)
    qtbot.waitUntil(lambda: screen.draft is None)
    wait_idle(qtbot, runner)
    assert batch_rows(qtbot, runner) == []
    assert "2 hồ sơ chờ giao" in screen.agency.currentText()


def test_sealing_an_empty_batch_is_refused_in_words(qtbot, runner, screen) -> None:
    screen.confirm_seal()
    assert screen.confirm_box is None
    assert "chưa có hồ sơ nào" in screen.banner.text()
    assert QApplication.activeModalWidget() is None
