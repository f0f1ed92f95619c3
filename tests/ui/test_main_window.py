"""The window around the screens: tabs, status bar, language, start-up and shutdown."""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_helpers import wait_idle

from app.main import _window_entry, gui_home
from app.services import intake
from app.ui import start_tuning
from app.ui.app import GuiSession
from app.ui.i18n import current_language, install_language
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, runner):
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    wait_idle(qtbot, runner)
    return win


def test_tabs_and_status_bar(qtbot, window, runner) -> None:
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Tiếp nhận hồ sơ",
        "Tra cứu",
        "Việc hôm nay",
        "Bàn giao",
        "Kết quả",
        "Kiểm soát",
    ]
    assert window.lookup.accessibleName() == "Tra cứu"
    assert "Kỳ Bắc" in window.status.office.text()
    assert "Ngoại tuyến" in window.status.connection.text()
    assert "ngoại tuyến" in window.status.connection.toolTip()  # the sync summary in words
    assert window.status.clock.text() == "10:00  03/02/2027"  # the workstation's clock
    pending = int(window.status.pending.text().rsplit(" ", 1)[1])
    runner.db(lambda ws: intake.receive_dossier(ws, _request(ws)), changes="dossiers")
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: window.status.pending.text().endswith(str(pending + 1)))


def test_function_keys_switch_screens(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.tabs.currentWidget() is window.lookup
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.tabs.currentWidget() is window.intake
    assert window.intake.picker.search.hasFocus()


def test_view_last_dossier_opens_it_in_lookup(qtbot, window, runner) -> None:
    runner.db(lambda ws: intake.receive_dossier(ws, _request(ws)), changes="dossiers")
    wait_idle(qtbot, runner)
    dossier_code = runner.ws.db.execute("SELECT code FROM dossiers").fetchone()[0]
    window.intake.open_dossier.emit(dossier_code)
    qtbot.waitUntil(lambda: window.lookup.current_detail() is not None, timeout=5000)
    assert window.tabs.currentWidget() is window.lookup
    with qtbot.waitSignal(window.printing.documents_ready, timeout=5000) as ready:
        window.lookup.reprint_requested.emit(dossier_code, "label")
    wait_idle(qtbot, runner)
    assert [d.kind for d in ready.args[0]] == ["label"]
    window.printing.preview.close()


def test_language_choice_is_saved_and_english_loads(qtbot, window, runner, ui_ws) -> None:
    with qtbot.waitSignal(window.language_requested, timeout=5000) as asked:
        window.language_actions["en"].trigger()
    assert asked.args == ["en"]
    assert ui_ws.setting("ui.language") == "en"
    try:
        assert install_language("en") == "en"
        english = MainWindow(runner)
        qtbot.addWidget(english)
        assert english.tabs.tabText(0) == "Intake"
        assert english.intake.accept_button.text() == "Accept (Ctrl+Enter)"
        assert english.intake.form.labels["full_name"].text() == "Full name"
        wait_idle(qtbot, runner)
    finally:
        install_language("vi")
    assert current_language() == "vi"


def test_session_opens_the_workstation_off_the_gui_thread(qtbot, tmp_path) -> None:
    session = GuiSession(tmp_path / "fresh-home")
    opened_on: list[str] = []
    original = session.runner.db

    def spy(fn, *args, **kwargs):
        def wrapped(ws):
            opened_on.append(threading.current_thread().name)
            return fn(ws)

        return original(wrapped, *args, **kwargs)

    session.runner.db = spy  # type: ignore[method-assign]
    interval = sys.getswitchinterval()
    with qtbot.waitSignal(session.ready, timeout=10_000) as ready:
        session.start()
    # While the window is built and the workstation opens: no collections, short GIL slices.
    assert not gc.isenabled()
    assert sys.getswitchinterval() == start_tuning.START_SWITCH_INTERVAL_S
    window = ready.args[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.intake.context is not None)
    # ... and Python's own settings again once the intake takes input.
    assert gc.isenabled()
    assert sys.getswitchinterval() == interval
    assert opened_on[0].startswith("motcua-db")
    assert (tmp_path / "fresh-home" / "motcua.sqlite3").exists()
    assert window.intake.picker.model.rowCount() > 10  # the shipped catalog was seeded
    qtbot.waitUntil(lambda: not session.runner.busy())
    session.shutdown()
    assert not window.isVisible()


def test_session_reports_a_database_it_cannot_open(qtbot, tmp_path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    session = GuiSession(blocked)
    with qtbot.waitSignal(session.failed, timeout=10_000) as failed:
        session.start()
    assert failed.args[0].startswith("Không mở được dữ liệu của quầy")
    assert session.exit_code == 3
    assert gc.isenabled() and not start_tuning.active()  # no intake will be ready to end it
    session.shutdown()


def test_entry_point_tunes_the_start_before_importing_the_window() -> None:
    interval = sys.getswitchinterval()
    try:
        run_gui = _window_entry()
        assert run_gui is not None and run_gui.__module__ == "app.ui.app"
        assert start_tuning.active() and not gc.isenabled()
    finally:
        start_tuning.end()
    assert gc.isenabled() and sys.getswitchinterval() == interval


def test_start_tuning_restores_only_what_it_changed() -> None:
    interval = sys.getswitchinterval()
    start_tuning.begin()
    start_tuning.begin()  # again (the entry point, then the session): still one saved state
    assert not gc.isenabled() and sys.getswitchinterval() == start_tuning.START_SWITCH_INTERVAL_S
    start_tuning.end()
    start_tuning.end()
    assert gc.isenabled() and sys.getswitchinterval() == interval
    gc.disable()  # someone's own pause is theirs to end
    try:
        start_tuning.begin()
        start_tuning.end()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--home", "/data/quay"], (True, Path("/data/quay"))),
        (["--home=/data/quay"], (True, Path("/data/quay"))),
        (["check"], (False, None)),
        (["--home", "/data/quay", "check"], (False, None)),
        (["--help"], (False, None)),
    ],
)
def test_which_arguments_open_the_window(args, expected) -> None:
    assert gui_home(args) == expected


