"""Ingest: a device's upload of a batch of its events, checked, stored and acknowledged.

Guarantees (docs/sync-protocol.md): a batch is stored whole or not at all, in one transaction,
and acknowledged only after COMMIT; (device_id, seq) and the event id are unique; a resent batch
is acknowledged again without storing anything twice; a different event under a stored key is a
conflict recorded for review and never overwrites; a device writes only its own events. Stored
events are folded into the dossier projection in the same transaction.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from hub.common import (
    GENESIS,
    Ack,
    Device,
    HubError,
    _iso,
    canonical_json,
    event_hash,
    lock,
    unauthorized,
)
from hub.db import bulk_insert, conflicts, devices, events, is_postgres
from hub.leases import NumberProblem, check_numbers
from hub.projection import catch_up, project

log = logging.getLogger("motcua.hub")

MAX_EVENTS = 1000
MAX_BYTES = 5 * 1024 * 1024
EVENT_KEYS = (
    "device_id",
    "seq",
    "id",
    "type",
    "entity_id",
    "payload",
    "at",
    "actor",
    "prev_hash",
    "hash",
)


def manifest_sha256(events_: Sequence[Mapping[str, Any]]) -> str:
    return hashlib.sha256(canonical_json(list(events_)).encode("utf-8")).hexdigest()


def check_batch(device_id: str, events_: Sequence[Mapping[str, Any]]) -> None:
    """Checks that need no database: one device, consecutive seqs, an unbroken hash chain.

    Raises HubError 403 for another device's events and 400 ``invalid_batch`` otherwise; the
    message names the event so the counter's operator can find it.
    """
    for e in events_:
        if e["device_id"] != device_id:
            raise HubError(
                403,
                "forbidden",
                "Gói dữ liệu có sự kiện của quầy khác; mỗi quầy chỉ được gửi sự kiện của chính "
                "mình. Hãy báo quản trị viên kiểm tra cài đặt mã quầy.",
            )
    seen_ids: set[str] = set()
    previous: Mapping[str, Any] | None = None
    for e in events_:
        seq = e["seq"]
        if previous is not None and seq != previous["seq"] + 1:
            raise _invalid(seq, f"số thứ tự {seq} không liền sau {previous['seq']}")
        if previous is not None and e["prev_hash"] != previous["hash"]:
            raise _invalid(seq, f"sự kiện số {seq} không nối với sự kiện số {previous['seq']}")
        if seq == 1 and e["prev_hash"] != GENESIS:
            raise _invalid(seq, "sự kiện số 1 phải mở đầu chuỗi")
        if event_hash(e) != e["hash"]:
            raise _invalid(seq, f"mã băm của sự kiện số {seq} không khớp nội dung")
        if e["id"] in seen_ids:
            raise _invalid(seq, f"sự kiện số {seq} trùng mã sự kiện với một sự kiện khác")
        seen_ids.add(e["id"])
        previous = e


def _invalid(seq: int, what: str) -> HubError:
    return HubError(
        400,
        "invalid_batch",
        f"Gói dữ liệu không hợp lệ: {what}. Hãy chạy kiểm tra dữ liệu của quầy "
        "và báo quản trị viên; không gửi lại gói này.",
        seq=seq,
    )


def ingest(
    engine: Engine,
    clock: Callable[[], datetime],
    device: Device,
    *,
    device_id: str,
    batch_id: str,
    manifest_count: int,
    manifest_sha256_: str,
    events_: Sequence[Mapping[str, Any]],
) -> Ack:
    """Store one batch all-or-nothing; see the module docstring for the rules."""
    if device_id != device.id:
        raise HubError(
            403,
            "forbidden",
            "Khóa của quầy không khớp mã quầy trong gói dữ liệu. Hãy ghi danh lại quầy.",
        )
    if len(events_) > MAX_EVENTS:
        raise too_large()
    if manifest_count != len(events_) or manifest_sha256(events_) != manifest_sha256_:
        raise HubError(
            400,
            "manifest_mismatch",
            "Gói dữ liệu bị hỏng trên đường truyền (bảng kê không khớp). "
            "Quầy sẽ gửi lại; nếu lỗi lặp lại, hãy báo quản trị viên.",
        )
    check_batch(device.id, events_)
    for attempt in range(2):
        try:
            return _store(engine, clock, device.id, batch_id, events_)
        except IntegrityError:
            # Another device stored one of these event ids between our check and insert;
            # the second pass sees it and reports the conflict.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _store(
    engine: Engine,
    clock: Callable[[], datetime],
    device_id: str,
    batch_id: str,
    batch: Sequence[Mapping[str, Any]],
) -> Ack:
    now = _iso(clock())
    failure: HubError | None = None
    with engine.begin() as conn:
        row = conn.execute(
            lock(
                conn,
                sa.select(
                    devices.c.id,
                    devices.c.acked_seq,
                    devices.c.projected_seq,
                    devices.c.office_code,
                    devices.c.revoked_at,
                    devices.c.provisional_until_seq,
                ).where(devices.c.id == device_id),
            )
        ).first()
        if row is None or row.revoked_at is not None:
            raise unauthorized()
        acked = int(row.acked_seq)
        if not batch:
            return Ack(acked, 0, 0)
        first, last = batch[0]["seq"], batch[-1]["seq"]
        if first > acked + 1:
            raise HubError(
                422,
                "gap",
                f"Bưu điện tỉnh mới nhận đến sự kiện số {acked}; quầy cần gửi từ số "
                f"{acked + 1}. Quầy sẽ tự gửi lại từ đó.",
                expected_seq=acked + 1,
            )
        stored = conn.execute(
            sa.select(events.c.device_id, events.c.seq, events.c.id, events.c.hash).where(
                sa.or_(
                    sa.and_(
                        events.c.device_id == device_id,
                        events.c.seq.between(first - 1, min(last, acked)),
                    ),
                    _id_among(conn, [e["id"] for e in batch]),
                )
            )
        ).all()
        by_seq = {r.seq: r for r in stored if r.device_id == device_id}
        by_id = {r.id: r for r in stored}
        problems: list[tuple[str, Mapping[str, Any], Any]] = []
        new: list[Mapping[str, Any]] = []
        for e in batch:
            had = by_seq.get(e["seq"])
            if had is not None:
                if had.hash != e["hash"] or had.id != e["id"]:
                    problems.append(("hash_differs", e, had))
            elif e["id"] in by_id:
                problems.append(("id_reused", e, by_id[e["id"]]))
            else:
                new.append(e)
        if new and not problems and new[0]["seq"] > 1:
            before = by_seq[new[0]["seq"] - 1]
            if before.hash != new[0]["prev_hash"]:
                problems.append(("chain_fork", new[0], before))
        refused: list[NumberProblem] = []
        if problems:
            _record_conflicts(conn, device_id, batch_id, problems, now)
            failure = _conflict(problems[0])
        elif new:
            # A dossier's numbers must be the sender's (hub/leases.py): never another office's
            # or another counter's, so nobody can squat a code that a real dossier will carry.
            # Such a dossier is stored (the chain stays whole, nothing blocks the counter) but
            # not applied, and goes to the operator's conflicts.
            refused = check_numbers(conn, row, new)
            if refused:
                _record_conflicts(
                    conn, device_id, batch_id, [(p.kind, p.event, None) for p in refused], now
                )
            skip = {id(p.event) for p in refused}
            bulk_insert(
                conn,
                events,
                [{**{k: e[k] for k in EVENT_KEYS}, "received_at": now} for e in new],
            )
            if int(row.projected_seq) < acked:  # events stored before the projection existed
                catch_up(conn, device_id, row.office_code, int(row.projected_seq), acked, now)
            project(conn, device_id, row.office_code, [e for e in new if id(e) not in skip], now)
            acked = int(new[-1]["seq"])
            conn.execute(
                devices.update()
                .where(devices.c.id == device_id)
                .values(acked_seq=acked, projected_seq=acked)
            )
    # Raised only now, so the review rows are committed while no event of the batch is.
    if failure is not None:
        raise failure
    log.debug(
        "device %s batch %s: %d new, %d again, acked %d",
        device_id,
        batch_id,
        len(new),
        len(batch) - len(new),
        acked,
    )
    return Ack(
        acked,
        len(new),
        len(batch) - len(new),
        tuple({"seq": p.event["seq"], "kind": p.kind, "message": p.message} for p in refused),
    )


def _id_among(conn: Connection, ids: list[str]) -> sa.ColumnElement[bool]:
    if is_postgres(conn):
        # One array parameter: the statement text stays the same for every batch, so it
        # is parsed once and prepared, instead of growing an IN list of up to 1000 ids.
        return events.c.id == sa.any_(sa.literal(ids, postgresql.ARRAY(sa.String)))
    return events.c.id.in_(ids)


def _record_conflicts(
    conn: Connection,
    device_id: str,
    batch_id: str,
    problems: Iterable[tuple[str, Mapping[str, Any], Any]],
    now: str,
) -> None:
    problems = list(problems)
    seen = {
        (r.seq, r.kind, r.received_hash)
        for r in conn.execute(
            sa.select(conflicts.c.seq, conflicts.c.kind, conflicts.c.received_hash).where(
                conflicts.c.device_id == device_id,
                conflicts.c.seq.in_([e["seq"] for _, e, _ in problems]),
            )
        )
    }
    rows = [
        {
            "device_id": device_id,
            "seq": e["seq"],
            "kind": kind,
            "stored_event_id": had.id if had is not None else None,
            "stored_hash": had.hash if had is not None else None,
            "received_hash": e["hash"],
            "received_event": canonical_json({k: e[k] for k in EVENT_KEYS}),
            "batch_id": batch_id,
            "detected_at": now,
        }
        for kind, e, had in problems
        if (e["seq"], kind, e["hash"]) not in seen
    ]
    if rows:
        conn.execute(conflicts.insert(), rows)
        log.warning(
            "device %s: %d conflicting event(s) sent for review, first seq %d",
            device_id,
            len(rows),
            rows[0]["seq"],
        )


def too_large() -> HubError:
    return HubError(
        413,
        "too_large",
        f"Gói dữ liệu quá lớn (tối đa {MAX_EVENTS} sự kiện, {MAX_BYTES // (1024 * 1024)} MB). "
        "Quầy sẽ chia nhỏ gói; nếu lỗi lặp lại, hãy báo quản trị viên.",
    )


def _conflict(problem: tuple[str, Mapping[str, Any], Any]) -> HubError:
    kind, e, _had = problem
    return HubError(
        409,
        "conflict",
        f"Sự kiện số {e['seq']} của quầy khác với bản bưu điện tỉnh đã lưu; gói này chưa được "
        "nhận. Hãy báo quản trị viên bưu điện tỉnh xử lý (danh sách xung đột).",
        seq=e["seq"],
        event_id=e["id"],
        kind=kind,
    )
