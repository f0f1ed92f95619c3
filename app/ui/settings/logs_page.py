"""Settings → Nhật ký: where the log files are, the last lines, and a zip for support.

Everything that touches the disk runs on the database thread (``runner.db``): reading the last
lines, making the folder, writing the zip. The log text shown is already scrubbed of personal data
(app.services.logs); the zip holds no database content and no token.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.file_errors import write_error_reason
from app.ui.i18n import translate
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.workstation import Workstation

AskPath = Callable[[QWidget, str, str, str], str]
TAIL_LINES = 200


def ask_save_path(parent: QWidget, caption: str, suggested: str, pattern: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, pattern)
    return path


def _qt_facts() -> dict[str, str]:
    """What only the window knows, for the support summary."""
    return {"qt": qVersion(), "pyside6": pyside_version, "qt_platform": platform.system()}


def _log_folder(ws: Workstation) -> str:
    from app.services.logs import log_path

    folder = log_path(ws.home).parent
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def _tail(ws: Workstation) -> tuple[str, str]:
    from app.services.logs import log_path, tail

    return str(log_path(ws.home)), tail(ws.home, TAIL_LINES)


class LogsPage(QWidget):
    @staticmethod
    def page_title() -> str:
        return translate("LogsPage", "Nhật ký")

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        # Replaceable in tests: the save dialog and the file manager.
        self.ask_path: AskPath = ask_save_path
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.setAccessibleName(self.page_title())

        intro = QLabel(
            self.tr(
                "Nhật ký ghi lại hoạt động của phần mềm để bộ phận hỗ trợ tìm lỗi. Nhật ký không "
                "chứa họ tên, số định danh, điện thoại, địa chỉ của người dân hay mã truy cập."
            )
        )
        intro.setWordWrap(True)
        self.path_label = QLabel(self.tr("Thư mục nhật ký:"))
        self.path = QLabel("…")
        self.path.setObjectName("logsPath")
        self.path.setAccessibleName(self.tr("Thư mục nhật ký"))
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setBuddy(self.path)

        self.open_button = QPushButton(self.tr("Mở thư mục nhật ký"))
        self.open_button.setAccessibleName(self.open_button.text())
        self.open_button.clicked.connect(self.open_folder)
        self.export_button = QPushButton(self.tr("Xuất nhật ký gửi hỗ trợ…"))
        self.export_button.setAccessibleName(self.export_button.text())
        self.export_button.clicked.connect(self.export)
        self.refresh_button = QPushButton(self.tr("Tải lại"))
        self.refresh_button.setAccessibleName(self.refresh_button.text())
        self.refresh_button.clicked.connect(self.refresh)

        self.lines_label = QLabel(self.tr("Các dòng nhật ký cuối:"))
        self.lines = QPlainTextEdit()
        self.lines.setObjectName("logsTail")
        self.lines.setReadOnly(True)
        self.lines.setAccessibleName(self.tr("Các dòng nhật ký cuối"))
        self.lines.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.lines.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.lines_label.setBuddy(self.lines)

        self.status = QLabel()
        self.status.setObjectName("logsStatus")
        self.status.setAccessibleName(self.tr("Thông báo"))
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.path_label)
        layout.addWidget(self.path)
        layout.addLayout(buttons)
        layout.addWidget(self.lines_label)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.status)
        self.refresh()

    # ------------------------------------------------------------------ actions

    def refresh(self) -> None:
        self.runner.db(_tail, self._show_tail, self._failed)

    def _show_tail(self, result: tuple[str, str]) -> None:
        path, text = result
        self.path.setText(str(Path(path).parent))
        self.lines.setPlainText(text or self.tr("Chưa có dòng nhật ký nào."))
        bar = self.lines.verticalScrollBar()
        bar.setValue(bar.maximum())

    def open_folder(self) -> None:
        self.runner.db(_log_folder, self._open_folder, self._failed)

    def _open_folder(self, folder: str) -> None:
        if not self.open_url(QUrl.fromLocalFile(folder)):
            self._say(
                self.tr("Không mở được thư mục. Hãy mở bằng tay: {0}").format(folder), error=True
            )

    def export(self) -> None:
        from datetime import datetime

        suggested = f"motcua-nhat-ky-{datetime.now():%Y%m%d-%H%M}.zip"
        path = self.ask_path(
            self, self.tr("Xuất nhật ký gửi hỗ trợ"), suggested, self.tr("Tệp nén (*.zip)")
        )
        if not path:
            return
        facts = _qt_facts()
        self.export_button.setEnabled(False)
        self._say(self.tr("Đang đóng gói nhật ký…"))

        def job(ws: Workstation) -> str:
            from app.services.logs import export_logs

            return str(export_logs(ws.home, Path(path), extra=facts))

        self.runner.db(job, self._exported, self._export_failed)

    def _exported(self, path: str) -> None:
        self.export_button.setEnabled(True)
        self._say(self.tr("Đã lưu {0}. Gửi tệp này cho bộ phận hỗ trợ.").format(path))

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self._say(
            self.tr("Không lưu được tệp nhật ký: {0}").format(write_error_reason(exc)), error=True
        )

    def _failed(self, exc: BaseException) -> None:
        self._say(write_error_reason(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setProperty("error", error)
        self.status.setText(text)
