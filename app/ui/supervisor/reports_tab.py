"""Báo cáo (TT 17/2017): a period's figures by day, month or quarter in a table and two charts;
exports to Excel and CSV, and the tracking book (Mẫu 06) to print.

The service decides who may see and export (a counter-staff session gets its message); the
figures and the files are made on the database thread and files are written off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.reports import COLUMNS, ColumnKind, Figures, Grouping
from app.domain.text import format_vnd
from app.ui.file_errors import write_error_reason
from app.ui.lifecycle.common import TitledDocument, error_text
from app.ui.style import ERROR_COLOR, OK_COLOR
from app.ui.supervisor.chart import (
    RECEIVED_COLOR,
    RETURNED_COLOR,
    SPLIT_COLORS,
    Bar,
    BarChart,
    SplitBar,
)
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.domain.reports import Report
    from app.services.workstation import Workstation
    from app.ui.printing import PrintActions

AnyIndex = QModelIndex | QPersistentModelIndex
# (parent, caption, suggested file name, filter) -> chosen path or "" (tests pass their own)
AskPath = Callable[[QWidget, str, str, str], str]


def ask_save_path(parent: QWidget, caption: str, suggested: str, pattern: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, pattern)
    return path


def _cell(kind: ColumnKind, value: int | float | None) -> str:
    if value is None:
        return "—"
    if kind is ColumnKind.MONEY:
        return format_vnd(int(value))
    if kind is ColumnKind.RATE:
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


class ReportTableModel(QAbstractTableModel):
    """One row per period and a totals line; the columns of app.domain.reports.COLUMNS."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Figures]] = []

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self._rows = []
        if report is not None:
            self._rows = [(r.period.label, r.figures) for r in report.rows]
            self._rows.append((self.tr("Tổng cộng"), report.totals))
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS) + 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, figures = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return label
        spec = COLUMNS[column - 1]
        return _cell(spec.kind, spec.value(figures))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return self.tr("Kỳ")
        return COLUMNS[section - 1].label if 0 < section <= len(COLUMNS) else None


