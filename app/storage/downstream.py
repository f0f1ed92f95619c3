"""Applying the hub's downstream feed: calendar, catalog, number ranges, agency statuses, codes.

The caller applies a page of items and saves the feed cursor in the same transaction, so each item
is applied exactly once even across crashes. Each item runs inside its own savepoint: an item that
cannot be applied (a bad catalog, a range that clashes with numbers already used) is rolled back
alone, recorded in ``downstream_log`` as ``failed`` for a person to look at, and does not block
the items after it. Every item is logged, so the counter keeps a trail of what the province sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from app.domain.calendar import CalendarOverride, WorkCalendar
from app.domain.catalog_format import CatalogError, parse_catalog
from app.domain.dossier import DossierStatus
from app.domain.errors import DomainError
from app.domain.lifecycle import (
    AGENCY_ACTION_FOR_STATUS,
    Actor,
    IllegalTransition,
    agency_schedule,
    next_status,
)
from app.storage.calendar_repo import load_overrides, save_override
from app.storage.catalog_repo import save_catalog
from app.storage.connection import Database
from app.storage.day_close_repo import apply_day_ack
from app.storage.events import append_event
from app.storage.lifecycle_repo import DossierRef, find_ref, set_dates, set_status
from app.storage.numbers import apply_lease
from app.storage.settings import get_setting

SOURCE = "hub"
HUB_ACTOR = "hub"
# Ranges set up automatically at first run; a range from the hub retires them.

APPLIED, KEPT, FAILED = "applied", "kept", "failed"


@dataclass(frozen=True)
class Applied:
    """What happened to one feed item."""

    cursor: int
    kind: str
    outcome: str  # applied | kept | failed
    message: str = ""  # Vietnamese: why it was kept aside or failed
    changes_catalog: bool = False
    changes_calendar: bool = False


class _Keep(Exception):
    """The item is valid but this counter cannot act on it: keep it in the log."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DomainError(f"thiếu hoặc sai trường «{key}».")
    return value.strip()


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"trường «{key}» phải là số nguyên.")
    return value


def _apply_calendar(db: Database, data: Mapping[str, Any]) -> None:
    try:
        day = date.fromisoformat(_text(data, "day"))
    except ValueError:
        raise DomainError("ngày «day» phải có dạng YYYY-MM-DD.") from None
    working = data.get("working")
    if not isinstance(working, bool):
        raise DomainError("trường «working» phải là true hoặc false.")
    note = data.get("note") or ""
    save_override(db, CalendarOverride(day, working, str(note)), source=SOURCE)


def _apply_catalog(db: Database, data: Mapping[str, Any]) -> None:
    catalog = parse_catalog(data.get("catalog"))
    save_catalog(db, catalog)


def _apply_range(db: Database, data: Mapping[str, Any], now: datetime) -> None:
    kind = data.get("kind")
    if kind not in ("s10", "code_seq"):
        raise _Keep(f"Loại dải số «{kind}» chưa được hỗ trợ; đã lưu lại.")
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    apply_lease(
        db,
        kind=str(kind),
        prefix=_text(data, "prefix") if kind == "s10" else "",
        lo=_int(data, "lo"),
        hi=_int(data, "hi"),
        now=now,
        source=SOURCE,
        lease_id=str(data["lease_id"]) if data.get("lease_id") else None,
        valid_from=date.fromisoformat(str(valid_from)) if valid_from else None,
        valid_to=date.fromisoformat(str(valid_to)) if valid_to else None,
    )


def _dossier(db: Database, code: str) -> tuple[str, str]:
    row = db.execute("SELECT id, status FROM dossiers WHERE code = ?", [code]).fetchone()
    if row is None:
        raise _Keep(f"Hồ sơ {code} không được tiếp nhận tại quầy này; đã lưu để tra cứu.")
    return str(row[0]), str(row[1])


def _apply_status(db: Database, data: Mapping[str, Any], device_id: str, now: datetime) -> None:
    """An agency's decision: move the dossier through the state machine, restart its dates."""
    code = _text(data, "dossier_code")
    status = _text(data, "status")
    known = {s.value for s in DossierStatus}
    if status not in known:
        _dossier(db, code)  # an unknown dossier says so first
        raise _Keep(
            f"Trạng thái «{status}» của hồ sơ {code} chưa có trong phiên bản phần mềm này; "
            "đã lưu lại. Hãy cập nhật phần mềm để hiển thị."
        )
    ref = find_ref(db, code)
    if ref is None:
        _dossier(db, code)
        return
    target = DossierStatus(status)
    if target is ref.status:
        return  # the same news twice (a replayed page): nothing to do
    action = AGENCY_ACTION_FOR_STATUS.get(target)
    if action is None:
        raise _Keep(
            f"Bưu điện tỉnh báo hồ sơ {code} «{target.label}», việc này do quầy làm; đã lưu lại."
        )
    try:
        next_status(code, ref.status, action, Actor.AGENCY)
    except IllegalTransition as exc:
        raise _Keep(f"{exc.message} (tin từ cơ quan giải quyết, đã lưu lại để kiểm tra)") from exc
    agency_at = _moment(data.get("at"), now)
    extra: dict[str, Any] = {"agency_at": agency_at.isoformat(), "source": SOURCE}
    if target is DossierStatus.AT_AGENCY:
        result_day, appointment = _restart_clock(db, ref, agency_at)
        set_dates(db, ref.id, appointment_at=appointment, agency_due=result_day)
        extra["agency_due"] = result_day.isoformat()
        extra["appointment_at"] = appointment.isoformat()
    set_status(
        db,
        ref,
        target,
        action,
        at=now,
        actor=HUB_ACTOR,
        device_id=device_id,
        note=str(data.get("note") or ""),
        extra=extra,
        event_type="dossier.status_changed",
    )


