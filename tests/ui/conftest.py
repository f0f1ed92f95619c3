"""UI test fixtures: offscreen Qt, a workstation with a fixed clock, the task runner, leak checks.

Every UI test runs against the real widgets on the ``offscreen`` platform. A test that leaves a
thread, a thread-pool worker or an active QTimer behind fails: such leaks are how a counter app
ends up writing to SQLite from two threads or firing a callback into a closed window. Nor may
a test leave the start-up tuning on (the garbage collector paused, the short switch interval).
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from pathlib import Path

# Must be set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtWidgets import QApplication
from ui_helpers import leaked_timers_and_threads

from app.services.workstation import Workstation, open_workstation
from app.ui import start_tuning
from app.ui.fonts import install_fonts
from app.ui.tasks import TaskRunner


@pytest.fixture(scope="session", autouse=True)
def _ui_fonts(qapp: QApplication) -> None:
    # The offscreen platform may have no system fonts: use the bundled Vietnamese one, as the app.
    install_fonts(qapp)


@pytest.fixture
def ui_ws(tmp_path: Path, clock) -> Iterator[Workstation]:
    """A fresh workstation (catalog seeded) whose "now" is the shared ``clock`` fixture."""
    station = open_workstation(tmp_path / "ui-home", clock=clock)
    yield station
    station.close()


@pytest.fixture
def runner(ui_ws: Workstation, qtbot) -> Iterator[TaskRunner]:
    """The app's task runner on ``ui_ws``; drained and shut down at teardown."""
    tasks = TaskRunner(ui_ws)
    yield tasks
    # Let queued results reach their (already closed) widgets before the threads stop, so no
    # callback leaks into the next test.
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)
    tasks.shutdown()
    QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def no_leaked_threads_or_timers(qapp: QApplication) -> Iterator[None]:
    before = {t.ident for t in threading.enumerate()}
    yield
    QCoreApplication.processEvents()
    problems = []
    threads = [t.name for t in threading.enumerate() if t.ident not in before and t.is_alive()]
    if threads:
        problems.append(f"threads still running: {threads}")
    pool = QThreadPool.globalInstance()
    if pool.activeThreadCount():
        problems.append(f"{pool.activeThreadCount()} QThreadPool task(s) still running")
    timers, qthreads = leaked_timers_and_threads()
    if qthreads:
        problems.append(f"QThreads still running: {qthreads}")
    if timers:
        problems.append(f"QTimers still active: {timers}")
    if start_tuning.active() or not gc.isenabled():
        start_tuning.end()
        gc.enable()
        problems.append("the start-up tuning was left on (garbage collector paused)")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)
