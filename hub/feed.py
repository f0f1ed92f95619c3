"""The downstream feed: items the hub publishes (calendar, catalog, number ranges, statuses) and
the pages a device reads.

Guarantees (docs/sync-protocol.md): cursors become visible in increasing order, so a reader that
pages by cursor never misses an item; a device reads only items for all offices or for its own
office, and of those only items for all its office's devices or for itself; a catalog is checked
with the counter's own loader before it goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.domain.catalog_format import parse_catalog
from hub.common import Device, _domain, _iso, known_office
from hub.db import feed as feed_table
from hub.db import is_postgres

log = logging.getLogger("motcua.hub")

FEED_LIMIT = 500


@dataclass(frozen=True)
class FeedPage:
    items: list[dict[str, Any]]
    cursor: int
    more: bool


def publish(
    engine: Engine,
    clock: Callable[[], datetime],
    kind: str,
    data: Mapping[str, Any],
    office_code: str | None = None,
    device_id: str | None = None,
) -> int:
    """Append one downstream item; returns its cursor. ``None`` office: every office."""
    with engine.begin() as conn:
        return _publish(conn, clock, kind, data, office_code, device_id)


def _publish(
    conn: Connection,
    clock: Callable[[], datetime],
    kind: str,
    data: Mapping[str, Any],
    office_code: str | None,
    device_id: str | None,
) -> int:
    """``publish`` inside the caller's transaction."""
    if is_postgres(conn):
        # Cursors must become visible in increasing order, or a reader that already went
        # past a cursor would never see the item committed later under a smaller one.
        # Readers are not blocked by this lock; other publishers are.
        conn.exec_driver_sql("LOCK TABLE feed IN EXCLUSIVE MODE")
    result = conn.execute(
        feed_table.insert().values(
            office_code=office_code,
            device_id=device_id,
            kind=kind,
            data=dict(data),
            created_at=_iso(clock()),
        )
    )
    cursor = int(result.inserted_primary_key[0])
    log.info("feed %d: %s for %s", cursor, kind, office_code or "all offices")
    return cursor


def publish_calendar(
    engine: Engine,
    clock: Callable[[], datetime],
    day: date,
    working: bool,
    note: str = "",
    office_code: str | None = None,
) -> int:
    office = known_office(engine, office_code) if office_code else None
    data = {"day": day.isoformat(), "working": working, "note": note}
    return publish(engine, clock, "calendar", data, office)


def publish_catalog(engine: Engine, clock: Callable[[], datetime], catalog: object) -> int:
    """Validate with the counter's own loader first: a broken catalog never goes out."""
    _domain(parse_catalog, catalog)
    return publish(engine, clock, "catalog", {"catalog": catalog})


def feed(engine: Engine, device: Device, after: int, limit: int = FEED_LIMIT) -> FeedPage:
    """Items for the device's office (or all offices) and for it (or all its office's
    devices), after ``after``; ``more`` says another page is waiting."""
    limit = max(1, min(limit, FEED_LIMIT))
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(feed_table.c.cursor, feed_table.c.kind, feed_table.c.data)
            .where(
                feed_table.c.cursor > after,
                sa.or_(
                    feed_table.c.office_code.is_(None),
                    feed_table.c.office_code == device.office_code,
                ),
                sa.or_(feed_table.c.device_id.is_(None), feed_table.c.device_id == device.id),
            )
            .order_by(feed_table.c.cursor)
            .limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [{"cursor": int(r.cursor), "kind": r.kind, "data": r.data} for r in rows]
    return FeedPage(items, items[-1]["cursor"] if items else after, more)
