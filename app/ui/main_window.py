"""The counter window: the intake, lookup and lifecycle screens in tabs, menus, the status bar.

It wires the pieces together and knows no rules: screens own their work, PrintActions owns
printing, the status bar shows what the database thread reports. Only the intake screen is built
before the first paint, so the counter can start typing sooner; the other tabs hold placeholders
and their screens are built one per event-loop turn right after the intake is ready (or at once
when someone opens them first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from app.domain.errors import DomainError
from app.ui.accounts.session import SessionController, SessionState
from app.ui.db_calls import ShellInfo, save_setting, shell_info
from app.ui.i18n import LANGUAGES, SETTING_KEY, current_language
from app.ui.intake import IntakeScreen
from app.ui.printing import PrintActions
from app.ui.status_bar import StatusBar
from app.ui.style import styled
from app.ui.sync_controller import SyncController
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.domain.roles import SignedIn
    from app.services.sync import SyncHealth
    from app.ui.home.home_screen import HomeScreen
    from app.ui.lifecycle.actions_panel import DossierActionsDialog
    from app.ui.lifecycle.handover_screen import HandoverScreen
    from app.ui.lifecycle.results_screen import ResultsScreen
    from app.ui.lookup.lookup_screen import LookupScreen
    from app.ui.settings.settings_dialog import SettingsDialog
    from app.ui.supervisor.control_screen import ControlScreen
    from app.ui.sync_panel import SyncPanel

log = logging.getLogger(__name__)
W = TypeVar("W", bound=QWidget)

# Tab order; index 0 is the intake screen, built at once.
LOOKUP, HOME, HANDOVER, RESULTS, CONTROL = 1, 2, 3, 4, 5


class MainWindow(QMainWindow):
    language_requested = Signal(str)  # saved already; the application rebuilds the window

    def __init__(
        self,
        runner: TaskRunner,
        printing: PrintActions | None = None,
        parent: QWidget | None = None,
        sync: SyncController | None = None,
        idle_lock_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        # The application owns the running engine (it outlives a window rebuilt for a language);
        # without one the window still shows the sync state, it just never starts an engine.
        self.sync = sync or SyncController(runner, self)
        self._sync_panel: SyncPanel | None = None
        self._settings: SettingsDialog | None = None
        self._geometry_asked = False  # the stored size and place were asked for
        self._geometry_known = False  # ... and applied: closing may save over them
        self.setWindowTitle(self.tr("Quầy Một Cửa — tiếp nhận hồ sơ tại bưu điện"))
        self.printing = printing or PrintActions(runner, self)
        self.intake = IntakeScreen(runner, self, printing=self.printing)
        self._screens: dict[int, QWidget] = {}
        self._closed = False
        self._actions: DossierActionsDialog | None = None
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Màn hình"))
        self.tabs.addTab(self.intake, self.tr("Tiếp nhận hồ sơ"))
        self.tabs.setTabToolTip(0, self.tr("Tiếp nhận hồ sơ (F2)"))
        self._titles = {
            LOOKUP: (self.tr("Tra cứu"), self.tr("Tra cứu hồ sơ (F3)")),
            HOME: (self.tr("Việc hôm nay"), self.tr("Hồ sơ cần xử lý hôm nay (F4)")),
            HANDOVER: (self.tr("Bàn giao"), self.tr("Bàn giao hồ sơ cho cơ quan (F5)")),
            RESULTS: (self.tr("Kết quả"), self.tr("Nhận và trả kết quả (F6)")),
            CONTROL: (self.tr("Kiểm soát"), self.tr("Chốt ngày và báo cáo (F7)")),
        }
        for _index, (title, tip) in sorted(self._titles.items()):
            self.tabs.setTabToolTip(self.tabs.addTab(QWidget(), title), tip)  # placeholders
        self.setCentralWidget(self.tabs)
        self.status = StatusBar(self._now, self)
        self.setStatusBar(self.status)
        # Sign-in, lock and idle lock; the application starts it once the window shows.
        self.accounts = SessionController(runner, self, idle_lock_ms)
        self._build_menus()

        QShortcut(QKeySequence("F2"), self, activated=self.show_intake)
        QShortcut(QKeySequence("F3"), self, activated=self.show_lookup)
        QShortcut(QKeySequence("F4"), self, activated=self.show_home)
        QShortcut(QKeySequence("F5"), self, activated=self.show_handover)
        QShortcut(QKeySequence("F6"), self, activated=self.show_results)
        QShortcut(QKeySequence("F7"), self, activated=self.show_control)
        self.intake.open_dossier.connect(self.open_dossier)
        self.intake.ready.connect(self._intake_ready)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.printing.message.connect(lambda text: self.status.showMessage(text, 8000))
        self.printing.error.connect(self.show_error)
        self.runner.failed.connect(self._unhandled)
        self.runner.changed.connect(self._data_changed)
        self.sync.health_changed.connect(self._show_sync_health)
        self.status.connection_clicked.connect(self.show_sync_panel)
        self.sync.health_changed.connect(self._sync_reported)
        self.accounts.session_changed.connect(self._session_changed)
        self.accounts.state_changed.connect(self._session_state)
        self.accounts.message.connect(self.show_error)

    def _now(self) -> datetime:
        # The workstation's clock once it is open (it may be opening while the window shows).
        ws = self.runner.ws
        return ws.now() if ws is not None else datetime.now().astimezone()

    # ------------------------------------------------------------------ screens

    def _built(self, index: int, kind: type[W]) -> W | None:
        screen = self._screens.get(index)
        return screen if isinstance(screen, kind) else None

    def _install(self, index: int, screen: W) -> W:
        """Put a built screen in place of its tab's placeholder, keeping the current tab."""
        styled(screen)
        self._screens[index] = screen
        placeholder = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        title, tip = self._titles[index]
        self.tabs.blockSignals(True)
        self.tabs.insertTab(index, screen, title)
        self.tabs.setTabToolTip(index, tip)
        self.tabs.removeTab(index + 1)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        return screen

    @property
    def lookup(self) -> LookupScreen:
        """The lookup screen, built on first use (normally just after the intake is ready)."""
        from app.ui.lookup.lookup_screen import LookupScreen

        if (screen := self._built(LOOKUP, LookupScreen)) is None:
            screen = LookupScreen(self.runner, self)
            screen.reprint_requested.connect(self.printing.reprint)
            screen.detail_opened.connect(self._detail_opened)
            self._install(LOOKUP, screen)
        return screen

    @property
    def home(self) -> HomeScreen:
        from app.ui.home.home_screen import HomeScreen

        if (screen := self._built(HOME, HomeScreen)) is None:
            screen = self._install(HOME, HomeScreen(self.runner, self))
            screen.counts_changed.connect(self._show_home_count)
            screen.open_requested.connect(self.open_actions)
            screen.refresh()  # its count shows in the tab title before anyone opens it
            screen.start_auto_refresh()
        return screen

    @property
    def handover(self) -> HandoverScreen:
        from app.ui.lifecycle.handover_screen import HandoverScreen

        if (screen := self._built(HANDOVER, HandoverScreen)) is None:
            screen = self._install(HANDOVER, HandoverScreen(self.runner, self.printing, self))
        return screen

    @property
    def results(self) -> ResultsScreen:
        from app.ui.lifecycle.results_screen import ResultsScreen

        if (screen := self._built(RESULTS, ResultsScreen)) is None:
            screen = self._install(RESULTS, ResultsScreen(self.runner, self.printing, self))
        return screen

    @property
    def control(self) -> ControlScreen:
        from app.ui.supervisor.control_screen import ControlScreen

        if (screen := self._built(CONTROL, ControlScreen)) is None:
            screen = ControlScreen(self.runner, self.printing, self._now().date(), self)
            screen.day_close.closed.connect(lambda _day: self.refresh_shell())
            self._install(CONTROL, screen)
        return screen

    def _screen_at(self, index: int) -> QWidget:
        getters: dict[int, Callable[[], QWidget]] = {
            LOOKUP: lambda: self.lookup,
            HOME: lambda: self.home,
            HANDOVER: lambda: self.handover,
            RESULTS: lambda: self.results,
            CONTROL: lambda: self.control,
        }
        return getters[index]()

    def _intake_ready(self) -> None:
        # After the first paint of a ready intake screen: the status bar, then the other screens,
        # one per event-loop turn so typing in the intake is never held up for long.
        self.refresh_shell()
        self._build_next(LOOKUP)
        self._restore_geometry()

    def _build_next(self, index: int) -> None:
        if index > CONTROL:
            return

        def build() -> None:
            if self._closed:
                return  # closed before its turn: nothing more to build (nor timers to start)
            self._screen_at(index)
            self._build_next(index + 1)

        QTimer.singleShot(0, self, build)

    def _screens_possible(self) -> bool:
        # The other screens need the open workstation; during the first instants it is not.
        if self.runner.ws is None:
            self.status.showMessage(self.tr("Đang mở dữ liệu, xin chờ giây lát…"), 3000)
            return False
        return True

    def _tab_changed(self, index: int) -> None:
        if index > 0 and index not in self._screens:
            if self._screens_possible():
                self._screen_at(index).setFocus()
            else:
                self.tabs.setCurrentIndex(0)

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        system = self.menuBar().addMenu(self.tr("Hệ thống"))
        self.settings_action = QAction(self.tr("Cài đặt…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.show_settings)
        system.addAction(self.settings_action)
        language = self.menuBar().addMenu(self.tr("Ngôn ngữ"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            language.addAction(action)
            self.language_actions[code] = action
        printers = self.menuBar().addMenu(self.tr("Máy in"))
        choose = QAction(self.tr("Chọn máy in…"), self)
        choose.triggered.connect(self.printing.choose_printers)
        printers.addAction(choose)
        self.choose_printers_action = choose
        sync_menu = self.menuBar().addMenu(self.tr("Đồng bộ"))
        panel = QAction(self.tr("Đồng bộ…"), self)
        panel.setShortcut(QKeySequence("F9"))
        panel.triggered.connect(self.show_sync_panel)
        sync_menu.addAction(panel)
        self.sync_action = panel
        account = self.menuBar().addMenu(self.tr("Tài khoản"))
        self.first_admin_action = QAction(self.tr("Tạo tài khoản quản trị đầu tiên"), self)
        self.first_admin_action.triggered.connect(self.accounts.create_first_admin)
        self.first_admin_action.setVisible(False)
        self.sign_out_action = QAction(self.tr("Đăng xuất"), self)
        self.sign_out_action.triggered.connect(self.accounts.sign_out)
        self.lock_action = QAction(self.tr("Khóa máy"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.accounts.lock())
        self.manage_accounts_action = QAction(self.tr("Quản lý tài khoản…"), self)
        self.manage_accounts_action.triggered.connect(self.accounts.manage_accounts)
        for action in (
            self.first_admin_action,
            self.sign_out_action,
            self.lock_action,
            self.manage_accounts_action,
        ):
            action.setEnabled(action is self.first_admin_action)
            account.addAction(action)

    # ------------------------------------------------------------------ actions

    def show_intake(self) -> None:
        self.tabs.setCurrentWidget(self.intake)
        self.intake.picker.search.setFocus()

    def show_lookup(self) -> None:
        if not self._screens_possible():
            return
        lookup = self.lookup
        self.tabs.setCurrentWidget(lookup)
        lookup.focus_search()

    def show_home(self) -> None:
        if not self._screens_possible():
            return
        self.tabs.setCurrentWidget(self.home)
        self.home.focus_first_list()

    def show_handover(self) -> None:
        if not self._screens_possible():
            return
        self.tabs.setCurrentWidget(self.handover)
        self.handover.focus_scan()

    def show_results(self) -> None:
        if not self._screens_possible():
            return
        self.tabs.setCurrentWidget(self.results)
        self.results.focus_scan()

    def show_control(self) -> None:
        if not self._screens_possible():
            return
        self.tabs.setCurrentWidget(self.control)
        self.control.focus_first()

    def _session_state(self, state: SessionState) -> None:
        self.first_admin_action.setVisible(state.first_admin_needed)
        self.first_admin_action.setEnabled(state.first_admin_needed)
        signed_in = state.session is not None
        for action in (self.sign_out_action, self.lock_action, self.manage_accounts_action):
            action.setEnabled(signed_in)

    def _session_changed(self, session: SignedIn | None) -> None:
        if session is None:
            self.status.set_person("", "")
        else:
            self.status.set_person(session.display_name, session.role.label)
        for action in (self.sign_out_action, self.lock_action, self.manage_accounts_action):
            action.setEnabled(session is not None)
        if CONTROL in self._screens:
            self.control.refresh()  # what the new person may see differs

    def open_actions(self, code: str, parent: QWidget | None = None) -> DossierActionsDialog:
        """The moves of one dossier, in a dialog (from the home lists or a dossier's detail)."""
        from app.ui.lifecycle.actions_panel import DossierActionsDialog

        if self._actions is not None:
            self._actions.close()
        dialog = DossierActionsDialog(self.runner, self.printing, parent or self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._actions_closed(d))
        self._actions = dialog
        dialog.load(code)
        dialog.open()
        return dialog

    def _actions_closed(self, dialog: DossierActionsDialog) -> None:
        if self._actions is dialog:
            self._actions = None

    def _detail_opened(self, _code: str) -> None:
        detail = self.lookup.current_detail()
        if detail is not None:
            # Opened over the detail, which is modal: a dialog of the window would be blocked.
            detail.actions_requested.connect(lambda code, d=detail: self.open_actions(code, d))

    def _sync_reported(self, _health: SyncHealth) -> None:
        # A sync may have applied agency decisions from the hub: today's lists may change.
        if HOME in self._screens:
            self.home.refresh()

    def _show_home_count(self, count: int) -> None:
        index = self.tabs.indexOf(self.home)
        title = self.tr("Việc hôm nay ({0})").format(count) if count else self.tr("Việc hôm nay")
        self.tabs.setTabText(index, title)

    def open_dossier(self, code: str) -> None:
        lookup = self.lookup
        self.tabs.setCurrentWidget(lookup)
        lookup.open_code(code)

    def choose_language(self, code: str) -> None:
        if code == current_language():
            return
        self.runner.db(
            lambda ws: save_setting(ws, SETTING_KEY, code),
            lambda _r: self.language_requested.emit(code),
            lambda exc: self.show_error(str(exc)),
        )

    def refresh_shell(self) -> None:
        self.runner.db(shell_info, self._show_shell, lambda exc: log.warning("shell: %s", exc))

    def _show_shell(self, info: ShellInfo) -> None:
        self.status.set_office(info.office_name, info.unit_code)
        self.status.set_staff(info.staff)
        if info.sync is None:
            self.status.set_connection(False)
            self.status.set_pending(None)
        else:
            self.status.set_connection(bool(info.sync.online), info.sync.summary())
            self.status.set_pending(info.sync.pending)

    def show_sync_panel(self) -> None:
        if self._sync_panel is None:
            from app.ui.sync_panel import SyncPanel

            self._sync_panel = SyncPanel(self.runner, self.sync, self)
        panel = self._sync_panel
        panel.show()
        panel.raise_()
        panel.activateWindow()
        panel.sync_button.setFocus()

    def show_settings(self) -> SettingsDialog:
        from app.ui.settings.settings_dialog import SettingsDialog

        if self._settings is not None:
            self._settings.close()
            self._settings.deleteLater()
        dialog = SettingsDialog(
            self.runner, self, sync=self.sync, open_sync_panel=self.show_sync_panel
        )
        self._settings = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # ------------------------------------------------------------------ size and place

    def _restore_geometry(self) -> None:
        # Once per window, after the first paint: reading it needs the open workstation.
        if self._geometry_asked:
            return
        self._geometry_asked = True
        from app.ui.window_geometry import load_state

        self.runner.db(load_state, self._geometry_loaded, lambda e: log.warning("geometry: %s", e))

    def _geometry_loaded(self, state: dict[str, object] | None) -> None:
        if self._closed:
            return
        from app.ui.window_geometry import restore_state

        restore_state(self, state)
        self._geometry_known = True

    def _save_geometry(self) -> None:
        if not self._geometry_known:
            return  # closed before the stored place was read: keep that one
        from app.ui.window_geometry import save_state, window_state

        state = window_state(self)
        try:
            self.runner.db(lambda ws: save_state(ws, state))
        except RuntimeError:
            log.info("the window closed after the database: its place is not saved")

    def _show_sync_health(self, health: SyncHealth) -> None:
        self.status.set_connection(bool(health.online), health.summary())
        self.status.set_pending(health.pending)

    def _data_changed(self, _topic: str) -> None:
        self.refresh_shell()

    def show_error(self, text: str) -> None:
        self.status.showMessage(text, 15000)

    def _unhandled(self, exc: BaseException) -> None:
        """A background error no screen handled: say it in words and keep working."""
        if isinstance(exc, DomainError):
            message = exc.message
        else:
            message = self.tr(
                "Có lỗi ngoài dự kiến: {0}. Thao tác vừa rồi có thể chưa xong; hãy thử lại, "
                "nếu vẫn lỗi thì báo cho bộ phận kỹ thuật."
            ).format(exc)
        from PySide6.QtWidgets import QMessageBox  # (not needed to open the window)

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Có lỗi"), message, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._save_geometry()
        self._closed = True
        self.accounts.stop()  # the idle timer and the application event filter
        for dialog in (
            self.printing.preview,
            self.printing.printer_dialog,
            self._sync_panel,
            self._actions,
            self._settings,
        ):
            if dialog is not None:
                dialog.close()
        for screen in self._screens.values():
            screen.close()  # the home screen stops its refresh timer
        super().closeEvent(event)