def _moment(value: object, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return default
        return moment if moment.tzinfo else moment.replace(tzinfo=default.tzinfo)
    return default


def _restart_clock(db: Database, ref: DossierRef, agency_at: datetime) -> tuple[date, datetime]:
    """The agency's time runs from its signature (QĐ 45 Art 7(4)): new result day and date."""
    calendar = WorkCalendar(load_overrides(db))
    row = db.execute(
        "SELECT d.processing_days, r.data FROM dossiers d"
        " JOIN procedures p ON p.code = d.procedure_code"
        " LEFT JOIN routes r ON r.code = json_extract(p.data, '$.route')"
        " WHERE d.id = ?",
        [ref.id],
    ).fetchone()
    processing_days = int(row[0]) if row else 0
    transit = 0
    if row and row[1] and ref.return_method == "post":
        transit = int(json.loads(row[1]).get("transit_days", 0))
    slot = time.fromisoformat(str(get_setting(db, "rules.appointment_time", "16:00")))
    tz = datetime.fromisoformat(ref.appointment_at).tzinfo or agency_at.tzinfo
    local = agency_at.astimezone(tz)
    return agency_schedule(
        local.date(), processing_days, transit, calendar, appointment_time=slot, tz=tz
    )


def _apply_official_code(
    db: Database, data: Mapping[str, Any], device_id: str, now: datetime
) -> None:
    code = _text(data, "dossier_code")
    official = _text(data, "official_code")
    dossier_id, _status = _dossier(db, code)
    seen = db.execute(
        "SELECT 1 FROM downstream_log WHERE kind = 'official_code' AND outcome = 'applied'"
        " AND data = ?",
        [json.dumps(dict(data), ensure_ascii=False, sort_keys=True)],
    ).fetchone()
    if seen:
        return
    append_event(
        db,
        device_id=device_id,
        type="dossier.official_code",
        entity_id=dossier_id,
        payload={"code": code, "official_code": official, "source": SOURCE},
        at=now,
        actor=HUB_ACTOR,
    )


def apply_item(db: Database, item: Mapping[str, Any], *, device_id: str, now: datetime) -> Applied:
    """Apply one feed item inside its own savepoint; call inside ``transaction(db)``."""
    cursor = item.get("cursor")
    cursor = cursor if isinstance(cursor, int) and not isinstance(cursor, bool) else -1
    kind = str(item.get("kind", ""))
    data = item.get("data")
    outcome, message = APPLIED, ""
    db.execute("SAVEPOINT downstream_item")
    try:
        if not isinstance(data, Mapping):
            raise DomainError("mục không có phần «data».")
        if kind == "calendar":
            _apply_calendar(db, data)
        elif kind == "catalog":
            _apply_catalog(db, data)
        elif kind == "number_range":
            _apply_range(db, data, now)
        elif kind == "status":
            _apply_status(db, data, device_id, now)
        elif kind == "official_code":
            _apply_official_code(db, data, device_id, now)
        elif kind == "day_ack":
            kept = apply_day_ack(db, data, device_id=device_id, now=now)
            if kept:
                raise _Keep(kept)
        else:
            raise _Keep(f"Loại thông tin «{kind}» từ tỉnh chưa được hỗ trợ; đã lưu lại.")
    except _Keep as exc:
        db.execute("ROLLBACK TO downstream_item")
        outcome, message = KEPT, exc.message
    except CatalogError as exc:
        db.execute("ROLLBACK TO downstream_item")
        details = "; ".join(f"{p.entry} · {p.field}: {p.message}" for p in exc.problems[:3])
        outcome = FAILED
        message = f"Danh mục thủ tục từ tỉnh không hợp lệ, chưa áp dụng: {details}"
    except (DomainError, ValueError, TypeError, KeyError) as exc:
        db.execute("ROLLBACK TO downstream_item")
        reason = exc.message if isinstance(exc, DomainError) else str(exc)
        outcome = FAILED
        message = (
            f"Không áp dụng được thông tin «{kind}» từ tỉnh (mục {cursor}): {reason} "
            "Hãy báo bưu điện tỉnh."
        )
    finally:
        db.execute("RELEASE downstream_item")
    db.execute(
        "INSERT INTO downstream_log(cursor, kind, data, outcome, message, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            cursor,
            kind,
            json.dumps(data, ensure_ascii=False, sort_keys=True),
            outcome,
            message,
            now.isoformat(),
        ],
    )
    return Applied(
        cursor,
        kind,
        outcome,
        message,
        changes_catalog=kind == "catalog" and outcome == APPLIED,
        changes_calendar=kind == "calendar" and outcome == APPLIED,
    )


def downstream_log(
    db: Database, outcome: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The latest logged feed items, newest first (optionally only one outcome)."""
    where, params = ("WHERE outcome = ?", [outcome]) if outcome else ("", [])
    rows = db.execute(
        f"SELECT cursor, kind, data, outcome, message, received_at FROM downstream_log {where}"
        " ORDER BY id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        {
            "cursor": c,
            "kind": k,
            "data": json.loads(d),
            "outcome": o,
            "message": m,
            "received_at": r,
        }
        for c, k, d, o, m, r in rows
    ]


def count_outcome(db: Database, outcome: str) -> int:
    return int(
        db.execute("SELECT count(*) FROM downstream_log WHERE outcome = ?", [outcome]).fetchone()[0]
    )
