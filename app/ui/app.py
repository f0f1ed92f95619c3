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
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import DomainError
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

    def __init__(self, home: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        # The runner exists before the workstation: its first job opens it on the db thread,
        # and every job queued after that one runs after it.
        self.runner = TaskRunner(cast("Workstation", None))
        self.window: MainWindow | None = None
        from app.ui.sync_controller import SyncController

        self.sync = SyncController(self.runner, self)
        self.exit_code = 0

    def start(self) -> None:
        runner, home = self.runner, self.home

        def open_on_db_thread(_unused: Workstation) -> str:
            from app.services.workstation import open_workstation

            ws = open_workstation(home)
            runner.ws = ws
            _ = ws.catalog, ws.calendar  # warm the caches while still off the GUI thread
            return str(ws.setting(SETTING_KEY, DEFAULT_LANGUAGE))

        runner.db(open_on_db_thread, self._opened, self._open_failed)
        install_language(DEFAULT_LANGUAGE)
        self._show_window()

    def _opened(self, language: str) -> None:
        if language != current_language() and install_language(language) != DEFAULT_LANGUAGE:
            self._show_window()

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
        window.resize(1366, 768)
        window.show()
        old, self.window = self.window, window
        if old is not None:
            old.close()
            old.deleteLater()
        self.ready.emit(window)

    def _switch_language(self, language: str) -> None:
        install_language(language)
        self._show_window()

    def _open_failed(self, exc: BaseException) -> None:
        from app.storage.db import StorageError

        if isinstance(exc, StorageError | DomainError):
            message = exc.message
        else:
            log.error("opening the workstation failed", exc_info=exc)
            message = translate(
                "App", "Không mở được dữ liệu của quầy: {0}. Báo cho bộ phận kỹ thuật."
            ).format(exc)
        self.exit_code = EXIT_STORAGE
        self.failed.emit(message)

    def shutdown(self) -> None:
        """Finish queued database work, stop the threads, close the database."""
        if self.window is not None:
            self.window.close()
        self.sync.stop()  # its engine has its own connection; no report may reach a closed runner
        self.runner.shutdown()
        ws = self.runner.ws
        if ws is not None:
            ws.close()


def run_gui(home: Path | None) -> int:
    """Open the counter window on the data folder ``home`` (None: the default folder)."""
    app = prepare_application()
    session = GuiSession(home)

    def fail(message: str) -> None:
        QMessageBox.critical(None, translate("App", "Không mở được Quầy Một Cửa"), message)
        app.exit(EXIT_STORAGE)

    session.failed.connect(fail)
    session.start()
    code = app.exec()
    session.shutdown()
    return code or session.exit_code
