"""Choosing the printer for each document class, and whether to preview before printing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.ui.printing.documents import DocumentClass, class_title
from app.ui.printing.printer_prefs import PrinterPrefs
from app.ui.style import styled


class PrinterDialog(QDialog):
    chosen = Signal(object)  # PrinterPrefs

    def __init__(
        self, prefs: PrinterPrefs, printers: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        styled(self)  # built after start-up: the application's style sheet
        self.setWindowTitle(self.tr("Chọn máy in"))
        self.prefs = prefs
        self.combos: dict[DocumentClass, QComboBox] = {}
        form = QFormLayout()
        for doc_class in DocumentClass:
            combo = QComboBox()
            combo.addItem(self.tr("— Hỏi khi in —"), "")
            for name in printers:
                combo.addItem(name, name)
            current = prefs.printer_for(doc_class)
            if current and current not in printers:
                combo.addItem(self.tr("{0} (không thấy máy in)").format(current), current)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            label = QLabel(class_title(doc_class))
            label.setBuddy(combo)
            combo.setAccessibleName(label.text())
            form.addRow(label, combo)
            self.combos[doc_class] = combo
        self.preview = QCheckBox(self.tr("Xem trước khi in"))
        self.preview.setAccessibleName(self.preview.text())
        self.preview.setChecked(prefs.preview)
        hint = QLabel(
            self.tr(
                "Giấy tiếp nhận, phiếu gửi và phiếu hướng dẫn in khổ A5 ở máy in giấy tờ; "
                "nhãn bưu gửi in ở máy in nhãn."
            )
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        for button in buttons.buttons():
            button.setAccessibleName(button.text())
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)

    def result_prefs(self) -> PrinterPrefs:
        # Start from the stored choices: this dialog does not show the label printer's ZPL
        # settings or "In dạng ảnh" (Settings → Máy in does), and must not reset them.
        prefs = replace(self.prefs, preview=self.preview.isChecked())
        for doc_class, combo in self.combos.items():
            prefs = prefs.with_printer(doc_class, str(combo.currentData() or ""))
        return prefs

    def _save(self) -> None:
        self.chosen.emit(self.result_prefs())
        self.accept()
