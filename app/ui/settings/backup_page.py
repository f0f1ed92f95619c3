"""Settings → Sao lưu: the backups kept, back up now, back up to a USB drive, restore.

Everything that touches the disk runs on the database thread (``runner.db``). A restore needs the
database closed: once confirmed (and allowed: a supervisor or an administrator when accounts
exist), it is handed to the application, which closes, restores and opens again
(app/ui/backup/controller.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.backup.controller import restore_requests
from app.ui.i18n import translate
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.backups import BackupInfo
    from app.services.workstation import Workstation

Index = QModelIndex | QPersistentModelIndex
AskFolder = Callable[[QWidget, str], str]


def ask_folder(parent: QWidget, caption: str) -> str:
    return QFileDialog.getExistingDirectory(parent, caption)


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB".replace(",", "_").replace(".", ",").replace("_", ".")


class BackupTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BackupInfo] = []
        self.headers = [
            translate("BackupPage", "Thời điểm"),
            translate("BackupPage", "Số hồ sơ"),
            translate("BackupPage", "Dung lượng"),
            translate("BackupPage", "Tệp"),
        ]

    def set_rows(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        info = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return f"{info.taken_at:%H:%M:%S  %d/%m/%Y}"
        if column == 1:
            if info.dossiers is None:
                return translate("BackupPage", "hỏng")
            return f"{info.dossiers:,}".replace(",", ".")
        if column == 2:
            return _size(info.size)
        return info.path.name


def _status(ws: Workstation) -> tuple[str, str, list[BackupInfo]]:
    from app.services import backups, restore

    folder = backups.backup_folder(ws.home)
    text = (
        f"{backups.policy(ws).describe()}\n{backups.describe_last(ws)}"
        f"{restore.restore_outcome(ws)}\nThư mục sao lưu: {folder}"
    )
    return text, str(folder), backups.list_backups(folder)


def _backup_now(ws: Workstation) -> BackupInfo:
    from app.services.backups import backup_now

    return backup_now(ws, "manual")


def _drives(_ws: Workstation) -> list[Path]:
    from app.services.backups import removable_drives

    return removable_drives()


def _authorize(ws: Workstation) -> str:
    from app.services.restore import authorize_restore

    authorize_restore(ws)
    return ws.staff


class BackupPage(QWidget):
    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        ask: AskFolder = ask_folder,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ask_folder = ask
        self.confirm_box: QMessageBox | None = None
        self.setAccessibleName(self.page_title())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Các bản sao lưu"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Kết quả"))

        self.backup_button = self._button(self.tr("Sao lưu ngay"), self.backup_now)
        self.usb_button = self._button(self.tr("Sao lưu ra USB…"), self.backup_to_usb)
        self.restore_button = self._button(self.tr("Khôi phục…"), self.ask_restore)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.usb_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()

    @staticmethod
    def page_title() -> str:
        return translate("BackupPage", "Sao lưu")

    def _button(self, label: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(label)
        button.setAccessibleName(label.rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _busy(self, busy: bool) -> None:
        for button in (self.backup_button, self.usb_button, self.restore_button):
            button.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        message = getattr(exc, "message", None) or self.tr(
            "Có lỗi ngoài dự kiến: {0}. Thử lại; nếu vẫn lỗi, báo cho bộ phận kỹ thuật."
        ).format(exc)
        self._say(message)

    # ------------------------------------------------------------------ list

    def refresh(self) -> None:
        self.runner.db(_status, self._show_status, self._failed)

    def _show_status(self, status: tuple[str, str, list[BackupInfo]]) -> None:
        text, _folder, rows = status
        self.summary.setText(text)
        self.model.set_rows(rows)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    # ------------------------------------------------------------------ backups

    def backup_now(self) -> None:
        self._busy(True)
        self._say(self.tr("Đang sao lưu…"))
        self.runner.db(_backup_now, self._backed_up, self._failed, changes="backups")

    def _backed_up(self, info: BackupInfo) -> None:
        self._busy(False)
        self._say(self.tr("Đã sao lưu vào {0}.").format(info.path))
        self.refresh()

    def backup_to_usb(self) -> None:
        self.runner.db(_drives, self._choose_drive, self._failed)

    def _choose_drive(self, drives: list[Path]) -> None:
        other = self.tr("Chọn thư mục khác…")
        folder = ""
        if drives:
            items = [str(d) for d in drives] + [other]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Sao lưu ra USB"), self.tr("Chọn ổ USB:"), items, 0, False
            )
            if not ok:
                return
            folder = "" if choice == other else choice
        if not folder:
            folder = self.ask_folder(self, self.tr("Chọn thư mục hoặc ổ USB để sao lưu"))
        if folder:
            self.backup_to(folder)

    def backup_to(self, folder: str) -> None:
        from app.services.backups import backup_to

        self._busy(True)
        self._say(self.tr("Đang sao lưu…"))
        self.runner.db(
            lambda ws: backup_to(ws, Path(folder)), self._backed_up, self._failed, changes="backups"
        )

    # ------------------------------------------------------------------ restore

    def ask_restore(self) -> None:
        info = self.selected()
        if info is None:
            self._say(self.tr("Chọn một bản sao lưu trong danh sách trước."))
            return
        if not info.ok:
            self._say(self.tr("Bản sao lưu này bị hỏng; chọn bản khác."))
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Khôi phục dữ liệu"),
            self.tr(
                "Dữ liệu hiện tại sẽ được thay bằng bản sao lưu lúc {0} ngày {1} ({2} hồ sơ). "
                "Mọi việc làm sau thời điểm đó sẽ không còn trong phần mềm (tệp dữ liệu hiện "
                "tại được giữ lại trong thư mục sao lưu). Phần mềm sẽ đóng lại, khôi phục rồi "
                "tự mở lại. Tiếp tục?"
            ).format(f"{info.taken_at:%H:%M}", f"{info.taken_at:%d/%m/%Y}", info.dossiers or 0),
            parent=self,
        )
        label = self.tr("Khôi phục")
        go = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        go.setAccessibleName(label)
        label = self.tr("Không")
        no = box.addButton(label, QMessageBox.ButtonRole.RejectRole)
        no.setAccessibleName(label)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._restore_answered(box.clickedButton() is go, info))
        self.confirm_box = box
        box.open()

    def _restore_answered(self, confirmed: bool, info: BackupInfo) -> None:
        self.confirm_box = None
        if not confirmed:
            return
        self.runner.db(
            _authorize, lambda actor: self._hand_over(str(info.path), actor), self._failed
        )

    def _hand_over(self, backup: str, actor: str) -> None:
        handler = restore_requests().handler
        if handler is None:  # no running session (a test, a tool): the CLI can still do it
            self._say(
                self.tr(
                    "Không khôi phục được từ đây. Đóng phần mềm rồi chạy lệnh `motcua restore {0}`."
                ).format(backup)
            )
            return
        self._say(self.tr("Đang đóng phần mềm để khôi phục…"))
        handler(backup, actor)
