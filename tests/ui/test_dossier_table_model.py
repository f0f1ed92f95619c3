"""The lazy dossier table model, without widgets: rowids first, rows a page at a time."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.services import demo, lookup_query
from app.services.lookup_query import DossierFilter
from app.services.workstation import DB_FILE, VN_TZ, Workstation, open_workstation
from app.ui.lookup.dossier_table_model import CODE_ROLE, PLACEHOLDER, DossierTableModel
from app.ui.tasks import TaskRunner

NOW = datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ)
DOSSIERS = 3000


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a few thousand demo dossiers, built once and copied for each test."""
    home = tmp_path_factory.mktemp("lookup-model")
    station = open_workstation(home, clock=lambda: NOW)
    demo.generate(station, DOSSIERS, per_day=200)
    station.close()
    return home / DB_FILE


@pytest.fixture
def lookup_ws(demo_db: Path, tmp_path: Path, clock) -> Iterator[Workstation]:
    home = tmp_path / "lookup-home"
    home.mkdir()
    shutil.copy(demo_db, home / DB_FILE)
    station = open_workstation(home, clock=clock)
    yield station
    station.close()


@pytest.fixture
def tasks(lookup_ws: Workstation, qtbot) -> Iterator[TaskRunner]:
    runner = TaskRunner(lookup_ws)
    yield runner
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)
    runner.shutdown()
    QCoreApplication.processEvents()


def newest_first(ws: Workstation, f: DossierFilter = DossierFilter()) -> list[int]:  # noqa: B008
    return list(lookup_query.matching_rowids(ws, f))


def code_of(ws: Workstation, rowid: int) -> str:
    return str(ws.db.execute("SELECT code FROM dossiers WHERE rowid = ?", [rowid]).fetchone()[0])


def load(qtbot, model: DossierTableModel, f: DossierFilter = DossierFilter()) -> None:  # noqa: B008
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.set_filter(f)


def display(model: DossierTableModel, row: int, column: int = 0) -> object:
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_rows_start_as_placeholders_and_fill_in_when_their_page_arrives(
    qtbot, tasks: TaskRunner, lookup_ws: Workstation
) -> None:
    model = DossierTableModel(tasks)
    assert model.rowCount() == 0
    load(qtbot, model)
    ids = newest_first(lookup_ws)
    assert model.rowCount() == len(ids) == DOSSIERS
    assert model.columnCount() == 7
    assert list(model.rowids()) == ids
    # The newest page came with the list.
    assert display(model, 0) == code_of(lookup_ws, ids[0])
    assert model.is_row_loaded(199) and not model.is_row_loaded(200)

    far = 2_345
    assert display(model, far) == PLACEHOLDER
    assert model.data(model.index(far, 0), CODE_ROLE) is None
    with qtbot.waitSignal(model.dataChanged, timeout=10_000) as changed:
        pass  # data() above already asked for the page
    top, bottom = changed.args[0], changed.args[1]
    assert top.row() <= far <= bottom.row()
    assert (top.column(), bottom.column()) == (0, 6)
    assert display(model, far) == code_of(lookup_ws, ids[far])
    assert model.data(model.index(far, 0), CODE_ROLE) == code_of(lookup_ws, ids[far])
    assert model.code_at(far) == code_of(lookup_ws, ids[far])


