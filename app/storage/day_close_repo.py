"""Rows of the end-of-day close: the day's figures read from the database, the sealed close,
and the hub's acknowledgement applied from the feed.

Days are the counter's local (+07:00) days; every stored time is ISO 8601 with its offset, so
"on day D" is the string range ``D <= at < D+1`` (what the indexes of schema step 7 serve).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.day_close import (
    DAY_ACKNOWLEDGED,
    BatchLine,
    DayFigures,
    HubAck,
    Money,
    ProcedureCount,
    Reconciliation,
    StatusCount,
    awaiting_agency,
    canonical_json,
    event_span,
    parse_ack,
    reconciliation,
)
from app.domain.dossier import DossierStatus
from app.domain.text import format_vn_date
from app.storage.connection import Database
from app.storage.events import append_event, event_hash
from app.storage.identity import device_ids

# The actor of what the hub's feed brings (as app.storage.downstream writes it): the closed-day
# trigger lets these through, since they record the province's news, not the counter's work.
HUB_ACTOR = "hub"

_STATUS_ORDER = {s.value: i for i, s in enumerate(DossierStatus)}


def _range(day: date) -> tuple[str, str]:
    return day.isoformat(), (day + timedelta(days=1)).isoformat()


# ---------------------------------------------------------------- the figures


def day_figures(
    db: Database,
    day: date,
    *,
    device_id: str,
    acked_seq: int,
) -> DayFigures:
    """Everything the close reports for ``day``, as it stands now."""
    lo, hi = _range(day)
    # The counter's dossiers of the day, under the device ids it had that day too (enrolled
    # again as a new device: storage/identity.py).
    ids = device_ids(db)
    ids = ids if device_id == ids[0] else [device_id]
    rows = db.execute(
        "SELECT code, procedure_code, procedure_name, status, fees_total, postage FROM dossiers"
        " WHERE received_day = ? AND device_id IN (SELECT value FROM json_each(?)) ORDER BY code",
        [lo, json.dumps(ids)],
    ).fetchall()
    procedures: dict[str, list[Any]] = {}
    statuses: dict[str, int] = {}
    fees = postage = 0
    for _code, proc_code, proc_name, status, fee, post in rows:
        entry = procedures.setdefault(proc_code, [proc_name, 0, 0, 0])
        entry[1] += 1
        entry[2] += int(fee)
        entry[3] += int(post)
        statuses[status] = statuses.get(status, 0) + 1
        fees += int(fee)
        postage += int(post)
    returns, collected = db.execute(
        "SELECT count(*), coalesce(sum(amount_collected), 0) FROM dossier_returns"
        " WHERE returned_at >= ? AND returned_at < ?",
        [lo, hi],
    ).fetchone()
    return DayFigures(
        day=day,
        codes=tuple(str(r[0]) for r in rows),
        procedures=tuple(
            ProcedureCount(code, str(name), n, f, p)
            for code, (name, n, f, p) in sorted(procedures.items(), key=lambda i: (-i[1][1], i[0]))
        ),
        statuses=tuple(
            StatusCount(s, n)
            for s, n in sorted(statuses.items(), key=lambda i: _STATUS_ORDER.get(i[0], 99))
        ),
        money=Money(fees, postage, int(collected), int(returns)),
        batches=tuple(_batches(db, lo, hi)),
        events=event_span(_day_events(db, device_id, lo, hi)),
        **_unsynced(db, device_id, lo, hi, acked_seq),
    )


def _batches(db: Database, lo: str, hi: str) -> list[BatchLine]:
    lines: list[BatchLine] = []
    batches = db.execute(
        "SELECT id, number, agency, sealed_at FROM handover_batches"
        " WHERE sealed_at >= ? AND sealed_at < ? ORDER BY sealed_at, number",
        [lo, hi],
    ).fetchall()
    for batch_id, number, agency, sealed_at in batches:
        statuses = [
            str(r[0])
            for r in db.execute(
                "SELECT d.status FROM handover_items i JOIN dossiers d ON d.id = i.dossier_id"
                " WHERE i.batch_id = ?",
                [batch_id],
            )
        ]
        awaiting = sum(1 for s in statuses if awaiting_agency(s))
        lines.append(BatchLine(str(number), str(agency), str(sealed_at), len(statuses), awaiting))
    return lines


def _day_events(db: Database, device_id: str, lo: str, hi: str) -> list[tuple[int, str]]:
    rows = db.execute(
        "SELECT seq, hash FROM events WHERE device_id = ? AND at >= ? AND at < ? ORDER BY seq",
        [device_id, lo, hi],
    )
    return [(int(s), str(h)) for s, h in rows]


def _unsynced(db: Database, device_id: str, lo: str, hi: str, acked_seq: int) -> dict[str, Any]:
    count, first = db.execute(
        "SELECT count(*), min(seq) FROM events"
        " WHERE device_id = ? AND at >= ? AND at < ? AND seq > ?",
        [device_id, lo, hi, acked_seq],
    ).fetchone()
    return {"unsynced": int(count), "unsynced_first_seq": None if first is None else int(first)}


def day_events_intact(
    db: Database, device_id: str, day: date, before_seq: int, sealed: Mapping[str, Any]
) -> bool:
    """The closed day's events still are what was sealed: each one's hash recomputes from its
    content, and their hashes still give the manifest's digest (an event edited, inserted or
    deleted after the close shows here; ``audit verify`` then says which)."""
    lo, hi = _range(day)
    rows = db.execute(
        "SELECT device_id, seq, id, type, entity_id, payload, at, actor, prev_hash, hash"
        " FROM events WHERE device_id = ? AND at >= ? AND at < ? AND seq < ? ORDER BY seq",
        [device_id, lo, hi, before_seq],
    ).fetchall()
    for dev, seq, event_id, type_, entity_id, payload, at, actor, prev, digest in rows:
        if event_hash(prev, dev, seq, event_id, type_, entity_id, payload, at, actor) != digest:
            return False
    return event_span([(int(r[1]), str(r[9])) for r in rows]).as_dict() == dict(sealed)


def unsynced_events(db: Database, device_id: str, day: date, acked_seq: int) -> int:
    """Events of ``day`` (the close included) the hub has not acknowledged yet."""
    lo, hi = _range(day)
    return int(_unsynced(db, device_id, lo, hi, acked_seq)["unsynced"])


def dossier_lines(db: Database, codes: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(procedure name, status) of the given dossiers this counter holds."""
    found: dict[str, tuple[str, str]] = {}
    for code in codes:
        row = db.execute(
            "SELECT procedure_name, status FROM dossiers WHERE code = ?", [code]
        ).fetchone()
        if row:
            found[code] = (str(row[0]), str(row[1]))
    return found


