"""Cài đặt: one tab per subject. Each tab applies its own changes with its own button on the
database thread (there is no shared "OK"); problems show inline.

Tabs: the office and the counter, the link to the provincial hub (with enrollment), and the pages
of app/ui/settings/{printers,backup,logs}_page.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.domain.setup import counter_name_problem
from app.ui.lifecycle.common import error_text
from app.ui.settings.backup_page import BackupPage
from app.ui.settings.logs_page import LogsPage
from app.ui.settings.printers_page import PrintersPage
from app.ui.setup.forms import HINT_COLOR, EnrollForm, OfficeForm, line_edit
from app.ui.style import ERROR_COLOR, OK_COLOR, styled
from app.ui.sync_controller import SyncController, read_health
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.setup import OfficeSettings
    from app.services.sync import Enrollment, SyncHealth
    from app.services.workstation import Workstation


# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _say(label: QLabel, text: str, color: str) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {color};")
    label.setVisible(bool(text))


class OfficePage(QWidget):
    """The office's details and the counter's name (administrators and supervisors)."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.loaded: OfficeSettings | None = None
        self.form = OfficeForm()
        self.counter_rows = self.form.rows  # one form: the labels line up
        self.counter_name = line_edit(self.tr("ví dụ: Quầy 1"))
        self.counter_rows.add("counter_name", self.tr("Tên quầy *"), self.counter_name)
        self.message = _message_label()
        self.message.setAccessibleName(self.tr("Thông báo"))
        self.save_button = QPushButton(self.tr("Lưu thông tin bưu điện"))
        self.save_button.setObjectName("acceptButton")
        self.save_button.setAccessibleName(self.save_button.text())
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        note = QLabel(
            self.tr(
                "In trên giấy tiếp nhận và phiếu gửi từ hồ sơ tiếp theo. Khi đã có tài khoản, chỉ "
                "quản trị viên và kiểm soát viên sửa được."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {HINT_COLOR};")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.counter_name.textEdited.connect(lambda _t: self._counter_edited())
        self.setEnabled(False)  # until the stored values are in

    @staticmethod
    def page_title() -> str:
        from app.ui.i18n import translate

        return translate("SettingsDialog", "Bưu điện và quầy")

    def load(self) -> None:
        from app.services.setup import office_settings

        self.runner.db(office_settings, self._show, self._failed)

    def _show(self, settings: OfficeSettings) -> None:
        self.loaded = settings
        self.form.set_details(settings.office)
        if settings.enrolled:
            self.form.lock_unit_code(
                settings.office.unit_code,
                self.tr("Mã do bưu điện tỉnh quản lý (quầy đã đăng ký với {0}).").format(
                    settings.hub_url
                ),
            )
        self.counter_name.setText(settings.counter_name)
        self.setEnabled(True)

    def _counter_edited(self) -> None:
        self.counter_rows.touched.add("counter_name")
        problem = counter_name_problem(self.counter_name.text())
        self.counter_rows.show([problem] if problem else [])

    def save(self) -> None:
        details, name = self.form.details(), self.counter_name.text()
        problems = self.form.problems()
        if (problem := counter_name_problem(name)) is not None:
            problems.append(problem)
        if problems:
            self.counter_rows.show(problems, everything=True)
            first = self.counter_rows.first_with_problem(problems)
            if first is not None:
                first.setFocus()
            _say(self.message, self.tr("Sửa các mục báo đỏ rồi lưu lại."), ERROR_COLOR)
            return

        def job(ws: Workstation) -> OfficeSettings:
            from app.services.setup import save_office_settings

            return save_office_settings(ws, details, name)

        self.save_button.setEnabled(False)
        self.runner.db(job, self._saved, self._failed, changes="settings")

    def _saved(self, settings: OfficeSettings) -> None:
        self.save_button.setEnabled(True)
        self._show(settings)
        _say(self.message, self.tr("Đã lưu."), OK_COLOR)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.setEnabled(self.loaded is not None)
        if isinstance(exc, ValidationFailed):
            self.form.rows.show(exc.errors, everything=True)
        _say(self.message, error_text(exc), ERROR_COLOR)


class ConnectionPage(QWidget):
    """How the link to the provincial hub is doing; enrollment with a one-time code."""

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        sync: SyncController | None = None,
        open_sync_panel: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.sync = sync
        self._counter_name = ""
        self.state = QLabel(self.tr("Đang đọc trạng thái…"))
        self.state.setObjectName("connectionState")
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Trạng thái kết nối"))
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.panel_button = QPushButton(self.tr("Mở cửa sổ đồng bộ…"))
        self.panel_button.setAccessibleName(self.panel_button.text())
        self.panel_button.setAutoDefault(False)
        self.panel_button.setVisible(open_sync_panel is not None)
        if open_sync_panel is not None:
            self.panel_button.clicked.connect(open_sync_panel)
        self.enroll_title = QLabel()
        self.enroll_title.setObjectName("sectionTitle")
        self.enroll_title.setWordWrap(True)
        self.enroll = EnrollForm(runner, lambda: self._counter_name, with_button=True)
        self.enroll.enrolled.connect(self._enrolled)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.panel_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(self.enroll_title)
        layout.addWidget(self.enroll)
        layout.addStretch(1)

    @staticmethod
    def page_title() -> str:
        from app.ui.i18n import translate

        return translate("SettingsDialog", "Kết nối")

    def load(self) -> None:
        def job(ws: Workstation) -> tuple[SyncHealth, str]:
            from app.services.setup import counter_name

            return read_health(ws), counter_name(ws)

        self.runner.db(job, self._show, self._failed)

    def _show(self, result: tuple[SyncHealth, str]) -> None:
        health, self._counter_name = result
        self.state.setText(health.summary())
        if health.enrolled:
            self.enroll_title.setText(
                self.tr(
                    "Đăng ký lại (chỉ khi bưu điện tỉnh cấp mã đăng ký mới, ví dụ khi thay máy):"
                )
            )
        else:
            self.enroll_title.setText(
                self.tr("Đăng ký quầy với bưu điện tỉnh bằng mã đăng ký do tỉnh cấp:")
            )

    def _failed(self, exc: BaseException) -> None:
        _say(self.state, error_text(exc), ERROR_COLOR)

    def _enrolled(self, _result: Enrollment) -> None:
        if self.sync is not None:
            self.sync.sync_now()  # starts the engine now that there is a hub to talk to
        self.load()


class SettingsDialog(QDialog):
    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        sync: SyncController | None = None,
        open_sync_panel: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        styled(self)
        self.runner = runner
        title = self.tr("Cài đặt")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(900, 640)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Các mục cài đặt"))
        self.office = OfficePage(runner)
        self.connection = ConnectionPage(runner, sync=sync, open_sync_panel=open_sync_panel)
        self._add(self.office, OfficePage.page_title())
        self._add(self.connection, ConnectionPage.page_title())
        self.printers = PrintersPage(runner)
        self.backups = BackupPage(runner)
        self.logs = LogsPage(runner)
        self._add(self.printers, PrintersPage.page_title())
        self._add(self.backups, BackupPage.page_title())
        self._add(self.logs, LogsPage.page_title())
        buttons = QDialogButtonBox()
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Đóng"))
        close.setAccessibleName(close.text())
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.office.load()
        self.connection.load()

    def _add(self, page: QWidget, title: str) -> None:
        # Scrolls rather than squeezes on a small screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)

    def show_page(self, page: QWidget) -> None:
        """Bring ``page`` (one of this dialog's pages) to the front."""
        for index in range(self.tabs.count()):
            scroll = self.tabs.widget(index)
            if isinstance(scroll, QScrollArea) and scroll.widget() is page:
                self.tabs.setCurrentIndex(index)
                return