def test_columns_show_formatted_values_under_vietnamese_headers(
    qtbot, tasks: TaskRunner, lookup_ws: Workstation
) -> None:
    model = DossierTableModel(tasks)
    load(qtbot, model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == [
        "Mã hồ sơ", "Số hiệu bưu gửi", "Người nộp", "Thủ tục", "Nhận lúc", "Hẹn trả", "Trạng thái",
    ]  # fmt: skip
    rowid = model.rowids()[0]
    stored = lookup_ws.db.execute(
        "SELECT code, s10, full_name, procedure_name, received_at FROM dossiers WHERE rowid = ?",
        [rowid],
    ).fetchone()
    values = [display(model, 0, c) for c in range(7)]
    assert values[:4] == list(stored[:4])
    assert values[4] == f"{datetime.fromisoformat(stored[4]):%d/%m/%Y %H:%M}"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", str(values[5]))
    assert values[6] == "Đã tiếp nhận"


def test_the_newest_page_shows_before_the_full_list_then_the_rest_is_appended(
    qtbot, tasks: TaskRunner
) -> None:
    model = DossierTableModel(tasks)
    seen: list[tuple[str, int, bool]] = []
    model.first_page_ready.connect(
        lambda: seen.append(("first", model.rowCount(), model.is_complete()))
    )
    model.rowsInserted.connect(lambda _p, first, last: seen.append(("inserted", first, last)))
    model.modelReset.connect(lambda: seen.append(("reset", model.rowCount(), False)))
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.set_filter(DossierFilter())
        assert model.is_searching() and model.is_loading()  # nothing of the new list yet
    assert seen == [
        ("reset", 200, False),
        ("first", 200, False),
        ("inserted", 200, DOSSIERS - 1),  # appended: the view keeps its place
    ]
    assert model.is_complete() and not model.is_searching()


def test_a_small_result_is_complete_with_its_first_page(
    qtbot, tasks: TaskRunner, lookup_ws: Workstation
) -> None:
    code = code_of(lookup_ws, newest_first(lookup_ws)[77])
    model = DossierTableModel(tasks)
    with qtbot.waitSignal(model.count_changed, timeout=10_000) as counted:
        model.set_filter(DossierFilter(text=code))
    assert counted.args == [1]
    assert model.rowCount() == 1 and model.is_complete()
    assert display(model, 0) == code


def test_filters_narrow_the_rows(qtbot, tasks: TaskRunner, lookup_ws: Workstation) -> None:
    model = DossierTableModel(tasks)
    load(qtbot, model)
    everything = model.rowCount()
    procedure = "1.001193"
    f = DossierFilter(text="nguyen", procedure_code=procedure)
    load(qtbot, model, f)
    assert 0 < model.rowCount() < everything
    assert list(model.rowids()) == newest_first(lookup_ws, f)
    rows = lookup_query.rows_for(lookup_ws, list(model.rowids()))
    assert {r.procedure_code for r in rows} == {procedure}


def test_a_small_lru_of_pages_bounds_memory(qtbot, tasks: TaskRunner) -> None:
    model = DossierTableModel(tasks, page_size=100, cache_pages=3)
    load(qtbot, model)
    for page in range(1, 10):
        with qtbot.waitSignal(model.dataChanged, timeout=10_000):
            display(model, page * 100 + 5)
        assert len(model.cached_pages()) <= 3
    assert model.cached_pages() == [7, 8, 9]
    # Touching a page keeps it: 7 is used again, so 8 goes next.
    display(model, 705)
    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        display(model, 1005)
    assert model.cached_pages() == [9, 7, 10]
    assert display(model, 805) == PLACEHOLDER  # evicted: asked for again


def test_fast_scrolling_loads_only_the_latest_pages(qtbot, tasks: TaskRunner) -> None:
    model = DossierTableModel(tasks, page_size=100, max_in_flight=1, max_wanted=2)
    load(qtbot, model)
    arrived: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: arrived.append(top.row() // 100))
    for page in range(1, 21):  # a quick drag over 20 pages, no events processed in between
        display(model, page * 100)
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)
    # The first asked went out at once; of the rest only the two latest were still worth it.
    assert arrived == [1, 20, 19]
    assert display(model, 2000) != PLACEHOLDER


def test_an_answer_for_an_older_list_is_dropped(
    qtbot, tasks: TaskRunner, lookup_ws: Workstation
) -> None:
    model = DossierTableModel(tasks)
    load(qtbot, model)
    display(model, 2_900)  # asks for a page of the full list …
    f = DossierFilter(text="tran")
    load(qtbot, model, f)  # … which arrives after the list changed
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)
    ids = newest_first(lookup_ws, f)
    assert list(model.rowids()) == ids
    for row in range(model.rowCount()):
        item = model.row_at(row)
        assert item is None or item.rowid == ids[row]


def test_the_model_keeps_qt_rules_through_loads_and_changes(
    qtbot, qtlog, tasks: TaskRunner, lookup_ws: Workstation
) -> None:
    model = DossierTableModel(tasks, page_size=50)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    load(qtbot, model)
    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        display(model, 1234)
    load(qtbot, model, DossierFilter(text="le"))
    load(qtbot, model, DossierFilter(text=code_of(lookup_ws, newest_first(lookup_ws)[3])))
    load(qtbot, model, DossierFilter(text="khong-co-ai-ten-nay"))
    assert model.rowCount() == 0
    assert model.index(0, 0) == QModelIndex() or not model.index(0, 0).isValid()
    load(qtbot, model)
    failures = [r.message for r in qtlog.records if "FAIL" in r.message]
    assert failures == []
    del tester


def test_a_failed_query_reports_a_vietnamese_message(qtbot, tasks: TaskRunner) -> None:
    from datetime import date

    model = DossierTableModel(tasks)
    with qtbot.waitSignal(model.failed, timeout=10_000) as failed:
        model.set_filter(
            DossierFilter(received_from=date(2027, 2, 1), received_to=date(2027, 1, 1))
        )
    assert "Hãy chọn lại khoảng ngày nhận" in failed.args[0]
    assert not model.is_loading()
