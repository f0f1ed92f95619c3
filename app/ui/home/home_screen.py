"""The home tab (Việc hôm nay): the dossiers that need the counter today, in four lists.

Overdue dossiers, those due by the end of the next working day, results waiting to be collected,
and results whose next invitation is due. Enter or a double click on a row asks the window to
open that dossier's moves. The lists follow the data (the task runner's ``changed``) and the
clock (a timer, since a dossier becomes overdue with no change at all); the timer runs only
between ``start_auto_refresh`` and ``stop``/close.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.ui.lifecycle import jobs
from app.ui.lifecycle.common import Column, RecordsModel, RecordsTable, error_text, short_moment
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.lifecycle import ActionLists

REFRESH_MS = 3 * 60 * 1000  # overdue is a matter of the clock: look again every few minutes

# (ActionLists attribute, title, what the list means). Marked for lupdate, translated on use.
LISTS: tuple[tuple[str, str, str], ...] = (
    (
        "overdue",
        QT_TRANSLATE_NOOP("HomeScreen", "Quá hạn"),
        QT_TRANSLATE_NOOP(
            "HomeScreen", "đã quá ngày hẹn trả: hẹn lại (Mẫu 04) hoặc đôn đốc cơ quan"
        ),
    ),
    (
        "due_soon",
        QT_TRANSLATE_NOOP("HomeScreen", "Đến hạn trong 1 ngày làm việc"),
        QT_TRANSLATE_NOOP("HomeScreen", "hẹn trả đến hết ngày làm việc kế tiếp"),
    ),
    (
        "results_waiting",
        QT_TRANSLATE_NOOP("HomeScreen", "Kết quả chờ trả"),
        QT_TRANSLATE_NOOP("HomeScreen", "kết quả đã về quầy hoặc đang phát tận nhà"),
    ),
    (
        "invitations_due",
        QT_TRANSLATE_NOOP("HomeScreen", "Cần mời lại"),
        QT_TRANSLATE_NOOP("HomeScreen", "kết quả chưa được nhận, đến lượt mời tiếp"),
    ),
)
_HEADERS = (
    QT_TRANSLATE_NOOP("HomeScreen", "Mã hồ sơ"),
    QT_TRANSLATE_NOOP("HomeScreen", "Người nộp"),
    QT_TRANSLATE_NOOP("HomeScreen", "Điện thoại"),
    QT_TRANSLATE_NOOP("HomeScreen", "Thủ tục"),
    QT_TRANSLATE_NOOP("HomeScreen", "Trạng thái"),
    QT_TRANSLATE_NOOP("HomeScreen", "Hẹn trả"),
)
_WIDTHS = (210, 200, 110, 300, 190, 130)  # the procedure takes the room left


def _tr(text: str) -> str:
    return QCoreApplication.translate("HomeScreen", text)


def _columns() -> list[Column]:
    getters: list[Any] = [
        lambda r: r["code"],
        lambda r: r["full_name"],
        lambda r: r["phone"],
        lambda r: r["procedure_name"],
        lambda r: r["status_label"],
        lambda r: short_moment(r["appointment_at"]),
    ]
    return [Column(_tr(h), get) for h, get in zip(_HEADERS, getters, strict=True)]


@dataclass
class Section:
    key: str
    title: QLabel
    count: QLabel
    table: RecordsTable
    model: RecordsModel
    empty: QLabel


class HomeScreen(QWidget):
    counts_changed = Signal(int)  # dossiers needing action (each counted once)
    open_requested = Signal(str)  # the code of the dossier whose moves to open

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Việc hôm nay"))
        self.runner = runner
        self.lists: ActionLists | None = None
        self._loaded_once = False
        self._request = 0

        self.heading = QLabel(
            self.tr(
                "Hồ sơ cần xử lý hôm nay. Chọn một hồ sơ rồi nhấn Enter (hoặc nhấp đúp) để xem "
                "và thực hiện thao tác."
            )
        )
        self.heading.setWordWrap(True)
        self.updated = QLabel()
        self.updated.setAccessibleName(self.tr("Cập nhật"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Thông báo"))
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.hide()

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.updated)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)

        self.sections: dict[str, Section] = {}
        previous: QWidget | None = None
        for key, title, meaning in LISTS:
            section = self._section(key, _tr(title), _tr(meaning))
            self.sections[key] = section
            header = QHBoxLayout()
            header.addWidget(section.title)
            header.addWidget(section.count, 1)
            layout.addLayout(header)
            layout.addWidget(section.table, 1)
            layout.addWidget(section.empty)
            if previous is not None:
                QWidget.setTabOrder(previous, section.table)
            previous = section.table
        layout.addStretch(0)

        self.timer = QTimer(self)
        self.timer.setObjectName("homeRefresh")
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        runner.changed.connect(self._data_changed)

    def _section(self, key: str, title: str, meaning: str) -> Section:
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        count = QLabel()
        count.setObjectName(f"count-{key}")
        model = RecordsModel(_columns(), lambda r: str(r["code"]), self)
        table = RecordsTable(model, title, _WIDTHS, self, stretch=3)
        table.setObjectName(f"list-{key}")
        label.setBuddy(table)
        table.row_activated.connect(lambda row, m=model: self._open_row(m, row))
        empty = QLabel(self.tr("Không có hồ sơ nào."))
        empty.setIndent(12)
        empty.setStyleSheet("color: #5f6368;")
        count.setToolTip(meaning)
        count.setProperty("meaning", meaning)
        return Section(key, label, count, table, model, empty)

    # ------------------------------------------------------------------ public

    def refresh(self) -> None:
        """Read the four lists again (on the database thread)."""
        self._loaded_once = True
        self._request += 1
        request = self._request
        try:
            self.runner.db(
                jobs.action_lists_now,
                lambda result: self._arrived(request, *result),
                self._failed,
            )
        except RuntimeError:
            self.stop()  # the runner is shut down: the window is closing

    def start_auto_refresh(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def total(self) -> int:
        """Dossiers needing action, each counted once (one may be on two lists)."""
        if self.lists is None:
            return 0
        codes = {
            str(row["code"]) for key, _title, _meaning in LISTS for row in getattr(self.lists, key)
        }
        return len(codes)

    def section(self, key: str) -> Section:
        return self.sections[key]

    def focus_first_list(self) -> None:
        """Focus the first list that has rows (empty lists are hidden)."""
        for section in self.sections.values():
            if section.table.isVisibleTo(self):
                section.table.setFocus()
                return
        self.setFocus()

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    # ----------------------------------------------------------------- private

    def _arrived(self, request: int, at: datetime, lists: ActionLists) -> None:
        if request != self._request:
            return
        self.lists = lists
        self.message.hide()
        for key, section in self.sections.items():
            rows = getattr(lists, key)
            current = section.model.code_at(section.table.current_row())
            section.model.set_rows(rows)
            codes = [str(r["code"]) for r in rows]
            if current in codes:
                section.table.setCurrentIndex(section.model.index(codes.index(current), 0))
            meaning = str(section.count.property("meaning"))
            section.count.setText(self.tr("{0} hồ sơ — {1}").format(len(rows), meaning))
            # An empty list gives its room to the others.
            section.table.setVisible(bool(rows))
            section.empty.setVisible(not rows)
        self.updated.setText(self.tr("Cập nhật lúc {0}").format(short_moment(at)))
        self.counts_changed.emit(self.total())

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        self.message.show()

    def _open_row(self, model: RecordsModel, row: int) -> None:
        code = model.code_at(row)
        if code:
            self.open_requested.emit(code)

    def _data_changed(self, topic: str) -> None:
        if topic in ("dossiers", "sync", "catalog") and self._loaded_once:
            self.refresh()
