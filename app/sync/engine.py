"""One sync run (upload, then downstream) and the background runner that repeats it.

``run_once`` is what ``motcua sync --once`` does. ``SyncEngine`` is a plain thread (no Qt) that
runs a step when poked (new events, the link coming back), on a timer, and after a backoff when
the hub could not be reached; ``stop()`` wakes and joins it. The UI can own one and show its
reports; the CLI runs the same loop in the foreground.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.storage import sync_state
from app.storage.connection import Database
from app.storage.db import transaction
from app.sync.backoff import Backoff
from app.sync.client import HubClient, HubRefused, HubUnknown
from app.sync.downloader import DownloadResult, pull_feed
from app.sync.leaser import refresh_leases
from app.sync.rehydrator import RehydrateResult, rehydrate
from app.sync.uploader import MAX_BATCH, BatchOutcome, upload_outbox

log = logging.getLogger("motcua.sync")


class Outcome(StrEnum):
    OK = "ok"  # every batch acknowledged and the feed applied
    UNKNOWN = "unknown"  # the hub was not reached or its answer not trusted: retry later
    REJECTED = "rejected"  # the hub refused (its message says why)
    NOT_ENROLLED = "not_enrolled"  # no hub address or no device token
    ERROR = "error"  # a local problem (keyring, CA bundle, a bug)


@dataclass(frozen=True)
class SyncReport:
    outcome: Outcome
    message: str = ""  # Vietnamese; empty when everything went well
    code: str = ""  # the hub's error code when it refused
    batches: int = 0
    uploaded: int = 0  # events the hub stored for the first time
    duplicates: int = 0  # events the hub already had (a resent batch)
    acked_seq: int = 0
    pending: int = 0  # events still waiting for the hub
    downstream_applied: int = 0
    downstream_kept: int = 0
    downstream_failed: int = 0
    catalog_changed: bool = False
    calendar_changed: bool = False
    retry_after: float | None = None
    warnings: tuple[str, ...] = field(default=())
    rehydrated_events: int = 0  # brought back from the hub after a restore
    rehydrated_dossiers: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


def run_once(
    db: Database,
    device_id: str,
    client: HubClient,
    *,
    now: Callable[[], datetime],
    batch_size: int = MAX_BATCH,
    should_stop: Callable[[], bool] = lambda: False,
) -> SyncReport:
    """Re-hydrate after a restore, upload the outbox, then apply the downstream feed; record the
    result in settings."""
    rehydrated = RehydrateResult()
    try:
        rehydrated = rehydrate(db, device_id, client)
    except (HubUnknown, HubRefused) as exc:
        # Nothing may be uploaded before the hub's copy is back: it would fork the chain.
        failed = Outcome.UNKNOWN if isinstance(exc, HubUnknown) else Outcome.REJECTED
        with transaction(db):
            sync_state.record_failure(
                db, now(), exc.message, code=exc.code, online=failed is Outcome.REJECTED
            )
        return SyncReport(failed, message=exc.message, code=exc.code,
                          retry_after=exc.retry_after, pending=sync_state.pending(db, device_id)[0],
                          acked_seq=sync_state.acked_seq(db))  # fmt: skip
    lease_problems: list[str] = []
    try:
        lease_problems.extend(refresh_leases(db, device_id, client, now()).problems)
    except (HubUnknown, HubRefused) as exc:
        # Numbers still in hand keep the counter working; the upload goes on.
        lease_problems.append(f"Chưa nhận được dải số mới: {exc.message}")
    up = upload_outbox(db, device_id, client, batch_size=batch_size, should_stop=should_stop)
    outcome = {
        BatchOutcome.ACKNOWLEDGED: Outcome.OK,
        BatchOutcome.UNKNOWN: Outcome.UNKNOWN,
        BatchOutcome.REJECTED: Outcome.REJECTED,
    }[up.outcome]
    message, code, retry_after = up.message, up.code, up.retry_after
    down = DownloadResult()
    # Downstream is still worth fetching after a refused batch (the hub is there); not when
    # the hub could not be reached at all.
    if outcome is not Outcome.UNKNOWN and not should_stop():
        try:
            down = pull_feed(db, device_id, client, now=now, should_stop=should_stop)
        except (HubUnknown, HubRefused) as exc:
            if outcome is Outcome.OK:
                outcome = Outcome.UNKNOWN if isinstance(exc, HubUnknown) else Outcome.REJECTED
                message, code, retry_after = exc.message, exc.code, exc.retry_after
    at = now()
    with transaction(db):
        if outcome is Outcome.OK:
            sync_state.record_success(db, at)
        else:
            sync_state.record_failure(
                db, at, message, code=code, online=outcome is Outcome.REJECTED
            )
    pending, _oldest = sync_state.pending(db, device_id)
    return SyncReport(
        outcome=outcome,
        message=message,
        code=code,
        batches=up.batches,
        uploaded=up.accepted,
        duplicates=up.duplicates,
        acked_seq=sync_state.acked_seq(db),
        pending=pending,
        downstream_applied=down.applied,
        downstream_kept=down.kept,
        downstream_failed=down.failed,
        catalog_changed=down.catalog_changed,
        calendar_changed=down.calendar_changed,
        retry_after=retry_after,
        warnings=tuple(lease_problems + up.refused + down.problems),
        rehydrated_events=rehydrated.events,
        rehydrated_dossiers=rehydrated.dossiers,
    )


Step = Callable[[Callable[[], bool]], SyncReport]


class SyncEngine:
    """Runs ``step`` again and again on its own thread until ``stop()``.

    After a good run it waits ``interval`` seconds (or a ``poke()``). When the hub could not be
    reached it waits a backoff delay (full jitter, capped), never less than the hub's Retry-After,
    which even a poke does not shorten. After a refusal (4xx) it does not retry on its own before
    the timer: only a poke or the timer runs it again.
    """

    def __init__(
        self,
        step: Step,
        *,
        interval: float = 60.0,
        backoff: Backoff | None = None,
        on_report: Callable[[SyncReport], None] | None = None,
        on_stop: Callable[[], None] | None = None,
        name: str = "motcua-sync",
    ) -> None:
        self._step = step
        self.interval = interval
        self.backoff = backoff or Backoff()
        self._on_report = on_report
        self._on_stop = on_stop
        self._name = name
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._last: SyncReport | None = None
        self._runs = 0

    # ------------------------------------------------------------ control

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("SyncEngine already started")
        self._thread = threading.Thread(target=self.run, name=self._name, daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Something changed (new events, the link is back): run soon."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the loop to end after the request in progress, and wait for it."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def last_report(self) -> SyncReport | None:
        with self._cond:
            return self._last

    @property
    def runs(self) -> int:
        with self._cond:
            return self._runs

    def wait_for_run(self, after: int, timeout: float) -> SyncReport | None:
        """Block until more than ``after`` runs have finished; the latest report, or None."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._runs > after, timeout):
                return None
            return self._last

    # ------------------------------------------------------------ the loop

    def run(self) -> None:
        try:
            while not self._stopping.is_set():
                report = self._run_step()
                # The callback first: whoever waits for the run then also sees its effects.
                if self._on_report is not None:
                    try:
                        self._on_report(report)
                    except Exception:
                        log.exception("sync report callback failed")
                with self._cond:
                    self._last = report
                    self._runs += 1
                    self._cond.notify_all()
                if self._stopping.is_set():
                    break
                self._pause(report)
        finally:
            if self._on_stop is not None:
                self._on_stop()

    def _run_step(self) -> SyncReport:
        try:
            return self._step(self._stopping.is_set)
        except Exception as exc:
            # Never swallowed: logged with its traceback and shown as the last error.
            log.exception("sync run failed")
            return SyncReport(
                Outcome.ERROR,
                message=(
                    f"Lỗi phần mềm khi đồng bộ ({type(exc).__name__}: {exc}). Quầy sẽ thử lại; "
                    "nếu lỗi lặp lại, hãy báo bộ phận hỗ trợ kèm tệp nhật ký."
                ),
            )

    def _pause(self, report: SyncReport) -> None:
        if report.ok:
            self.backoff.reset()
            delay = self.interval
        elif report.outcome in (Outcome.UNKNOWN, Outcome.ERROR):
            delay = self.backoff.next_delay(report.retry_after)
        else:
            # Refused or not enrolled: trying again soon would get the same answer. Wait for the
            # timer (never less than the backoff cap) or a poke (the operator enrolled, new
            # events came).
            delay = max(self.interval, self.backoff.cap)
        floor = time.monotonic() + (report.retry_after or 0.0)
        self._wake.wait(delay)
        self._wake.clear()
        # A poke may cut a timer or a backoff short, never the hub's own Retry-After.
        while not self._stopping.is_set() and (left := floor - time.monotonic()) > 0:
            self._wake.wait(left)
            self._wake.clear()
