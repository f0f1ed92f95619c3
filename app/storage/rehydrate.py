"""Re-hydration: a restored counter takes back, from the hub's copy, the events it made after its
backup, and rebuilds the rows they stand for.

Why: a restore from an old backup loses everything the counter did after it, but the hub kept
every event the counter synced. Those events continue the restored database's own hash chain, so
they can be appended verbatim (same seq, id, payload text, time, actor and hash) and their
projection rows (dossiers, documents, fees, search, statuses, hand-over batches, invitations,
returns, incidents, day closes, the office's settings) rebuilt from their payloads.

What is guaranteed:
- Nothing is written unless the whole page checks out first: every event is this device's, the
  first one follows the local chain's head (seq and hash), each next one follows the one before,
  every hash recomputes over the payload as the hub sent it (the JSON text it stored, or an object
  spelled with ``canonical_json``), and every payload can be read. Otherwise ChainMismatch (or
  RehydrateConflict for a row the restored database cannot take), in Vietnamese.
- The events table ends up identical to the counter's before the restore, row for row.
- Rows are rebuilt in seq order, each right after its event, with the same storage functions the
  counter's own moves use (the row-writing part only: no second event is appended). So a day's
  business comes before its ``day.closed`` and the closed-day triggers, which re-hydrated events
  meet with their original actor, let it through as they did the first time. Days a restore kept
  closed (``closed_days_kept``: closed after the backup) are lifted for the page's replay and put
  back at its end unless their close came back with it.
- The function joins the caller's ``transaction(db)`` (or opens one): an error leaves nothing.

Not rebuilt (the payload does not carry the row, or the row belongs to another module):
``account.*`` (no secret hash in the event), ``catalog.imported`` (version and codes only; the
hub's feed brings the catalog), ``device.*`` (enrolment and sync state are the sync's),
``day.acknowledged`` (the hub's raw acknowledgement is not in the event; the feed brings it
again). Event-only types have no row at all: their event is the record (``dossier.official_code``,
the forms' ``document.printed``, ``export.*``, ``report.*``, ``auth.*``). Hand-over drafts are not
events: a batch created after the backup comes back when it was sealed, with its sealing time as
its creation time and its dossiers numbered 1, 2, … in the sealed order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.day_close import DAY_CLOSED
from app.domain.errors import DomainError
from app.storage import rehydrate_rows as rows
from app.storage.connection import Database
from app.storage.db import transaction
from app.storage.events import INSERT_EVENT, canonical_json, event_hash, last_event
from app.storage.rehydrate_rows import REPORT, Apply, RehydrateConflict

__all__ = ["ChainMismatch", "RehydrateConflict", "Rehydrated", "apply_hub_events"]

_KEYS = ("device_id", "seq", "id", "type", "entity_id", "payload", "at", "actor", "prev_hash",
         "hash")  # fmt: skip


@dataclass(frozen=True)
class Rehydrated:
    events: int  # events appended
    dossiers: int  # dossiers that came back (dossier.received projected)
    projected: int  # events whose rows were rebuilt (all kinds)
    skipped_types: tuple[str, ...]  # event types appended but with no rows to rebuild


class ChainMismatch(DomainError):
    """The hub's events do not continue this counter's chain; nothing was written."""


# A step's projection: writes the rows, returns True when it wrote any.


@dataclass(frozen=True)
class _Step:
    row: tuple[Any, ...]  # INSERT_EVENT order, payload as the text to store
    seq: int
    type: str
    apply: Apply | None  # None: nothing to rebuild for this event


# ---------------------------------------------------------------- checking the chain


def _mismatch(seq: object, what: str) -> ChainMismatch:
    return ChainMismatch(
        f"Dữ liệu cũ của quầy lấy từ bưu điện tỉnh không khớp với dữ liệu trong máy: sự kiện số "
        f"{seq} {what}. Chưa ghi gì vào máy. {REPORT}"
    )


def _payload_text(seq: int, value: object) -> tuple[str, dict[str, Any]]:
    """The text to hash and store, and the payload read from it."""
    if isinstance(value, Mapping):
        return canonical_json(value), dict(value)
    if not isinstance(value, str):
        raise _mismatch(seq, "có phần nội dung (payload) không phải JSON")
    try:
        parsed = json.loads(value)
    except ValueError:
        raise _mismatch(seq, "có phần nội dung (payload) không phải JSON hợp lệ") from None
    if not isinstance(parsed, dict):
        raise _mismatch(seq, "có phần nội dung (payload) không phải một đối tượng JSON")
    return value, parsed


def _checked_rows(
    db: Database, device_id: str, events: Sequence[Mapping[str, Any]]
) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every event as an events row and its payload, once the whole chain checks out."""
    head_seq, head_hash = last_event(db, device_id)
    expected_seq, expected_prev = head_seq + 1, head_hash
    seen: set[str] = set()
    out: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for position, e in enumerate(events, 1):
        seq = e.get("seq", f"thứ {position} trong gói") if isinstance(e, Mapping) else position
        if not isinstance(e, Mapping):
            raise _mismatch(seq, "không phải một sự kiện")
        for key in _KEYS:
            if key not in e:
                raise _mismatch(seq, f"thiếu trường «{key}»")
        seq = e["seq"]
        if isinstance(seq, bool) or not isinstance(seq, int):
            raise _mismatch(seq, "có số thứ tự không phải số nguyên")
        for key in ("device_id", "id", "type", "entity_id", "at", "actor", "prev_hash", "hash"):
            if not isinstance(e[key], str):
                raise _mismatch(seq, f"có trường «{key}» không phải chuỗi")
        if e["device_id"] != device_id:
            raise _mismatch(seq, f"là của quầy khác ({e['device_id']}), không phải quầy này")
        if seq != expected_seq:
            if not out and seq <= head_seq:
                raise _mismatch(seq, f"đã có trong máy (máy đang ở sự kiện số {head_seq})")
            if not out:
                raise _mismatch(seq, f"không liền sau sự kiện cuối của máy (số {head_seq})")
            raise _mismatch(seq, f"không liền sau sự kiện số {expected_seq - 1}")
        if e["prev_hash"] != expected_prev:
            raise _mismatch(seq, f"không nối với sự kiện số {seq - 1} (mã băm trước khác)")
        text, payload = _payload_text(seq, e["payload"])
        row = (device_id, seq, e["id"], e["type"], e["entity_id"], text, e["at"], e["actor"],
               e["prev_hash"], e["hash"])  # fmt: skip
        recomputed = event_hash(
            e["prev_hash"],
            device_id,
            seq,
            e["id"],
            e["type"],
            e["entity_id"],
            text,
            e["at"],
            e["actor"],
        )
        if recomputed != e["hash"]:
            raise _mismatch(seq, "có mã băm không khớp nội dung (dữ liệu đã bị sửa)")
        if e["id"] in seen or db.execute("SELECT 1 FROM events WHERE id = ?", [e["id"]]).fetchone():
            raise _mismatch(seq, f"trùng mã sự kiện {e['id']} với một sự kiện đã có")
        seen.add(e["id"])
        out.append((row, payload))
        expected_seq, expected_prev = seq + 1, e["hash"]
    return out


