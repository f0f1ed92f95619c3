"""The documents handed over, ticked against the procedure's published list (thành phần hồ sơ).

Each line shows what the catalog asks for (kind and count) and lets the counter record what was
actually given: an original may stand in for a copy, two copies for one. Free lines take papers
the list does not name.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import DocumentLine
from app.domain.intake import missing_documents
from app.domain.procedure import DocumentKind, Procedure, RequiredDocument
from app.ui.style import ERROR_COLOR, OK_COLOR, set_text_color

KIND_TEXTS = {
    DocumentKind.ORIGINAL: QT_TRANSLATE_NOOP("DocumentChecklist", "Bản chính"),
    DocumentKind.CERTIFIED_COPY: QT_TRANSLATE_NOOP("DocumentChecklist", "Bản sao chứng thực"),
    DocumentKind.PHOTOCOPY: QT_TRANSLATE_NOOP("DocumentChecklist", "Bản photo"),
}
KINDS = tuple(KIND_TEXTS)


class _ToggleLabel(QLabel):
    """A wrapped document name that ticks its checkbox when clicked, like a checkbox's own text."""

    def __init__(self, text: str, check: QCheckBox) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setBuddy(check)
        self._check = check

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._check.isEnabled():
            self._check.toggle()
        super().mouseReleaseEvent(event)


@dataclass
class _Line:
    check: QCheckBox
    label: QLabel
    kind: QComboBox
    count: QSpinBox
    name: str
    required: RequiredDocument | None  # None: a free line added at the counter

    def document(self) -> DocumentLine:
        return DocumentLine(self.name, KINDS[self.kind.currentIndex()], self.count.value())


class DocumentChecklist(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.procedure: Procedure | None = None
        self.lines: list[_Line] = []
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(4)
        self.name_header = QLabel(self.tr("Giấy tờ"))
        self.kind_header = QLabel(self.tr("Loại"))
        self.count_header = QLabel(self.tr("Số bản"))
        self.empty = QLabel(self.tr("Chọn thủ tục để xem danh sách giấy tờ."))
        self.empty.setWordWrap(True)

        self.extra_name = QLineEdit()
        self.extra_name.setPlaceholderText(self.tr("Giấy tờ khác (gõ tên rồi Enter)"))
        self.extra_name.setAccessibleName(self.extra_name.placeholderText())
        self.extra_kind = self._kind_combo(DocumentKind.ORIGINAL)
        self.extra_count = self._count_spin(1)
        self.extra_add = QPushButton(self.tr("Thêm"))
        self.extra_add.setAccessibleName(self.extra_add.text())
        extra = QHBoxLayout()
        extra.addWidget(self.extra_name, 1)
        extra.addWidget(self.extra_kind)
        extra.addWidget(self.extra_count)
        extra.addWidget(self.extra_add)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("checklistSummary")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self.grid)
        layout.addLayout(extra)
        layout.addWidget(self.summary)

        self.extra_add.clicked.connect(self._add_extra)
        self.extra_name.returnPressed.connect(self._add_extra)
        self._set_extra_enabled(False)

    # ------------------------------------------------------------------ building

    def _kind_combo(self, kind: DocumentKind) -> QComboBox:
        combo = QComboBox()
        for k in KINDS:
            combo.addItem(self.tr(KIND_TEXTS[k]))
        combo.setCurrentIndex(KINDS.index(kind))
        combo.setAccessibleName(self.tr("Loại"))
        combo.currentIndexChanged.connect(self._changed)
        return combo

    def _count_spin(self, count: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(1, 99)
        spin.setValue(count)
        spin.setAccessibleName(self.tr("Số bản"))
        spin.valueChanged.connect(self._changed)
        return spin

    def _add_line(self, name: str, required: RequiredDocument | None, checked: bool) -> _Line:
        text = name
        if required is not None and required.optional:
            text += " " + self.tr("(nếu có)")
        check = QCheckBox()
        check.setAccessibleName(text)
        check.setChecked(checked)
        check.toggled.connect(self._changed)
        label = _ToggleLabel(text, check)
        kind = required.kind if required is not None else KINDS[self.extra_kind.currentIndex()]
        count = required.count if required is not None else self.extra_count.value()
        line = _Line(check, label, self._kind_combo(kind), self._count_spin(count), name, required)
        if required is not None:
            tip = self.tr("Yêu cầu: {0} × {1}").format(self.tr(KIND_TEXTS[kind]), count)
            if required.note:
                tip += "\n" + required.note
            label.setToolTip(tip)
        row = len(self.lines) + 1
        self.grid.addWidget(line.check, row, 0)
        self.grid.addWidget(line.label, row, 1)
        self.grid.addWidget(line.kind, row, 2)
        self.grid.addWidget(line.count, row, 3)
        self.lines.append(line)
        return line

    def _remove_lines(self) -> None:
        for line in self.lines:
            for widget in (line.check, line.label, line.kind, line.count):
                self.grid.removeWidget(widget)
                widget.hide()  # deleteLater waits for the event loop; do not paint meanwhile
                widget.deleteLater()
        self.lines = []

    def _set_extra_enabled(self, enabled: bool) -> None:
        for widget in (self.extra_name, self.extra_kind, self.extra_count, self.extra_add):
            widget.setEnabled(enabled)

    # ------------------------------------------------------------------ public

    def set_procedure(self, procedure: Procedure | None) -> None:
        self._remove_lines()
        self.procedure = procedure
        has = procedure is not None
        self.empty.setVisible(not has)
        self._set_extra_enabled(has)
        if procedure is not None:
            self.grid.addWidget(self.name_header, 0, 1)
            self.grid.addWidget(self.kind_header, 0, 2)
            self.grid.addWidget(self.count_header, 0, 3)
            for req in procedure.documents:
                self._add_line(req.name, req, checked=False)
        for header in (self.name_header, self.kind_header, self.count_header):
            header.setVisible(has)
        self._changed()

    def documents(self) -> list[DocumentLine]:
        return [line.document() for line in self.lines if line.check.isChecked()]

    def raw(self) -> list[dict[str, object]]:
        return [{"name": d.name, "kind": d.kind.value, "count": d.count} for d in self.documents()]

    def missing(self) -> list[RequiredDocument]:
        if self.procedure is None:
            return []
        return missing_documents(self.procedure, self.documents())

    def check_all_required(self) -> None:
        for line in self.lines:
            if line.required is not None and not line.required.optional:
                line.check.setChecked(True)

    def tab_chain(self) -> list[QWidget]:
        """The inputs in reading order (lines are created after the free-line row)."""
        chain: list[QWidget] = []
        for line in self.lines:
            chain += [line.check, line.kind, line.count]
        return [*chain, self.extra_name, self.extra_kind, self.extra_count, self.extra_add]

    # ------------------------------------------------------------------ private

    def _add_extra(self) -> None:
        name = " ".join(self.extra_name.text().split())
        if not name or self.procedure is None:
            return
        self._add_line(name, None, checked=True)
        self.extra_name.clear()
        self.extra_count.setValue(1)
        self._changed()

    def _changed(self) -> None:
        if self.procedure is None:
            self.summary.setText("")
        else:
            missing = self.missing()
            if missing:
                self.summary.setText(
                    self.tr("Còn thiếu {0} giấy tờ bắt buộc.").format(len(missing))
                )
                set_text_color(self.summary, ERROR_COLOR)
            else:
                self.summary.setText(self.tr("Đủ giấy tờ bắt buộc."))
                set_text_color(self.summary, OK_COLOR)
        self.changed.emit()
