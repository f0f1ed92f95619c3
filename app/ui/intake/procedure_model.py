"""The procedures list behind the type-ahead picker, filtered with diacritics folded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.procedure import Catalog, Procedure
from app.domain.text import fold

ProcedureRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


def _key(p: Procedure) -> str:
    return fold(f"{p.code} {p.name} {p.field} {p.short_name}")


def _rank(phrase: str, p: Procedure) -> tuple[int, int, int]:
    """Best first: the typed phrase inside the name, early, in a short name; then the rest."""
    at = fold(p.name).find(phrase)
    return (0, at, len(p.name)) if at >= 0 else (1, 0, 0)


class ProcedureListModel(QAbstractListModel):
    """Procedures matching every typed word (by code, name or field; "ket hon" finds Kết hôn)."""

    def __init__(self) -> None:
        super().__init__()
        self._all: list[tuple[str, Procedure]] = []
        self._shown: list[Procedure] = []
        self._query = ""

    def set_catalog(self, catalog: Catalog) -> None:
        procedures = sorted(catalog.procedures.values(), key=lambda p: (p.field, p.name))
        self._all = [(_key(p), p) for p in procedures]
        self.set_filter(self._query)

    def set_filter(self, text: str) -> None:
        self._query = text
        words = fold(text).split()
        self.beginResetModel()
        shown = [p for key, p in self._all if all(w in key for w in words)]
        if words:
            phrase = " ".join(words)
            shown.sort(key=lambda p: _rank(phrase, p))  # stable: ties keep field/name order
        self._shown = shown
        self.endResetModel()

    def procedure(self, row: int) -> Procedure | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def row_of(self, code: str) -> int:
        return next((i for i, p in enumerate(self._shown) if p.code == code), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        p = self.procedure(index.row()) if index.isValid() else None
        if p is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # Two lines for every item, so the view can use uniform row heights on big catalogs.
            second = f"{p.field}  ·  {p.code}"
            if not p.by_post:
                second += "  —  " + self.tr("không nhận qua bưu điện")
            return f"{p.name}\n{second}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return p.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.name}\n{p.not_by_post_reason or p.agency}"
        if role == Qt.ItemDataRole.ForegroundRole and not p.by_post:
            return QColor("#8a1c1c")
        if role == ProcedureRole:
            return p
        return None
