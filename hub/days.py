"""End-of-day closes at the hub: a counter's ``day.closed`` manifest compared with what the hub
holds, and the acknowledgement sent back down the feed (kind ``day_ack``, for that counter only).

Runs inside the ingest transaction (hub.projection folds the batch first, so the dossiers of the
same upload are already known): the acknowledgement is committed with the events it answers, or
not at all. The counter uploads in seq order without gaps, so every event of the closed day is
stored before its ``day.closed`` arrives; what still differs is a real discrepancy (a dossier the
hub refused as a duplicate code, data lost at the hub, an edited event) and is listed by dossier.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.day_close import DAY_CLOSED, compare_codes, events_digest, manifest_sha256
from hub.db import day_manifests, dossiers, events, feed, handover_batches, is_postgres

log = logging.getLogger("motcua.hub")

FEED_KIND = "day_ack"
__all__ = ["DAY_CLOSED", "FEED_KIND", "acknowledge", "manifests"]


def acknowledge(
    conn: Connection,
    device_id: str,
    office_code: str,
    closes: Sequence[tuple[Mapping[str, Any], dict[str, Any]]],
    now: str,
) -> None:
    """Answer each (event, parsed payload) of type ``day.closed``; an unreadable one is logged
    and skipped, never an error (one odd event must not stop a counter's uploads)."""
    for e, payload in closes:
        manifest = payload.get("manifest")
        day = _day(manifest.get("day")) if isinstance(manifest, dict) else None
        if not isinstance(manifest, dict) or day is None:
            log.warning(
                "device %s seq %s: day.closed without a readable manifest", device_id, e["seq"]
            )
            continue
        ack = _compare(conn, device_id, day, int(e["seq"]), manifest, now)
        matched = not ack["missing_at_hub"] and not ack["unknown_locally"] and ack["events_match"]
        cursor = _publish(conn, ack, office_code, device_id, now)
        supervisor = manifest.get("supervisor")
        conn.execute(
            day_manifests.insert().values(
                event_id=str(e.get("id") or f"{device_id}:{e['seq']}")[:100],
                device_id=device_id,
                office_code=office_code,
                day=day.isoformat(),
                seq=int(e["seq"]),
                supervisor=str(supervisor.get("username", ""))
                if isinstance(supervisor, dict)
                else "",
                manifest_sha256=ack["manifest_sha256"],
                ack=ack,
                matched=bool(matched),
                feed_cursor=cursor,
                acknowledged_at=now,
            )
        )
        log.info(
            "device %s closed %s: %s", device_id, day, "matched" if matched else "discrepancies"
        )


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _compare(
    conn: Connection,
    device_id: str,
    day: date,
    close_seq: int,
    manifest: Mapping[str, Any],
    now: str,
) -> dict[str, Any]:
    lo, hi = day.isoformat(), (day + timedelta(days=1)).isoformat()
    rows = conn.execute(
        sa.select(dossiers.c.code, dossiers.c.procedure_code, dossiers.c.status).where(
            dossiers.c.device_id == device_id,
            dossiers.c.received_at >= lo,
            dossiers.c.received_at < hi,
        )
    ).all()
    by_procedure: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for r in rows:
        by_procedure[r.procedure_code] = by_procedure.get(r.procedure_code, 0) + 1
        by_status[r.status] = by_status.get(r.status, 0) + 1
    listed = manifest.get("dossiers")
    local = [c for c in listed if isinstance(c, str)] if isinstance(listed, list) else []
    missing, unknown = compare_codes(local, (r.code for r in rows))
    batches = conn.execute(
        sa.select(handover_batches.c.number, handover_batches.c.confirmed_at)
        .where(
            handover_batches.c.device_id == device_id,
            handover_batches.c.sealed_at >= lo,
            handover_batches.c.sealed_at < hi,
        )
        .order_by(handover_batches.c.sealed_at, handover_batches.c.number)
    ).all()
    return {
        "day": day.isoformat(),
        "device_id": device_id,
        "manifest_sha256": manifest_sha256(manifest),
        "hub_counts": {
            "dossiers": len(rows),
            "by_procedure": by_procedure,
            "by_status": by_status,
        },
        "missing_at_hub": missing,
        "unknown_locally": unknown,
        "events_match": _events_match(conn, device_id, lo, hi, close_seq, manifest.get("events")),
        "batches": [{"number": b.number, "confirmed_at": b.confirmed_at} for b in batches],
        "acknowledged_at": now,
    }


def _events_match(
    conn: Connection, device_id: str, lo: str, hi: str, close_seq: int, span: object
) -> bool:
    """The day's events the hub stores hash to what the counter sealed (the same rule as
    app.storage.day_close_repo: this device, the day's local date, before the close)."""
    if not isinstance(span, Mapping):
        return False
    first, last = span.get("first_seq"), span.get("last_seq")
    if not isinstance(first, int) or not isinstance(last, int):
        hashes: list[str] = []
    else:
        hashes = list(
            conn.execute(
                sa.select(events.c.hash)
                .where(
                    events.c.device_id == device_id,
                    events.c.seq.between(first, min(last, close_seq - 1)),
                    events.c.at >= lo,
                    events.c.at < hi,
                )
                .order_by(events.c.seq)
            ).scalars()
        )
    return span.get("count") == len(hashes) and span.get("sha256") == events_digest(hashes)


def _publish(
    conn: Connection, data: Mapping[str, Any], office_code: str, device_id: str, now: str
) -> int:
    """Hub._publish on the ingest's own connection (that method opens its own transaction)."""
    if is_postgres(conn):
        # As Hub._publish: cursors must become visible in increasing order.
        conn.exec_driver_sql("LOCK TABLE feed IN EXCLUSIVE MODE")
    result = conn.execute(
        feed.insert().values(
            office_code=office_code,
            device_id=device_id,
            kind=FEED_KIND,
            data=dict(data),
            created_at=now,
        )
    )
    return int(result.inserted_primary_key[0])


def manifests(conn: Connection, device_id: str, day: str) -> list[dict[str, Any]]:
    """The hub's record of a counter's closes of ``day`` (oldest first), for operators and tests."""
    rows = (
        conn.execute(
            sa.select(day_manifests)
            .where(day_manifests.c.device_id == device_id, day_manifests.c.day == day)
            .order_by(day_manifests.c.seq)
        )
        .mappings()
        .all()
    )
    return [dict(r) for r in rows]
