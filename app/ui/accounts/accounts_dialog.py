"""Tài khoản (administrator): the list, add, unlock, reset a PIN/password, stop an account.

Every change is the accounts service's (which checks MANAGE_ACCOUNTS itself); its refusal or
its Vietnamese message shows under the list and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.accounts.forms import AccountFormDialog
from app.ui.lifecycle.common import Column, RecordsModel, RecordsTable, error_text, short_moment
from app.ui.style import ERROR_COLOR, OK_COLOR, styled
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.accounts import AccountInfo
    from app.services.workstation import Workstation

# (parent, title, label) -> the new secret, or "" when cancelled (tests pass their own)
AskSecret = Callable[[QWidget, str, str], str]


def ask_secret(parent: QWidget, title: str, label: str) -> str:
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else ""


class AccountsDialog(QDialog):
    def __init__(
        self, runner: TaskRunner, parent: QWidget | None = None, ask: AskSecret = ask_secret
    ) -> None:
        super().__init__(parent)
        styled(self)
        self.runner = runner
        self.ask = ask
        self.form: AccountFormDialog | None = None
        title = self.tr("Quản lý tài khoản")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(900, 480)
        self.model = RecordsModel(
            [
                Column(self.tr("Tên đăng nhập"), lambda a: a.username),
                Column(self.tr("Họ và tên"), lambda a: a.display_name),
                Column(self.tr("Vai trò"), lambda a: a.role.label),
                Column(
                    self.tr("Tình trạng"),
                    lambda a: (
                        self.tr("Khóa đến {0}").format(short_moment(a.locked_until))
                        if a.locked_until is not None
                        else self.tr("Đang dùng")
                        if a.active
                        else self.tr("Đã ngừng")
                    ),
                ),
            ],
            code_of=lambda a: a.username,
            parent=self,
        )
        self.table = RecordsTable(self.model, self.tr("Danh sách tài khoản"), (160, 260, 220))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Thêm tài khoản…"))
        self.unlock_button = QPushButton(self.tr("Mở khóa"))
        self.reset_button = QPushButton(self.tr("Đặt lại mã PIN/mật khẩu…"))
        self.deactivate_button = QPushButton(self.tr("Ngừng tài khoản"))
        self.close_button = QPushButton(self.tr("Đóng"))
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.unlock_button,
            self.reset_button,
            self.deactivate_button,
        ):
            button.setAccessibleName(button.text())
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.close_button.setAccessibleName(self.close_button.text())
        self.close_button.setAutoDefault(False)
        buttons.addWidget(self.close_button)
        self.add_button.clicked.connect(self.add)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(self.reset)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        def job(ws: Workstation) -> list[AccountInfo]:
            from app.services.accounts import list_accounts

            return list_accounts(ws)

        self.runner.db(job, self.model.set_rows, self._failed)

    def selected(self) -> str | None:
        return self.model.code_at(self.table.current_row())

    def select(self, username: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.code_at(row) == username:
                self.table.setCurrentIndex(self.model.index(row, 0))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOR if error else OK_COLOR};")

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc), error=True)

    def _change(self, job: Callable[[Workstation], Any], done_text: str) -> None:
        def finished(_result: object) -> None:
            self._say(done_text)
            self.refresh()

        self.runner.db(job, finished, self._failed, changes="accounts")

    # ------------------------------------------------------------------ actions

    def add(self) -> AccountFormDialog:
        dialog = AccountFormDialog(self.runner, self)
        dialog.completed.connect(self._added)
        self.form = dialog
        dialog.open()
        return dialog

    def _added(self, info: AccountInfo) -> None:
        self._say(self.tr("Đã tạo tài khoản {0}.").format(info.username))
        self.refresh()

    def _need_selection(self) -> str | None:
        username = self.selected()
        if username is None:
            self._say(self.tr("Chọn một tài khoản trong danh sách trước."), error=True)
        return username

    def unlock(self) -> None:
        if (username := self._need_selection()) is None:
            return

        def job(ws: Workstation) -> object:
            from app.services.accounts import unlock

            return unlock(ws, username)

        self._change(job, self.tr("Đã mở khóa tài khoản {0}.").format(username))

    def reset(self) -> None:
        if (username := self._need_selection()) is None:
            return
        secret = self.ask(
            self,
            self.tr("Đặt lại mã PIN/mật khẩu"),
            self.tr("Mã PIN/mật khẩu mới cho {0}").format(username),
        )
        if not secret:
            return

        def job(ws: Workstation) -> None:
            from app.services.accounts import change_secret

            change_secret(ws, username, None, secret)

        self._change(job, self.tr("Đã đặt lại mã PIN/mật khẩu của {0}.").format(username))

    def deactivate(self) -> None:
        if (username := self._need_selection()) is None:
            return

        def job(ws: Workstation) -> object:
            from app.services.accounts import set_active

            return set_active(ws, username, False)

        self._change(job, self.tr("Đã ngừng tài khoản {0}.").format(username))
