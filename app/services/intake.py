"""Receiving a dossier at the counter: validate, number, schedule, price, store with its event."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from app.domain.appointment import Schedule, compute_schedule
from app.domain.dossier import Applicant, Dossier, DossierStatus, FeeLine, ReturnMethod
from app.domain.errors import DomainError, FieldError, ValidationFailed
from app.domain.fees import compute_fees, postage
from app.domain.intake import (
    IncompleteDossier,
    IntakeRequest,
    NotFileableByPost,
    missing_documents,
    parse_intake,
)
from app.services.workstation import VN_TZ, Workstation
from app.storage import number_journal
from app.storage.db import transaction
from app.storage.disk_errors import DiskError
from app.storage.dossiers import insert_dossier
from app.storage.events import append_event
from app.storage.numbers import take_dossier_code, take_s10

log = logging.getLogger(__name__)

# A receipt time may be typed a little ahead of the PC clock, never far.
_CLOCK_SLACK = timedelta(minutes=5)


def applicant_payload(a: Applicant) -> dict[str, str]:
    """The applicant as JSON (events, CLI output)."""
    return {
        "full_name": a.full_name,
        "id_number": a.id_number,
        "date_of_birth": a.date_of_birth.isoformat(),
        "sex": a.sex.value,
        "phone": a.phone,
        "address": a.address,
        "email": a.email,
    }


def dossier_payload(d: Dossier) -> dict[str, object]:
    """The dossier as its event carries it to the hub (JSON-ready; see docs/data-model.md)."""
    return {
        "id": d.id,
        "code": d.code,
        "s10": d.s10,
        "procedure_code": d.procedure_code,
        "procedure_name": d.procedure_name,
        "agency": d.agency,
        "status": d.status.value,
        "received_at": d.received_at.isoformat(),
        "appointment_at": d.appointment_at.isoformat(),
        "handover_due": d.handover_due.isoformat(),
        "processing_days": d.processing_days,
        "return_method": d.return_method.value,
        "delivery_address": d.delivery_address,
        "applicant": applicant_payload(d.applicant),
        "documents": [[x.name, x.kind.value, x.count] for x in d.documents],
        "fees": [[f.code, f.name, f.amount] for f in d.fees],
        "fees_total": d.fees_total,
        "postage": d.postage,
        "pages": d.pages,
        "copies": d.copies,
        "sets": d.sets,
        "note": d.note,
        "staff": d.staff,
    }


def prepare(ws: Workstation, raw: Mapping[str, object]) -> IntakeRequest:
    """Validate a request and check it may be accepted; raises without storing anything."""
    now = ws.now()
    request = parse_intake(raw, ws.catalog, now.date())
    if request.received_at is not None and request.received_at > now + _CLOCK_SLACK:
        raise ValidationFailed(
            [
                FieldError(
                    "received_at",
                    "Thời gian nhận hồ sơ",
                    "không được muộn hơn thời điểm hiện tại; kiểm tra đồng hồ máy tính.",
                )
            ]
        )
    if not request.procedure.by_post:
        raise NotFileableByPost(request.procedure)
    missing = missing_documents(request.procedure, request.documents)
    if missing:
        raise IncompleteDossier(request.procedure, missing)
    return request


def receive_dossier(ws: Workstation, raw: Mapping[str, object] | IntakeRequest) -> Dossier:
    """Accept a complete dossier: all of it is stored with its event, or nothing is."""
    request = raw if isinstance(raw, IntakeRequest) else prepare(ws, raw)
    procedure = request.procedure
    route = ws.catalog.routes.get(procedure.route)
    if route is None:
        raise DomainError(
            f"Danh mục thiếu tuyến vận chuyển «{procedure.route}» của thủ tục {procedure.code}. "
            "Hãy nhập lại danh mục thủ tục."
        )
    received_at = (request.received_at or ws.now()).astimezone(VN_TZ)
    by_post = request.return_method is ReturnMethod.POST
    schedule = compute_schedule(
        received_at,
        procedure,
        route,
        by_post,
        ws.calendar,
        appointment_time=ws.appointment_time,
        cutoff=ws.cutoff_time,
    )
    fees = compute_fees(procedure, request.pages, request.copies)
    try:
        dossier = _store(ws, request, received_at, schedule, fees, postage(route, by_post))
    except DiskError as exc:
        # Nothing was kept (the transaction rolled back): say so in the intake's own words.
        log.warning("dossier not stored (%s): %s", procedure.code, type(exc).__name__)
        raise exc.for_intake() from exc
    # The code and the procedure only: never the applicant (docs/operations.md).
    log.info("dossier %s received (%s)", dossier.code, procedure.code)
    return dossier


def _store(
    ws: Workstation,
    request: IntakeRequest,
    received_at: datetime,
    schedule: Schedule,
    fees: tuple[FeeLine, ...],
    postage_amount: int,
) -> Dossier:
    procedure = request.procedure
    office = ws.office
    with transaction(ws.db):
        with number_journal.batch(ws.db):  # one journal write for both numbers' marks
            code, seq = take_dossier_code(ws.db, office.unit_code, received_at.date())
            s10 = take_s10(ws.db, now=ws.now())
        dossier = Dossier(
            id=str(uuid.uuid4()),
            code=code,
            s10=s10,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            agency=procedure.agency,
            applicant=request.applicant,
            received_at=received_at,
            appointment_at=schedule.appointment_at,
            handover_due=schedule.handover_due,
            processing_days=procedure.processing_days,
            return_method=request.return_method,
            documents=request.documents,
            fees=fees,
            postage=postage_amount,
            status=DossierStatus.RECEIVED,
            delivery_address=request.delivery_address,
            pages=request.pages,
            copies=request.copies,
            sets=request.sets,
            note=request.note,
            staff=ws.staff,
            device_id=ws.device_id,
        )
        insert_dossier(ws.db, dossier, seq)
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="dossier.received",
            entity_id=dossier.id,
            payload=dossier_payload(dossier),
            at=ws.now(),
            actor=ws.staff,
        )
    return dossier