# ---------------------------------------------------------------- the sealed close


@dataclass(frozen=True)
class DayCloseRow:
    day: date
    closed_at: str
    supervisor: str
    supervisor_name: str
    expected: int
    counted: int
    difference: int
    reason: str
    manifest: dict[str, Any]
    manifest_sha256: str
    event_seq: int
    unsynced_at_close: int
    hub_ack: HubAck | None
    acknowledged_at: str | None

    @property
    def reconciliation(self) -> Reconciliation:
        return reconciliation(self.manifest_sha256, self.hub_ack)


_CLOSE_COLUMNS = (
    "day, closed_at, supervisor, supervisor_name, expected, counted, difference, reason,"
    " manifest, manifest_sha256, event_seq, unsynced_at_close, hub_ack, acknowledged_at"
)


def _close(row: Sequence[Any]) -> DayCloseRow:
    ack = parse_ack(json.loads(row[12])) if row[12] else None
    return DayCloseRow(
        day=date.fromisoformat(str(row[0])),
        closed_at=str(row[1]),
        supervisor=str(row[2]),
        supervisor_name=str(row[3]),
        expected=int(row[4]),
        counted=int(row[5]),
        difference=int(row[6]),
        reason=str(row[7]),
        manifest=json.loads(row[8]),
        manifest_sha256=str(row[9]),
        event_seq=int(row[10]),
        unsynced_at_close=int(row[11]),
        hub_ack=ack,
        acknowledged_at=None if row[13] is None else str(row[13]),
    )


def get_close(db: Database, day: date) -> DayCloseRow | None:
    row = db.execute(
        f"SELECT {_CLOSE_COLUMNS} FROM day_closes WHERE day = ?", [day.isoformat()]
    ).fetchone()
    return _close(row) if row else None


def list_closes(db: Database, limit: int = 60) -> list[DayCloseRow]:
    rows = db.execute(
        f"SELECT {_CLOSE_COLUMNS} FROM day_closes ORDER BY day DESC LIMIT ?", [limit]
    ).fetchall()
    return [_close(r) for r in rows]


def insert_close(
    db: Database,
    *,
    manifest: Mapping[str, Any],
    manifest_sha256: str,
    event_seq: int,
) -> None:
    """Store the close; the figures come from the manifest itself, so they cannot disagree."""
    totals, supervisor = manifest["totals"], manifest["supervisor"]
    db.execute(
        f"INSERT INTO day_closes ({_CLOSE_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
        [
            manifest["day"],
            manifest["closed_at"],
            supervisor["username"],
            supervisor["name"],
            totals["expected"],
            totals["counted"],
            totals["difference"],
            manifest["reason"],
            canonical_json(manifest),
            manifest_sha256,
            event_seq,
            manifest["unsynced"]["count"],
        ],
    )


# ---------------------------------------------------------------- the hub's acknowledgement


def apply_day_ack(
    db: Database, data: Mapping[str, Any], *, device_id: str, now: datetime
) -> str | None:
    """Apply a ``day_ack`` feed item (inside the caller's transaction).

    Returns None when applied (or already applied), else a Vietnamese reason to keep the item
    aside; raises DomainError for an item that is not a valid acknowledgement.
    """
    ack = parse_ack(data)
    shown = format_vn_date(ack.day)
    if ack.device_id and ack.device_id != device_id:
        return f"Xác nhận chốt ngày {shown} là của quầy khác ({ack.device_id}); đã lưu lại."
    close = get_close(db, ack.day)
    if close is None:
        return (
            f"Bưu điện tỉnh xác nhận chốt ngày {shown}, nhưng ở quầy ngày này chưa chốt; "
            "đã lưu lại để kiểm tra."
        )
    if close.hub_ack is not None and close.hub_ack.raw == ack.raw:
        return None  # the same item again (a replayed page)
    db.execute(
        "UPDATE day_closes SET hub_ack = ?, acknowledged_at = ? WHERE day = ?",
        [canonical_json(ack.raw), ack.acknowledged_at or now.isoformat(), ack.day.isoformat()],
    )
    state = reconciliation(close.manifest_sha256, ack)
    append_event(
        db,
        device_id=device_id,
        type=DAY_ACKNOWLEDGED,
        entity_id=ack.day.isoformat(),
        payload={
            "day": ack.day.isoformat(),
            "manifest_sha256": ack.manifest_sha256,
            "state": state.value,
            "missing_at_hub": list(ack.missing_at_hub),
            "unknown_locally": list(ack.unknown_locally),
            "acknowledged_at": ack.acknowledged_at,
        },
        at=now,
        actor=HUB_ACTOR,
    )
    return None