class ReportsTab(QWidget):
    def __init__(
        self,
        runner: TaskRunner,
        printing: PrintActions,
        today: date,
        parent: QWidget | None = None,
        ask_path: AskPath = ask_save_path,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.printing = printing
        self.ask_path = ask_path
        self.report: Report | None = None
        self.start = self._date_edit(date(today.year, today.month, 1), self.tr("Từ ngày"))
        self.end = self._date_edit(today, self.tr("Đến ngày"))
        self.grouping = QComboBox()
        self.grouping.setAccessibleName(self.tr("Nhóm theo"))
        for value, text in (
            (Grouping.DAY, self.tr("Ngày")),
            (Grouping.MONTH, self.tr("Tháng")),
            (Grouping.QUARTER, self.tr("Quý")),
        ):
            self.grouping.addItem(text, value.value)
        self.grouping.setCurrentIndex(0)
        self.show_button = QPushButton(self.tr("Xem báo cáo"))
        self.xlsx_button = QPushButton(self.tr("Xuất Excel"))
        self.csv_button = QPushButton(self.tr("Xuất CSV"))
        self.book_button = QPushButton(self.tr("In sổ theo dõi (Mẫu 06)"))
        for button in (self.show_button, self.xlsx_button, self.csv_button, self.book_button):
            button.setAccessibleName(button.text())
        self.show_button.clicked.connect(self.load)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.book_button.clicked.connect(self.print_book)
        bar = QHBoxLayout()
        for text, widget in (
            (self.tr("Từ ngày"), self.start),
            (self.tr("Đến ngày"), self.end),
            (self.tr("Nhóm theo"), self.grouping),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.book_button)

        self.model = ReportTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Bảng số liệu báo cáo"))
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.volume_chart = BarChart(
            self.tr("Biểu đồ tiếp nhận và trả kết quả"),
            (self.tr("Tiếp nhận"), self.tr("Đã trả kết quả")),
            (RECEIVED_COLOR, RETURNED_COLOR),
        )
        self.split_chart = SplitBar(
            self.tr("Biểu đồ trả kết quả đúng hạn"),
            (self.tr("Trước hạn"), self.tr("Đúng hạn"), self.tr("Quá hạn")),
            SPLIT_COLORS,
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.volume_chart, 2)
        layout.addWidget(self.split_chart)

    def _date_edit(self, day: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setAccessibleName(name)
        return edit

    def period(self) -> tuple[date, date, str]:
        start: date = self.start.date().toPython()  # type: ignore[assignment]
        end: date = self.end.date().toPython()  # type: ignore[assignment]
        return start, end, str(self.grouping.currentData())

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOR if error else OK_COLOR};")

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc), error=True)

    # ------------------------------------------------------------------ on screen

    def load(self) -> None:
        start, end, grouping = self.period()

        def job(ws: Workstation) -> Report:
            from app.services.reports import report

            return report(ws, start, end, grouping)

        self.runner.db(job, self._show, self._refused)

    def _refused(self, exc: BaseException) -> None:
        self._show(None)
        self._failed(exc)

    def _show(self, report: Report | None) -> None:
        self.report = report
        self.model.set_report(report)
        if report is None:
            self.volume_chart.set_bars(())
            self.split_chart.set_values(())
            return
        self.table.resizeColumnsToContents()
        # Under the bars a day needs only dd/mm (the year is in the dates above the table).
        short = report.grouping == "day"
        self.volume_chart.set_bars(
            [
                Bar(
                    f"{r.period.start:%d/%m}" if short else r.period.label,
                    (r.figures.received, r.figures.returned),
                )
                for r in report.rows
            ]
        )
        totals = report.totals
        self.split_chart.set_values((totals.early, totals.on_time, totals.late))
        self._say("")

    # ------------------------------------------------------------------ out of the counter

    def export(self, fmt: str) -> None:
        """Ask the service first (a refused person chooses no file), then where, then write."""
        start, end, grouping = self.period()

        def may(ws: Workstation) -> None:
            from app.domain.roles import Permission
            from app.services.authz import require

            require(ws, Permission.VIEW_REPORTS)

        self.runner.db(may, lambda _r: self._export_to(fmt, start, end, grouping), self._failed)

    def _export_to(self, fmt: str, start: date, end: date, grouping: str) -> None:
        suggested = f"bao-cao-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
        pattern = self.tr("Tệp Excel (*.xlsx)") if fmt == "xlsx" else self.tr("Tệp CSV (*.csv)")
        path = self.ask_path(self, self.tr("Lưu báo cáo"), suggested, pattern)
        if not path:
            return

        def job(ws: Workstation) -> bytes:
            from app.services import reports

            if fmt == "xlsx":
                return reports.report_xlsx(ws, start, end)
            return reports.report_csv(ws, start, end, grouping)

        self.runner.db(job, lambda data: self._write(path, data), self._failed, changes="events")

    def _write(self, path: str, data: bytes) -> None:
        self.runner.net(
            lambda: Path(path).write_bytes(data),
            lambda _n: self._say(self.tr("Đã lưu {0}.").format(path)),
            lambda exc: self._say(
                self.tr("Không lưu được tệp {0}: {1}. Chọn thư mục khác.").format(
                    path, write_error_reason(exc)
                ),
                error=True,
            ),
        )

    def print_book(self) -> None:
        start, end, _grouping = self.period()

        def job(ws: Workstation) -> bytes:
            from app.services.book import print_book

            return print_book(ws, start.year, start, end)

        def done(pdf: bytes) -> None:
            title = self.tr("Sổ theo dõi hồ sơ (Mẫu 06) năm {0}").format(start.year)
            self.printing.show_documents(
                [TitledDocument("tracking_book", pdf, "", title)], preview=True
            )
            self._say("")

        self.runner.db(job, done, self._failed, changes="events")
