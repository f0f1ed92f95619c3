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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.day_close import DAY_CLOSED
from app.domain.dossier import DossierStatus
from app.domain.dossier_code import parse_dossier_code
from app.domain.dossier_payload import dossier_from_payload
from app.domain.errors import DomainError
from app.domain.lifecycle import Action
from app.domain.reports import IncidentKind
from app.domain.s10 import parse_s10
from app.storage import book_repo, lifecycle_repo
from app.storage.connection import Database
from app.storage.day_close_repo import insert_close
from app.storage.db import transaction
from app.storage.dossiers import insert_dossier
from app.storage.events import INSERT_EVENT, canonical_json, event_hash, last_event
from app.storage.settings import set_setting

_KEYS = ("device_id", "seq", "id", "type", "entity_id", "payload", "at", "actor", "prev_hash",
         "hash")  # fmt: skip
_REPORT = "Hãy báo bưu điện tỉnh."


@dataclass(frozen=True)
class Rehydrated:
    events: int  # events appended
    dossiers: int  # dossiers that came back (dossier.received projected)
    projected: int  # events whose rows were rebuilt (all kinds)
    skipped_types: tuple[str, ...]  # event types appended but with no rows to rebuild


class ChainMismatch(DomainError):
    """The hub's events do not continue this counter's chain; nothing was written."""


class RehydrateConflict(DomainError):
    """The chain is sound but the restored database cannot take a row it stands for."""


# A step's projection: writes the rows, returns True when it wrote any.
_Apply = Callable[[Database], bool]


@dataclass(frozen=True)
class _Step:
    row: tuple[Any, ...]  # INSERT_EVENT order, payload as the text to store
    seq: int
    type: str
    apply: _Apply | None  # None: nothing to rebuild for this event


# ---------------------------------------------------------------- checking the chain