# ---------------------------------------------------------------- reading payloads


def _held_here(db: Database, event_id: str) -> bool:
    row = db.execute("SELECT 1 FROM events_held WHERE id = ?", [event_id]).fetchone()
    return row is not None


def _drop_held(event_id: str) -> Apply:
    def apply(db: Database) -> bool:
        db.execute("DELETE FROM events_held WHERE id = ?", [event_id])
        return False  # nothing rebuilt: counted with the types appended only

    return apply


def _plan(
    db: Database, device_id: str, row: tuple[Any, ...], payload: dict[str, Any]
) -> Apply | None:
    """Read one event's payload into its projection (before anything is written)."""
    seq, type_, entity_id, at, actor = row[1], row[3], row[4], row[6], row[7]
    if _held_here(db, row[2]):
        # Made here and held (a backup taken while waiting for re-hydration), sent since: its
        # rows are already here; only the event joins the chain, and the held copy goes.
        return _drop_held(row[2])
    if type_ == "dossier.received":
        return rows.received(db, seq, payload, device_id)
    if type_ in ("dossier.transition", "dossier.status_changed"):
        return rows.status_change(seq, entity_id, at, actor, payload)
    if type_ == "dossier.rescheduled":
        return rows.rescheduled(seq, entity_id, payload)
    if type_ == "dossier.invitation":
        return rows.invitation(seq, entity_id, at, actor, payload)
    if type_ == "dossier.incident":
        return rows.incident(seq, entity_id, actor, payload)
    if type_ == "handover.sealed":
        return rows.sealed(seq, entity_id, actor, payload)
    if type_ == "document.printed":
        return rows.printed(entity_id, payload)
    if type_ == DAY_CLOSED:
        return rows.day_closed(seq, payload)
    if type_ == "office.configured":
        return rows.office_configured(payload)
    return None


# ---------------------------------------------------------------- applying


def apply_hub_events(
    db: Database, device_id: str, events: Sequence[Mapping[str, Any]]
) -> Rehydrated:
    """Append the hub's events of this device after the local chain's head and rebuild their rows.
    Call inside `transaction(db)` (app/storage/db.py). Events come in seq order as the hub stores
    them: keys device_id, seq, id, type, entity_id, payload (a JSON text or an object), at, actor,
    prev_hash, hash."""
    if not events:
        return Rehydrated(0, 0, 0, ())
    with transaction(db):
        checked = _checked_rows(db, device_id, events)
        steps = [
            _Step(row, row[1], row[3], _plan(db, device_id, row, payload))
            for row, payload in checked
        ]
        # A savepoint: a row that cannot be rebuilt undoes this page even for a caller that
        # catches the error and goes on in its transaction.
        db.execute("SAVEPOINT rehydrate")
        try:
            dossiers, projected, skipped = _write(db, steps)
        except BaseException:
            if db.conn.in_transaction:  # SQLite may have rolled back all of it (a full disk)
                db.execute("ROLLBACK TO rehydrate")
                db.execute("RELEASE rehydrate")
            raise
        db.execute("RELEASE rehydrate")
    return Rehydrated(len(steps), dossiers, projected, tuple(sorted(skipped)))


def _write(db: Database, steps: Sequence[_Step]) -> tuple[int, int, set[str]]:
    # Days a restore kept closed (closed after the backup) let their own events back in.
    rows = db.execute("SELECT day, kept_at FROM closed_days_kept")
    kept = [(str(day), str(kept_at)) for day, kept_at in rows]
    db.execute("DELETE FROM closed_days_kept")
    dossiers = projected = 0
    skipped: set[str] = set()
    for step in steps:
        db.execute(INSERT_EVENT, step.row)
        if step.apply is not None and step.apply(db):
            projected += 1
            dossiers += step.type == "dossier.received"
        else:
            skipped.add(step.type)
    for day, kept_at in kept:
        if db.execute("SELECT 1 FROM day_closes WHERE day = ?", [day]).fetchone() is None:
            db.execute("INSERT INTO closed_days_kept (day, kept_at) VALUES (?, ?)", [day, kept_at])
    return dossiers, projected, skipped
