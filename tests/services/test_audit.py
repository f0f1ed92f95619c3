"""`audit verify` on a real SQLite file tampered with from a separate connection, as an attacker
with the file (and this source code) would: every edit, insertion and deletion is named."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.roles import PermissionDenied, Role
from app.services import accounts, audit, intake
from app.services.workstation import DB_FILE, VN_TZ
from app.storage.db import connect, open_database, transaction
from app.storage.events import GENESIS, append_event, event_hash
from app.storage.migrations import migrate
from app.storage.sync_state import set_acked_seq

ADMIN_PIN = "246813"


@pytest.fixture
def trail(ws, request_for):
    """Dossiers received, accounts made, sign-ins: a dozen events on this device."""
    for _ in range(3):
        intake.receive_dossier(ws, request_for("1.001193"))
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", ADMIN_PIN)
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    accounts.create_account(ws, "ha.le", "Lê Thu Hà", Role.SUPERVISOR, "Trưởng bưu cục 2027")
    accounts.create_account(ws, "lan", "Nguyễn Thị Lan", Role.COUNTER, "975318")
    accounts.sign_out(ws)
    assert _last(ws) >= 9
    return ws


@pytest.fixture
def attacker(trail) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(trail.home / DB_FILE, isolation_level=None)
    yield conn
    conn.close()


def _last(ws) -> int:
    return int(
        ws.db.execute("SELECT max(seq) FROM events WHERE device_id = ?", [ws.device_id]).fetchone()[
            0
        ]
    )


def _drop_guards(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("DROP TRIGGER events_no_delete")


def _restore_guards(conn: sqlite3.Connection) -> None:
    conn.executescript(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
        " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
        " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    )


def _rechain(conn: sqlite3.Connection, device: str, start: int) -> None:
    """Recompute prev_hash and hash from ``start`` on, as someone who read events.py would."""
    prev = (
        conn.execute(
            "SELECT hash FROM events WHERE device_id = ? AND seq = ?", [device, start - 1]
        ).fetchone()
        or (GENESIS,)
    )[0]
    rows = conn.execute(
        "SELECT seq, id, type, entity_id, payload, at, actor FROM events"
        " WHERE device_id = ? AND seq >= ? ORDER BY seq",
        [device, start],
    ).fetchall()
    for seq, event_id, type_, entity_id, payload, at, actor in rows:
        digest = event_hash(prev, device, seq, event_id, type_, entity_id, payload, at, actor)
        conn.execute(
            "UPDATE events SET prev_hash = ?, hash = ? WHERE device_id = ? AND seq = ?",
            [prev, digest, device, seq],
        )
        prev = digest


def _renumber(conn: sqlite3.Connection, device: str, after: int, shift: int) -> None:
    # Two steps: shifting in place would collide with UNIQUE(device_id, seq).
    conn.execute("UPDATE events SET seq = -seq WHERE device_id = ? AND seq > ?", [device, after])
    conn.execute(
        "UPDATE events SET seq = -seq + ? WHERE device_id = ? AND seq < 0", [shift, device]
    )


def _rows(report: audit.AuditReport) -> set[tuple[str, int | None]]:
    return {(p.device_id, p.seq) for p in report.problems}


def _type_at(ws, seq: int) -> str:
    return ws.db.execute(
        "SELECT type FROM events WHERE device_id = ? AND seq = ?", [ws.device_id, seq]
    ).fetchone()[0]


def test_an_intact_trail_is_ok(trail) -> None:
    report = audit.verify(trail)
    assert report.ok, [str(p) for p in report.problems]
    assert (report.events, report.devices) == (_last(trail), 1)
    assert report.as_dict()["problems"] == []


def test_prints_sign_ins_and_account_changes_are_in_the_trail(trail) -> None:
    types = {r[0] for r in trail.db.execute("SELECT type FROM events")}
    assert {"auth.signed_in", "auth.signed_out", "account.created"} <= types


@pytest.mark.parametrize("guards_put_back", [False, True])
def test_an_edited_payload_is_named(trail, attacker, guards_put_back) -> None:
    ws, dev = trail, trail.device_id
    event_id, type_ = ws.db.execute(
        "SELECT id, type FROM events WHERE device_id = ? AND seq = 3", [dev]
    ).fetchone()
    _drop_guards(attacker)
    attacker.execute(
        "UPDATE events SET payload = replace(payload, 'Nhung', 'Nhàn')"
        " WHERE device_id = ? AND seq = 3",
        [dev],
    )
    if guards_put_back:
        _restore_guards(attacker)
    report = audit.verify(ws)
    assert not report.ok
    [edited] = [p for p in report.problems if p.seq is not None]
    assert (edited.device_id, edited.seq, edited.event_id, edited.event_type) == (
        dev,
        3,
        event_id,
        type_,
    )
    assert "sửa" in edited.message
    assert str(edited).startswith(f"Sự kiện {dev}#3 ({type_}, mã {event_id}): ")
    dropped = [str(p) for p in report.problems if p.seq is None]
    if guards_put_back:
        assert dropped == []
    else:
        assert len(dropped) == 2
        assert all("đã bị xóa" in text for text in dropped)
        assert any("events_no_update" in text for text in dropped)


def test_an_edit_rehashed_to_the_end_is_named_by_the_anchor(trail, attacker) -> None:
    ws, dev = trail, trail.device_id
    last = _last(ws)
    _drop_guards(attacker)
    attacker.execute(
        "UPDATE events SET actor = 'Người khác' WHERE device_id = ? AND seq = 4", [dev]
    )
    _rechain(attacker, dev, 4)
    _restore_guards(attacker)
    report = audit.verify(ws)
    # The chain is whole again; only the anchor, pinned at the last row, sees it.
    assert _rows(report) == {(dev, last)}
    assert "khác với mốc" in report.problems[0].message


def test_a_forged_row_appended_with_a_made_up_hash_is_named(trail, attacker) -> None:
    ws, dev = trail, trail.device_id
    last = _last(ws)
    at = ws.db.execute("SELECT at FROM events WHERE seq = 1").fetchone()[0]
    attacker.execute(
        "INSERT INTO events VALUES (?, ?, 'forged', 'dossier.received', 'x', '{}', ?, '', ?, ?)",
        [dev, last + 1, at, "f" * 64, "0" * 64],
    )
    report = audit.verify(ws)
    assert (dev, last + 1) in _rows(report)
    forged = [p for p in report.problems if p.seq == last + 1]
    assert all(p.event_id == "forged" for p in forged)


def test_a_forged_row_inserted_in_the_middle_is_named(trail, attacker) -> None:
    ws, dev = trail, trail.device_id
    last = _last(ws)
    _drop_guards(attacker)
    _renumber(attacker, dev, after=5, shift=1)
    at = ws.db.execute("SELECT at FROM events WHERE device_id = ? AND seq = 5", [dev]).fetchone()[0]
    prev = ws.db.execute(
        "SELECT hash FROM events WHERE device_id = ? AND seq = 5", [dev]
    ).fetchone()[0]
    payload = '{"note":"hồ sơ ma"}'
    digest = event_hash(prev, dev, 6, "forged", "dossier.received", "x", payload, at, "")
    attacker.execute(
        "INSERT INTO events VALUES (?, 6, 'forged', 'dossier.received', 'x', ?, ?, '', ?, ?)",
        [dev, payload, at, prev, digest],
    )
    _rechain(attacker, dev, 7)  # a careful attacker: the chain is whole again
    _restore_guards(attacker)
    assert _last(ws) == last + 1
    report = audit.verify(ws)
    [problem] = report.problems
    assert (problem.seq, problem.event_id) == (6, "forged")
    assert "chèn" in problem.message


def test_a_row_deleted_in_the_middle_is_named(trail, attacker) -> None:
    ws, dev = trail, trail.device_id
    _drop_guards(attacker)
    attacker.execute("DELETE FROM events WHERE device_id = ? AND seq = 4", [dev])
    report = audit.verify(ws)
    assert (dev, 4) in _rows(report)
    [gone] = [p for p in report.problems if p.seq == 4]
    assert "đã bị xóa" in gone.message and gone.event_id == ""
    assert (dev, 5) in _rows(report)  # the row whose link to #4 is broken


def test_a_row_deleted_in_the_middle_then_renumbered_and_rehashed_is_found(trail, attacker) -> None:
    ws, dev = trail, trail.device_id
    last = _last(ws)
    _drop_guards(attacker)
    attacker.execute("DELETE FROM events WHERE device_id = ? AND seq = 4", [dev])
    _renumber(attacker, dev, after=4, shift=-1)
    _rechain(attacker, dev, 4)
    _restore_guards(attacker)
    report = audit.verify(ws)
    [problem] = report.problems
    assert (problem.device_id, problem.seq) == (dev, last)
    assert "đã bị xóa" in problem.message and "đánh số lại" in problem.message


@pytest.mark.parametrize("count", [1, 3])
def test_the_last_rows_deleted_are_named(trail, attacker, count) -> None:
    ws, dev = trail, trail.device_id
    last = _last(ws)
    _drop_guards(attacker)
    attacker.execute("DELETE FROM events WHERE device_id = ? AND seq > ?", [dev, last - count])
    _restore_guards(attacker)
    report = audit.verify(ws)
    [problem] = report.problems  # the chain left is whole: only the anchor sees it
    assert (problem.device_id, problem.seq) == (dev, last - count + 1)
    assert f"#{last}" in problem.message and "đã bị xóa" in problem.message


def test_every_row_deleted_is_found(trail, attacker) -> None:
    _drop_guards(attacker)
    attacker.execute("DELETE FROM events")
    report = audit.verify(trail)
    assert [(p.device_id, p.seq) for p in report.problems if p.seq is not None] == [
        (trail.device_id, 1)
    ]
    assert report.events == 0


def test_dropped_or_emptied_triggers_are_reported(trail, attacker) -> None:
    _drop_guards(attacker)
    attacker.execute("CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT 1; END")
    attacker.execute("DROP TRIGGER events_head_track")
    report = audit.verify(trail)
    texts = [str(p) for p in report.problems]
    assert len(texts) == 3
    assert any("events_no_update" in t and "thay bằng lệnh khác" in t for t in texts)
    assert any("events_no_delete" in t and "đã bị xóa" in t for t in texts)
    assert any("events_head_track" in t for t in texts)


def test_rows_appended_behind_the_anchor_are_named(trail, attacker) -> None:
    ws, dev = trail, trail.device_id
    last = _last(ws)
    attacker.execute("DROP TRIGGER events_head_track")
    prev, at = ws.db.execute(
        "SELECT hash, at FROM events WHERE device_id = ? AND seq = ?", [dev, last]
    ).fetchone()
    digest = event_hash(prev, dev, last + 1, "forged", "t", "", "{}", at, "")
    attacker.execute(
        "INSERT INTO events VALUES (?, ?, 'forged', 't', '', '{}', ?, '', ?, ?)",
        [dev, last + 1, at, prev, digest],
    )
    report = audit.verify(ws)
    named = [p for p in report.problems if p.seq is not None]
    assert [(p.seq, p.event_id) for p in named] == [(last + 1, "forged")]
    assert "ngoài phần mềm" in named[0].message


def test_the_hubs_acknowledged_hash_catches_a_rewrite_that_fixed_the_anchor(
    trail, attacker
) -> None:
    ws, dev = trail, trail.device_id
    with transaction(ws.db):
        set_acked_seq(ws.db, 6)  # the hub holds #1–#6
    _drop_guards(attacker)
    attacker.execute("DELETE FROM events WHERE device_id = ? AND seq = 2", [dev])
    _renumber(attacker, dev, after=2, shift=-1)
    _rechain(attacker, dev, 2)
    _restore_guards(attacker)
    # … and moves the anchor to match what is left.
    attacker.execute(
        "UPDATE events_head SET seq = (SELECT max(seq) FROM events WHERE device_id = ?1),"
        " hash = (SELECT hash FROM events WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1),"
        " appended = appended - 1 WHERE device_id = ?1",
        [dev],
    )
    report = audit.verify(ws)
    [problem] = report.problems
    assert (problem.seq, problem.event_type) == (6, _type_at(ws, 6))
    assert "máy chủ tỉnh" in problem.message


def test_rows_the_hub_acknowledged_then_deleted_are_named(trail, attacker) -> None:
    ws, dev = trail, trail.device_id
    last = _last(ws)
    with transaction(ws.db):
        set_acked_seq(ws.db, last)
    _drop_guards(attacker)
    attacker.execute("DELETE FROM events WHERE device_id = ? AND seq > ?", [dev, last - 2])
    attacker.execute(
        "UPDATE events_head SET seq = ?2, hash = (SELECT hash FROM events WHERE device_id = ?1"
        " AND seq = ?2), appended = ?2 WHERE device_id = ?1",
        [dev, last - 2],
    )
    report = audit.verify(ws)
    named = [p for p in report.problems if p.seq is not None]
    assert [(p.seq, "máy chủ tỉnh" in p.message) for p in named] == [(last - 1, True)]


def test_the_anchor_survives_a_migration_of_an_old_database(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = connect(path)
    migrate(old, target=5)
    at = datetime(2027, 2, 3, 9, 0, tzinfo=VN_TZ)
    with transaction(old):
        old.execute("INSERT INTO settings VALUES ('device.id', '\"dev-A\"')")
        for i in range(4):
            append_event(old, device_id="dev-A", type="t", entity_id="", payload={"i": i}, at=at)
        old.execute("INSERT INTO settings VALUES ('sync.acked_seq', '3')")
    old.close()
    db = open_database(path)
    head = db.execute("SELECT seq, appended, acked_seq, acked_hash FROM events_head").fetchone()
    third = db.execute("SELECT hash FROM events WHERE seq = 3").fetchone()[0]
    assert head == (4, 4, 3, third)
    db.close()


# ---------------------------------------------------------------- exports and prints


def test_exports_are_events_and_personal_ones_need_the_permission(trail) -> None:
    ws = trail
    accounts.sign_in(ws, "lan", "975318")
    with pytest.raises(PermissionDenied, match="xuất dữ liệu có thông tin cá nhân"):
        audit.record_export(ws, "book.xlsx", 12, "/tmp/so.xlsx", personal=True)
    event = audit.record_export(ws, "report.csv", 3, "/tmp/bc.csv")  # counts only: allowed
    assert event.type == "export.made"
    assert event.payload == {
        "what": "report.csv",
        "rows": 3,
        "path": "/tmp/bc.csv",
        "personal": False,
    }
    accounts.sign_in(ws, "ha.le", "Trưởng bưu cục 2027")
    event = audit.record_export(ws, "book.xlsx", 12, "/tmp/so.xlsx", personal=True)
    assert (event.payload["personal"], event.actor) == (True, "Lê Thu Hà")
    printed = audit.record_print(ws, "day_report", entity_id="2027-02-03", reprint=True)
    assert printed.type == "document.printed"
    assert printed.payload == {"kind": "day_report", "reprint": True}
    assert audit.verify(ws).ok
