"""Form pieces the set-up wizard and the settings dialog share: a field with its message under it,
the office's details, and enrollment with the provincial hub (run on the network pool).

Validation is live but polite: a field says what is wrong once the person has left it (or tried
to go on), and says so no more as soon as it is right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import FieldError
from app.domain.setup import (
    CURRENT_PROVINCES,
    OfficeDetails,
    office_problems,
    suggested_office_name,
)
from app.ui.lifecycle.common import error_text
from app.ui.style import ERROR_COLOR, OK_COLOR
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.sync import Enrollment

HINT_COLOR = "#555b63"


class FieldMessage(QLabel):
    """The line under a field: a grey hint, a red problem, or a green "right"."""

    def __init__(self, hint: str = "") -> None:
        super().__init__()
        self.hint = hint
        self.setWordWrap(True)
        self.problem = ""
        self.show_hint()

    def show_hint(self) -> None:
        self.problem = ""
        self._set(self.hint, HINT_COLOR)

    def show_problem(self, text: str) -> None:
        self.problem = text
        self._set(text, ERROR_COLOR)

    def show_ok(self, text: str) -> None:
        self.problem = ""
        self._set(text, OK_COLOR)

    def _set(self, text: str, color: str) -> None:
        self.setText(text)
        self.setStyleSheet(f"color: {color};")
        self.setVisible(bool(text))


class FieldRows:
    """Labelled inputs in a QFormLayout, each with a FieldMessage under it, keyed by field name."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.inputs: dict[str, QWidget] = {}
        self.messages: dict[str, FieldMessage] = {}
        self.labels: dict[str, QLabel] = {}
        self.touched: set[str] = set()

    def add(self, key: str, label: str, widget: QWidget, hint: str = "") -> None:
        widget.setAccessibleName(label.rstrip(" *"))
        message = FieldMessage(hint)
        message.setAccessibleName(label.rstrip(" *"))
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(message)
        text = QLabel(label)
        text.setBuddy(widget)
        self.form.addRow(text, box)
        self.inputs[key] = widget
        self.messages[key] = message
        self.labels[key] = text

    def show(self, problems: Iterable[FieldError], *, everything: bool = False) -> None:
        """Show each touched field's problem (all of them when ``everything``), hints elsewhere."""
        by_field = {}
        for problem in problems:
            by_field.setdefault(problem.field, problem.message)
        for key, message in self.messages.items():
            text = by_field.get(key)
            if text and (everything or key in self.touched):
                message.show_problem(text)
            else:
                message.show_hint()

    def first_with_problem(self, problems: Iterable[FieldError]) -> QWidget | None:
        fields = {p.field for p in problems}
        return next((w for k, w in self.inputs.items() if k in fields), None)


def line_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(False)
    return edit


