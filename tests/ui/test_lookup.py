"""The lookup screen driven like a person (or a barcode scanner) would."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from app.services import demo, documents, intake, lookup_query
from app.services.lookup_query import DossierFilter
from app.services.workstation import DB_FILE, VN_TZ, Workstation, open_workstation
from app.ui.lookup.dossier_table_model import PLACEHOLDER
from app.ui.lookup.filter_bar import DEBOUNCE_MS
from app.ui.lookup.lookup_screen import LookupScreen
from app.ui.tasks import TaskRunner

NOW = datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ)
DOSSIERS = 2000


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("lookup-screen")
    station = open_workstation(home, clock=lambda: NOW)
    demo.generate(station, DOSSIERS, per_day=200)
    station.close()
    return home / DB_FILE


class GuardedDb:
    """Stands in for ``ws.db`` and notes every use from a thread other than the runner's."""

    def __init__(self, db: object) -> None:
        self._db = db
        self.armed = False
        self.calls = 0
        self.wrong_threads: list[str] = []

    def __getattr__(self, name: str) -> object:
        if self.armed:
            thread = threading.current_thread().name
            self.calls += 1
            if not thread.startswith("motcua-db"):
                self.wrong_threads.append(f"{name} on {thread}")
        return getattr(self._db, name)


@pytest.fixture
def lookup_ws(demo_db: Path, tmp_path: Path, clock) -> Iterator[Workstation]:
    home = tmp_path / "lookup-home"
    home.mkdir()
    shutil.copy(demo_db, home / DB_FILE)
    station = open_workstation(home, clock=clock)
    guard = GuardedDb(station.db)
    station.db = guard  # type: ignore[assignment]
    yield station
    guard.armed = False
    station.db = guard._db  # type: ignore[assignment]
    station.close()


@pytest.fixture
def tasks(lookup_ws: Workstation, qtbot) -> Iterator[TaskRunner]:
    runner = TaskRunner(lookup_ws)
    yield runner
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)
    runner.shutdown()
    QCoreApplication.processEvents()


@pytest.fixture
def screen(qtbot, tasks: TaskRunner) -> LookupScreen:
    widget = LookupScreen(tasks)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.is_complete() and widget.model.rowCount() > 0)
    qtbot.waitUntil(lambda: widget.filter_bar.procedure.count() > 1)
    return widget


def guard_of(ws: Workstation) -> GuardedDb:
    assert isinstance(ws.db, GuardedDb)
    return ws.db


def raw_db(ws: Workstation) -> object:
    return guard_of(ws)._db


def stored(ws: Workstation, sql: str, params: list[object] | None = None) -> list[tuple]:
    return raw_db(ws).execute(sql, params or []).fetchall()  # type: ignore[attr-defined]


def scan(qtbot, screen: LookupScreen, text: str) -> None:
    """A barcode scanner in keyboard mode: the characters, then Enter."""
    search = screen.filter_bar.search
    search.setFocus()
    search.selectAll()
    qtbot.keyClicks(search, text)
    qtbot.keyClick(search, Qt.Key.Key_Return)


def wait_loaded(qtbot, screen: LookupScreen) -> None:
    qtbot.waitUntil(lambda: screen.model.is_complete(), timeout=10_000)


def test_the_screen_is_named_and_lists_the_newest_dossiers(
    screen: LookupScreen, lookup_ws: Workstation
) -> None:
    assert screen.accessibleName() == "Tra cứu"
    assert screen.model.rowCount() == DOSSIERS
    assert "2.000 hồ sơ" in screen.status_line.text()
    newest = lookup_query.matching_rowids(lookup_ws, DossierFilter())
    assert screen.model.rowids()[0] == newest[0]


def test_scanning_a_dossier_code_opens_its_detail(
    qtbot, screen: LookupScreen, lookup_ws: Workstation
) -> None:
    code, name = stored(lookup_ws, "SELECT code, full_name FROM dossiers WHERE rowid = 1234")[0]
    with qtbot.waitSignal(screen.detail_opened, timeout=10_000) as opened:
        scan(qtbot, screen, code)
    assert opened.args == [code]
    dialog = screen.current_detail()
    assert dialog is not None and dialog.isVisible()
    assert dialog.code() == code
    assert dialog.field_text("code") == code
    assert dialog.field_text("full_name") == name
    assert code in dialog.windowTitle()
    events = dialog.table("events")
    assert events is not None
    assert events.model().index(0, 1).data() == "Tiếp nhận hồ sơ tại quầy"
    documents = dialog.table("documents")
    assert documents is not None and documents.model().rowCount() > 0
    # The list behind shows that dossier alone; the text is selected for the next scan.
    wait_loaded(qtbot, screen)
    assert screen.model.rowCount() == 1
    assert screen.filter_bar.search.selectedText() == code
    # Enter closes the dialog (it never reprints by accident) and the search box gets focus.
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.current_detail() is None)
    assert not screen.filter_bar.debounce.isActive()


