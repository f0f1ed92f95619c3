"""The lifecycle's printed forms, filled from the dossier's own events (Mẫu 02–05, invitation).

What a form says comes from what was recorded: the agency's note for Mẫu 02/03, the reschedule
for Mẫu 04, the whole event history for Mẫu 05. Each print is itself an event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum

from app.domain.dossier import Dossier, DossierStatus
from app.domain.errors import DomainError
from app.domain.lifecycle import Action
from app.printing.agency_forms import (
    render_apology,
    render_control_slip,
    render_invitation,
    render_refusal,
    render_supplement_request,
)
from app.printing.lifecycle_docs import (
    Apology,
    ControlStep,
    Invitation,
    InvitationMethod,
    Refusal,
    SupplementRequest,
)
from app.services.lookup import show
from app.services.workstation import Workstation
from app.storage import lifecycle_repo as repo
from app.storage.db import transaction
from app.storage.events import Event, append_event


class FormKind(StrEnum):
    SUPPLEMENT = "supplement"  # Mẫu 02
    REFUSAL = "refusal"  # Mẫu 03
    APOLOGY = "apology"  # Mẫu 04
    CONTROL = "control"  # Mẫu 05
    INVITATION = "invitation"  # Giấy mời nhận kết quả


FORM_LABELS = {
    FormKind.SUPPLEMENT: "Phiếu yêu cầu bổ sung (Mẫu 02)",
    FormKind.REFUSAL: "Phiếu từ chối (Mẫu 03)",
    FormKind.APOLOGY: "Phiếu xin lỗi và hẹn lại (Mẫu 04)",
    FormKind.CONTROL: "Phiếu kiểm soát quá trình (Mẫu 05)",
    FormKind.INVITATION: "Giấy mời nhận kết quả",
}


def _last(events: list[Event], type_: str, status: str | None = None) -> Event | None:
    for e in reversed(events):
        if e.type == type_ and (status is None or e.payload.get("status") == status):
            return e
    return None


def _moment(value: object, fallback: str) -> datetime:
    return datetime.fromisoformat(str(value or fallback))


def _agency_decision(events: list[Event], status: DossierStatus, code: str) -> Event:
    event = _last(events, "dossier.status_changed", status.value)
    if event is None:
        raise DomainError(
            f"Hồ sơ {code} chưa có quyết định «{status.label}» của cơ quan; chưa in được phiếu này."
        )
    return event


def _supplement(d: Dossier, events: list[Event]) -> SupplementRequest:
    e = _agency_decision(events, DossierStatus.SUPPLEMENT_REQUESTED, d.code)
    note = str(e.payload.get("note") or "")
    items = tuple(line.strip(" -•\t") for line in note.splitlines() if line.strip(" -•\t"))
    return SupplementRequest(
        items=items,
        reason="Hồ sơ chưa đầy đủ, hợp lệ theo quy định.",
        agency=d.agency,
        requested_at=_moment(e.payload.get("agency_at"), e.at),
    )


def _refusal(d: Dossier, events: list[Event]) -> Refusal:
    e = _agency_decision(events, DossierStatus.REFUSED, d.code)
    return Refusal(
        reason=str(e.payload.get("note") or ""),
        agency=d.agency,
        refused_at=_moment(e.payload.get("agency_at"), e.at),
    )


def _apology(d: Dossier, events: list[Event]) -> Apology:
    e = _last(events, "dossier.rescheduled")
    if e is None:
        raise DomainError(
            f"Hồ sơ {d.code} chưa được hẹn lại. Hẹn lại ngày trả (ghi lý do chậm) rồi in phiếu."
        )
    return Apology(
        reason=str(e.payload["reason"]),
        new_appointment_at=datetime.fromisoformat(str(e.payload["appointment_at"])),
        original_appointment_at=datetime.fromisoformat(str(e.payload["previous"])),
        made_at=datetime.fromisoformat(e.at),
    )


_COUNTER = "Bưu điện (quầy)"
_POSTMAN = "Bưu tá"
_CITIZEN = "Người nộp"


def control_steps(d: Dossier, events: list[Event]) -> list[ControlStep]:
    """Mẫu 05's rows: each hand-over between the parties, from the recorded moves."""
    steps = [ControlStep(_CITIZEN, _COUNTER, d.received_at, note="Tiếp nhận hồ sơ")]
    parties: dict[str, tuple[str, str]] = {
        Action.HAND_OVER.value: (_COUNTER, _POSTMAN),
        Action.CONFIRM_RECEIPT.value: (_POSTMAN, d.agency),
        Action.REQUEST_SUPPLEMENT.value: (d.agency, _CITIZEN),
        Action.SUPPLEMENT.value: (_CITIZEN, d.agency),
        Action.REFUSE.value: (d.agency, _COUNTER),
        Action.MARK_READY.value: (d.agency, _POSTMAN),
        Action.RESULT_RECEIVED.value: (_POSTMAN, _COUNTER),
        Action.SEND_FOR_DELIVERY.value: (_COUNTER, _POSTMAN),
        Action.RETURN.value: (_COUNTER, _CITIZEN),
        Action.RETURN_TO_AGENCY.value: (_COUNTER, d.agency),
        Action.WITHDRAW.value: (_COUNTER, _CITIZEN),
    }
    for e in events:
        if e.type not in ("dossier.transition", "dossier.status_changed"):
            continue
        action = str(e.payload.get("action") or "")
        if action not in parties:
            continue
        who_from, who_to = parties[action]
        at = _moment(e.payload.get("agency_at"), e.at)
        label = Action(action).label
        note = str(e.payload.get("note") or "")
        steps.append(ControlStep(who_from, who_to, at, note=f"{label}. {note}".strip(" .")))
    return steps


def _invitation(d: Dossier, ws: Workstation) -> Invitation:
    contacts = repo.contacts(ws.db, d.id)
    if not contacts:
        raise DomainError(
            f"Hồ sơ {d.code} chưa có lần mời nào. Ghi lần mời (giấy mời) trước rồi in giấy mời."
        )
    last = contacts[-1]
    return Invitation(
        number=len(contacts),
        on=date.fromisoformat(last["on"]),
        method=InvitationMethod(last["method"]),
        note=last["note"],
    )


def render_form(ws: Workstation, kind: FormKind | str, code: str) -> bytes:
    """Render one lifecycle form for a dossier and record the print."""
    kind = FormKind(kind)
    detail = show(ws, code)
    d, events, office = detail.dossier, detail.events, ws.office
    renderers: dict[FormKind, Callable[[], bytes]] = {
        FormKind.SUPPLEMENT: lambda: render_supplement_request(d, office, _supplement(d, events)),
        FormKind.REFUSAL: lambda: render_refusal(d, office, _refusal(d, events)),
        FormKind.APOLOGY: lambda: render_apology(d, office, _apology(d, events)),
        FormKind.CONTROL: lambda: render_control_slip(d, office, control_steps(d, events)),
        FormKind.INVITATION: lambda: render_invitation(d, office, _invitation(d, ws)),
    }
    pdf = renderers[kind]()
    with transaction(ws.db):
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="document.printed",
            entity_id=d.id,
            payload={"kind": kind.value, "code": d.code},
            at=ws.now(),
            actor=ws.staff,
        )
    return pdf
