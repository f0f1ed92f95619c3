"""A counter's identity at the hub: its device id, and those it had before.

A counter enrolled again after the province revoked its device (or that moves on to a new
identity) becomes a new device: a new id, a new hash chain at the hub. What the old chain had not
got acknowledged is restated in the new chain — the same kinds, entities, payloads, times and
actors, new event ids — so it reaches the hub, where the new device may send the numbers the old
one was leased (hub/leases.py ``lineage``). The old chain stays as it was: immutable history
whose hashes sealed day manifests quote.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from app.storage.connection import Database
from app.storage.events import append_event
from app.storage.settings import get_setting, set_setting

DEVICE_ID = "device.id"
PREVIOUS_IDS = "device.previous_ids"  # oldest first


def device_ids(db: Database) -> list[str]:
    """This counter's device id and every one it had before (newest first)."""
    current = str(get_setting(db, DEVICE_ID))
    before = get_setting(db, PREVIOUS_IDS, None) or []
    return [current, *[str(x) for x in reversed(before) if x != current]]


def adopt(db: Database, old_id: str, new_id: str, acked_seq: int) -> int:
    """Become ``new_id``: restate the old chain's events after ``acked_seq`` in the new chain.

    Call inside ``transaction(db)``; returns how many events were restated. Days closed since
    those events happened do not refuse them: they are the record of what the day held.
    """
    rows = db.execute(
        "SELECT type, entity_id, payload, at, actor FROM events"
        " WHERE device_id = ? AND seq > ? ORDER BY seq",
        [old_id, acked_seq],
    ).fetchall()
    set_setting(db, DEVICE_ID, new_id)
    set_setting(db, PREVIOUS_IDS, [*(get_setting(db, PREVIOUS_IDS, None) or []), old_id])
    # The closed-day guard is for new business on a closed day; a restatement is not that.
    guard = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_closed_day'"
    ).fetchone()
    if guard is not None:
        db.execute("DROP TRIGGER events_closed_day")
    try:
        for type_, entity_id, payload, at, actor in rows:
            data: Any = json.loads(payload)
            append_event(
                db,
                device_id=new_id,
                type=type_,
                entity_id=entity_id,
                payload=data,
                at=datetime.fromisoformat(at),
                actor=actor,
            )
    finally:
        if guard is not None:
            db.execute(guard[0])
    return len(rows)
