"""The lookup screen's search box and filters (status, procedure, reception dates).

Typing is debounced (250 ms) so a fast typist — or a barcode scanner, which types a whole code in
a few milliseconds — does not start a query per key. Enter applies at once; Enter on a whole
dossier code or S10 asks to open that dossier (``code_submitted``).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.services.lookup_query import DossierFilter, is_code_like, status_choices

DEBOUNCE_MS = 250
DEFAULT_RANGE_DAYS = 30


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class FilterBar(QWidget):
    filter_changed = Signal(object)  # DossierFilter
    code_submitted = Signal(str)  # Enter on a whole dossier code or S10 (a scan)

    def __init__(self, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._last: DossierFilter | None = None
        self._today = date.today()

        self.debounce = QTimer(self)
        self.debounce.setObjectName("lookup-debounce")
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(debounce_ms)
        self.debounce.timeout.connect(self._emit_if_changed)

        self.search_label = QLabel(self.tr("Tìm kiếm"), self)
        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Tìm kiếm"))
        self.search.setPlaceholderText(
            self.tr("Quét hoặc gõ mã hồ sơ, số hiệu bưu gửi, tên, số định danh, điện thoại")
        )
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)

        self.status_label = QLabel(self.tr("Trạng thái"), self)
        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("Trạng thái"))
        self.status.addItem(self.tr("Tất cả trạng thái"), None)
        for value, label in status_choices():
            self.status.addItem(label, value)
        self.status_label.setBuddy(self.status)

        self.procedure_label = QLabel(self.tr("Thủ tục"), self)
        self.procedure = QComboBox(self)
        self.procedure.setAccessibleName(self.tr("Thủ tục"))
        self.procedure.setMinimumContentsLength(28)
        self.procedure.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.procedure.addItem(self.tr("Tất cả thủ tục"), None)
        self.procedure_label.setBuddy(self.procedure)

        self.by_date = QCheckBox(self.tr("Lọc theo ngày nhận"), self)
        self.by_date.setAccessibleName(self.tr("Lọc theo ngày nhận"))
        self.from_label = QLabel(self.tr("Từ ngày"), self)
        self.date_from = QDateEdit(self)
        self.date_from.setAccessibleName(self.tr("Từ ngày"))
        self.to_label = QLabel(self.tr("Đến ngày"), self)
        self.date_to = QDateEdit(self)
        self.date_to.setAccessibleName(self.tr("Đến ngày"))
        for label, edit in ((self.from_label, self.date_from), (self.to_label, self.date_to)):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
            label.setBuddy(edit)
        self.set_today(self._today)

        self.clear_button = QPushButton(self.tr("Xóa lọc"), self)
        self.clear_button.setAccessibleName(self.tr("Xóa lọc"))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.search_label, 0, 0)
        grid.addWidget(self.search, 0, 1, 1, 3)
        row = QHBoxLayout()
        row.addWidget(self.status_label)
        row.addWidget(self.status)
        row.addSpacing(8)
        row.addWidget(self.procedure_label)
        row.addWidget(self.procedure, 1)
        row.addSpacing(8)
        row.addWidget(self.by_date)
        row.addWidget(self.from_label)
        row.addWidget(self.date_from)
        row.addWidget(self.to_label)
        row.addWidget(self.date_to)
        row.addSpacing(8)
        row.addWidget(self.clear_button)
        grid.addLayout(row, 1, 0, 1, 4)
        grid.setColumnStretch(1, 1)

        order: list[QWidget] = [
            self.search, self.status, self.procedure, self.by_date,
            self.date_from, self.date_to, self.clear_button,
        ]  # fmt: skip
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        self.search.textEdited.connect(self._schedule)
        self.search.returnPressed.connect(self._enter)
        self.status.currentIndexChanged.connect(self._emit_if_changed)
        self.procedure.currentIndexChanged.connect(self._emit_if_changed)
        self.by_date.toggled.connect(self._dates_toggled)
        # Typing a date changes it digit by digit: wait until the person stops.
        self.date_from.dateChanged.connect(self._from_changed)
        self.date_to.dateChanged.connect(self._to_changed)
        self.clear_button.clicked.connect(self.clear)

    # ------------------------------------------------------------------ public

    def set_today(self, today: date) -> None:
        """Default range: the last 30 days up to ``today`` (the workstation's clock)."""
        self._today = today
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
        self.date_to.setDate(_qdate(today))
        self.date_from.setDate(_qdate(today - timedelta(days=DEFAULT_RANGE_DAYS)))
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(False)

    def set_procedures(self, choices: list[tuple[str, str]]) -> None:
        """Fill the procedure list with (code, name), keeping the current choice."""
        current = self.procedure.currentData()
        self.procedure.blockSignals(True)
        self.procedure.clear()
        self.procedure.addItem(self.tr("Tất cả thủ tục"), None)
        for code, name in choices:
            self.procedure.addItem(f"{name} ({code})", code)
        found = self.procedure.findData(current) if current is not None else 0
        self.procedure.setCurrentIndex(max(found, 0))
        self.procedure.blockSignals(False)

    def current_filter(self) -> DossierFilter:
        dated = self.by_date.isChecked()
        return DossierFilter(
            text=self.search.text().strip(),
            status=self.status.currentData(),
            procedure_code=self.procedure.currentData(),
            received_from=_pydate(self.date_from.date()) if dated else None,
            received_to=_pydate(self.date_to.date()) if dated else None,
        )

    def clear(self) -> None:
        """Back to every dossier."""
        self.debounce.stop()
        for widget in (self.search, self.status, self.procedure, self.by_date):
            widget.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.procedure.setCurrentIndex(0)
        self.by_date.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        for widget in (self.search, self.status, self.procedure, self.by_date):
            widget.blockSignals(False)
        self._emit_if_changed()
        self.search.setFocus()

    def stop(self) -> None:
        """Stop the pending debounce (the screen is closing)."""
        self.debounce.stop()

    # ----------------------------------------------------------------- private

    def _schedule(self, _text: str = "") -> None:
        self.debounce.start()

    def _enter(self) -> None:
        self.debounce.stop()
        text = self.search.text().strip()
        self._emit(force=True)
        if is_code_like(text):
            self.code_submitted.emit(text)
        # The next scan replaces the text instead of adding to it.
        self.search.selectAll()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self._emit_if_changed()

    def _from_changed(self, day: QDate) -> None:
        if day > self.date_to.date():
            self.date_to.blockSignals(True)
            self.date_to.setDate(day)
            self.date_to.blockSignals(False)
        self._schedule()

    def _to_changed(self, day: QDate) -> None:
        if day < self.date_from.date():
            self.date_from.blockSignals(True)
            self.date_from.setDate(day)
            self.date_from.blockSignals(False)
        self._schedule()

    def _emit_if_changed(self, *_args: object) -> None:
        self._emit(force=False)

    def _emit(self, *, force: bool) -> None:
        self.debounce.stop()
        current = self.current_filter()
        if force or current != self._last:
            self._last = current
            self.filter_changed.emit(current)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)
