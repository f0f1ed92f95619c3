"""The sign-in (and lock) dialog and the account form; each runs its own job on the runner.

Both stay open when the service refuses, with its Vietnamese message inline, so nothing typed
is lost; the sign-in dialog cannot be dismissed (nothing else is usable until someone signs in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.domain.roles import Role
from app.ui.lifecycle.common import error_text
from app.ui.style import ERROR_COLOR, styled
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.domain.roles import SignedIn
    from app.services.workstation import Workstation


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setVisible(False)
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class SignInDialog(QDialog):
    """Username + PIN/password; Enter submits. ``locked_for``: the machine was locked by that
    person, whose name is filled in (another person may still sign in instead)."""

    signed_in = Signal(object)  # SignedIn
    quit_requested = Signal()

    def __init__(
        self, runner: TaskRunner, parent: QWidget | None = None, locked_for: str = ""
    ) -> None:
        super().__init__(parent)
        styled(self)
        self.runner = runner
        self._busy = False
        self._may_close = False
        title = self.tr("Máy đã khóa") if locked_for else self.tr("Đăng nhập")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(460)
        intro = QLabel(
            self.tr(
                "Máy đã khóa. Nhập mã PIN/mật khẩu của {0} để làm tiếp, hoặc bấm «Người khác "
                "đăng nhập»."
            ).format(locked_for)
            if locked_for
            else self.tr("Đăng nhập bằng tài khoản của mình để làm việc tại quầy.")
        )
        intro.setWordWrap(True)
        self.username = QLineEdit(locked_for)
        self.username.setAccessibleName(self.tr("Tên đăng nhập"))
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("Mã PIN hoặc mật khẩu"))
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mã PIN hoặc mật khẩu"), self.secret)
        self.message = _error_label()
        self.message.setAccessibleName(self.tr("Thông báo"))
        self.sign_in_button = QPushButton(self.tr("Đăng nhập"))
        self.sign_in_button.setObjectName("acceptButton")
        self.sign_in_button.setAccessibleName(self.tr("Đăng nhập"))
        self.sign_in_button.clicked.connect(self.submit)
        self.other_button = QPushButton(self.tr("Người khác đăng nhập"))
        self.other_button.setAccessibleName(self.tr("Người khác đăng nhập"))
        self.other_button.clicked.connect(self._someone_else)
        self.other_button.setVisible(bool(locked_for))
        self.quit_button = QPushButton(self.tr("Thoát chương trình"))
        self.quit_button.setAccessibleName(self.tr("Thoát chương trình"))
        self.quit_button.clicked.connect(self.quit_requested)
        for button in (self.sign_in_button, self.other_button, self.quit_button):
            button.setAutoDefault(False)  # Enter is handled by the fields (never "quit")
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.other_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.username.returnPressed.connect(self._username_entered)
        self.secret.returnPressed.connect(self.submit)
        (self.secret if locked_for else self.username).setFocus()

    def _username_entered(self) -> None:
        if self.secret.text():
            self.submit()
        else:
            self.secret.setFocus()

    def _someone_else(self) -> None:
        self.username.clear()
        self.secret.clear()
        _show(self.message, "")
        self.username.setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        username, secret = self.username.text().strip(), self.secret.text()
        if not username or not secret:
            _show(self.message, self.tr("Nhập tên đăng nhập và mã PIN/mật khẩu."))
            (self.secret if username else self.username).setFocus()
            return
        self._busy = True
        self.sign_in_button.setEnabled(False)

        def job(ws: Workstation) -> SignedIn:
            from app.services.accounts import sign_in

            return sign_in(ws, username, secret)

        self.runner.db(job, self._done, self._failed, changes="session")

    def _done(self, session: SignedIn) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(True)
        self.signed_in.emit(session)
        self.finish()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(True)
        _show(self.message, error_text(exc))
        self.secret.clear()
        self.secret.setFocus()

    def finish(self) -> None:
        """Close for good (signed in, or the window is closing)."""
        self._may_close = True
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        # Esc or the title bar's close: nobody is signed in, so the dialog stays.
        if self._may_close:
            super().reject()


FIELDS = ("username", "display_name", "role", "secret")


class AccountFormDialog(QDialog):
    """Add an account (username, name, role, PIN twice). ``first_admin``: the bootstrap
    administrator, who is signed in at once (once an account exists, work needs a sign-in)."""

    completed = Signal(object)  # AccountInfo, or SignedIn for the first administrator

    def __init__(
        self, runner: TaskRunner, parent: QWidget | None = None, *, first_admin: bool = False
    ) -> None:
        super().__init__(parent)
        styled(self)
        self.runner = runner
        self.first_admin = first_admin
        self._busy = False
        title = (
            self.tr("Tạo tài khoản quản trị đầu tiên") if first_admin else self.tr("Thêm tài khoản")
        )
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(520)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        if first_admin:
            self.role.setCurrentIndex(self.role.findData(Role.ADMIN.value))
            self.role.setEnabled(False)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_again = QLineEdit()
        self.secret_again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        labels = {
            "username": self.tr("Tên đăng nhập"),
            "display_name": self.tr("Họ và tên"),
            "role": self.tr("Vai trò"),
            "secret": self.tr("Mã PIN (ít nhất 6 chữ số) hoặc mật khẩu"),
            "again": self.tr("Nhập lại mã PIN/mật khẩu"),
        }
        widgets: dict[str, QWidget] = {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "secret": self.secret,
            "again": self.secret_again,
        }
        for key, widget in widgets.items():
            widget.setAccessibleName(labels[key])
            error = _error_label()
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            box.addWidget(error)
            label = QLabel(labels[key])
            label.setBuddy(widget)
            form.addRow(label, box)
            self.inputs[key] = widget
            self.errors[key] = error
        self.message = _error_label()
        self.save_button = QPushButton(self.tr("Tạo tài khoản"))
        self.save_button.setObjectName("acceptButton")
        self.save_button.setAccessibleName(self.tr("Tạo tài khoản"))
        self.save_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Hủy"))
        cancel.setAccessibleName(self.tr("Hủy"))
        cancel.clicked.connect(self.reject)
        for button in (self.save_button, cancel):
            button.setAutoDefault(False)  # Enter in the last field saves; elsewhere it does nothing
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.secret_again.returnPressed.connect(self.submit)
        self.username.setFocus()

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.message):
            _show(label, "")

    def submit(self) -> None:
        if self._busy:
            return
        self._clear_errors()
        if self.secret.text() != self.secret_again.text():
            _show(self.errors["again"], self.tr("Hai lần nhập không giống nhau. Nhập lại."))
            self.secret_again.clear()
            self.secret_again.setFocus()
            return
        values = (
            self.username.text().strip(),
            self.display_name.text().strip(),
            str(self.role.currentData()),
            self.secret.text(),
        )
        first = self.first_admin

        def job(ws: Workstation) -> Any:
            from app.services.accounts import create_account, sign_in

            info = create_account(ws, *values)
            return sign_in(ws, info.username, values[3]) if first else info

        self._busy = True
        self.save_button.setEnabled(False)
        self.runner.db(job, self._done, self._failed, changes="accounts")

    def _done(self, result: object) -> None:
        self._busy = False
        self.completed.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            for problem in exc.errors:
                label = self.errors.get(problem.field, self.message)
                _show(label, problem.message if label is not self.message else str(problem))
            first = next((e.field for e in exc.errors if e.field in self.inputs), None)
            if first is not None:
                self.inputs[first].setFocus()
            return
        _show(self.message, error_text(exc))
