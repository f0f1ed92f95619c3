"""The append-only event log: every change is recorded here in the same transaction.

Each event carries a per-device sequence number and the hash of the previous event, so the log is
a hash chain: editing, inserting or deleting a row breaks it at a place ``verify_chain`` names.
The events after the hub's acknowledged mark are the sync outbox; nothing else tracks "dirty".
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.storage.connection import Database

GENESIS = "0" * 64
_COLUMNS = "device_id, seq, id, type, entity_id, payload, at, actor, prev_hash, hash"
INSERT_EVENT = f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


@dataclass(frozen=True)
class Event:
    device_id: str
    seq: int
    id: str
    type: str
    entity_id: str
    payload: dict[str, Any]
    at: str
    actor: str
    prev_hash: str
    hash: str


def canonical_json(value: object) -> str:
    """One spelling per value, so hashes agree on every machine (and at the hub)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(
    prev_hash: str,
    device_id: str,
    seq: int,
    event_id: str,
    type_: str,
    entity_id: str,
    payload_json: str,
    at: str,
    actor: str,
) -> str:
    body = canonical_json(
        [prev_hash, device_id, seq, event_id, type_, entity_id, payload_json, at, actor]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def last_event(db: Database, device_id: str) -> tuple[int, str]:
    row = db.execute(
        "SELECT seq, hash FROM events WHERE device_id = ? ORDER BY seq DESC LIMIT 1", [device_id]
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def append_event(
    db: Database,
    *,
    device_id: str,
    type: str,
    entity_id: str,
    payload: Mapping[str, Any],
    at: datetime,
    actor: str = "",
) -> Event:
    """Append one event. Call inside ``transaction(db)`` together with the change it records.

    While the chain waits for re-hydration after a restore (``HOLD``), the event is held aside
    and chained later by ``chain_held``; the Event returned then has seq 0 and no hash.
    """
    if holding(db):
        event_id = str(uuid.uuid4())
        payload_json = canonical_json(payload)
        db.execute(
            "INSERT INTO events_held(id, type, entity_id, payload, at, actor)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [event_id, type, entity_id, payload_json, at.isoformat(), actor],
        )
        return Event(device_id, 0, event_id, type, entity_id, dict(payload), at.isoformat(),
                     actor, "", "")  # fmt: skip
    seq, prev = last_event(db, device_id)
    row = chained_row(
        device_id, seq + 1, str(uuid.uuid4()), type, entity_id, payload, at, actor, prev
    )
    db.execute(INSERT_EVENT, row)
    return _row_to_event(row)


def chained_row(
    device_id: str,
    seq: int,
    event_id: str,
    type_: str,
    entity_id: str,
    payload: Mapping[str, Any],
    at: datetime,
    actor: str,
    prev_hash: str,
) -> tuple[Any, ...]:
    """An events row (``INSERT_EVENT`` order) linked to ``prev_hash``: its hash computed."""
    payload_json = canonical_json(payload)
    at_iso = at.isoformat()
    digest = event_hash(
        prev_hash, device_id, seq, event_id, type_, entity_id, payload_json, at_iso, actor
    )
    return (
        device_id,
        seq,
        event_id,
        type_,
        entity_id,
        payload_json,
        at_iso,
        actor,
        prev_hash,
        digest,
    )


# A setting (JSON): the seq the restored database ended at, while re-hydration is waited for.
HOLD = "sync.rehydrate_after"


def holding(db: Database) -> bool:
    row = db.execute("SELECT 1 FROM settings WHERE key = ?", [HOLD]).fetchone()
    return row is not None


def held_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM events_held").fetchone()[0])


def chain_held(db: Database, device_id: str) -> int:
    """Append the held events to the chain, in the order they were made; how many.

    Call inside ``transaction(db)`` once the hub's events are back and ``HOLD`` is cleared.
    """
    # A held event the hub already had came back through re-hydration, which dropped its held
    # copy (app/storage/rehydrate.py): what is left here was never sent.
    rows = db.execute(
        "SELECT n, id, type, entity_id, payload, at, actor FROM events_held ORDER BY n"
    ).fetchall()
    seq, prev = last_event(db, device_id)
    for n, event_id, type_, entity_id, payload_json, at, actor in rows:
        seq += 1
        digest = event_hash(prev, device_id, seq, event_id, type_, entity_id, payload_json, at,
                            actor)  # fmt: skip
        db.execute(INSERT_EVENT, (device_id, seq, event_id, type_, entity_id, payload_json, at,
                                  actor, prev, digest))  # fmt: skip
        db.execute("DELETE FROM events_held WHERE n = ?", [n])
        prev = digest
    return len(rows)


def _row_to_event(row: tuple) -> Event:
    device_id, seq, event_id, type_, entity_id, payload, at, actor, prev, digest = row
    return Event(
        device_id, seq, event_id, type_, entity_id, json.loads(payload), at, actor, prev, digest
    )


def events_for(db: Database, entity_id: str) -> list[Event]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM events WHERE entity_id = ? ORDER BY at, device_id, seq",
        [entity_id],
    ).fetchall()
    return [_row_to_event(r) for r in rows]


def events_after(db: Database, device_id: str, after_seq: int, limit: int) -> list[Event]:
    """The outbox: this device's events after ``after_seq`` (the hub's acknowledged mark)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM events WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        [device_id, after_seq, limit],
    ).fetchall()
    return [_row_to_event(r) for r in rows]


def count_events(db: Database, device_id: str | None = None, after_seq: int = 0) -> int:
    if device_id is None:
        return int(db.execute("SELECT count(*) FROM events").fetchone()[0])
    return int(
        db.execute(
            "SELECT count(*) FROM events WHERE device_id = ? AND seq > ?", [device_id, after_seq]
        ).fetchone()[0]
    )


@dataclass(frozen=True)
class ChainProblem:
    device_id: str
    seq: int
    message: str  # Vietnamese

    def __str__(self) -> str:
        return f"sự kiện {self.device_id}#{self.seq}: {self.message}"


def _iter_rows(db: Database) -> Iterator[tuple]:
    yield from db.execute(f"SELECT {_COLUMNS} FROM events ORDER BY device_id, seq")


def verify_chain(db: Database) -> list[ChainProblem]:
    """Recompute every hash; report each break by device and sequence number."""
    problems: list[ChainProblem] = []
    current_device: str | None = None
    expected_seq, expected_prev = 1, GENESIS
    for row in _iter_rows(db):
        device_id, seq, event_id, type_, entity_id, payload, at, actor, prev, digest = row
        if device_id != current_device:
            current_device, expected_seq, expected_prev = device_id, 1, GENESIS
        if seq != expected_seq:
            problems.append(
                ChainProblem(device_id, seq, f"thiếu sự kiện số {expected_seq}–{seq - 1} (bị xóa?)")
                if seq > expected_seq
                else ChainProblem(device_id, seq, "số thứ tự lặp lại")
            )
        if prev != expected_prev:
            problems.append(
                ChainProblem(device_id, seq, "không nối với sự kiện trước (bị chèn hoặc sửa)")
            )
        recomputed = event_hash(
            prev, device_id, seq, event_id, type_, entity_id, payload, at, actor
        )
        if recomputed != digest:
            problems.append(ChainProblem(device_id, seq, "nội dung đã bị sửa (mã băm không khớp)"))
        expected_seq, expected_prev = seq + 1, digest
    return problems
