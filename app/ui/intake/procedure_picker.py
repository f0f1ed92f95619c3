"""Type-ahead procedure picker: a search box driving a short list, arrows and Enter to choose."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from app.domain.procedure import Catalog, Procedure
from app.ui.intake.procedure_model import ProcedureListModel
from app.ui.style import set_selection_color

_NAVIGATION = {
    Qt.Key.Key_Down,
    Qt.Key.Key_Up,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_PageUp,
}


class ProcedurePicker(QWidget):
    chosen = Signal(object)  # Procedure | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProcedureListModel()
        self.label = QLabel(self.tr("Tìm thủ tục"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Gõ tên, mã hoặc lĩnh vực, rồi Enter"))
        self.search.setAccessibleName(self.label.text())
        self.search.setClearButtonEnabled(True)
        self.label.setBuddy(self.search)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Danh sách thủ tục"))
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        set_selection_color(self.list)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # arrows in the search box drive it
        self.list.setMinimumHeight(120)
        self.selected: Procedure | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)

        self.search.textEdited.connect(self._filter)
        self.search.returnPressed.connect(self._choose_current)
        self.search.installEventFilter(self)
        self.list.clicked.connect(lambda index: self.choose_row(index.row()))
        self.list.activated.connect(lambda index: self.choose_row(index.row()))

    def set_catalog(self, catalog: Catalog) -> None:
        self.model.set_catalog(catalog)
        self._select_row(0)

    def clear(self) -> None:
        self.search.clear()
        self._filter("")
        self.selected = None
        self.chosen.emit(None)

    def choose_code(self, code: str) -> bool:
        row = self.model.row_of(code)
        if row < 0:
            self.search.clear()
            self._filter("")
            row = self.model.row_of(code)
        if row >= 0:
            self.choose_row(row)
        return row >= 0

    def choose_row(self, row: int) -> None:
        procedure = self.model.procedure(row)
        if procedure is None:
            return
        self._select_row(row)
        self.selected = procedure
        self.search.setText(procedure.name)
        self.chosen.emit(procedure)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _NAVIGATION:
                self._move(event.key())
                return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._select_row(0)
        if self.selected is not None and text != self.selected.name:
            self.selected = None
            self.chosen.emit(None)

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row))

    def _move(self, key: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5}.get(key, -5)
        row = min(rows - 1, max(0, self.list.currentIndex().row() + step))
        self._select_row(row)

    def _choose_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.choose_row(index.row())
