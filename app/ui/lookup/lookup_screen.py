"""The lookup screen (Tra cứu): find dossiers among a million, open one, ask for a reprint.

Keyboard first: the search box has focus (Ctrl+F brings it back); a scanned code or S10 followed
by Enter opens that dossier at once; ↓ moves into the table, Enter or a double click opens the
selected row, Esc returns to the search box.
All database work goes through the TaskRunner; the screen itself never touches the database.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import lookup_query
from app.services.lookup import DossierDetail
from app.services.lookup_query import DossierFilter
from app.ui.lookup.detail_dialog import DetailDialog
from app.ui.lookup.dossier_table_model import ROWID_ROLE, DossierTableModel, error_message
from app.ui.lookup.filter_bar import FilterBar
from app.ui.tasks import TaskRunner

_COLUMN_WIDTHS = (200, 130, 190, 300, 125, 125)  # the last column stretches


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class LookupScreen(QWidget):
    reprint_requested = Signal(str, str)  # dossier code, document kind ("receipt", "label")
    detail_opened = Signal(str)  # the code of the dossier whose detail is now shown

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Tra cứu"))
        self._runner = runner
        self._loaded_once = False
        self._stale = False
        self._detail: DetailDialog | None = None
        self._place: tuple[object, int] | None = None  # (rowid, scroll) kept over a refresh

        self.filter_bar = FilterBar(self)
        self.model = DossierTableModel(runner, self)

        self.list_label = QLabel(self.tr("Danh sách hồ sơ"), self)
        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Danh sách hồ sơ"))
        self.list_label.setBuddy(self.table)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        # Fixed row heights: the view never measures a million rows.
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(_COLUMN_WIDTHS):
            header.resizeSection(column, width)

        self.status_line = QLabel(self)
        self.status_line.setAccessibleName(self.tr("Kết quả tra cứu"))
        self.message = QLabel(self)
        self.message.setAccessibleName(self.tr("Thông báo"))
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.hide()
        self.hint = QLabel(
            self.tr(
                "Quét mã vạch hoặc gõ mã hồ sơ rồi nhấn Enter để mở hồ sơ. "
                "Trong danh sách: Enter hoặc nhấp đúp để xem chi tiết."
            ),
            self,
        )
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.list_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_line)
        layout.addWidget(self.hint)
        QWidget.setTabOrder(self.filter_bar.clear_button, self.table)
        self.setFocusProxy(self.filter_bar.search)

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        self.filter_bar.filter_changed.connect(self._apply_filter)
        self.filter_bar.code_submitted.connect(self.open_code)
        self.filter_bar.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.model.loading_changed.connect(self._show_count)
        self.model.count_changed.connect(self._show_count)
        self.model.count_changed.connect(self._restore_place)
        self.model.first_page_ready.connect(self._first_page_ready)
        self.model.failed.connect(self.show_message)
        runner.changed.connect(self._dossiers_changed)
        self.filter_bar.set_today(runner.ws.now().date())

    # ------------------------------------------------------------------ public

    def open_code(self, code: str) -> None:
        """Open the detail of the dossier with this code or S10 (loaded in the background)."""
        wanted = code.strip()
        if not wanted:
            return
        self._runner.db(
            lambda ws: lookup_query.open_detail(ws, wanted),
            self._show_detail,
            self._detail_failed,
        )

    def current_detail(self) -> DetailDialog | None:
        """The open detail dialog, if any."""
        return self._detail

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def load(self) -> None:
        """Fill the procedure list and show the newest dossiers (done on first show)."""
        self._loaded_once = True
        self._stale = False
        # The newest dossiers first: the procedure list is not needed to see them.
        self.model.set_filter(self.filter_bar.current_filter())
        self._runner.db(
            lookup_query.procedure_choices, self.filter_bar.set_procedures, self._failed
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.load()
        elif self._stale:
            self._stale = False
            self._refresh_keeping_place()

    def hideEvent(self, event: QHideEvent) -> None:
        self.filter_bar.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.filter_bar.stop()
        if self._detail is not None:
            self._detail.close()
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.table.currentIndex()
                if current.isValid():
                    self._open_row(current.row())
                    return True
            if watched is self.table and key == Qt.Key.Key_Escape:
                self.focus_search()  # back to the search box, ready for the next scan
                return True
            if (
                watched is self.filter_bar.search
                and key == Qt.Key.Key_Down
                and self.model.rowCount() > 0
            ):
                # ↓ from the search box goes to the first result.
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- private

    def _apply_filter(self, f: DossierFilter) -> None:
        self._place = None  # a new filter starts at its newest dossier
        self.show_message("")
        self.model.set_filter(f)
        self._show_count()

    def _first_page_ready(self) -> None:
        self._show_count()
        if self.model.rowCount() > 0 and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _show_count(self, *_args: object) -> None:
        rows = self.model.rowCount()
        if self.model.is_searching():
            text = self.tr("Đang tìm…")
        elif self.model.is_complete():
            if rows == 0:
                text = self.tr(
                    "Không có hồ sơ nào khớp. Hãy bớt điều kiện lọc hoặc kiểm tra lại từ khóa."
                )
            else:
                text = self.tr("{0} hồ sơ, mới nhất trước.").format(_thousands(rows))
        else:
            text = self.tr("Đang tải danh sách… (đã có {0} hồ sơ mới nhất)").format(
                _thousands(rows)
            )
        self.status_line.setText(text)

    def _open_row(self, row: int) -> None:
        code = self.model.code_at(row)
        if code is None:
            self.model.ensure_loaded(row)
            self.show_message(self.tr("Dòng này đang được tải. Hãy thử lại sau giây lát."))
            return
        self.open_code(code)

    def _show_detail(self, detail: DossierDetail) -> None:
        self.show_message("")
        if self._detail is not None:
            self._detail.close()
        dialog = DetailDialog(detail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reprint_requested.connect(self.reprint_requested)
        dialog.finished.connect(lambda _result, d=dialog: self._detail_closed(d))
        self._detail = dialog
        dialog.open()
        self.detail_opened.emit(detail.dossier.code)

    def _detail_closed(self, dialog: DetailDialog) -> None:
        if self._detail is dialog:
            self._detail = None
            self.focus_search()

    def _detail_failed(self, exc: BaseException) -> None:
        self.show_message(error_message(exc))
        self.focus_search()

    def _failed(self, exc: BaseException) -> None:
        self.show_message(error_message(exc))

    def _dossiers_changed(self, topic: str) -> None:
        if topic != "dossiers":
            return
        if self._detail is not None:
            code = self._detail.code()
            self._runner.db(
                lambda ws: lookup_query.open_detail(ws, code), self._refresh_detail, self._failed
            )
        if not self._loaded_once:
            return
        if self.isVisible():
            self._refresh_keeping_place()
        else:
            self._stale = True

    def _refresh_detail(self, detail: DossierDetail) -> None:
        if self._detail is not None:
            self._detail.refresh(detail)

    def _refresh_keeping_place(self) -> None:
        # A reprint or a new dossier must not throw the person back to the top of the list.
        current = self.table.currentIndex()
        rowid = self.model.data(current, ROWID_ROLE) if current.isValid() else None
        self._place = (rowid, self.table.verticalScrollBar().value())
        self.model.refresh()

    def _restore_place(self, _count: int) -> None:
        if self._place is None:
            return
        rowid, scroll = self._place
        self._place = None
        if rowid is not None:
            try:
                row = self.model.rowids().index(rowid)
            except ValueError:
                pass  # that dossier no longer matches the filter
            else:
                self.table.setCurrentIndex(self.model.index(row, 0))
        # After the current row: selecting scrolls it into view, this puts the view back.
        self.table.verticalScrollBar().setValue(scroll)