def test_scanning_an_s10_opens_its_dossier(
    qtbot, screen: LookupScreen, lookup_ws: Workstation
) -> None:
    code, s10 = stored(lookup_ws, "SELECT code, s10 FROM dossiers WHERE rowid = 77")[0]
    with qtbot.waitSignal(screen.detail_opened, timeout=10_000):
        scan(qtbot, screen, s10.lower())
    detail = screen.current_detail()
    assert detail is not None and detail.code() == code
    assert detail.field_text("s10") == s10


def test_an_unknown_code_says_what_to_do(qtbot, screen: LookupScreen) -> None:
    scan(qtbot, screen, "000.00.04.H42-990101-0001")
    qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=10_000)
    assert "Không tìm thấy hồ sơ" in screen.message.text()
    assert "Kiểm tra lại mã hồ sơ" in screen.message.text()
    assert screen.current_detail() is None
    wait_loaded(qtbot, screen)
    assert "Không có hồ sơ nào khớp" in screen.status_line.text()


def test_the_detail_asks_for_reprints(qtbot, screen: LookupScreen, lookup_ws: Workstation) -> None:
    code = stored(lookup_ws, "SELECT code FROM dossiers WHERE rowid = 5")[0][0]
    screen.open_code(code)
    qtbot.waitUntil(lambda: screen.current_detail() is not None, timeout=10_000)
    dialog = screen.current_detail()
    assert dialog is not None
    with qtbot.waitSignal(screen.reprint_requested) as receipt:
        qtbot.mouseClick(dialog.reprint_receipt, Qt.MouseButton.LeftButton)
    assert receipt.args == [code, "receipt"]
    with qtbot.waitSignal(screen.reprint_requested) as label:
        qtbot.mouseClick(dialog.reprint_label, Qt.MouseButton.LeftButton)
    assert label.args == [code, "label"]
    assert dialog.reprint_receipt.accessibleName() == "In lại giấy tiếp nhận"
    assert dialog.reprint_label.accessibleName() == "In lại nhãn"


def test_typing_is_debounced_then_narrows_the_rows(
    qtbot, screen: LookupScreen, lookup_ws: Workstation
) -> None:
    applied: list[DossierFilter] = []
    screen.filter_bar.filter_changed.connect(applied.append)
    qtbot.keyClicks(screen.filter_bar.search, "nguyen thi")
    assert applied == []  # nothing yet: one query when typing pauses, not one per key
    assert screen.filter_bar.debounce.isActive()
    assert screen.filter_bar.debounce.interval() == DEBOUNCE_MS
    qtbot.waitUntil(lambda: len(applied) == 1, timeout=2_000)
    assert applied[0].text == "nguyen thi"
    wait_loaded(qtbot, screen)
    expected = lookup_query.matching_rowids(lookup_ws, DossierFilter(text="nguyen thi"))
    assert 0 < screen.model.rowCount() == len(expected) < DOSSIERS
    assert list(screen.model.rowids()) == list(expected)


def test_status_procedure_and_dates_narrow_the_rows(
    qtbot, screen: LookupScreen, lookup_ws: Workstation
) -> None:
    bar = screen.filter_bar
    # Status: the only status in use keeps everything.
    bar.status.setCurrentIndex(bar.status.findData("received"))
    wait_loaded(qtbot, screen)
    assert screen.model.rowCount() == DOSSIERS
    # Procedure, chosen from the catalog list.
    index = bar.procedure.findData("1.001193")
    assert index > 0 and "(1.001193)" in bar.procedure.itemText(index)
    bar.procedure.setCurrentIndex(index)
    wait_loaded(qtbot, screen)
    by_procedure = screen.model.rowCount()
    assert 0 < by_procedure < DOSSIERS
    rows = lookup_query.rows_for(lookup_ws, list(screen.model.rowids()))
    assert {r.procedure_code for r in rows} == {"1.001193"}
    # Reception dates: one day.
    day = date.fromisoformat(stored(lookup_ws, "SELECT max(received_day) FROM dossiers")[0][0])
    bar.by_date.setChecked(True)
    bar.date_to.setDate(day)
    bar.date_from.setDate(day)
    wait_loaded(qtbot, screen)
    qtbot.waitUntil(lambda: screen.model.current_filter().received_from == day, timeout=2_000)
    wait_loaded(qtbot, screen)
    expected = lookup_query.matching_rowids(
        lookup_ws,
        DossierFilter(
            status="received", procedure_code="1.001193", received_from=day, received_to=day
        ),
    )
    assert 0 < len(expected) < by_procedure
    assert list(screen.model.rowids()) == list(expected)
    # "Xóa lọc" brings everything back.
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, screen)
    assert screen.model.rowCount() == DOSSIERS


