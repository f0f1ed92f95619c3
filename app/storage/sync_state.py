"""What the sync client remembers between runs, kept in the ``settings`` table.

The acknowledged mark (highest sequence number the hub confirmed), the batch in flight (so a
restart after a crash resends the *same* batch with the same id), the downstream feed cursor, the
last successful sync and the last error. Never the device token: that lives in the OS keyring.
Write these inside ``transaction(db)`` with whatever they describe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.storage.connection import Database
from app.storage.settings import get_setting, set_setting

HUB_URL = "sync.hub_url"
CA_BUNDLE = "sync.ca_bundle"
ACKED_SEQ = "sync.acked_seq"
INFLIGHT = "sync.inflight"
FEED_CURSOR = "sync.feed_cursor"
LAST_SUCCESS = "sync.last_success"
LAST_ATTEMPT = "sync.last_attempt"
LAST_ERROR = "sync.last_error"
REHYDRATED = "sync.rehydrated"  # the last re-hydration after a restore: {"events", "dossiers"}

_COLUMNS = ("device_id", "seq", "id", "type", "entity_id", "payload", "at", "actor",
            "prev_hash", "hash")  # fmt: skip
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM events"


@dataclass(frozen=True)
class InFlight:
    """A batch sent whose outcome is not known yet: resent unchanged until the hub answers."""

    batch_id: str
    first_seq: int
    last_seq: int


@dataclass(frozen=True)
class LastError:
    at: datetime
    message: str  # Vietnamese, with the hub's own words when it answered
    code: str  # the hub's error code, or "" when the hub was not reached


def hub_url(db: Database) -> str:
    return str(get_setting(db, HUB_URL, "") or "")


def ca_bundle(db: Database) -> str | None:
    value = get_setting(db, CA_BUNDLE, None)
    return str(value) if value else None


def set_ca_bundle(db: Database, path: str | None) -> None:
    set_setting(db, CA_BUNDLE, path or None)


def acked_seq(db: Database) -> int:
    return int(get_setting(db, ACKED_SEQ, 0) or 0)


def set_acked_seq(db: Database, seq: int) -> None:
    set_setting(db, ACKED_SEQ, int(seq))


def inflight(db: Database) -> InFlight | None:
    data = get_setting(db, INFLIGHT, None)
    if not data:
        return None
    return InFlight(str(data["batch_id"]), int(data["first_seq"]), int(data["last_seq"]))


def set_inflight(db: Database, batch: InFlight | None) -> None:
    value = (
        None
        if batch is None
        else {"batch_id": batch.batch_id, "first_seq": batch.first_seq, "last_seq": batch.last_seq}
    )
    set_setting(db, INFLIGHT, value)


def feed_cursor(db: Database) -> int:
    return int(get_setting(db, FEED_CURSOR, 0) or 0)


def set_feed_cursor(db: Database, cursor: int) -> None:
    set_setting(db, FEED_CURSOR, int(cursor))


def record_success(db: Database, at: datetime) -> None:
    set_setting(db, LAST_SUCCESS, at.isoformat())
    set_setting(db, LAST_ATTEMPT, {"at": at.isoformat(), "online": True})
    set_setting(db, LAST_ERROR, None)


def record_failure(
    db: Database, at: datetime, message: str, *, code: str = "", online: bool | None
) -> None:
    """``online``: the hub itself answered (it refused), as opposed to not being reached;
    None for a local problem that stopped the run before any request."""
    if online is not None:
        set_setting(db, LAST_ATTEMPT, {"at": at.isoformat(), "online": online})
    set_setting(db, LAST_ERROR, {"at": at.isoformat(), "message": message, "code": code})


def last_success(db: Database) -> datetime | None:
    value = get_setting(db, LAST_SUCCESS, None)
    return datetime.fromisoformat(value) if value else None


def last_attempt(db: Database) -> tuple[datetime, bool] | None:
    value = get_setting(db, LAST_ATTEMPT, None)
    if not value:
        return None
    return datetime.fromisoformat(value["at"]), bool(value["online"])


def last_error(db: Database) -> LastError | None:
    value = get_setting(db, LAST_ERROR, None)
    if not value:
        return None
    return LastError(datetime.fromisoformat(value["at"]), str(value["message"]), str(value["code"]))


def reset_for_enrollment(db: Database, url: str, acked: int) -> None:
    """A new enrollment: a new hub (or a new identity at it) starts its marks afresh."""
    set_setting(db, HUB_URL, url)
    set_acked_seq(db, acked)
    set_inflight(db, None)
    set_feed_cursor(db, 0)
    set_setting(db, LAST_ERROR, None)


# ---------------------------------------------------------------- the outbox, as the hub wants it


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    # The payload stays the stored canonical JSON *string*: the hub rehashes exactly these bytes.
    return dict(zip(_COLUMNS, values, strict=True))


def outbox(db: Database, device_id: str, after_seq: int, limit: int) -> list[dict]:
    """This device's events after ``after_seq``, oldest first, as protocol EVENT objects."""
    rows = db.execute(
        f"{_SELECT} WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        [device_id, after_seq, limit],
    ).fetchall()
    return [_row(r) for r in rows]


def outbox_range(db: Database, device_id: str, first: int, last: int) -> list[dict]:
    rows = db.execute(
        f"{_SELECT} WHERE device_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
        [device_id, first, last],
    ).fetchall()
    return [_row(r) for r in rows]


def pending(db: Database, device_id: str) -> tuple[int, str | None]:
    """How many events wait for the hub, and the time of the oldest (ISO) if any."""
    after = acked_seq(db)
    count, oldest_seq = db.execute(
        "SELECT count(*), min(seq) FROM events WHERE device_id = ? AND seq > ?",
        [device_id, after],
    ).fetchone()
    if not count:
        return 0, None
    row = db.execute(
        "SELECT at FROM events WHERE device_id = ? AND seq = ?", [device_id, oldest_seq]
    ).fetchone()
    return int(count), (str(row[0]) if row else None)