def _mismatch(seq: object, what: str) -> ChainMismatch:
    return ChainMismatch(
        f"Dữ liệu cũ của quầy lấy từ bưu điện tỉnh không khớp với dữ liệu trong máy: sự kiện số "
        f"{seq} {what}. Chưa ghi gì vào máy. {_REPORT}"
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


def _conflict(seq: int, what: str) -> RehydrateConflict:
    return RehydrateConflict(
        f"Không dựng lại được dữ liệu từ sự kiện số {seq} lấy từ bưu điện tỉnh: {what}. "
        f"Chưa ghi gì vào máy. {_REPORT}"
    )


def _text(seq: int, payload: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = payload.get(key, default)
    if not isinstance(value, str):
        raise _conflict(seq, f"thiếu hoặc sai trường «{key}»")
    return value


def _moment(seq: int, text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise _conflict(seq, f"thời điểm «{text}» không đúng dạng ISO 8601") from None


def _dossier_id(db: Database, seq: int, dossier_id: str) -> str:
    if db.execute("SELECT 1 FROM dossiers WHERE id = ?", [dossier_id]).fetchone() is None:
        raise _conflict(seq, f"không có hồ sơ {dossier_id} trong máy")
    return dossier_id


def _received(db: Database, seq: int, payload: Mapping[str, Any], device_id: str) -> _Apply:
    try:
        dossier = dossier_from_payload(payload, device_id)
        code_seq = parse_dossier_code(dossier.code).seq
        s10 = parse_s10(dossier.s10)
    except DomainError as exc:
        raise _conflict(seq, exc.message.rstrip(".")) from None
    known = db.execute("SELECT 1 FROM procedures WHERE code = ?", [dossier.procedure_code])
    if known.fetchone() is None:
        raise _conflict(
            seq,
            f"danh mục trong máy không có thủ tục {dossier.procedure_code} của hồ sơ "
            f"{dossier.code} (hãy nhập danh mục thủ tục mới rồi đồng bộ lại)",
        )
    clash = db.execute(
        "SELECT code FROM dossiers WHERE id = ? OR code = ? OR s10 = ?",
        [dossier.id, dossier.code, dossier.s10],
    ).fetchone()
    if clash:
        raise _conflict(
            seq,
            f"hồ sơ {dossier.code} (bưu gửi {dossier.s10}) trùng với hồ sơ {clash[0]} đã có trong "
            "máy",
        )

    def apply(db: Database) -> bool:
        insert_dossier(db, dossier, code_seq)
        # The S10 block this serial came from moves past it, so it is never handed out again.
        db.execute(
            "UPDATE number_ranges SET next = ? WHERE kind = 's10' AND prefix = ?"
            " AND lo <= ? AND hi >= ? AND next <= ?",
            [s10.serial + 1, s10.indicator, s10.serial, s10.serial, s10.serial],
        )
        return True

    return apply


def _status(seq: int, entity_id: str, at: str, actor: str, payload: Mapping[str, Any]) -> _Apply:
    """``dossier.transition`` (the counter's moves) and ``dossier.status_changed`` (the agency's,
    from the feed): lifecycle_repo.set_status's row change, without its event, and the rows the
    move came with (the dates the agency restarted, the return to the citizen)."""
    try:
        status = DossierStatus(_text(seq, payload, "status"))
    except ValueError:
        raise _conflict(seq, f"trạng thái «{payload.get('status')}» không có") from None
    status_at = _text(seq, payload, "at", at)
    _moment(seq, status_at)
    dates: tuple[datetime, date] | None = None
    if "agency_due" in payload and "appointment_at" in payload:
        try:
            due = date.fromisoformat(_text(seq, payload, "agency_due"))
        except ValueError:
            raise _conflict(seq, "trường «agency_due» không phải ngày") from None
        dates = (_moment(seq, _text(seq, payload, "appointment_at")), due)
    receiver = payload.get("receiver")
    returned: dict[str, Any] | None = None
    if payload.get("action") == Action.RETURN.value and isinstance(receiver, Mapping):
        amount = payload.get("amount_collected", 0)
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise _conflict(seq, "trường «amount_collected» không phải số nguyên")
        returned = {
            "returned_at": _moment(seq, status_at),
            "receiver_name": _text(seq, receiver, "name"),
            "receiver_id_number": _text(seq, receiver, "id_number"),
            "proxy": bool(receiver.get("proxy", False)),
            "authorisation": _text(seq, receiver, "authorisation", ""),
            "amount_collected": amount,
        }

    def apply(db: Database) -> bool:
        dossier_id = _dossier_id(db, seq, entity_id)
        if dates is not None:
            lifecycle_repo.set_dates(db, dossier_id, appointment_at=dates[0], agency_due=dates[1])
        db.execute(
            "UPDATE dossiers SET status = ?, status_at = ? WHERE id = ?",
            [status.value, status_at, dossier_id],
        )
        if returned is not None:
            lifecycle_repo.insert_return(db, dossier_id, staff=actor, **returned)
        return True

    return apply


def _rescheduled(seq: int, entity_id: str, payload: Mapping[str, Any]) -> _Apply:
    moment = _moment(seq, _text(seq, payload, "appointment_at"))

    def apply(db: Database) -> bool:
        lifecycle_repo.set_appointment(db, _dossier_id(db, seq, entity_id), moment)
        return True

    return apply


def _invitation(
    seq: int, entity_id: str, at: str, actor: str, payload: Mapping[str, Any]
) -> _Apply:
    method = _text(seq, payload, "method")
    if method not in ("letter", "call", "delivery_attempt"):
        raise _conflict(seq, f"cách mời «{method}» không có")
    try:
        on_day = date.fromisoformat(_text(seq, payload, "on"))
    except ValueError:
        raise _conflict(seq, "trường «on» không phải ngày") from None
    moment, note = _moment(seq, at), _text(seq, payload, "note", "")

    def apply(db: Database) -> bool:
        dossier_id = _dossier_id(db, seq, entity_id)
        lifecycle_repo.add_contact(db, dossier_id, method, on_day, moment, note, actor)
        return True

    return apply


def _incident(seq: int, entity_id: str, actor: str, payload: Mapping[str, Any]) -> _Apply:
    try:
        kind = IncidentKind(_text(seq, payload, "kind"))
    except ValueError:
        raise _conflict(seq, f"loại sự cố «{payload.get('kind')}» không có") from None
    moment, note = _moment(seq, _text(seq, payload, "at")), _text(seq, payload, "note", "")

    def apply(db: Database) -> bool:
        book_repo.insert_incident(db, _dossier_id(db, seq, entity_id), kind, moment, note, actor)
        return True

    return apply


def _sealed(seq: int, entity_id: str, actor: str, payload: Mapping[str, Any]) -> _Apply:
    """``handover.sealed``: the batch as sealed (a draft already here keeps its creation time)."""
    number, agency = _text(seq, payload, "number"), _text(seq, payload, "agency")
    sealed_at = _moment(seq, _text(seq, payload, "sealed_at"))
    listed = payload.get("dossiers")
    if not isinstance(listed, list) or not all(isinstance(x, Mapping) for x in listed):
        raise _conflict(seq, "trường «dossiers» phải là danh sách hồ sơ")
    codes = [_text(seq, x, "code") for x in listed]
    batch_id = _text(seq, payload, "batch_id", entity_id)

    def apply(db: Database) -> bool:
        ids: list[str] = []
        for code in codes:
            ref = lifecycle_repo.find_ref(db, code)
            if ref is None:
                raise _conflict(seq, f"không có hồ sơ {code} của bảng giao nhận {number}")
            ids.append(ref.id)
        batch = lifecycle_repo.get_batch(db, batch_id)
        if batch is None:
            lifecycle_repo.insert_batch(db, batch_id, number, agency, sealed_at, actor)
        elif batch.sealed:
            raise _conflict(seq, f"bảng giao nhận {number} đã niêm phong trong máy")
        for dossier_id in ids:
            other = lifecycle_repo.batch_of(db, dossier_id)
            if other is not None and other.sealed:
                raise _conflict(seq, f"một hồ sơ của bảng {number} đã ở bảng {other.number}")
        # The sealed list is the batch: a draft restored from the backup may hold others.
        db.execute("DELETE FROM handover_items WHERE batch_id = ?", [batch_id])
        for position, dossier_id in enumerate(ids, 1):
            db.execute("DELETE FROM handover_items WHERE dossier_id = ?", [dossier_id])
            db.execute(
                "INSERT INTO handover_items (batch_id, dossier_id, position) VALUES (?, ?, ?)",
                [batch_id, dossier_id, position],
            )
        lifecycle_repo.seal_batch(db, batch_id, sealed_at)
        return True

    return apply


def _printed(entity_id: str, payload: Mapping[str, Any]) -> _Apply | None:
    """Only the Biên bản giao nhận keeps a count (``handover_batches.prints``); the other prints'
    record is their event."""
    if payload.get("kind") != "handover_minutes" or not entity_id:
        return None

    def apply(db: Database) -> bool:
        if lifecycle_repo.get_batch(db, entity_id) is None:
            return False
        lifecycle_repo.count_print(db, entity_id)
        return True

    return apply


def _closed(seq: int, payload: Mapping[str, Any]) -> _Apply:
    manifest, digest = payload.get("manifest"), payload.get("manifest_sha256")
    if not isinstance(manifest, Mapping) or not isinstance(digest, str):
        raise _conflict(seq, "sự kiện chốt ngày thiếu bảng chốt hoặc mã băm của nó")
    needed = {"totals": ("expected", "counted", "difference"), "supervisor": ("username", "name"),
              "unsynced": ("count",)}  # fmt: skip
    for part, keys in needed.items():
        section = manifest.get(part)
        if not isinstance(section, Mapping) or any(k not in section for k in keys):
            raise _conflict(seq, f"bảng chốt ngày thiếu phần «{part}»")
    day = manifest.get("day")
    if not isinstance(day, str) or "reason" not in manifest or "closed_at" not in manifest:
        raise _conflict(seq, "bảng chốt ngày thiếu ngày, giờ chốt hoặc lý do")

    def apply(db: Database) -> bool:
        insert_close(db, manifest=manifest, manifest_sha256=digest, event_seq=seq)
        # The close itself is back: it, not the restore's stand-in, keeps the day closed.
        if _has_table(db, "closed_days_kept"):
            db.execute("DELETE FROM closed_days_kept WHERE day = ?", [day])
        return True

    return apply


def _office(payload: Mapping[str, Any]) -> _Apply:
    """``office.configured`` carries the whole ``office`` setting as it was stored."""
    office = dict(payload)

    def apply(db: Database) -> bool:
        set_setting(db, "office", office)
        return True

    return apply


def _held_here(db: Database, event_id: str) -> bool:
    if not _has_table(db, "events_held"):
        return False
    row = db.execute("SELECT 1 FROM events_held WHERE id = ?", [event_id]).fetchone()
    return row is not None


def _drop_held(event_id: str) -> _Apply:
    def apply(db: Database) -> bool:
        db.execute("DELETE FROM events_held WHERE id = ?", [event_id])
        return False  # nothing rebuilt: counted with the types appended only

    return apply


def _plan(
    db: Database, device_id: str, row: tuple[Any, ...], payload: dict[str, Any]
) -> _Apply | None:
    """Read one event's payload into its projection (before anything is written)."""
    seq, type_, entity_id, at, actor = row[1], row[3], row[4], row[6], row[7]
    if _held_here(db, row[2]):
        # Made here and held (a backup taken while waiting for re-hydration), sent since: its
        # rows are already here; only the event joins the chain, and the held copy goes.
        return _drop_held(row[2])
    if type_ == "dossier.received":
        return _received(db, seq, payload, device_id)
    if type_ in ("dossier.transition", "dossier.status_changed"):
        return _status(seq, entity_id, at, actor, payload)
    if type_ == "dossier.rescheduled":
        return _rescheduled(seq, entity_id, payload)
    if type_ == "dossier.invitation":
        return _invitation(seq, entity_id, at, actor, payload)
    if type_ == "dossier.incident":
        return _incident(seq, entity_id, actor, payload)
    if type_ == "handover.sealed":
        return _sealed(seq, entity_id, actor, payload)
    if type_ == "document.printed":
        return _printed(entity_id, payload)
    if type_ == DAY_CLOSED:
        return _closed(seq, payload)
    if type_ == "office.configured":
        return _office(payload)
    return None


# ---------------------------------------------------------------- applying


def _has_table(db: Database, name: str) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
    return row.fetchone() is not None


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
    kept: list[tuple[str, str]] = []
    if _has_table(db, "closed_days_kept"):
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
