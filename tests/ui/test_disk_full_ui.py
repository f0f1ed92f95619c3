"""The intake screen on a full disk: the clerk reads what happened and what to do, the form keeps
everything typed, nothing is stored; once there is room, the same Ctrl+Enter accepts it.

The real SQLite is held at its page limit (``PRAGMA max_page_count``), so the error comes from
SQLite itself, through the database thread, exactly as SQLITE_FULL from a full disk would.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from ui_helpers import type_text, wait_idle

from app.storage.disk_errors import DiskFull
from app.ui.intake import IntakeScreen

FIELDS = {
    "id_number": "042190001234",
    "full_name": "Nguyễn Thị Hồng Nhung",
    "date_of_birth": "12/05/1990",
    "phone": "0912 345 678",
    "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
}


@pytest.fixture
def screen(qtbot, runner) -> Iterator[IntakeScreen]:
    widget = IntakeScreen(runner)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.context is not None and widget.isEnabled())
    widget.activateWindow()
    yield widget


def counts(ws) -> tuple[int, int]:
    return (
        ws.db.execute("SELECT count(*) FROM dossiers").fetchone()[0],
        ws.db.execute("SELECT count(*) FROM events").fetchone()[0],
    )


def on_db_thread(qtbot, runner, sql: str) -> None:
    """The connection belongs to the database thread: change its limit there."""
    runner.db(lambda ws: ws.db.execute(sql).fetchall())
    wait_idle(qtbot, runner)


def fill_database(qtbot, runner, raw: dict) -> None:
    """Hold the database at its page limit, then receive dossiers like the one on the screen
    until SQLite refuses: the next one of that size cannot fit either."""

    def job(ws) -> int:
        from app.services.intake import receive_dossier

        pages = ws.db.execute("PRAGMA page_count").fetchone()[0]
        ws.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        for n in range(400):
            try:
                receive_dossier(ws, raw)
            except DiskFull:
                return n
        raise AssertionError("the database never filled up")

    done: list[int] = []
    runner.db(job, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    wait_idle(qtbot, runner)


def fill_form(qtbot, screen: IntakeScreen) -> None:
    screen.picker.search.setFocus()
    type_text(qtbot, screen.picker.search, "dang ky khai sinh")
    qtbot.keyClick(screen.picker.search, Qt.Key.Key_Return)
    assert screen.procedure is not None and screen.procedure.code == "1.001193"
    for name, text in FIELDS.items():
        type_text(qtbot, screen.form.inputs[name], text)
    sex = screen.form.inputs["sex"]
    sex.setFocus()
    type_text(qtbot, sex, "Nữ")
    for line in screen.checklist.lines:
        if line.required is not None and not line.required.optional:
            line.check.setFocus()
            qtbot.keyClick(line.check, Qt.Key.Key_Space)
    assert screen.checklist.missing() == []


def accept(qtbot, screen: IntakeScreen, runner) -> None:
    qtbot.keyClick(
        screen.form.inputs["phone"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    wait_idle(qtbot, runner)


def test_a_full_disk_keeps_the_form_and_says_what_to_do_then_accepts_after_space_is_freed(
    qtbot, screen, runner, ui_ws
):
    fill_form(qtbot, screen)
    fill_database(qtbot, runner, screen.request())
    before = counts(ui_ws)

    accept(qtbot, screen, runner)

    assert screen.banner.text() == DiskFull.intake_message
    assert "Ổ đĩa đã đầy: hồ sơ này CHƯA được lưu." in screen.banner.text()
    assert screen.last_dossier is None
    assert counts(ui_ws) == before
    # Everything typed is still there, ready for the retry.
    assert screen.procedure is not None and screen.procedure.code == "1.001193"
    for name, text in FIELDS.items():
        assert screen.form.inputs[name].text() == text, name
    assert screen.checklist.missing() == []

    on_db_thread(qtbot, runner, "PRAGMA max_page_count = 1073741823")  # a file was deleted
    with qtbot.waitSignal(screen.printing.documents_ready, timeout=10_000):
        accept(qtbot, screen, runner)
    wait_idle(qtbot, runner)
    assert screen.last_dossier is not None
    assert screen.last_dossier.code in screen.banner.text()
    assert counts(ui_ws)[0] == before[0] + 1
