"""A lazy table of dossiers that stays smooth over a million rows.

The model holds only the matching rowids (``array('q')``, 8 bytes a row) and a small LRU of
pages of formatted rows. ``data()`` answers "…" for a row not loaded yet and asks for its page on
the database thread; when the page arrives the model emits ``dataChanged`` for it. A new filter
shows its newest page first (one LIMITed query), then fetches every matching rowid in one query
and appends the rest, so the first rows appear in milliseconds even when a million match.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.domain.errors import DomainError
from app.services import lookup_query
from app.services.lookup_query import PAGE_SIZE, DossierFilter, FirstPage, LookupRow
from app.services.workstation import Workstation
from app.ui.tasks import TaskRunner

PLACEHOLDER = "…"
GONE = "—"  # a rowid whose dossier is no longer there

AnyIndex = QModelIndex | QPersistentModelIndex


# (attribute of LookupRow, header). Headers are marked for lupdate and translated on display.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", QT_TRANSLATE_NOOP("DossierTableModel", "Mã hồ sơ")),
    ("s10", QT_TRANSLATE_NOOP("DossierTableModel", "Số hiệu bưu gửi")),
    ("applicant", QT_TRANSLATE_NOOP("DossierTableModel", "Người nộp")),
    ("procedure_name", QT_TRANSLATE_NOOP("DossierTableModel", "Thủ tục")),
    ("received", QT_TRANSLATE_NOOP("DossierTableModel", "Nhận lúc")),
    ("appointment", QT_TRANSLATE_NOOP("DossierTableModel", "Hẹn trả")),
    ("status_label", QT_TRANSLATE_NOOP("DossierTableModel", "Trạng thái")),
)
CODE_ROLE = Qt.ItemDataRole.UserRole
ROWID_ROLE = Qt.ItemDataRole.UserRole + 1


def error_message(exc: BaseException) -> str:
    """A Vietnamese sentence for a failed background job, saying what to do."""
    if isinstance(exc, DomainError):
        return exc.message
    message = getattr(exc, "message", None)  # StorageError and others that speak to people
    if isinstance(message, str) and message:
        return message
    # Spelled out (not aliased) so pyside6-lupdate finds the strings.
    if isinstance(exc, sqlite3.Error):
        return QCoreApplication.translate(
            "DossierTableModel",
            "Không đọc được dữ liệu hồ sơ ({0}). Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên "
            "kiểm tra cơ sở dữ liệu (lệnh «motcua check»).",
        ).format(exc)
    return QCoreApplication.translate(
        "DossierTableModel",
        "Tra cứu gặp lỗi ({0}). Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên.",
    ).format(exc)


def _page_job(
    superseded: Callable[[], bool], ids: list[int], ws: Workstation
) -> list[LookupRow] | None:
    # Skipped when a newer filter came in while the job waited in the queue.
    return None if superseded() else lookup_query.rows_for(ws, ids)


class DossierTableModel(QAbstractTableModel):
    """Dossiers matching a filter, newest first, loaded a page at a time."""

    loading_changed = Signal(bool)  # True while the rowid list is being (re)built
    first_page_ready = Signal()  # the newest page of a new filter is shown
    count_changed = Signal(int)  # the number of matches, once every rowid is known
    failed = Signal(str)  # a Vietnamese message

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        cache_pages: int = 40,
        max_in_flight: int = 2,
        max_wanted: int = 6,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._page_size = page_size
        self._cache_pages = cache_pages  # 40 × 200 rows ≈ 8,000 rows held at most
        self._max_in_flight = max_in_flight
        self._max_wanted = max_wanted
        self._filter = DossierFilter()
        self._request = 0  # bumped by each set_filter; stale list answers are dropped
        self._shown = 0  # the request whose first page is shown
        self._ids: array[int] = array("q")
        self._complete = True
        self._loading = False
        self._pages: OrderedDict[int, list[LookupRow | None]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()  # asked for, not yet submitted
        self._in_flight: set[int] = set()

    # ------------------------------------------------------------------ public

    def set_filter(self, f: DossierFilter) -> None:
        """Show the dossiers matching ``f``; the current rows stay until the new ones arrive."""
        self._filter = f
        self._request += 1
        request = self._request
        size = self._page_size
        cancelled = self._superseded(request)
        self._set_loading(True)
        self._submit(
            lambda ws: lookup_query.first_page(ws, f, size, cancelled=cancelled),
            partial(self._head_arrived, request, f),
            partial(self._list_failed, request),
        )

    def refresh(self) -> None:
        """Run the current filter again (after dossiers changed)."""
        self.set_filter(self._filter)

    def current_filter(self) -> DossierFilter:
        return self._filter

    def is_loading(self) -> bool:
        return self._loading

    def is_searching(self) -> bool:
        """Whether the rows shown still belong to the previous filter."""
        return self._loading and self._shown != self._request

    def is_complete(self) -> bool:
        """Whether every matching rowid is known (rowCount is final)."""
        return self._complete and not self._loading

    def page_size(self) -> int:
        return self._page_size

    def rowids(self) -> Sequence[int]:
        return self._ids

    def is_row_loaded(self, row: int) -> bool:
        return row // self._page_size in self._pages

    def cached_pages(self) -> list[int]:
        """Pages held, least recently used first."""
        return list(self._pages)

    def row_at(self, row: int) -> LookupRow | None:
        """The row if its page is loaded (no fetch)."""
        page = self._pages.get(row // self._page_size)
        return None if page is None else page[row % self._page_size]

    def code_at(self, row: int) -> str | None:
        r = self.row_at(row)
        return None if r is None else r.code

    def ensure_loaded(self, row: int) -> None:
        """Ask for the page holding ``row`` (as ``data()`` does for a visible row)."""
        if 0 <= row < len(self._ids):
            self._want(row // self._page_size)

    # --------------------------------------------------------------- Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < len(COLUMNS)):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            CODE_ROLE,
            ROWID_ROLE,
        ):
            return None
        if role == ROWID_ROLE:
            return self._ids[row]
        number = row // self._page_size
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        self._pages.move_to_end(number)  # LRU: visible pages stay
        item = page[row % self._page_size]
        if item is None:
            return GONE if role == Qt.ItemDataRole.DisplayRole else None
        if role == CODE_ROLE:
            return item.code
        value = str(getattr(item, COLUMNS[column][0]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.procedure_code} — {value}" if column == 3 else value
        return value

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(COLUMNS):
                return QCoreApplication.translate("DossierTableModel", COLUMNS[section][1])
            return None
        return section + 1

    # ----------------------------------------------------------------- private

    def _submit(
        self,
        fn: Callable[..., object],
        on_done: Callable[[object], None],
        on_error: Callable[[BaseException], None],
    ) -> bool:
        try:
            self._runner.db(fn, on_done, on_error)
        except RuntimeError:
            # The runner is shut down (the window is closing): nothing more to load.
            return False
        return True

    def _superseded(self, request: int) -> Callable[[], bool]:
        # Polled on the database thread while a query runs: a newer filter makes it stop.
        return lambda: request != self._request

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _reset_to(self, ids: array[int], pages: dict[int, list[LookupRow | None]]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._pages = OrderedDict(pages)
        self._wanted.clear()
        self._in_flight.clear()
        self.endResetModel()

    def _head_arrived(self, request: int, f: DossierFilter, head: FirstPage) -> None:
        if request != self._request:
            return
        rows: list[LookupRow | None] = list(head.rows)
        self._complete = head.complete
        self._shown = request
        self._reset_to(array("q", (r.rowid for r in head.rows)), {0: rows} if rows else {})
        self.first_page_ready.emit()
        if head.complete:
            self._set_loading(False)
            self.count_changed.emit(len(self._ids))
            return
        cancelled = self._superseded(request)
        self._submit(
            lambda ws: lookup_query.matching_rowids(ws, f, cancelled=cancelled),
            partial(self._ids_arrived, request),
            partial(self._list_failed, request),
        )

    def _ids_arrived(self, request: int, ids: array[int]) -> None:
        if request != self._request:
            return
        head = len(self._ids)
        if ids[:head] == self._ids:
            # The newest page is already shown: append the rest so the view keeps its place.
            if len(ids) > head:
                self.beginInsertRows(QModelIndex(), head, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
        else:
            # Something changed between the two queries: start over from the full list.
            self._reset_to(ids, {})
        self._complete = True
        self._set_loading(False)
        self.count_changed.emit(len(self._ids))

    def _list_failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self._set_loading(False)
        self.failed.emit(error_message(exc))

    def _want(self, number: int) -> None:
        if number in self._in_flight:
            return
        self._wanted[number] = None
        self._wanted.move_to_end(number)
        # Scrolling fast asks for many pages; only the latest few are still worth loading.
        while len(self._wanted) > self._max_wanted:
            self._wanted.popitem(last=False)
        self._pump()

    def _pump(self) -> None:
        while self._wanted and len(self._in_flight) < self._max_in_flight:
            number, _ = self._wanted.popitem(last=True)  # the most recent request first
            start = number * self._page_size
            ids = self._ids[start : start + self._page_size].tolist()
            if not ids:
                continue
            self._in_flight.add(number)
            superseded = self._superseded(self._request)
            submitted = self._submit(
                partial(_page_job, superseded, ids),
                partial(self._page_arrived, number, ids),
                partial(self._page_failed, number, ids),
            )
            if not submitted:
                self._in_flight.discard(number)
                self._wanted.clear()
                return

    def _is_current(self, number: int, ids: list[int]) -> bool:
        start = number * self._page_size
        return self._ids[start : start + len(ids)].tolist() == ids

    def _page_arrived(self, number: int, ids: list[int], rows: list[LookupRow] | None) -> None:
        current = self._is_current(number, ids)
        if current:
            self._in_flight.discard(number)
        if rows is None or not current:
            self._pump()  # skipped, or an answer for an older list: drop it
            return
        by_id = {r.rowid: r for r in rows}
        self._pages[number] = [by_id.get(i) for i in ids]
        self._pages.move_to_end(number)
        while len(self._pages) > self._cache_pages:
            self._pages.popitem(last=False)
        start = number * self._page_size
        self.dataChanged.emit(
            self.index(start, 0),
            self.index(start + len(ids) - 1, len(COLUMNS) - 1),
            [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, CODE_ROLE],
        )
        self._pump()

    def _page_failed(self, number: int, ids: list[int], exc: BaseException) -> None:
        if self._is_current(number, ids):
            self._in_flight.discard(number)
            self.failed.emit(error_message(exc))
        self._pump()