def test_enter_or_double_click_on_a_row_opens_it(qtbot, screen: LookupScreen) -> None:
    table = screen.table
    qtbot.keyClick(screen.filter_bar.search, Qt.Key.Key_Down)  # ↓ goes from search to the list
    assert table.hasFocus() or QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    row = table.currentIndex().row()
    assert row == 2
    with qtbot.waitSignal(screen.detail_opened, timeout=10_000) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [screen.model.code_at(2)]
    screen.current_detail().close()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: screen.current_detail() is None)
    rect = table.visualRect(screen.model.index(4, 2))
    with qtbot.waitSignal(screen.detail_opened, timeout=10_000) as opened:
        # QTest's double click is no full click pair: the view needs the press before it.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [screen.model.code_at(4)]
    screen.current_detail().close()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: screen.current_detail() is None)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Escape)  # Esc: back to the search box for the next scan
    assert QApplication.focusWidget() is screen.filter_bar.search


def test_scrolling_never_touches_the_database_on_the_gui_thread(
    qtbot, tasks: TaskRunner, lookup_ws: Workstation
) -> None:
    guard = guard_of(lookup_ws)
    guard.armed = True
    widget = LookupScreen(tasks)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    wait_loaded(qtbot, widget)
    table, model = widget.table, widget.model
    for row in (1999, 15, 1200, 640, 1777, 333, 1000, 1500, 250, 1888):
        table.scrollTo(model.index(row, 0), table.ScrollHint.PositionAtCenter)
        qtbot.waitUntil(lambda row=row: model.is_row_loaded(row), timeout=10_000)
        qtbot.waitUntil(lambda row=row: model.index(row, 0).data() != PLACEHOLDER)
    bar = table.verticalScrollBar()
    for value in (bar.maximum(), bar.maximum() // 3, 0):
        bar.setValue(value)
        top = table.rowAt(0)
        qtbot.waitUntil(lambda top=top: model.is_row_loaded(top), timeout=10_000)
    widget.open_code(str(model.code_at(0)))
    qtbot.waitUntil(lambda: widget.current_detail() is not None, timeout=10_000)
    guard.armed = False
    assert guard.calls > 10  # the guard really saw the screen's queries …
    assert guard.wrong_threads == []  # … and every one ran on the database thread


def test_a_new_dossier_appears_after_intake_without_reopening(
    qtbot, screen: LookupScreen, tasks: TaskRunner, request_for, lookup_ws: Workstation
) -> None:
    raw = request_for()
    with qtbot.waitSignal(screen.model.count_changed, timeout=10_000):
        tasks.db(lambda ws: intake.receive_dossier(ws, raw), changes="dossiers")
    assert screen.model.rowCount() == DOSSIERS + 1
    newest = stored(lookup_ws, "SELECT code FROM dossiers ORDER BY rowid DESC LIMIT 1")[0][0]
    assert screen.model.code_at(0) == newest


def test_closing_stops_the_typing_timer(qtbot, screen: LookupScreen) -> None:
    qtbot.keyClicks(screen.filter_bar.search, "tran")
    assert screen.filter_bar.debounce.isActive()
    screen.close()
    assert not screen.filter_bar.debounce.isActive()


def test_every_lookup_control_is_named_after_its_label(screen: LookupScreen) -> None:
    bar = screen.filter_bar
    pairs = [
        (bar.search, bar.search_label),
        (bar.status, bar.status_label),
        (bar.procedure, bar.procedure_label),
        (bar.date_from, bar.from_label),
        (bar.date_to, bar.to_label),
        (screen.table, screen.list_label),
    ]
    for widget, label in pairs:
        assert label.buddy() is widget
        assert widget.accessibleName() == label.text().replace("&", "")
    assert bar.by_date.accessibleName() == bar.by_date.text()
    assert bar.clear_button.accessibleName() == bar.clear_button.text()


def test_a_reprint_updates_the_open_detail_and_keeps_the_place_in_the_list(
    qtbot, screen: LookupScreen, tasks: TaskRunner
) -> None:
    table, model = screen.table, screen.model
    table.scrollTo(model.index(1500, 0), table.ScrollHint.PositionAtCenter)
    qtbot.waitUntil(lambda: model.is_row_loaded(1500), timeout=10_000)
    table.setCurrentIndex(model.index(1500, 0))
    code, rowid = model.code_at(1500), model.rowids()[1500]
    scroll = table.verticalScrollBar().value()
    assert code is not None and scroll > 0
    screen.open_code(code)
    qtbot.waitUntil(lambda: screen.current_detail() is not None, timeout=10_000)
    dialog = screen.current_detail()
    assert dialog is not None
    events = dialog.table("events")
    assert events is not None and events.model().rowCount() == 1
    # What the window's print actions do for "In lại giấy tiếp nhận".
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        tasks.db(lambda ws: documents.render_for_dossier(ws, "receipt", code), changes="dossiers")
    qtbot.waitUntil(lambda: events.model().rowCount() == 2, timeout=10_000)
    assert events.model().index(1, 1).data() == "In: Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert table.currentIndex().row() == 1500
    assert model.rowids()[1500] == rowid
    assert table.verticalScrollBar().value() == scroll
