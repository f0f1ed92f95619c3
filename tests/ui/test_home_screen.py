"""The home tab (Việc hôm nay): today's lists follow the data and the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from test_lifecycle_helpers import receive, result_at_counter
from ui_helpers import active_timers, wait_idle

from app.ui.home.home_screen import HomeScreen


@pytest.fixture
def home(qtbot, runner):
    widget = HomeScreen(runner)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    return widget


def rows(home: HomeScreen, key: str) -> list[str]:
    model = home.section(key).model
    return [model.code_at(r) for r in range(model.rowCount())]


def test_an_overdue_dossier_is_listed_and_opens_on_enter(qtbot, runner, home, clock) -> None:
    late = receive(qtbot, runner)  # 3 working days
    fresh = receive(qtbot, runner, "2.000815", pages=2)  # certification: due today
    clock.moment = late.appointment_at + timedelta(hours=1)  # the promised time has passed
    with qtbot.waitSignal(home.counts_changed, timeout=5000) as counted:
        home.show()  # the first show reads the lists
    wait_idle(qtbot, runner)
    assert late.code in rows(home, "overdue") and fresh.code in rows(home, "overdue")
    assert counted.args == [2]
    assert rows(home, "results_waiting") == []
    assert home.section("results_waiting").empty.isVisibleTo(home)  # empty lists step aside
    assert not home.section("results_waiting").table.isVisibleTo(home)
    assert home.section("overdue").count.text().startswith("2 hồ sơ")

    overdue = home.section("overdue").table
    row = rows(home, "overdue").index(late.code)
    home.activateWindow()
    home.focus_first_list()
    assert overdue.hasFocus()
    overdue.setCurrentIndex(overdue.model().index(row, 0))
    with qtbot.waitSignal(home.open_requested, timeout=2000) as opened:
        qtbot.keyClick(overdue, Qt.Key.Key_Return)
    assert opened.args == [late.code]
    model = overdue.records()
    assert [model.index(row, c).data() for c in range(6)] == [
        late.code,
        "Nguyễn Thị Hồng Nhung",
        "0912345678",
        late.procedure_name,
        "Đã tiếp nhận",
        late.appointment_at.strftime("%d/%m/%Y %H:%M"),
    ]


def test_the_lists_follow_the_data_and_the_timer_stops_at_close(qtbot, runner, home) -> None:
    home.show()
    wait_idle(qtbot, runner)
    assert home.total() == 0
    counts: list[int] = []
    home.counts_changed.connect(counts.append)
    waiting = result_at_counter(qtbot, runner)  # its moves emit runner.changed
    qtbot.waitUntil(lambda: rows(home, "results_waiting") == [waiting.code])
    wait_idle(qtbot, runner)
    assert rows(home, "invitations_due") == [waiting.code]  # never invited: due today
    assert counts[-1] == 1 == home.total()  # on two lists, counted once

    home.start_auto_refresh()
    assert home.timer.isActive()
    assert any("HomeScreen" in t for t in active_timers())
    home.close()
    assert not home.timer.isActive()
