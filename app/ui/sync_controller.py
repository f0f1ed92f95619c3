"""The background sync engine as the window sees it: started when the workstation is open and
the counter is enrolled, poked by new dossiers and by "Đồng bộ ngay", stopped before the
database closes. Its reports arrive on the engine's own thread; they cross to the GUI thread
through a queued signal, and the health shown to people is re-read on the database thread.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from app.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the sync stack (requests, keyring) is imported on the database thread
    from app.services.sync import SyncHealth
    from app.services.workstation import Workstation
    from app.sync.backoff import Backoff
    from app.sync.engine import SyncEngine, SyncReport

log = logging.getLogger(__name__)
STOP_TIMEOUT = 15.0  # seconds to wait for a request in flight when the window closes


def read_health(ws: Workstation) -> SyncHealth:
    """On the database thread (its imports too: requests and keyring are not needed to start)."""
    from app.services.sync import sync_health

    return sync_health(ws)


class SyncController(QObject):
    """Owns the GUI's one ``SyncEngine``; ``health_changed(SyncHealth)`` after every report."""

    health_changed = Signal(object)  # SyncHealth, on the GUI thread
    _reported = Signal(object)  # SyncReport, emitted on the engine thread (queued to the GUI)

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        interval: float | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._interval = interval
        self._backoff = backoff
        # The engine is created on the database thread and stopped on the GUI thread: the lock
        # makes "stopped" and "engine started" exclusive, so no engine outlives stop().
        self._lock = threading.Lock()
        self._engine: SyncEngine | None = None
        self._started = False
        self._stopped = False
        self._reported.connect(self._on_report)
        runner.changed.connect(self._data_changed)

    # ------------------------------------------------------------------ public

    @property
    def engine(self) -> SyncEngine | None:
        with self._lock:
            return self._engine

    def start(self) -> None:
        """Start the engine if the counter is enrolled (call once the workstation is open)."""
        self._started = True
        self._start_if_enrolled()

    def sync_now(self) -> None:
        """Run a sync soon. Before the engine runs (enrolled since the window opened, or
        ``start`` not called yet) it checks enrollment again and reports the health."""
        if self._stopped:
            return
        engine = self.engine
        if engine is not None:
            engine.poke()
        elif self._started:
            self._start_if_enrolled()
        else:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the health on the database thread and emit ``health_changed``."""
        if self._stopped:
            return
        self.runner.db(read_health, self._emit_health, self._read_failed)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop the engine and wait for it (call before the task runner shuts down)."""
        with self._lock:
            self._stopped = True
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.stop(timeout)
            if engine.running:
                log.warning("the sync engine did not stop within %.0f s", timeout)

    # ----------------------------------------------------------------- private

    def _start_if_enrolled(self) -> None:
        if self._stopped:
            return
        self.runner.db(self._start_on_db_thread, self._emit_health, self._read_failed)

    def _start_on_db_thread(self, ws: Workstation) -> SyncHealth:
        from app.services.sync import start_engine, sync_health

        health = sync_health(ws)
        with self._lock:
            if health.enrolled and self._engine is None and not self._stopped:
                self._engine = start_engine(
                    ws,
                    interval=self._interval,
                    backoff=self._backoff,
                    on_report=self._reported.emit,
                )
        return health

    @Slot(object)
    def _on_report(self, _report: SyncReport) -> None:
        self.refresh()

    def _data_changed(self, topic: str) -> None:
        if topic == "dossiers" and (engine := self.engine) is not None:
            engine.poke()  # new events to send

    def _emit_health(self, health: SyncHealth | None) -> None:
        if not self._stopped and health is not None:
            self.health_changed.emit(health)

    def _read_failed(self, exc: BaseException) -> None:
        log.error("reading the sync state failed", exc_info=exc)
