"""The one task helper: background work with results delivered on the GUI thread.

Database work runs on ONE worker thread (the single SQLite writer; the workstation's connection
is used only there). Network work runs on a small separate pool, so a slow link never delays a
receipt. Callbacks run on the GUI thread. After a writing job, ``changed`` fires with a topic so
screens can decide whether to refresh (the Anki "operation did change" pattern).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid

if TYPE_CHECKING:  # imported for real on the database thread: it pulls in sqlite and holidays
    from app.services.workstation import Workstation

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Runs ``fn(ws)`` on the database thread, or ``fn()`` on the network pool."""

    changed = Signal(str)  # a topic such as "dossiers", "catalog", "sync"
    failed = Signal(object)  # an exception no caller handled; the window shows it
    _finished = Signal(object, object, object)  # future, on_done, on_error (queued to GUI)

    def __init__(self, ws: Workstation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="motcua-db")
        self._net = ThreadPoolExecutor(max_workers=2, thread_name_prefix="motcua-net")
        self._pending: set[Future[Any]] = set()
        self._closed = False
        # Always queued: a job that finishes before add_done_callback() is registered runs its
        # callback on the GUI thread, and a direct delivery would overtake earlier results.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------------ public

    def db(
        self,
        fn: Callable[[Workstation], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
        *,
        changes: str | None = None,
    ) -> Future[T]:
        """Run ``fn(ws)`` on the database thread. ``changes`` names the topic it writes."""

        def job() -> T:
            return fn(self.ws)

        return self._submit(self._db, job, on_done, on_error, changes)

    def net(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
    ) -> Future[T]:
        """Run ``fn()`` on the network pool (it must not touch the database connection)."""
        return self._submit(self._net, fn, on_done, on_error, None)

    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        """Finish queued work, then stop the threads (call before closing the workstation)."""
        self._closed = True
        self._net.shutdown(wait=True, cancel_futures=True)
        self._db.shutdown(wait=True)

    # ----------------------------------------------------------------- private

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: Failed | None,
        changes: str | None,
    ) -> Future[T]:
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        future = pool.submit(job)
        self._pending.add(future)
        future.add_done_callback(
            # Emitted from the worker thread; Qt queues it to this object's (GUI) thread.
            lambda f: self._finished.emit(f, (on_done, changes), on_error)
        )
        return future

    @Slot(object, object, object)
    def _deliver(
        self, future: Future[Any], done: tuple[Done | None, str | None], on_error: Failed | None
    ) -> None:
        self._pending.discard(future)
        on_done, changes = done
        if future.cancelled():
            return
        if _receiver_gone(on_done) or _receiver_gone(on_error):
            return  # its screen was closed and deleted meanwhile: nobody is waiting for it
        error = future.exception()
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("background task failed: %s", "".join(traceback.format_exception(error)))
                self.failed.emit(error)
            return
        if on_done is not None:
            on_done(future.result())
        if changes:
            self.changed.emit(changes)


def _receiver_gone(callback: object) -> bool:
    """Whether ``callback`` is a method of a Qt object whose C++ side has been deleted."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not isValid(owner)
