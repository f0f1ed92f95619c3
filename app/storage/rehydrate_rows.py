"""Re-hydration's row builders: for each kind of event the counter writes, the rows it stands for,
read from the payload before anything is written (app/storage/rehydrate.py applies them in seq
order). Each builder returns a function that writes its rows, or raises RehydrateConflict."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

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
from app.storage.dossiers import insert_dossier
from app.storage.settings import set_setting

REPORT = "Hãy báo bưu điện tỉnh."  # ends every refusal of re-hydration
Apply = Callable[[Database], bool]


class RehydrateConflict(DomainError):
    """The chain is sound but the restored database cannot take a row it stands for."""


def _conflict(seq: int, what: str) -> RehydrateConflict:
    return RehydrateConflict(
        f"Không dựng lại được dữ liệu từ sự kiện số {seq} lấy từ bưu điện tỉnh: {what}. "
        f"Chưa ghi gì vào máy. {REPORT}"
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


def received(db: Database, seq: int, payload: Mapping[str, Any], device_id: str) -> Apply:
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


def status_change(
    seq: int, entity_id: str, at: str, actor: str, payload: Mapping[str, Any]
) -> Apply:
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


def rescheduled(seq: int, entity_id: str, payload: Mapping[str, Any]) -> Apply:
    moment = _moment(seq, _text(seq, payload, "appointment_at"))

    def apply(db: Database) -> bool:
        lifecycle_repo.set_appointment(db, _dossier_id(db, seq, entity_id), moment)
        return True

    return apply


def invitation(seq: int, entity_id: str, at: str, actor: str, payload: Mapping[str, Any]) -> Apply:
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


def incident(seq: int, entity_id: str, actor: str, payload: Mapping[str, Any]) -> Apply:
    try:
        kind = IncidentKind(_text(seq, payload, "kind"))
    except ValueError:
        raise _conflict(seq, f"loại sự cố «{payload.get('kind')}» không có") from None
    moment, note = _moment(seq, _text(seq, payload, "at")), _text(seq, payload, "note", "")

    def apply(db: Database) -> bool:
        book_repo.insert_incident(db, _dossier_id(db, seq, entity_id), kind, moment, note, actor)
        return True

    return apply


def sealed(seq: int, entity_id: str, actor: str, payload: Mapping[str, Any]) -> Apply:
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


def printed(entity_id: str, payload: Mapping[str, Any]) -> Apply | None:
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


def day_closed(seq: int, payload: Mapping[str, Any]) -> Apply:
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
        db.execute("DELETE FROM closed_days_kept WHERE day = ?", [day])
        return True

    return apply


def office_configured(payload: Mapping[str, Any]) -> Apply:
    """``office.configured`` carries the whole ``office`` setting as it was stored."""
    office = dict(payload)

    def apply(db: Database) -> bool:
        set_setting(db, "office", office)
        return True

    return apply
