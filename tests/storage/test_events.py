"""The event log is append-only and a hash chain: tampering is found and located."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.services.workstation import VN_TZ
from app.storage.db import open_database, transaction
from app.storage.events import append_event, count_events, events_after, verify_chain

AT = datetime(2027, 2, 3, 9, 0, tzinfo=VN_TZ)


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "e.sqlite3")
    with transaction(database):
        for i in range(5):
            append_event(
                database, device_id="dev-A", type="t", entity_id=f"e{i}",
                payload={"i": i, "tên": "Đức"}, at=AT,
            )  # fmt: skip
        append_event(database, device_id="dev-B", type="t", entity_id="x", payload={}, at=AT)
    return database


def _unprotect(db) -> None:
    db.execute("DROP TRIGGER events_no_update")
    db.execute("DROP TRIGGER events_no_delete")


def test_sequence_and_chain(db) -> None:
    events = events_after(db, "dev-A", 0, 100)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert events[0].payload == {"i": 0, "tên": "Đức"}
    assert verify_chain(db) == []
    assert count_events(db, "dev-A", after_seq=3) == 2


def test_rows_cannot_be_updated_or_deleted(db) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE events SET payload = '{}' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM events WHERE seq = 2")


def test_edited_row_is_named(db) -> None:
    _unprotect(db)
    db.execute("UPDATE events SET payload = '{\"i\":99}' WHERE device_id = 'dev-A' AND seq = 3")
    problems = verify_chain(db)
    assert [(p.device_id, p.seq) for p in problems] == [("dev-A", 3)]
    assert "sửa" in problems[0].message


def test_deleted_row_is_named(db) -> None:
    _unprotect(db)
    db.execute("DELETE FROM events WHERE device_id = 'dev-A' AND seq = 2")
    problems = verify_chain(db)
    assert ("dev-A", 3) in [(p.device_id, p.seq) for p in problems]
    assert any("thiếu" in p.message for p in problems)


def test_inserted_row_is_named(db) -> None:
    _unprotect(db)
    row = db.execute("SELECT * FROM events WHERE device_id='dev-A' AND seq=5").fetchone()
    db.execute(
        "INSERT INTO events VALUES (?, 6, 'forged', 't', 'e', '{}', ?, '', ?, ?)",
        [row[0], row[6], "f" * 64, "0" * 64],
    )
    problems = verify_chain(db)
    assert [(p.device_id, p.seq) for p in problems][:1] == [("dev-A", 6)]
