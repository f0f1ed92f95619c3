"""The applicant's details with live validation, filled by typing or by the ID card's QR code.

USB scanners type like keyboards: the QR payload arrives as text + Enter, in the scan field or,
when the cursor was left there, in the ID number field ("|" gives it away).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from app.domain.applicant import FIELD_LABELS, validate_applicant
from app.domain.errors import DomainError, FieldError, ValidationFailed
from app.ui.style import ERROR_COLOR, set_text_color

if TYPE_CHECKING:
    from app.domain.cccd_qr import CccdCard

FIELDS = ("id_number", "full_name", "date_of_birth", "sex", "phone", "address", "email")
QR_FIELD = "qr"
_PLACEHOLDERS = {
    "id_number": QT_TRANSLATE_NOOP("ApplicantForm", "12 chữ số trên thẻ căn cước"),
    "date_of_birth": QT_TRANSLATE_NOOP("ApplicantForm", "ngày/tháng/năm, ví dụ 05/09/1985"),
    "phone": QT_TRANSLATE_NOOP("ApplicantForm", "ví dụ 0912 345 678"),
    "address": QT_TRANSLATE_NOOP("ApplicantForm", "số nhà, thôn/xóm, xã, tỉnh"),
    "email": QT_TRANSLATE_NOOP("ApplicantForm", "không bắt buộc"),
}
# The labels are app.domain.applicant.FIELD_LABELS; listed here so lupdate collects them
# (tests/ui/test_intake.py checks the two lists agree).
LABEL_TEXTS = (
    QT_TRANSLATE_NOOP("ApplicantForm", "Họ và tên"),
    QT_TRANSLATE_NOOP("ApplicantForm", "Số định danh cá nhân"),
    QT_TRANSLATE_NOOP("ApplicantForm", "Ngày sinh"),
    QT_TRANSLATE_NOOP("ApplicantForm", "Giới tính"),
    QT_TRANSLATE_NOOP("ApplicantForm", "Số điện thoại"),
    QT_TRANSLATE_NOOP("ApplicantForm", "Địa chỉ"),
    QT_TRANSLATE_NOOP("ApplicantForm", "Thư điện tử"),
)


def card_fields(card: CccdCard) -> dict[str, str]:
    """The card as the form shows it (dates day-first, as people read them)."""
    return {
        "id_number": card.id_number,
        "full_name": card.full_name,
        "date_of_birth": f"{card.date_of_birth:%d/%m/%Y}",
        "sex": card.sex.value,
        "address": card.address,
    }


class ApplicantForm(QWidget):
    changed = Signal()
    card_read = Signal(object)  # CccdCard

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._touched: set[str] = set()
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)

        self.qr = QLineEdit()
        self.qr.setPlaceholderText(self.tr("Đưa mã QR của thẻ vào máy quét"))
        self._add_row(grid, QR_FIELD, self.tr("Quét thẻ căn cước"), self.qr)
        for name in FIELDS:
            widget: QLineEdit | QComboBox
            if name == "sex":
                widget = QComboBox()
                widget.addItems(["Nam", "Nữ"])
                widget.setPlaceholderText(self.tr("Chọn Nam hoặc Nữ"))
                widget.setCurrentIndex(-1)
                widget.currentIndexChanged.connect(lambda _i, n=name: self._edited(n))
            else:
                widget = QLineEdit()
                if name in _PLACEHOLDERS:
                    widget.setPlaceholderText(self.tr(_PLACEHOLDERS[name]))
                widget.textEdited.connect(lambda _t, n=name: self._typing(n))
                widget.editingFinished.connect(lambda n=name: self._edited(n))
            self.inputs[name] = widget
            self._add_row(grid, name, self.tr(FIELD_LABELS[f"applicant.{name}"]), widget)

        self.qr.returnPressed.connect(self._scan_from_qr_field)
        self.id_input.returnPressed.connect(self._maybe_scan_in_id_field)

    # ------------------------------------------------------------------ building

    def _add_row(self, grid: QGridLayout, name: str, text: str, widget: QWidget) -> None:
        row = grid.rowCount()
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text)
        error = QLabel()
        set_text_color(error, ERROR_COLOR)
        error.setWordWrap(True)
        error.setVisible(False)
        error.setObjectName(f"error_{name}")
        grid.addWidget(label, row, 0)
        grid.addWidget(widget, row, 1)
        grid.addWidget(error, row + 1, 1)
        self.labels[name] = label
        self.errors[name] = error

    @property
    def id_input(self) -> QLineEdit:
        widget = self.inputs["id_number"]
        assert isinstance(widget, QLineEdit)
        return widget

    # ------------------------------------------------------------------ values

    def value(self, name: str) -> str:
        widget = self.inputs[name]
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()

    def set_value(self, name: str, text: str) -> None:
        widget = self.inputs[name]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findText(text))
        else:
            widget.setText(text)

    def raw(self) -> dict[str, str]:
        """The applicant part of an intake request, as typed (the domain normalises it)."""
        return {name: self.value(name).strip() for name in FIELDS}

    def clear(self) -> None:
        for name in FIELDS:
            self.set_value(name, "")
        self.qr.clear()
        self._touched.clear()
        self.show_errors(())

    # ------------------------------------------------------------------ validation

    def validate(self, show_all: bool = False) -> list[FieldError]:
        """Check the fields; show the errors of the fields already dealt with (or all)."""
        if show_all:
            self._touched.update(FIELDS)
        try:
            validate_applicant(self.raw(), self._today())
        except ValidationFailed as exc:
            errors = list(exc.errors)
        else:
            errors = []
        self.show_errors(errors)
        return errors

    def show_errors(self, errors: Iterable[FieldError]) -> None:
        """Put each message under its field (only for fields touched, and the QR field)."""
        by_field: dict[str, list[str]] = {}
        for e in errors:
            name = e.field.removeprefix("applicant.")
            if name in self.errors and (name in self._touched or name == QR_FIELD):
                by_field.setdefault(name, []).append(e.message)
        for name, label in self.errors.items():
            messages = by_field.get(name, [])
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))

    def show_qr_error(self, message: str) -> None:
        self.errors[QR_FIELD].setText(message)
        self.errors[QR_FIELD].setVisible(bool(message))

    def mark_touched(self, names: Iterable[str]) -> None:
        self._touched.update(names)

    def _typing(self, name: str) -> None:
        # While typing, only clear errors that are fixed; new ones wait for the field to be left.
        if name in self._touched:
            self.validate()
        self.changed.emit()

    def _edited(self, name: str) -> None:
        if self.value(name).strip():
            self._touched.add(name)
        self.validate()
        self.changed.emit()

    # ------------------------------------------------------------------ QR scans

    def _scan_from_qr_field(self) -> None:
        payload = self.qr.text()
        self.qr.clear()
        self.read_card(payload)

    def _maybe_scan_in_id_field(self) -> None:
        text = self.id_input.text()
        if "|" in text:
            self.id_input.clear()
            self.read_card(text)

    def read_card(self, payload: str) -> bool:
        """Fill the form from a QR payload; the message under the scan field says what failed."""
        # Imported with the first scan: the parser (and the codecs it tries) is not needed to
        # open the window.
        from app.domain.cccd_qr import parse_cccd_qr

        try:
            card = parse_cccd_qr(payload, self._today())
        except ValidationFailed as exc:
            self.show_qr_error(" ".join(e.message for e in exc.errors))
            return False
        except DomainError as exc:
            self.show_qr_error(exc.message)
            return False
        self.show_qr_error("")
        for name, text in card_fields(card).items():
            self.set_value(name, text)
        self.mark_touched(card_fields(card))
        self.validate()
        self.card_read.emit(card)
        self.changed.emit()
        # The card has no phone number: that is what the counter types next.
        self.inputs["phone"].setFocus()
        return True
