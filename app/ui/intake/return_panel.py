"""How the result comes back: at the counter, or by post to an address."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from app.domain.dossier import ReturnMethod
from app.ui.style import ERROR_COLOR, set_text_color


class ReturnPanel(QWidget):
    changed = Signal()

    def __init__(
        self, default_address: Callable[[], str] = str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._default_address = default_address
        self.counter = QRadioButton(self.tr("Tại quầy"))
        self.post = QRadioButton(self.tr("Qua bưu điện, chuyển tận nhà"))
        self.group = QButtonGroup(self)
        for button in (self.counter, self.post):
            button.setAccessibleName(button.text())
            self.group.addButton(button)
        self.counter.setChecked(True)
        self.address_label = QLabel(self.tr("Địa chỉ nhận kết quả"))
        self.address = QLineEdit()
        self.address.setAccessibleName(self.address_label.text())
        self.address.setPlaceholderText(self.tr("số nhà, thôn/xóm, xã/phường, tỉnh/thành phố"))
        self.address_label.setBuddy(self.address)
        self.address_error = QLabel()
        set_text_color(self.address_error, ERROR_COLOR)
        self.address_error.setWordWrap(True)
        self.address_error.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.counter)
        layout.addWidget(self.post)
        layout.addWidget(self.address_label)
        layout.addWidget(self.address)
        layout.addWidget(self.address_error)

        self.post.toggled.connect(self._method_changed)
        self.address.textChanged.connect(lambda _t: self.changed.emit())
        self._method_changed(False)

    @property
    def method(self) -> ReturnMethod:
        return ReturnMethod.POST if self.post.isChecked() else ReturnMethod.COUNTER

    def show_error(self, message: str) -> None:
        self.address_error.setText(message)
        self.address_error.setVisible(bool(message))

    def reset(self) -> None:
        self.counter.setChecked(True)
        self.address.clear()
        self.show_error("")

    def _method_changed(self, by_post: bool) -> None:
        if by_post and not self.address.text().strip():
            # Most results go home to the permanent address: offer it, the clerk may change it.
            self.address.setText(self._default_address().strip())
        self.address.setEnabled(by_post)
        self.address_label.setEnabled(by_post)
        if not by_post:
            self.show_error("")
        self.changed.emit()
