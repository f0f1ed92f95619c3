"""The task runner: jobs on one database thread, results and errors back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from ui_helpers import active_timers, wait_idle

from app.domain.errors import DomainError


def test_results_arrive_on_the_gui_thread(qtbot, runner, ui_ws) -> None:
    seen: dict[str, object] = {}

    def job(ws):
        seen["job_thread"] = threading.current_thread().name
        seen["ws"] = ws
        return 41 + 1

    def done(value):
        seen["done_thread"] = threading.current_thread()
        seen["value"] = value

    runner.db(job, done)
    wait_idle(qtbot, runner)
    assert seen["value"] == 42
    assert seen["ws"] is ui_ws
    assert seen["done_thread"] is threading.main_thread()
    assert str(seen["job_thread"]).startswith("motcua-db")


def test_all_database_jobs_share_one_thread_in_order(qtbot, runner) -> None:
    threads: list[int | None] = []
    order: list[int] = []
    for i in range(20):
        runner.db(
            lambda _ws, i=i: (threads.append(threading.get_ident()), i)[1],
            order.append,
        )
    wait_idle(qtbot, runner)
    assert order == list(range(20))
    assert len(set(threads)) == 1
    assert threads[0] != threading.main_thread().ident


def test_errors_go_to_on_error_on_the_gui_thread(qtbot, runner) -> None:
    caught: list[tuple[BaseException, threading.Thread]] = []

    def fail(_ws):
        raise DomainError("Không có hồ sơ này.")

    runner.db(
        fail,
        lambda _v: pytest.fail("on_done must not run"),
        lambda e: caught.append((e, threading.current_thread())),
    )
    wait_idle(qtbot, runner)
    assert len(caught) == 1
    error, thread = caught[0]
    assert isinstance(error, DomainError) and error.message == "Không có hồ sơ này."
    assert thread is threading.main_thread()


def test_unhandled_errors_are_reported_not_swallowed(qtbot, runner) -> None:
    def fail(_ws):
        raise ValueError("boom")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.db(fail)
    assert isinstance(blocker.args[0], ValueError)


def test_changed_fires_after_a_writing_job(qtbot, runner) -> None:
    with qtbot.waitSignal(runner.changed, timeout=5000) as blocker:
        runner.db(lambda _ws: None, changes="dossiers")
    assert blocker.args == ["dossiers"]


def test_network_jobs_do_not_wait_for_the_database_thread(qtbot, runner) -> None:
    release = threading.Event()
    finished: list[str] = []
    runner.db(lambda _ws: release.wait(5), lambda _r: finished.append("db"))
    runner.net(lambda: "net", finished.append)
    qtbot.waitUntil(lambda: finished == ["net"], timeout=5000)
    release.set()
    wait_idle(qtbot, runner)
    assert finished == ["net", "db"]


def test_no_jobs_after_shutdown(ui_ws) -> None:
    from app.ui.tasks import TaskRunner

    tasks = TaskRunner(ui_ws)
    tasks.shutdown()
    with pytest.raises(RuntimeError):
        tasks.db(lambda _ws: None)


def test_leak_check_sees_an_active_timer(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    timer = QTimer(widget)
    timer.setObjectName("leaky")
    timer.start(10_000)
    assert any("leaky" in t for t in active_timers())
    timer.stop()
    assert not any("leaky" in t for t in active_timers())


def test_signal_emission_does_not_leak_references(runner) -> None:
    # PySide6 6.12.0 drops a reference to True on every emit; on Python 3.11 (None and bools are
    # not immortal) the process later aborts with "deallocating True". Keep that version out.
    import sys

    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(1000):
        runner.changed.emit("dossiers")
    assert (sys.getrefcount(True), sys.getrefcount(None)) == before


class _RaceExecutor:
    """Job 1 completes on another thread after its callback is registered (delivery queued);
    job 2 is already done when submitted, so its done-callback runs on the GUI thread inside
    submit() — the case where a direct delivery would overtake job 1's result."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.workers: list[threading.Thread] = []

    def submit(self, fn):
        from concurrent.futures import Future

        future: Future = Future()
        if not self.workers:

            def finish_later() -> None:
                self.release.wait(5)
                future.set_result(fn())

            self.workers.append(threading.Thread(target=finish_later))
            self.workers[0].start()
        else:
            self.release.set()
            self.workers[0].join()  # job 1 done: its result is now queued to the GUI thread
            future.set_result(fn())
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.release.set()
        for worker in self.workers:
            worker.join()


def test_results_are_delivered_in_completion_order_even_when_already_done(qtbot, runner) -> None:
    runner._db.shutdown(wait=True)
    runner._db = _RaceExecutor()
    order: list[int] = []
    runner.db(lambda _ws: 1, order.append)
    runner.db(lambda _ws: 2, order.append)
    qtbot.waitUntil(lambda: len(order) == 2)
    assert order == [1, 2]


def test_a_result_for_a_deleted_widget_is_dropped(qtbot, runner) -> None:
    from PySide6.QtWidgets import QLabel
    from shiboken6 import delete

    label = QLabel()
    gate = threading.Event()
    runner.db(lambda _ws: gate.wait(5) and "done", label.setText)
    delete(label)  # the screen closed while its job ran
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5_000)  # delivered, and nothing raised
