"""The counter's moves after intake: supplements, results, invitations, returns, withdrawals.

Each move checks the state machine (app.domain.lifecycle), changes the dossier and appends its
event in one transaction; a refused move changes nothing and says why in Vietnamese.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain.applicant import check_id_number, normalize_id_number
from app.domain.dossier import Dossier, DossierStatus
from app.domain.errors import DomainError
from app.domain.lifecycle import (
    WAITING_FOR_CITIZEN,
    Action,
    Actor,
    InvitationState,
    allowed_actions,
    check_return_to_agency,
    invitation_state,
    is_overdue,
    next_status,
)
from app.domain.text import nfc
from app.services.workstation import VN_TZ, Workstation
from app.storage import lifecycle_repo as repo
from app.storage.db import transaction
from app.storage.dossiers import get_by_id
from app.storage.events import append_event


class ContactMethod(StrEnum):
    LETTER = "letter"  # Giấy mời nhận kết quả (printed)
    CALL = "call"  # a phone call
    DELIVERY_ATTEMPT = "delivery_attempt"  # the postman found nobody at home

    @property
    def label(self) -> str:
        return {
            "letter": "Giấy mời",
            "call": "Gọi điện",
            "delivery_attempt": "Phát không thành công",
        }[self.value]


def find(ws: Workstation, code_or_s10: str) -> repo.DossierRef:
    ref = repo.find_ref(ws.db, code_or_s10)
    if ref is None:
        raise DomainError(
            f"Không tìm thấy hồ sơ «{code_or_s10}». "
            "Quét lại mã vạch hoặc gõ mã hồ sơ trên giấy hẹn."
        )
    return ref


def _dossier(ws: Workstation, ref: repo.DossierRef) -> Dossier:
    dossier = get_by_id(ws.db, ref.id)
    assert dossier is not None
    return dossier


def _move(
    ws: Workstation,
    code_or_s10: str,
    action: Action,
    *,
    note: str = "",
    extra: dict[str, Any] | None = None,
    check: Any = None,
) -> Dossier:
    now = ws.now()
    with transaction(ws.db):
        ref = find(ws, code_or_s10)
        target = next_status(ref.code, ref.status, action, Actor.COUNTER)
        if check is not None:
            check(ref)
        repo.set_status(
            ws.db,
            ref,
            target,
            action,
            at=now,
            actor=ws.staff,
            device_id=ws.device_id,
            note=nfc(note).strip(),
            extra=extra,
        )
    return _dossier(ws, ref)


def record_supplement(ws: Workstation, code_or_s10: str, note: str = "") -> Dossier:
    """The citizen brought what the agency asked for (Mẫu 02); it goes back to the agency."""
    return _move(ws, code_or_s10, Action.SUPPLEMENT, note=note)


def record_result(ws: Workstation, code_or_s10: str, note: str = "") -> Dossier:
    """The result (or the refused papers) arrived at the counter: scan its label."""
    return _move(ws, code_or_s10, Action.RESULT_RECEIVED, note=note)


def send_for_delivery(ws: Workstation, code_or_s10: str, note: str = "") -> Dossier:
    return _move(ws, code_or_s10, Action.SEND_FOR_DELIVERY, note=note)


def withdraw(ws: Workstation, code_or_s10: str, reason: str) -> Dossier:
    if not nfc(reason).strip():
        raise DomainError("Ghi lý do rút hồ sơ (theo đơn của người nộp).")
    return _move(ws, code_or_s10, Action.WITHDRAW, note=reason)


def return_to_agency(ws: Workstation, code_or_s10: str, note: str = "") -> Dossier:
    """Not collected after the invitations (two, two working days apart): back to the agency."""

    def invited_enough(ref: repo.DossierRef) -> None:
        days = repo.contact_days(ws.db, ref.id)
        check_return_to_agency(ref.code, days, ws.calendar, ref.status)

    return _move(ws, code_or_s10, Action.RETURN_TO_AGENCY, note=note, check=invited_enough)


def record_invitation(
    ws: Workstation,
    code_or_s10: str,
    method: ContactMethod | str = ContactMethod.LETTER,
    *,
    on: date | None = None,
    note: str = "",
) -> InvitationState:
    """An invitation letter, a call or a failed home delivery; returns where the rule stands."""
    method = ContactMethod(method)
    now = ws.now()
    day = on or now.date()
    if day > now.date():
        raise DomainError("Ngày mời không được sau hôm nay.")
    with transaction(ws.db):
        ref = find(ws, code_or_s10)
        waiting = (DossierStatus.RESULT_AT_COUNTER, DossierStatus.OUT_FOR_DELIVERY)
        if ref.status not in waiting:
            raise DomainError(
                f"Hồ sơ {ref.code} đang ở trạng thái «{ref.status.label}»; chỉ mời nhận khi kết "
                "quả đã về quầy hoặc đang phát tận nhà."
            )
        repo.add_contact(ws.db, ref.id, method.value, day, now, nfc(note).strip(), ws.staff)
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="dossier.invitation",
            entity_id=ref.id,
            payload={
                "code": ref.code,
                "method": method.value,
                "on": day.isoformat(),
                "note": nfc(note).strip(),
            },
            at=now,
            actor=ws.staff,
        )
        days = repo.contact_days(ws.db, ref.id)
    return invitation_state(days, ws.calendar)


def invitations(ws: Workstation, code_or_s10: str) -> tuple[list[dict[str, str]], InvitationState]:
    ref = find(ws, code_or_s10)
    return repo.contacts(ws.db, ref.id), invitation_state(
        repo.contact_days(ws.db, ref.id), ws.calendar
    )


@dataclass(frozen=True)
class Receiver:
    """Who takes the result: the applicant (ID must match) or a proxy with an authorisation."""

    id_number: str
    name: str = ""
    proxy: bool = False
    authorisation: str = ""  # e.g. "Giấy ủy quyền số 12/UQ ngày 20/11/2026, UBND xã chứng thực"


def return_to_citizen(
    ws: Workstation, code_or_s10: str, receiver: Receiver, *, amount_collected: int = 0
) -> Dossier:
    """Hand the result over after the ID check; fees due at return are recorded with it."""
    id_number = normalize_id_number(receiver.id_number)
    problems = check_id_number(id_number, None, None)
    if problems:
        raise DomainError(f"Người nhận: {problems[0].message}")
    if amount_collected < 0:
        raise DomainError("Số tiền thu khi trả kết quả không được âm.")
    now = ws.now()
    with transaction(ws.db):
        ref = find(ws, code_or_s10)
        target = next_status(ref.code, ref.status, Action.RETURN, Actor.COUNTER)
        if receiver.proxy:
            name = nfc(receiver.name).strip()
            if not name or not nfc(receiver.authorisation).strip():
                raise DomainError(
                    "Người nhận thay: ghi họ tên và giấy ủy quyền (số, ngày, nơi chứng thực)."
                )
            if id_number == ref.id_number:
                raise DomainError(
                    "Số định danh trùng với người nộp: đây là người nộp, "
                    "không phải người nhận thay."
                )
        else:
            name = ref.full_name
            if id_number != ref.id_number:
                raise DomainError(
                    f"Số định danh {id_number} không khớp với người nộp hồ sơ {ref.code}. "
                    "Kiểm tra thẻ căn cước; nếu là người nhận thay, chọn «Người nhận thay» và ghi "
                    "giấy ủy quyền."
                )
        repo.insert_return(
            ws.db,
            ref.id,
            returned_at=now,
            receiver_name=name,
            receiver_id_number=id_number,
            proxy=receiver.proxy,
            authorisation=nfc(receiver.authorisation).strip(),
            amount_collected=amount_collected,
            staff=ws.staff,
        )
        repo.set_status(
            ws.db,
            ref,
            target,
            Action.RETURN,
            at=now,
            actor=ws.staff,
            device_id=ws.device_id,
            extra={
                "receiver": {
                    "name": name,
                    "id_number": id_number,
                    "proxy": receiver.proxy,
                    "authorisation": nfc(receiver.authorisation).strip(),
                },
                "amount_collected": amount_collected,
            },
        )
    return _dossier(ws, ref)


def reschedule(
    ws: Workstation, code_or_s10: str, new_appointment_at: datetime, reason: str
) -> tuple[Dossier, datetime]:
    """A late dossier gets a new date and an apology (Mẫu 04); returns it and the old date."""
    reason = nfc(reason).strip()
    if not reason:
        raise DomainError("Ghi lý do chậm trả kết quả (in trên phiếu xin lỗi).")
    if new_appointment_at.tzinfo is None:
        new_appointment_at = new_appointment_at.replace(tzinfo=VN_TZ)
    now = ws.now()
    if new_appointment_at <= now:
        raise DomainError("Ngày hẹn mới phải sau thời điểm hiện tại.")
    if not ws.calendar.is_working_day(new_appointment_at.date()):
        raise DomainError(
            f"Ngày {new_appointment_at:%d/%m/%Y} là ngày nghỉ; chọn một ngày làm việc."
        )
    with transaction(ws.db):
        ref = find(ws, code_or_s10)
        if ref.status in (
            DossierStatus.RETURNED,
            DossierStatus.RETURNED_TO_AGENCY,
            DossierStatus.WITHDRAWN,
        ):
            raise DomainError(f"Hồ sơ {ref.code} đã kết thúc; không hẹn lại được.")
        old = datetime.fromisoformat(ref.appointment_at)
        repo.set_appointment(ws.db, ref.id, new_appointment_at)
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="dossier.rescheduled",
            entity_id=ref.id,
            payload={
                "code": ref.code,
                "appointment_at": new_appointment_at.isoformat(),
                "previous": old.isoformat(),
                "reason": reason,
            },
            at=now,
            actor=ws.staff,
        )
    return _dossier(ws, ref), old


# ---------------------------------------------------------------- what needs action today


@dataclass(frozen=True)
class ActionLists:
    """The home screen's lists: each row a dict with code, full_name, phone, appointment_at…"""

    overdue: list[dict[str, Any]]
    due_soon: list[dict[str, Any]]  # due by the end of the next working day
    results_waiting: list[dict[str, Any]]  # at the counter or with the postman
    invitations_due: list[dict[str, Any]]  # results waiting whose next invitation is due today

    def counts(self) -> dict[str, int]:
        return {
            "overdue": len(self.overdue),
            "due_soon": len(self.due_soon),
            "results_waiting": len(self.results_waiting),
            "invitations_due": len(self.invitations_due),
        }