def _request(ws):
    procedure = ws.catalog.procedure("1.001193")
    return {
        "procedure": procedure.code,
        "applicant": {
            "full_name": "Lê Văn Hùng",
            "id_number": "042085001234",
            "date_of_birth": "1985-03-02",
            "sex": "Nam",
            "phone": "0987654321",
            "address": "Xóm Mới, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        },
        "documents": [
            {"name": d.name, "kind": d.kind.value, "count": d.count}
            for d in procedure.documents
            if not d.optional
        ],
    }


def test_status_bar_still_shows_the_office_when_sync_state_fails(
    qtbot, runner, monkeypatch
) -> None:
    import app.services.sync

    def broken(_ws):
        raise RuntimeError("sync tables missing")

    monkeypatch.setattr(app.services.sync, "sync_health", broken)
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    wait_idle(qtbot, runner)
    assert "Kỳ Bắc" in win.status.office.text()
    assert "Ngoại tuyến" in win.status.connection.text()
    assert win.status.pending.text().endswith("?")


def test_run_gui_shows_the_window_and_shuts_down_cleanly(qtbot, qapp, tmp_path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.app import run_gui

    seen: list[MainWindow] = []

    def close_when_ready() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        ready = [w for w in windows if w.isVisible() and w.intake.context is not None]
        if ready:
            seen.append(ready[0])
            ready[0].close()  # the last window closing ends the application
        else:
            QTimer.singleShot(20, close_when_ready)

    QTimer.singleShot(0, close_when_ready)
    assert run_gui(tmp_path / "home") == 0
    assert seen and (tmp_path / "home" / "motcua.sqlite3").exists()
    log_text = (tmp_path / "home" / "logs" / "motcua.log").read_text(encoding="utf-8")
    assert "logging to" in log_text  # the window logs into its data folder


def test_other_screens_wait_until_the_data_is_open(qtbot) -> None:
    from typing import cast

    from app.services.workstation import Workstation
    from app.ui.tasks import TaskRunner

    tasks = TaskRunner(cast(Workstation, None))  # as at start-up, before the first job ran
    try:
        win = MainWindow(tasks)
        qtbot.addWidget(win)
        win.show_lookup()
        assert win.tabs.currentIndex() == 0
        for index in range(1, win.tabs.count()):
            win.tabs.setCurrentIndex(index)
            assert win.tabs.currentIndex() == 0
        for show in (win.show_home, win.show_handover, win.show_results):
            show()
            assert win.tabs.currentIndex() == 0
        assert win._screens == {}  # nothing built but the intake
        assert "Đang mở dữ liệu" in win.status.currentMessage()
        wait_idle(qtbot, tasks)
    finally:
        tasks.shutdown()
