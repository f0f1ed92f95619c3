"""The sync window and the controller that owns the engine: offline before enrollment, and
against the real hub over loopback, "Đồng bộ ngay" and new dossiers send the counter's events."""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import Qt
from ui_helpers import wait_idle

# The hub server, the test keyring and the event helper live with the sync tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from hubserver import HubServer
from sync_keyring import MemoryKeyring
from synchelp import local_events

from app.domain.text import format_vn_datetime
from app.services import sync as sync_service
from app.services.intake import receive_dossier
from app.services.workstation import Workstation
from app.storage.db import transaction
from app.sync.backoff import Backoff
from app.ui.main_window import MainWindow
from app.ui.sync_controller import SyncController
from app.ui.sync_panel import SyncPanel


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def hub(tmp_path: Path, clock) -> Iterator[HubServer]:
    before = set(threading.enumerate())
    server = HubServer(str(tmp_path / "hub.sqlite3"), clock=clock).start()
    yield server
    server.stop()
    # The hub's worker threads (AnyIO, for its sync endpoints) end once its loop has: wait for
    # them, so the leak check sees only what the window left behind.
    for thread in set(threading.enumerate()) - before:
        if thread.name.startswith("AnyIO worker"):
            thread.join(10)


@pytest.fixture
def controller(runner) -> Iterator[SyncController]:
    sync = SyncController(
        runner, interval=3600, backoff=Backoff(base=0.01, cap=0.05, rng=random.Random(4))
    )
    yield sync
    sync.stop(timeout=30)
    assert sync.engine is None


@pytest.fixture
def panel(qtbot, runner, controller) -> SyncPanel:
    dialog = SyncPanel(runner, controller)
    qtbot.addWidget(dialog)
    return dialog


def _receive(request_for: Callable[..., dict[str, Any]], n: int) -> Callable[[Workstation], None]:
    raw = request_for()

    def job(ws: Workstation) -> None:
        with transaction(ws.db):
            for _ in range(n):
                receive_dossier(ws, raw)

    return job


def _event_count(ws: Workstation) -> int:
    return ws.db.execute(
        "SELECT COUNT(*) FROM events WHERE device_id = ?", [ws.device_id]
    ).fetchone()[0]


def test_not_enrolled_the_panel_says_so_and_tells_how_to_enroll(
    qtbot, runner, ui_ws, controller, panel, request_for
) -> None:
    _receive(request_for, 2)(ui_ws)  # before the runner uses the connection
    controller.start()
    panel.show()
    qtbot.waitUntil(lambda: panel.state.text() == "Chưa kết nối máy chủ tỉnh")
    wait_idle(qtbot, runner)
    assert controller.engine is None  # nothing to sync with
    assert panel.windowTitle() == "Đồng bộ với bưu điện tỉnh"
    assert not panel.sync_button.isEnabled()
    assert panel.sync_button.accessibleName() == panel.sync_button.text() == "Đồng bộ ngay"
    assert panel.pending.text() == str(_event_count(ui_ws)) and _event_count(ui_ws) >= 2
    assert panel.last_success.text() == "Chưa có lần nào"
    assert panel.hint.isVisible()
    assert "motcua enroll --hub URL --code MÃ" in panel.hint.text()


def test_f9_and_the_status_bar_open_the_sync_panel(qtbot, runner) -> None:
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    panel = window._sync_panel
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: panel.state.text() == "Chưa kết nối máy chủ tỉnh")
    panel.close()
    qtbot.mouseClick(window.status.connection, Qt.MouseButton.LeftButton)
    assert panel.isVisible()
    wait_idle(qtbot, runner)
    window.close()


def test_sync_now_sends_the_new_dossiers_to_the_real_hub(
    qtbot, hub, ui_ws, runner, controller, panel, request_for, clock
) -> None:
    sync_service.enroll(ui_ws, hub.url, hub.enroll_code())
    seen: list[Any] = []
    controller.health_changed.connect(seen.append)
    controller.start()
    # The engine runs once at start (it sends the enrollment event), then waits for pokes.
    qtbot.waitUntil(lambda: any(h.last_success is not None for h in seen), timeout=30_000)
    assert controller.engine is not None

    runner.db(_receive(request_for, 3))  # no "dossiers" topic: only the button may send these
    wait_idle(qtbot, runner)
    panel.show()
    qtbot.waitUntil(lambda: panel.pending.text() == "3")
    assert panel.state.text() == "Trực tuyến"
    assert panel.hub_url.text() == hub.url
    assert panel.oldest.text() == "0 phút"  # the clock stands still
    assert panel.last_error.text() == "Không có"
    assert len(hub.events_of(ui_ws.device_id)) == len(local_events(ui_ws)) - 3

    clock.moment += timedelta(hours=1)
    qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            panel.pending.text() == "0"
            and panel.last_success.text() == format_vn_datetime(clock.moment)
        ),
        timeout=30_000,
    )
    assert panel.sync_button.isEnabled()
    wait_idle(qtbot, runner)
    assert hub.events_of(ui_ws.device_id) == local_events(ui_ws)

    # New dossiers poke the engine by themselves (the "dossiers" topic).
    reports = len(seen)  # the engine now waits for its hour-long timer or a poke
    runner.db(_receive(request_for, 1), changes="dossiers")
    qtbot.waitUntil(lambda: len(seen) > reports and seen[-1].pending == 0, timeout=30_000)
    wait_idle(qtbot, runner)
    assert hub.events_of(ui_ws.device_id) == local_events(ui_ws)
