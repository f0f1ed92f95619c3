"""Chốt ngày in the Kiểm soát tab: figures, cash count, reason, the close and its report."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from supervisor_helpers import close_preview, prepare, signed_in_window
from ui_helpers import wait_idle

from app.domain.text import format_vnd


def _confirm(qtbot, runner, tab) -> None:
    tab.close_button.click()
    box = tab.confirm_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_idle(qtbot, runner)


def _closes(ws) -> int:
    return ws.db.execute("SELECT count(*) FROM day_closes").fetchone()[0]


def test_supervisor_closes_the_day_and_the_report_opens(qtbot, runner, ui_ws) -> None:
    prepare(qtbot, runner, "kiemsoat")
    win = signed_in_window(qtbot, runner)
    assert win.tabs.tabText(5) == "Kiểm soát"
    win.show_control()
    tab = win.control.day_close
    qtbot.waitUntil(lambda: tab.view is not None)
    assert tab.chosen_day().isoformat() == "2027-02-03"  # today, by the workstation's clock
    view = tab.view
    assert view.figures.dossiers == 2
    assert tab.procedures.rowCount() == 1 and tab.statuses.rowCount() >= 1
    count = tab.procedures.index(0, 1).data()
    assert count == "2"
    expected = view.figures.money.expected
    assert format_vnd(expected) in tab.expected.text()
    assert "chưa đồng bộ" in tab.sync_line.text()  # offline: the day's events wait for the hub

    # Counted by banknotes: the total follows; short by 10.000 đ needs a reason.
    short = expected - 10_000
    tab.notes[10_000].setValue(short // 10_000)
    tab.notes[1_000].setValue(short % 10_000 // 1_000)
    tab.notes[500].setValue(short % 1_000 // 500)
    assert tab.counted.text() == format_vnd(short)
    assert tab.difference.text() == "−10.000 đ"
    _confirm(qtbot, runner, tab)
    assert "Ghi lý do" in tab.reason_error.text()
    assert _closes(ui_ws) == 0

    tab.reason.setText("Thiếu tiền lẻ trả lại người dân")
    _confirm(qtbot, runner, tab)
    qtbot.waitUntil(lambda: win.printing.preview is not None, timeout=10_000)
    preview = win.printing.preview
    assert preview.isVisible()
    assert [d.kind for d in preview.documents] == ["day_report"]
    assert preview.documents[0].title == "Báo cáo chốt ngày 03/02/2027"
    assert _closes(ui_ws) == 1
    row = ui_ws.db.execute("SELECT counted, reason FROM day_closes").fetchone()
    assert tuple(row) == (short, "Thiếu tiền lẻ trả lại người dân")
    assert "đã chốt" in tab.state.text() and not tab.close_button.isEnabled()
    close_preview(win)


def test_counter_staff_cannot_close_a_day(qtbot, runner, ui_ws) -> None:
    prepare(qtbot, runner, "lan")
    win = signed_in_window(qtbot, runner)
    win.show_control()
    tab = win.control.day_close
    # The figures carry no personal data: the counter may see them, not seal them.
    qtbot.waitUntil(lambda: tab.view is not None)
    tab.total.setText("100.000")
    before = ui_ws.db.execute("SELECT count(*) FROM events").fetchone()[0]
    _confirm(qtbot, runner, tab)
    assert "không được chốt ngày" in tab.message.text()
    assert _closes(ui_ws) == 0
    assert ui_ws.db.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert win.printing.preview is None


def test_controls_are_named_after_their_labels(qtbot, runner) -> None:
    prepare(qtbot, runner, "kiemsoat", dossiers=0)
    win = signed_in_window(qtbot, runner)
    win.show_control()
    day, reports = win.control.day_close, win.control.reports
    assert day.day.accessibleName() == "Ngày chốt"
    assert day.notes[500_000].accessibleName() == "500.000 đ"
    assert day.total.accessibleName() == "Hoặc nhập tổng tiền đã đếm"
    assert day.reason.accessibleName() == "Lý do chênh lệch"
    assert day.close_button.accessibleName() == day.close_button.text() == "Chốt ngày"
    for button in (reports.xlsx_button, reports.csv_button, reports.book_button):
        assert button.accessibleName() == button.text()
    assert reports.grouping.accessibleName() == "Nhóm theo"
    assert [reports.grouping.itemText(i) for i in range(3)] == ["Ngày", "Tháng", "Quý"]
