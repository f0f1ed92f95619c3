"""Pieces the lifecycle screens share: a small lazy table, its view, titled documents, messages.

The lists here are short (a batch, today's work: a few hundred rows at most), so the model holds
the records the database thread returned and formats a cell only when the view asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

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
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.domain.errors import DomainError, ValidationFailed
from app.ui.printing.documents import PrintDocument

AnyIndex = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole  # the dossier code of a row (for opening it)

VN_TIME = timezone(timedelta(hours=7))  # as app.services.workstation.VN_TZ, without its imports


def error_text(exc: BaseException) -> str:
    """A Vietnamese sentence for a failed job, saying what to do."""
    if isinstance(exc, ValidationFailed):
        return " ".join(e.message for e in exc.errors)
    if isinstance(exc, DomainError):
        return exc.message
    message = getattr(exc, "message", None)  # StorageError and others that speak to people
    if isinstance(message, str) and message:
        return message
    return QCoreApplication.translate(
        "Lifecycle",
        "Có lỗi ngoài dự kiến: {0}. Thao tác chưa được ghi; hãy thử lại, nếu vẫn lỗi thì báo "
        "cho bộ phận kỹ thuật.",
    ).format(exc)


def short_moment(value: datetime | str | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam's time (table cells; the forms spell it out in words)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is not None:
        value = value.astimezone(VN_TIME)
    return f"{value:%d/%m/%Y %H:%M}"


@dataclass(frozen=True)
class Column:
    header: str  # already translated
    value: Callable[[Any], object]
    numeric: bool = False


class RecordsModel(QAbstractTableModel):
    """Records (dicts or objects) shown through columns; cells are formatted on demand."""

    def __init__(
        self,
        columns: Sequence[Column],
        code_of: Callable[[Any], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._code_of = code_of
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def code_at(self, row: int) -> str | None:
        record = self.row_at(row)
        if record is None or self._code_of is None:
            return None
        return self._code_of(record)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self._columns[index.column()]
        record = self._rows[index.row()]
        if role == CODE_ROLE:
            return self._code_of(record) if self._code_of else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(column.value(record))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header if 0 <= section < len(self._columns) else None
        return section + 1


class RecordsTable(QTableView):
    """A read-only table of whole rows; Enter or a double click emits ``row_activated``.

    ``widths`` sizes the first columns; the column ``stretch`` (default: the last) takes the rest.
    """

    row_activated = Signal(int)

    def __init__(
        self,
        model: RecordsModel,
        name: str,
        widths: Sequence[int] = (),
        parent: QWidget | None = None,
        *,
        stretch: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere in the window
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        if stretch is None:
            header.setStretchLastSection(True)
        else:
            # The long text column takes the room left, so no column ends up cut off.
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # Several lists share a screen: only the one with focus shows its row in full colour.
        self.setStyleSheet(
            "QTableView:!focus { selection-background-color: #dbe4ef; selection-color: #1f2328; }"
        )
        self.doubleClicked.connect(lambda index: self.row_activated.emit(index.row()))
        # The first row becomes current when rows arrive, so Enter works at once.
        model.modelReset.connect(self._select_first)

    def records(self) -> RecordsModel:
        model = self.model()
        assert isinstance(model, RecordsModel)
        return model

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_row() >= 0:
            self.row_activated.emit(self.current_row())
            event.accept()
            return
        super().keyPressEvent(event)

    def _select_first(self) -> None:
        if self.model().rowCount() > 0:
            self.setCurrentIndex(self.model().index(0, 0))


@dataclass(frozen=True)
class TitledDocument(PrintDocument):
    """A lifecycle form or the hand-over minutes: a PrintDocument that carries its own title."""

    label: str = ""

    @property
    def title(self) -> str:
        return self.label or super().title


# Titles of what the lifecycle prints (the services' FormKind values and the hand-over minutes).
FORM_TITLES: dict[str, str] = {
    "supplement": QT_TRANSLATE_NOOP(
        "Lifecycle", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"
    ),
    "refusal": QT_TRANSLATE_NOOP("Lifecycle", "Phiếu từ chối giải quyết hồ sơ (Mẫu 03)"),
    "apology": QT_TRANSLATE_NOOP("Lifecycle", "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"),
    "control": QT_TRANSLATE_NOOP(
        "Lifecycle", "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)"
    ),
    "invitation": QT_TRANSLATE_NOOP("Lifecycle", "Giấy mời nhận kết quả"),
    "handover_minutes": QT_TRANSLATE_NOOP("Lifecycle", "Biên bản giao nhận hồ sơ"),
}


def form_document(kind: str, pdf: bytes, code: str) -> TitledDocument:
    title = FORM_TITLES.get(kind)
    label = QCoreApplication.translate("Lifecycle", title) if title else kind
    return TitledDocument(kind, pdf, code, label)