_UNDER_WAY = [
    s.value
    for s in (
        DossierStatus.RECEIVED,
        DossierStatus.IN_TRANSIT,
        DossierStatus.AT_AGENCY,
        DossierStatus.SUPPLEMENT_REQUESTED,
        DossierStatus.SUPPLEMENTED,
        DossierStatus.REFUSED,
        DossierStatus.RESULT_READY,
    )
]
_WAITING = [DossierStatus.RESULT_AT_COUNTER.value, DossierStatus.OUT_FOR_DELIVERY.value]


def action_lists(ws: Workstation, now: datetime | None = None) -> ActionLists:
    now = now or ws.now()
    calendar = ws.calendar
    soon_day = calendar.next_working_day(now.date())
    soon = datetime.combine(soon_day + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    overdue: list[dict[str, Any]] = []
    due_soon: list[dict[str, Any]] = []
    for row in repo.open_dossiers(ws.db, _UNDER_WAY):
        at = datetime.fromisoformat(row["appointment_at"])
        row["status_label"] = DossierStatus(row["status"]).label
        status = DossierStatus(row["status"])
        if is_overdue(status, at, now):
            overdue.append(row)
        elif at < soon and status not in WAITING_FOR_CITIZEN:
            due_soon.append(row)
    waiting = repo.open_dossiers(ws.db, _WAITING)
    invitations_due: list[dict[str, Any]] = []
    for row in waiting:
        row["status_label"] = DossierStatus(row["status"]).label
        state = invitation_state(repo.contact_days(ws.db, row["id"]), calendar)
        row["invitations"] = state.count
        row["may_return_to_agency"] = state.may_return_to_agency
        if state.next_allowed is None or state.next_allowed <= now.date():
            invitations_due.append(row)
    return ActionLists(overdue, due_soon, waiting, invitations_due)


# ---------------------------------------------------------------- status (CLI, support)


def status_of(ws: Workstation, code_or_s10: str) -> dict[str, Any]:
    """Everything support needs about one dossier's progress, JSON-ready."""
    ref = find(ws, code_or_s10)
    row = ws.db.execute(
        "SELECT status_at, agency_due, received_at FROM dossiers WHERE id = ?", [ref.id]
    ).fetchone()
    batch = repo.batch_of(ws.db, ref.id)
    contacts, state = invitations(ws, ref.code)
    returned = repo.return_record(ws.db, ref.id)
    history = [
        {"at": at, "type": type_, "actor": actor, "payload": payload}
        for at, type_, actor, payload in ws.db.execute(
            "SELECT at, type, actor, payload FROM events WHERE entity_id = ? ORDER BY at, seq",
            [ref.id],
        )
    ]
    for h in history:
        h["payload"] = json.loads(h["payload"])
    return {
        "code": ref.code,
        "s10": ref.s10,
        "status": ref.status.value,
        "status_label": ref.status.label,
        "status_at": row[0] or row[2],
        "agency": ref.agency,
        "agency_due": row[1] or None,
        "appointment_at": ref.appointment_at,
        "overdue": is_overdue(ref.status, datetime.fromisoformat(ref.appointment_at), ws.now()),
        "batch": None if batch is None else {"number": batch.number, "sealed_at": batch.sealed_at},
        "invitations": {"count": state.count, "may_return_to_agency": state.may_return_to_agency},
        "contacts": contacts,
        "returned": returned,
        "next_actions": [
            {"action": a.value, "label": a.label}
            for a in allowed_actions(ref.status, Actor.COUNTER)
        ],
        "history": [
            {
                "at": h["at"],
                "type": h["type"],
                "actor": h["actor"],
                "status": h["payload"].get("status"),
                "note": h["payload"].get("note", ""),
            }
            for h in history
        ],
    }
