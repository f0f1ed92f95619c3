"""Báo cáo in the Kiểm soát tab: the lazy table, the charts, exports and the tracking book."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester
from supervisor_helpers import close_preview, prepare, signed_in_window
from ui_helpers import wait_idle

from app.ui.supervisor.chart import RECEIVED_COLOR, SPLIT_COLORS, Bar, BarChart, SplitBar
from app.ui.supervisor.reports_tab import ReportTableModel


def _reports(qtbot, runner, win):
    win.show_control()
    win.control.tabs.setCurrentIndex(1)
    tab = win.control.reports
    qtbot.waitUntil(lambda: tab.report is not None or tab.message.text() != "")
    wait_idle(qtbot, runner)
    return tab


def _has_color(image, color: str) -> bool:
    wanted = QColor(color).rgb()
    step = 3
    return any(
        image.pixel(x, y) == wanted
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


def _exports(ws) -> int:
    return ws.db.execute("SELECT count(*) FROM events WHERE type = 'export.made'").fetchone()[0]


def test_report_table_and_chart_show_the_figures(qtbot, runner) -> None:
    prepare(qtbot, runner, "kiemsoat", dossiers=3)
    win = signed_in_window(qtbot, runner)
    tab = _reports(qtbot, runner, win)
    assert tab.period()[:2] == (date(2027, 2, 1), date(2027, 2, 3))
    model = tab.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 4  # 01, 02, 03/02 and the totals line
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Kỳ", "Tiếp nhận", "Đã chuyển cơ quan"]
    last = model.rowCount() - 1
    assert model.index(last, 0).data() == "Tổng cộng"
    assert model.index(last, 1).data() == "3"
    assert model.index(2, 0).data() == "03/02/2027" and model.index(2, 1).data() == "3"
    rate = headers.index("Tỉ lệ đúng hạn (%)")
    assert model.index(last, rate).data() == "—"  # nothing returned yet
    bars = tab.volume_chart.bars
    assert [b.values for b in bars] == [(0, 0), (0, 0), (3, 0)]
    assert "03/02: Tiếp nhận 3, Đã trả kết quả 0" in tab.volume_chart.accessibleDescription()
    image = tab.volume_chart.grab().toImage()
    assert not image.isNull() and _has_color(image, RECEIVED_COLOR)

    # Grouped by month: one period and the totals.
    tab.grouping.setCurrentIndex(1)
    tab.show_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert model.index(0, 0).data() == "Tháng 02/2027"


def test_on_time_split_chart_draws_its_parts(qtbot) -> None:
    chart = SplitBar("Biểu đồ", ("Trước hạn", "Đúng hạn", "Quá hạn"), SPLIT_COLORS)
    qtbot.addWidget(chart)
    chart.resize(600, 80)
    chart.set_values((2, 1, 1))
    assert chart.accessibleDescription() == (
        "Trước hạn 2 (50.0%); Đúng hạn 1 (25.0%); Quá hạn 1 (25.0%)"
    )
    image = chart.grab().toImage()
    assert all(_has_color(image, color) for color in SPLIT_COLORS)
    bars = BarChart("Cột", ("A", "B"), ("#0b4f8a", "#1b6e20"))
    qtbot.addWidget(bars)
    bars.resize(400, 200)
    bars.set_bars([Bar("x", (0, 0))])  # all zero: nothing divides by zero
    assert not bars.grab().toImage().isNull()


def test_report_model_without_a_widget() -> None:
    model = ReportTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 0 and model.columnCount() > 10
    model.set_report(None)
    assert model.rowCount() == 0


def test_supervisor_exports_csv_and_xlsx(qtbot, runner, ui_ws, tmp_path: Path) -> None:
    prepare(qtbot, runner, "kiemsoat", dossiers=2)
    win = signed_in_window(qtbot, runner)
    tab = _reports(qtbot, runner, win)
    asked: list[str] = []

    def ask(_parent, _caption, suggested: str, _pattern: str) -> str:
        asked.append(suggested)
        return str(tmp_path / suggested)

    tab.ask_path = ask
    tab.csv_button.click()
    qtbot.waitUntil(lambda: tab.message.text().startswith("Đã lưu"), timeout=10_000)
    csv_path = tmp_path / asked[0]
    text = csv_path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and "Tổng cộng" in text
    tab.message.clear()
    tab.xlsx_button.click()
    qtbot.waitUntil(lambda: tab.message.text().startswith("Đã lưu"), timeout=10_000)
    book = load_workbook(tmp_path / asked[1])
    assert "Theo ngày" in book.sheetnames
    assert asked == ["bao-cao-20270201-20270203.csv", "bao-cao-20270201-20270203.xlsx"]
    assert _exports(ui_ws) == 2

    tab.book_button.click()
    qtbot.waitUntil(lambda: win.printing.preview is not None, timeout=10_000)
    assert [d.kind for d in win.printing.preview.documents] == ["tracking_book"]
    close_preview(win)


def test_counter_staff_cannot_print_the_tracking_book(qtbot, runner, ui_ws) -> None:
    prepare(qtbot, runner, "lan", dossiers=1)
    win = signed_in_window(qtbot, runner)
    tab = _reports(qtbot, runner, win)
    assert tab.model.rowCount() == 4  # aggregate figures: the service lets the counter see them
    printed = "SELECT count(*) FROM events WHERE type = 'document.printed'"
    before = ui_ws.db.execute(printed).fetchone()[0]
    tab.book_button.click()
    qtbot.waitUntil(lambda: tab.message.text() != "")
    wait_idle(qtbot, runner)
    assert "không được xuất dữ liệu có thông tin cá nhân" in tab.message.text()
    assert win.printing.preview is None
    assert ui_ws.db.execute(printed).fetchone()[0] == before
    assert _exports(ui_ws) == 0