class OfficeForm(QWidget):
    """Name, unit code, province, commune, address, phone; ``changed`` after every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.rows = FieldRows(form)
        self.province = QComboBox()
        self.province.setEditable(True)
        self.province.addItems(list(CURRENT_PROVINCES))
        self.province.setCurrentIndex(-1)
        self.province.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.province.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("Gõ vài chữ, ví dụ: Hà Tĩnh"))
        self.commune = line_edit(self.tr("ví dụ: Kỳ Bắc"))
        self.name = line_edit(self.tr("ví dụ: Bưu điện văn hóa xã Kỳ Bắc"))
        self.unit_code = line_edit(self.tr("ví dụ: 000.00.04.H42"))
        self.address = line_edit(self.tr("ví dụ: Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh"))
        self.phone = line_edit(self.tr("ví dụ: 0239 3868 686"))
        self.unit_hint = self.tr(
            "Mã định danh của đơn vị do bưu điện tỉnh cấp, dạng 000.00.00.X00 (in trên công văn "
            "giao nhiệm vụ). Mã này đứng đầu mã của mọi hồ sơ."
        )
        self.rows.add("province", self.tr("Tỉnh/thành phố *"), self.province)
        self.rows.add("commune", self.tr("Xã/phường *"), self.commune)
        self.rows.add("name", self.tr("Tên bưu điện *"), self.name)
        self.rows.add("unit_code", self.tr("Mã đơn vị *"), self.unit_code, self.unit_hint)
        self.rows.add("address", self.tr("Địa chỉ"), self.address)
        self.rows.add("phone", self.tr("Số điện thoại"), self.phone)
        self._name_typed = False
        self._unit_locked = False
        for key, edit in self._edits().items():
            edit.textEdited.connect(lambda _t, k=key: self._edited(k))
            edit.editingFinished.connect(lambda k=key: self._left(k))
        self.province.currentTextChanged.connect(lambda _t: self._edited("province"))
        self.commune.textEdited.connect(self._suggest_name)

    def _edits(self) -> dict[str, QLineEdit]:
        line = self.province.lineEdit()
        assert line is not None
        return {
            "province": line,
            "commune": self.commune,
            "name": self.name,
            "unit_code": self.unit_code,
            "address": self.address,
            "phone": self.phone,
        }

    # ------------------------------------------------------------------ values

    def details(self) -> OfficeDetails:
        return OfficeDetails(
            name=self.name.text(),
            unit_code=self.unit_code.text(),
            province=self.province.currentText(),
            commune=self.commune.text(),
            address=self.address.text(),
            phone=self.phone.text(),
        )

    def set_details(self, details: OfficeDetails) -> None:
        self.province.setCurrentText(details.province)
        self.commune.setText(details.commune)
        self.name.setText(details.name)
        self._name_typed = bool(details.name)
        self.unit_code.setText(details.unit_code)
        self.address.setText(details.address)
        self.phone.setText(details.phone)
        self.refresh()

    def lock_unit_code(self, code: str, why: str) -> None:
        """The hub manages the unit code of an enrolled counter: shown, not editable."""
        self._unit_locked = True
        self.unit_code.setText(code)
        self.unit_code.setReadOnly(True)
        self.rows.messages["unit_code"].hint = why
        self.refresh()

    def problems(self) -> list[FieldError]:
        return office_problems(self.details())

    def is_valid(self) -> bool:
        return not self.problems()

    def show_all_problems(self) -> None:
        problems = self.problems()
        self.rows.show(problems, everything=True)
        first = self.rows.first_with_problem(problems)
        if first is not None:
            first.setFocus()

    # ------------------------------------------------------------------ live checks

    def _suggest_name(self, commune: str) -> None:
        if not self._name_typed:
            self.name.setText(suggested_office_name(commune))

    def _edited(self, key: str) -> None:
        if key == "name":
            self._name_typed = bool(self.name.text().strip())
        self.refresh()
        self.changed.emit()

    def _left(self, key: str) -> None:
        if self._edits()[key].text().strip():
            self.rows.touched.add(key)
        self.refresh()

    def refresh(self) -> None:
        problems = self.problems()
        self.rows.show(problems)
        unit = self.rows.messages["unit_code"]
        if not self._unit_locked and not any(p.field == "unit_code" for p in problems):
            unit.show_ok(self.tr("Mã đơn vị đúng dạng."))


class EnrollForm(QWidget):
    """Hub address + one-time code; ``enroll()`` runs on the network pool with its own database
    connection and reports ``enrolled(Enrollment)`` or ``failed(message)``."""

    enrolled = Signal(object)  # Enrollment
    failed = Signal(str)
    busy_changed = Signal(bool)
    changed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        counter_name: Callable[[], str],
        parent: QWidget | None = None,
        *,
        with_button: bool = False,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.counter_name = counter_name
        self.busy = False
        self.result: Enrollment | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.rows = FieldRows(form)
        self.hub_url = line_edit("https://motcua.buudien-tinh.vn")
        self.code = line_edit(self.tr("ví dụ: K7QF-2M9X"))
        self.rows.add(
            "hub_url",
            self.tr("Địa chỉ máy chủ tỉnh"),
            self.hub_url,
            self.tr("Bưu điện tỉnh cho biết địa chỉ này cùng với mã đăng ký."),
        )
        self.rows.add(
            "code",
            self.tr("Mã đăng ký"),
            self.code,
            self.tr("Mã dùng một lần, in trên phiếu đăng ký quầy do bưu điện tỉnh cấp."),
        )
        self.button: QPushButton | None = None
        if with_button:
            self.button = QPushButton(self.tr("Đăng ký với bưu điện tỉnh"))
            self.button.setAccessibleName(self.button.text())
            self.button.setAutoDefault(False)
            self.button.clicked.connect(self.enroll)
            form.addRow("", self.button)
        self.status = QLabel()
        self.status.setObjectName("enrollStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Kết quả đăng ký"))
        self.status.setVisible(False)
        form.addRow(self.status)
        for edit in (self.hub_url, self.code):
            edit.textEdited.connect(lambda _t: self._edited())
        self._update_button()

    def filled(self) -> bool:
        return bool(self.hub_url.text().strip() and self.code.text().strip())

    def _edited(self) -> None:
        self._update_button()
        self.changed.emit()

    def _update_button(self) -> None:
        if self.button is not None:
            self.button.setEnabled(self.filled() and not self.busy)

    def set_enabled_inputs(self, on: bool) -> None:
        for edit in (self.hub_url, self.code):
            edit.setEnabled(on and not self.busy)
        self._update_button()

    def _say(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};")
        self.status.setVisible(bool(text))

    def enroll(self) -> None:
        if self.busy:
            return
        if not self.filled():
            self._say(self.tr("Nhập địa chỉ máy chủ tỉnh và mã đăng ký."), ERROR_COLOR)
            (self.code if self.hub_url.text().strip() else self.hub_url).setFocus()
            return
        ws = self.runner.ws
        url, code, name = self.hub_url.text().strip(), self.code.text(), self.counter_name()

        def job() -> Enrollment:
            from app.services.setup import enroll_separately

            return enroll_separately(ws, url, code, counter_name=name)

        self._set_busy(True)
        self._say(self.tr("Đang kết nối với máy chủ tỉnh, xin chờ…"), HINT_COLOR)
        self.runner.net(job, self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.set_enabled_inputs(True)
        self.busy_changed.emit(busy)

    def _done(self, result: Enrollment) -> None:
        self.result = result
        self._set_busy(False)
        self._say(
            self.tr("Đã kết nối: {0} ({1}), quầy số {2}.").format(
                result.office_name or "—", result.office_code, result.counter_no
            ),
            OK_COLOR,
        )
        self.code.clear()  # spent: it cannot be used again
        self.enrolled.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        message = error_text(exc)
        self._say(message, ERROR_COLOR)
        self.code.setFocus()
        self.code.selectAll()
        self.failed.emit(message)
