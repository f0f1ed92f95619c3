"""Chốt ngày: the day's figures, the cash count by denomination, the difference and its reason,
hand-over batches, events not yet synced, the hub's discrepancies; then the close and its report.

Every figure comes from app.services.day_close on the database thread, and the service decides
who may close: a counter-staff session sees the service's refusal and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.day_close import DENOMINATIONS
from app.domain.errors import ValidationFailed
from app.domain.text import format_vnd
from app.ui.lifecycle.common import Column, RecordsModel, RecordsTable, TitledDocument, error_text
from app.ui.style import ERROR_COLOR, OK_COLOR, set_bold
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.domain.day_close import DayFigures
    from app.services.day_close import DayStatus
    from app.services.workstation import Workstation
    from app.ui.printing import PrintActions


@dataclass(frozen=True)
class DayView:
    figures: DayFigures
    status: DayStatus
    threshold: int


def load_day(ws: Workstation, day: date) -> DayView:
    from app.services import day_close

    return DayView(
        day_close.preview(ws, day), day_close.day_status(ws, day), day_close.threshold(ws)
    )


def _amount(text: str) -> int | None:
    digits = text.replace(".", "").replace(",", "").replace(" ", "").removesuffix("đ")
    return int(digits) if digits.isdigit() else None


class DayCloseTab(QWidget):
    closed = Signal(object)  # the day closed (date)

    def __init__(
        self, runner: TaskRunner, printing: PrintActions, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.printing = printing
        self.view: DayView | None = None
        self.confirm_box: QMessageBox | None = None
        self._busy = False

        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setAccessibleName(self.tr("Ngày chốt"))
        self.load_button = QPushButton(self.tr("Xem số liệu"))
        self.load_button.setAccessibleName(self.tr("Xem số liệu"))
        self.load_button.clicked.connect(self.load)
        day_label = QLabel(self.tr("Ngày chốt"))
        day_label.setBuddy(self.day)
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.day)
        top.addWidget(self.load_button)
        self.state = QLabel()
        set_bold(self.state)
        top.addWidget(self.state, 1)

        # The day's dossiers.
        self.procedures = RecordsModel(
            [
                Column(self.tr("Thủ tục"), lambda p: f"{p.name} ({p.code})"),
                Column(self.tr("Số hồ sơ"), lambda p: p.count, numeric=True),
                Column(self.tr("Phí, lệ phí"), lambda p: format_vnd(p.fees), numeric=True),
                Column(self.tr("Cước"), lambda p: format_vnd(p.postage), numeric=True),
            ],
            parent=self,
        )
        self.procedures_table = RecordsTable(
            self.procedures, self.tr("Hồ sơ theo thủ tục"), (120, 60, 90, 80), stretch=0
        )
        self.statuses = RecordsModel(
            [
                Column(self.tr("Trạng thái"), lambda s: s.label),
                Column(self.tr("Số hồ sơ"), lambda s: s.count, numeric=True),
            ],
            parent=self,
        )
        self.statuses_table = RecordsTable(
            self.statuses, self.tr("Hồ sơ theo trạng thái"), (), stretch=0
        )
        self.batches = RecordsModel(
            [
                Column(self.tr("Biên bản"), lambda b: b.number),
                Column(self.tr("Cơ quan"), lambda b: b.agency),
                Column(self.tr("Số hồ sơ"), lambda b: b.count, numeric=True),
                Column(
                    self.tr("Cơ quan đã ký nhận"),
                    lambda b: (
                        self.tr("Đã ký nhận")
                        if b.confirmed
                        else self.tr("Còn {0} hồ sơ chưa ký").format(b.awaiting)
                    ),
                ),
            ],
            parent=self,
        )
        self.batches_table = RecordsTable(
            self.batches, self.tr("Biên bản bàn giao"), (150, 200, 80, 170), stretch=1
        )
        dossiers = QGroupBox(self.tr("Hồ sơ trong ngày"))
        grid = QGridLayout(dossiers)
        grid.addWidget(self.procedures_table, 0, 0)
        grid.addWidget(self.statuses_table, 0, 1)
        grid.addWidget(self.batches_table, 1, 0, 1, 2)
        self.sync_line = QLabel()
        self.sync_line.setWordWrap(True)
        grid.addWidget(self.sync_line, 2, 0, 1, 2)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {ERROR_COLOR};")
        grid.addWidget(self.problems, 3, 0, 1, 2)

        # Money: expected, counted (by denomination or a total), the difference, the reason.
        money = QGroupBox(self.tr("Tiền mặt"))
        money_layout = QVBoxLayout(money)
        self.expected = QLabel()
        money_layout.addWidget(self.expected)
        notes = QGridLayout()
        notes.addWidget(QLabel(self.tr("Mệnh giá")), 0, 0)
        notes.addWidget(QLabel(self.tr("Số tờ")), 0, 1)
        notes.addWidget(QLabel(self.tr("Thành tiền")), 0, 2)
        self.notes: dict[int, QSpinBox] = {}
        self.note_sums: dict[int, QLabel] = {}
        for row, value in enumerate(DENOMINATIONS, start=1):
            label = QLabel(format_vnd(value))
            spin = QSpinBox()
            spin.setRange(0, 99_999)
            spin.setAccessibleName(format_vnd(value))
            spin.valueChanged.connect(self._recount)
            label.setBuddy(spin)
            total = QLabel(format_vnd(0))
            notes.addWidget(label, row, 0)
            notes.addWidget(spin, row, 1)
            notes.addWidget(total, row, 2)
            self.notes[value] = spin
            self.note_sums[value] = total
        money_layout.addLayout(notes)
        form = QFormLayout()
        self.total = QLineEdit()
        self.total.setAccessibleName(self.tr("Hoặc nhập tổng tiền đã đếm"))
        self.total.setPlaceholderText(self.tr("Hoặc nhập tổng tiền đã đếm"))
        self.total.textChanged.connect(self._recount)
        self.counted = QLabel()
        self.difference = QLabel()
        set_bold(self.difference)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Lý do chênh lệch"))
        self.reason_error = QLabel()
        self.reason_error.setWordWrap(True)
        self.reason_error.setStyleSheet(f"color: {ERROR_COLOR};")
        total_label = QLabel(self.tr("Hoặc nhập tổng tiền đã đếm"))
        total_label.setBuddy(self.total)
        reason_label = QLabel(self.tr("Lý do chênh lệch"))
        reason_label.setBuddy(self.reason)
        form.addRow(total_label, self.total)
        form.addRow(self.tr("Tiền mặt đã đếm"), self.counted)
        form.addRow(self.tr("Chênh lệch"), self.difference)
        form.addRow(reason_label, self.reason)
        form.addRow("", self.reason_error)
        money_layout.addLayout(form)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Chốt ngày"))
        self.close_button.setObjectName("acceptButton")
        self.close_button.setAccessibleName(self.tr("Chốt ngày"))
        self.close_button.clicked.connect(self.ask_close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.close_button)

        body = QHBoxLayout()
        body.addWidget(dossiers, 3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(money)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body.addWidget(scroll, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self._recount()

    # ------------------------------------------------------------------ figures

    def chosen_day(self) -> date:
        return self.day.date().toPython()  # type: ignore[no-any-return]

    def load(self) -> None:
        day = self.chosen_day()
        self.runner.db(lambda ws: load_day(ws, day), self._show, self._refused)

    def _show(self, view: DayView) -> None:
        self.view = view
        figures, status = view.figures, view.status
        self.procedures.set_rows(figures.procedures)
        self.statuses.set_rows(figures.statuses)
        self.batches.set_rows(figures.batches)
        closed = status.close is not None
        when = self.tr("Ngày {0}: {1} hồ sơ — {2}").format(
            f"{figures.day:%d/%m/%Y}",
            figures.dossiers,
            self.tr("đã chốt, {0}").format(status.label) if closed else self.tr("chưa chốt"),
        )
        self.state.setText(when)
        self.sync_line.setText(
            self.tr(
                "Sự kiện chưa đồng bộ lên tỉnh: {0}. Chốt ngày vẫn được khi ngoại tuyến; "
                "ngày được ghi «chưa đối soát với tỉnh» đến khi tỉnh xác nhận."
            ).format(status.unsynced)
            if status.unsynced
            else self.tr("Mọi sự kiện trong ngày đã đồng bộ lên tỉnh.")
        )
        self.problems.setText("\n".join(status.problems))
        money = figures.money
        self.expected.setText(
            self.tr(
                "Phải thu: {0} (phí, lệ phí {1}; cước {2}; thu khi trả kết quả cho {3} hồ sơ: {4})"
            ).format(
                format_vnd(money.expected),
                format_vnd(money.fees),
                format_vnd(money.postage),
                money.returns,
                format_vnd(money.collected_at_returns),
            )
        )
        self.close_button.setEnabled(not closed)
        self._say("")
        self._recount()

    def _refused(self, exc: BaseException) -> None:
        self.view = None
        for model in (self.procedures, self.statuses, self.batches):
            model.set_rows(())
        self.state.setText("")
        self._say(error_text(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOR if error else OK_COLOR};")

    # ------------------------------------------------------------------ cash

    def by_notes(self) -> dict[int, int]:
        return {value: spin.value() for value, spin in self.notes.items() if spin.value()}

    def counted_total(self) -> int | None:
        notes = self.by_notes()
        if notes:
            return sum(value * count for value, count in notes.items())
        return _amount(self.total.text())

    def _recount(self) -> None:
        for value, spin in self.notes.items():
            self.note_sums[value].setText(format_vnd(value * spin.value()))
        counted = self.counted_total()
        self.counted.setText("" if counted is None else format_vnd(counted))
        if counted is None or self.view is None:
            self.difference.setText("")
            return
        diff = counted - self.view.figures.money.expected
        sign = "+" if diff > 0 else "−" if diff < 0 else ""
        self.difference.setText(f"{sign}{format_vnd(abs(diff))}")
        over = abs(diff) > max(0, self.view.threshold)
        self.difference.setStyleSheet(f"color: {ERROR_COLOR if over else OK_COLOR};")

    # ------------------------------------------------------------------ closing

    def ask_close(self) -> None:
        if self._busy:
            return
        day = self.chosen_day()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Chốt ngày"),
            self.tr(
                "Chốt ngày {0}? Sau khi chốt, ngày này chỉ còn xem được; điều chỉnh ghi vào "
                "ngày sau."
            ).format(f"{day:%d/%m/%Y}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("Chốt ngày"))
        yes.setAccessibleName(self.tr("Chốt ngày"))
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        cancel.setText(self.tr("Hủy"))
        cancel.setAccessibleName(self.tr("Hủy"))
        box.setDefaultButton(cancel)
        box.finished.connect(
            lambda _r: self._confirmed(day) if box.clickedButton() is yes else None
        )
        self.confirm_box = box
        box.open()

    def _confirmed(self, day: date) -> None:
        self.confirm_box = None
        notes = self.by_notes()
        total = None if notes else _amount(self.total.text())
        reason = self.reason.text()

        def job(ws: Workstation) -> tuple[bytes, DayView]:
            from app.services import day_close

            day_close.close_day(ws, day, cash=notes or None, cash_total=total, reason=reason)
            return day_close.render_report(ws, day), load_day(ws, day)

        self._busy = True
        self.close_button.setEnabled(False)
        self.reason_error.setText("")
        self.runner.db(job, lambda r: self._closed(day, *r), self._close_failed, changes="day")

    def _closed(self, day: date, pdf: bytes, view: DayView) -> None:
        self._busy = False
        self._show(view)
        self._say(self.tr("Đã chốt ngày {0}.").format(f"{day:%d/%m/%Y}"))
        title = self.tr("Báo cáo chốt ngày {0}").format(f"{day:%d/%m/%Y}")
        self.printing.show_documents(
            [TitledDocument("day_report", pdf, day.isoformat(), title)], preview=True
        )
        self.closed.emit(day)

    def _close_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.close_button.setEnabled(self.view is None or self.view.status.close is None)
        if isinstance(exc, ValidationFailed):
            reasons = [e.message for e in exc.errors if e.field == "reason"]
            self.reason_error.setText(" ".join(reasons))
            if reasons:
                self.reason.setFocus()
        self._say(error_text(exc), error=True)
