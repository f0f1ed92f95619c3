"""Starting the counter window: Qt, the font and language, the workstation, the main window.

The workstation is opened by the first job on the database thread (a first run seeds the catalog
there), so the GUI thread never waits on disk: the window shows at once and its intake screen
takes input when the catalog has arrived. Closing the window finishes queued database work
before the database is closed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from app.domain.errors import DomainError
from app.ui import start_tuning
from app.ui.fonts import install_fonts
from app.ui.i18n import (
    DEFAULT_LANGUAGE,
    SETTING_KEY,
    current_language,
    install_language,
    translate,
)
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.workstation import Workstation
    from app.ui.main_window import MainWindow
    from app.ui.setup.wizard import SetupWizard

log = logging.getLogger(__name__)
EXIT_STORAGE = 3  # as the CLI: the database cannot be used


def prepare_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("motcua")
    app.setApplicationDisplayName(translate("App", "Quầy Một Cửa"))
    install_fonts(app)  # no application-wide style sheet: see app/ui/style.py
    return app


class GuiSession(QObject):
    """One run of the window: shows it, opens the workstation meanwhile, shuts down cleanly.

    The window is built at once in the default language while the database thread opens the
    data (the two overlap); the intake screen takes input when the catalog arrives. If the
    stored language is another one, the window is rebuilt in it (a one-off cost).
    """

    ready = Signal(object)  # MainWindow, shown; its intake screen emits ``ready`` when usable
    failed = Signal(str)  # the workstation could not be opened (Vietnamese, says what to do)

    def __init__(
        self,
        home: Path | None,
        parent: QObject | None = None,
        *,
        setup_wizard: bool = True,
        log_files: bool = False,
    ) -> None:
        super().__init__(parent)
        self.home = home
        # The log files in the data folder (app/services/logs.py); the app turns them on, tests
        # that start many sessions in one process leave logging as it is.
        self.log_files = log_files
        self._logging_started = False
        self._setup_checked = False
        # A counter nobody has set up yet gets the first-run wizard over the window (tests and
        # benchmarks that only need the window may turn it off).
        self.setup_wizard = setup_wizard
        self.wizard: SetupWizard | None = None
        # The runner exists before the workstation: its first job opens it on the db thread,
        # and every job queued after that one runs after it.
        self.runner = TaskRunner(cast("Workstation", None))
        self.window: MainWindow | None = None
        from app.ui.sync_controller import SyncController

        self.sync = SyncController(self.runner, self)
        from app.ui.backup.controller import BackupController

        # Automatic backups, the check after start, the restore offer (app/ui/backup).
        self.backups = BackupController(self.runner, home, self)
        self.backups.restored.connect(self._restored)
        self.exit_code = 0

    def start(self) -> None:
        runner, home = self.runner, self.home

        def open_on_db_thread(_unused: Workstation) -> str:
            import sqlite3

            from app.services.workstation import open_workstation
            from app.storage.db import StorageError

            try:
                ws = open_workstation(home)
            except (StorageError, sqlite3.DatabaseError):
                # Only a failed open needs the backups module (its imports would delay every
                # start): it tries again and names the good backup when the file is damaged.
                if self.log_files:
                    _configure_logging(home)  # this start's story is worth the log file
                from app.services.backups import open_checked

                ws = open_checked(home)  # raises CorruptDatabase (the restore offer)
            runner.ws = ws
            _ = ws.catalog, ws.calendar  # warm the caches while still off the GUI thread
            return str(ws.setting(SETTING_KEY, DEFAULT_LANGUAGE))

        start_tuning.begin()  # (begun already when app/main.py opened the window)
        runner.db(open_on_db_thread, self._opened, self._open_failed)
        install_language(DEFAULT_LANGUAGE)
        self._show_window()

    def _opened(self, language: str) -> None:
        # The window is built and the workstation open: the start-up tuning has done its work
        # (what is left before the intake takes input is delivering the catalog).
        start_tuning.end()
        if language != current_language() and install_language(language) != DEFAULT_LANGUAGE:
            self._show_window()

    def _check_setup(self) -> None:
        """Once the intake takes input (its imports would delay the first citizen): is this
        counter set up? If not, the wizard comes over the window."""
        if self.setup_wizard and not self._setup_checked:
            self._setup_checked = True
            self.runner.db(_needs_setup, self._offer_setup, lambda e: log.warning("setup: %s", e))

    def _offer_setup(self, needed: bool) -> None:
        """The first-run wizard over the window; the window stays usable behind it (demo office).
        When it is done, the sign-in and sync start again with what it stored."""
        if not needed or self.window is None or not self.window.isVisible():
            return  # (closed already: nothing to set up over)
        from app.ui.setup.wizard import SetupWizard

        wizard = SetupWizard(self.runner, self.window)
        wizard.completed.connect(self._set_up)
        self.wizard = wizard
        wizard.show()

    def _set_up(self, _session: object) -> None:
        self.sync.start()  # idempotent; starts the engine if the wizard enrolled the counter
        if self.window is not None:
            self.window.accounts.start()  # picks up the administrator the wizard signed in
            self.window.refresh_shell()

    def _show_window(self) -> None:
        from app.ui.main_window import MainWindow

        window = MainWindow(self.runner, sync=self.sync)
        window.language_requested.connect(self._switch_language)
        # Sync (requests, keyring) is not needed to take the first citizen: start it once the
        # intake is usable, which is also after the workstation is open. start() is idempotent.
        window.intake.ready.connect(self.sync.start)
        # Once the workstation is open and the window shows: ask who is working (when accounts
        # exist), or carry on the session of a window rebuilt for another language.
        window.intake.ready.connect(window.accounts.start)
        window.intake.ready.connect(self.backups.start)  # idempotent; not before the first input
        window.intake.ready.connect(self._start_log_files)
        window.intake.ready.connect(self._check_setup)
        window.resize(1366, 768)
        window.show()
        old, self.window = self.window, window
        if old is not None:
            old.close()
            old.deleteLater()
        self.ready.emit(window)

    def _start_log_files(self) -> None:
        """The log files, once the intake takes input: set up on the database thread (their
        imports and folder cost a start some 60 ms); until then warnings go to stderr."""
        if self.log_files and not self._logging_started:
            self._logging_started = True
            home = self.home
            self.runner.db(lambda _ws: _configure_logging(home), None, _logging_failed)

    def _switch_language(self, language: str) -> None:
        install_language(language)
        self._show_window()

    def _open_failed(self, exc: BaseException) -> None:
        from app.storage.db import StorageError

        start_tuning.end()
        if isinstance(exc, StorageError | DomainError):
            message = exc.message
        else:
            log.error("opening the workstation failed", exc_info=exc)
            message = translate(
                "App", "Không mở được dữ liệu của quầy: {0}. Báo cho bộ phận kỹ thuật."
            ).format(exc)
        self.exit_code = EXIT_STORAGE
        if self.backups.offer_restore(exc, self.window):  # damaged, with a good backup: ask
            return
        self.failed.emit(message)

    def _restored(self) -> None:
        """The damaged database was replaced by a backup: open it as at start."""
        self.exit_code = 0
        self.start()

    def shutdown(self) -> None:
        """Finish queued database work, stop the threads, close the database."""
        start_tuning.end()
        if self.window is not None:
            self.window.close()
        self.sync.stop()  # its engine has its own connection; no report may reach a closed runner
        self.backups.stop()
        self.runner.shutdown()
        ws = self.runner.ws
        if ws is not None:
            self.backups.shutdown_backup(ws)  # the last backup, once queued work is done
            ws.close()
        self.backups.apply_pending_restore()  # a restore asked for while running


def _configure_logging(home: Path | None) -> Path:
    from app.services.logs import configure_logging
    from app.services.workstation import default_home

    return configure_logging(home or default_home())


def _logging_failed(exc: BaseException) -> None:
    # configure_logging falls back to stderr by itself; anything else must not stop the counter.
    log.warning("the log files could not be set up: %s", exc)


def _needs_setup(ws: Workstation) -> bool:
    from app.services.setup import is_set_up

    return not is_set_up(ws)


def run_gui(home: Path | None) -> int:
    """Open the counter window on the data folder ``home`` (None: the default folder)."""
    app = prepare_application()

    def fail(message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # (its class and enums: only when it fails)

        QMessageBox.critical(None, translate("App", "Không mở được Quầy Một Cửa"), message)
        app.exit(EXIT_STORAGE)

    try:
        while True:
            session = GuiSession(home, log_files=True)
            session.failed.connect(fail)
            session.start()
            code = app.exec()
            session.shutdown()
            if not session.backups.restart_pending:  # restored while running: start again
                return code or session.exit_code
    finally:
        from app.services.logs import shutdown_logging

        shutdown_logging()  # the last records written, the writer thread stopped
