"""The background runner: poked by new events, retrying with backoff, honouring Retry-After,
stopping with a join. The end-to-end runs use the real hub behind the fault proxy."""

from __future__ import annotations

import logging
import random
import threading
import time

from synchelp import local_events

from app.services import sync as sync_service
from app.sync.backoff import Backoff
from app.sync.engine import Outcome, SyncEngine, SyncReport


def _until_ok(engine: SyncEngine, reports: list[SyncReport], runs: int = 50) -> None:
    """Wait for runs until one succeeds (``reports`` is filled by the engine's callback)."""
    for _ in range(runs):
        done = len(reports)
        assert engine.wait_for_run(done, timeout=30) is not None, "the engine did not run"
        if reports[-1].ok:
            return
    raise AssertionError([r.message for r in reports])


def test_the_engine_retries_after_faults_and_syncs_when_poked(
    ws, hub_server, proxy_for, receive_many
):
    proxy = proxy_for(hub_server)
    sync_service.enroll(ws, proxy.url, hub_server.enroll_code())
    receive_many(15)
    proxy.push("drop_before", "proxy_503", "html_200", path="/api/v1/events")
    reports: list[SyncReport] = []
    engine = sync_service.start_engine(
        ws,
        interval=3600,  # only pokes and backoff make it run again
        backoff=Backoff(base=0.01, cap=0.05, rng=random.Random(9)),
        on_report=reports.append,
    )
    try:
        _until_ok(engine, reports)
        assert [r.outcome for r in reports] == [Outcome.UNKNOWN] * 3 + [Outcome.OK]
        assert hub_server.events_of(ws.device_id) == local_events(ws)
        assert engine.backoff.attempts == 0  # reset by the success

        receive_many(5)  # on the caller's own connection, while the engine holds its own
        engine.poke()
        _until_ok(engine, reports)
        assert reports[-1].uploaded == 5 and len(reports) == 5
        assert hub_server.events_of(ws.device_id) == local_events(ws)
    finally:
        engine.stop(timeout=30)
    assert not engine.running
    health = sync_service.sync_health(ws)
    assert health.online and health.pending == 0


def _scripted(*reports: SyncReport) -> tuple[list[float], object]:
    calls: list[float] = []
    queue = list(reports)

    def step(_should_stop):
        calls.append(time.monotonic())
        return queue.pop(0) if queue else SyncReport(Outcome.OK)

    return calls, step


def test_a_poke_never_cuts_the_hubs_retry_after_short():
    calls, step = _scripted(SyncReport(Outcome.UNKNOWN, retry_after=0.3))
    engine = SyncEngine(step, interval=3600, backoff=Backoff(0.001, 0.002, random.Random(1)))
    engine.start()
    try:
        assert engine.wait_for_run(0, timeout=10) is not None
        for _ in range(5):
            engine.poke()
        assert engine.wait_for_run(1, timeout=10) is not None
    finally:
        engine.stop(timeout=10)
    assert calls[1] - calls[0] >= 0.3


def test_unreached_hub_backs_off_and_success_resets_the_backoff():
    calls, step = _scripted(*[SyncReport(Outcome.UNKNOWN)] * 3)
    backoff = Backoff(0.001, 0.002, random.Random(2))
    attempts: list[int] = []
    engine = SyncEngine(
        step, interval=3600, backoff=backoff, on_report=lambda r: attempts.append(backoff.attempts)
    )
    engine.start()
    try:
        report = engine.wait_for_run(3, timeout=10)
    finally:
        engine.stop(timeout=10)
    assert report is not None and report.ok
    # The callback runs before the pause: 0, 1, 2 failures counted so far, then the success.
    assert attempts[:4] == [0, 1, 2, 3]
    assert backoff.attempts == 0 and len(calls) == 4


def test_after_a_refusal_only_a_poke_or_the_timer_runs_it_again():
    calls, step = _scripted(SyncReport(Outcome.REJECTED, code="conflict"))
    engine = SyncEngine(step, interval=3600, backoff=Backoff(0.001, 0.002, random.Random(4)))
    engine.start()
    try:
        assert engine.wait_for_run(0, timeout=10) is not None
        assert engine.wait_for_run(1, timeout=0.3) is None  # no quick retry of a 4xx
        engine.poke()
        second = engine.wait_for_run(1, timeout=10)
    finally:
        engine.stop(timeout=10)
    assert second is not None and second.ok and len(calls) == 2
    assert engine.backoff.attempts == 0


def test_an_unexpected_error_is_logged_shown_and_the_engine_keeps_going(caplog):
    boom = threading.Event()

    def step(_should_stop):
        if not boom.is_set():
            boom.set()
            raise RuntimeError("hỏng")
        return SyncReport(Outcome.OK)

    # Every report in order: with a 1 ms back-off the second run may finish before a waiter wakes.
    reports: list[SyncReport] = []
    engine = SyncEngine(
        step,
        interval=3600,
        backoff=Backoff(0.001, 0.002, random.Random(3)),
        on_report=reports.append,
    )
    with caplog.at_level(logging.ERROR, logger="motcua.sync"):
        engine.start()
        try:
            assert engine.wait_for_run(1, timeout=10) is not None
        finally:
            engine.stop(timeout=10)
    first, second = reports[:2]
    assert first.outcome is Outcome.ERROR
    assert "RuntimeError: hỏng" in first.message
    assert second.ok
    assert "sync run failed" in caplog.text and "RuntimeError" in caplog.text


def test_stop_wakes_a_long_wait_and_joins():
    engine = SyncEngine(lambda _s: SyncReport(Outcome.OK), interval=3600)
    engine.start()
    assert engine.wait_for_run(0, timeout=10) is not None
    started = time.monotonic()
    engine.stop(timeout=10)
    assert not engine.running and time.monotonic() - started < 5
