"""The window's backups: a timer for automatic backups, the check after start, restores.

* Every ``TICK_MS`` the database thread runs ``maybe_backup`` (it backs up only when something
  changed and the interval in the settings has passed), from when the intake is ready.
* ``CHECK_DELAY_MS`` after that, a ``quick_check`` of the whole file runs on its own read-only
  connection in the background pool (the counter keeps working); damage found is offered for
  restore like damage found at start.
* A restore while the window works (settings page, or damage found later) needs everything
  closed first: the controller remembers it, the application quits its event loop, closes as
  usual (the last backup included), restores, and starts again (``run_gui``).
* A restore offered at start (the database did not open) runs at once on the database thread:
  nothing is open yet. ``restored`` then asks the session to open the workstation again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.backup.restore_offer import RestoreOffer
from app.ui.i18n import translate
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.backups import BackupInfo
    from app.services.workstation import Workstation
    from app.storage.backup import CorruptDatabase

log = logging.getLogger(__name__)
TICK_MS = 2 * 60 * 1000
CHECK_DELAY_MS = 30 * 1000
EXIT_STORAGE = 3  # as app.ui.app: the database cannot be used


class RestoreRequests:
    """Where a settings page asks the running application for a restore (one per process):
    ``handler(backup_file, actor)``, set by the running session's controller, else None."""

    def __init__(self) -> None:
        self.handler: Callable[[str, str], None] | None = None


_requests = RestoreRequests()


def restore_requests() -> RestoreRequests:
    return _requests


def _home(home: Path | None) -> Path:
    from app.services.workstation import default_home

    return home if home is not None else default_home()


class BackupController(QObject):
    restored = Signal()  # a restore at start is done: open the workstation again

    def __init__(self, runner: TaskRunner, home: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.home = home
        self.pending_restore: tuple[str, str] | None = None  # (backup file, actor) at shutdown
        self.offer: RestoreOffer | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("automatic backups")
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.backup_if_changed)
        self._check_timer = QTimer(self)
        self._check_timer.setObjectName("database check after start")
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_database)
        self._cancel = threading.Event()
        self._warned: set[str] = set()
        self._started = self._stopped = False
        restore_requests().handler = self.request_restore

    @property
    def restart_pending(self) -> bool:
        return self.pending_restore is not None

    # ------------------------------------------------------------------ while running

    def start(self) -> None:
        """Automatic backups and the background check (idempotent; after the intake is ready)."""
        if self._started or self._stopped:
            return
        self._started = True
        self._timer.start()
        self._check_timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._check_timer.stop()
        self._cancel.set()  # a quick_check under way stops at its next progress call
        if self.offer is not None:
            self.offer.close()
        if restore_requests().handler == self.request_restore:
            restore_requests().handler = None

    def backup_if_changed(self) -> None:
        from app.services.backups import maybe_backup

        if not self._stopped:
            self.runner.db(maybe_backup, self._backed_up, self._backup_failed)

    def _backed_up(self, info: BackupInfo | None) -> None:
        if info is not None:
            log.info("automatic backup %s", info.path.name)

    def _backup_failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None) or str(exc)
        log.warning("automatic backup failed: %s", message)
        if message in self._warned:  # once per session: a full disk must not nag every tick
            return
        self._warned.add(message)
        from PySide6.QtWidgets import QMessageBox  # (not needed to open the window)

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("Backups", "Chưa sao lưu được"),
            message,
            parent=QApplication.activeWindow(),
        )
        box.setObjectName("backup warning")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def check_database(self) -> None:
        from app.services.backups import check_live_database

        if self._stopped:
            return
        home, cancel = self.home, self._cancel

        def check() -> CorruptDatabase | None:
            return check_live_database(_home(home), cancelled=cancel.is_set)

        self.runner.net(check, self._checked, lambda e: log.warning("database check: %s", e))

    def _checked(self, damage: CorruptDatabase | None) -> None:
        if damage is None or self._stopped:
            return
        self.offer_restore(damage, QApplication.activeWindow(), at_start=False)

    def request_restore(self, backup: str, actor: str) -> None:
        """Restore ``backup`` after closing everything, then start again (see module text)."""
        if self._stopped:
            return
        self.pending_restore = (backup, actor)
        QCoreApplication.exit(0)

    # ------------------------------------------------------------------ damage

    def offer_restore(
        self, exc: BaseException, parent: QWidget | None, *, at_start: bool = True
    ) -> bool:
        """Ask whether to restore when ``exc`` is a damaged database with a good backup;
        False (nothing shown) otherwise."""
        from app.storage.backup import CorruptDatabase

        if not isinstance(exc, CorruptDatabase) or exc.backup is None or self.offer is not None:
            return False
        offer = RestoreOffer(exc, parent)
        self.offer = offer
        backup = str(exc.backup.path)

        def answered() -> None:
            self.offer = None
            if not offer.restore_chosen():
                QCoreApplication.exit(EXIT_STORAGE)
            elif at_start:
                self._restore_at_start(backup)
            else:
                self.request_restore(backup, "")

        offer.finished.connect(answered)
        offer.open()
        return True

    def _restore_at_start(self, backup: str) -> None:
        from app.services.restore import restore

        home = self.home

        def job(_ws: Workstation | None) -> object:
            return restore(_home(home), Path(backup), reason="damaged")

        self.runner.db(job, lambda _result: self.restored.emit(), self._restore_failed)

    def _restore_failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None) or str(exc)
        log.error("restore failed: %s", message)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            QApplication.activeWindow(), translate("Backups", "Chưa khôi phục được"), message
        )
        QCoreApplication.exit(EXIT_STORAGE)

    # ------------------------------------------------------------------ at shutdown

    def shutdown_backup(self, ws: Workstation) -> None:
        """The last backup, after queued work has finished and before the database closes."""
        from app.services.backups import backup_on_exit

        backup_on_exit(ws)

    def apply_pending_restore(self) -> None:
        """The restore asked for while running, once every connection is closed."""
        if self.pending_restore is None:
            return
        from app.services.restore import restore

        backup, actor = self.pending_restore
        try:
            restore(_home(self.home), Path(backup), actor=actor, reason="manual")
        except Exception as exc:  # said to the person; the data in place is unchanged
            self._restore_failed(exc)
