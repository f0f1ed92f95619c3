"""Printed documents for a dossier: rendered from stored data, each print recorded as an event."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum

from app.domain.errors import DomainError
from app.domain.intake import IncompleteDossier
from app.printing import (
    render_dispatch_slip,
    render_guidance,
    render_label,
    render_receipt,
    render_small_label,
)
from app.services.intake import prepare
from app.services.lookup import show
from app.services.workstation import Workstation
from app.storage.db import transaction
from app.storage.events import append_event


class DocumentKind(StrEnum):
    RECEIPT = "receipt"  # Mẫu 01
    DISPATCH = "dispatch"  # Phiếu gửi hồ sơ
    LABEL = "label"  # 100×150 mm
    LABEL_SMALL = "label-small"  # 50×30 mm


DOCUMENT_LABELS = {
    DocumentKind.RECEIPT: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    DocumentKind.DISPATCH: "Phiếu gửi hồ sơ",
    DocumentKind.LABEL: "Nhãn bưu gửi 100×150",
    DocumentKind.LABEL_SMALL: "Nhãn nhỏ 50×30",
}


def render_for_dossier(ws: Workstation, kind: DocumentKind | str, code: str) -> bytes:
    """Render (or re-render) a dossier's document and record the print in the event log."""
    kind = DocumentKind(kind)
    detail = show(ws, code)
    d, procedure = detail.dossier, detail.procedure
    if procedure is None:
        raise DomainError(
            f"Thủ tục {d.procedure_code} của hồ sơ không còn trong danh mục; hãy nhập lại danh mục."
        )
    office = ws.office
    renderers: dict[DocumentKind, Callable[[], bytes]] = {
        DocumentKind.RECEIPT: lambda: render_receipt(d, procedure, office),
        DocumentKind.DISPATCH: lambda: render_dispatch_slip(
            d, procedure, office, ws.catalog.routes.get(procedure.route)
        ),
        DocumentKind.LABEL: lambda: render_label(d, office, short_name=procedure.short_name),
        DocumentKind.LABEL_SMALL: lambda: render_small_label(d, short_name=procedure.short_name),
    }
    pdf = renderers[kind]()
    reprint = any(
        e.type == "document.printed" and e.payload.get("kind") == kind.value for e in detail.events
    )
    with transaction(ws.db):
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="document.printed",
            entity_id=d.id,
            payload={"kind": kind.value, "code": d.code, "reprint": reprint},
            at=ws.now(),
            actor=ws.staff,
        )
    return pdf


def guidance_for(ws: Workstation, raw: Mapping[str, object]) -> bytes:
    """The guidance slip for an incomplete request (nothing is stored: no dossier exists)."""
    try:
        prepare(ws, raw)
    except IncompleteDossier as exc:
        applicant = raw.get("applicant")
        name = str(applicant.get("full_name", "")) if isinstance(applicant, Mapping) else ""
        return render_guidance(exc.procedure, exc.missing, name, ws.office, ws.now(), ws.staff)
    raise DomainError(
        "Hồ sơ đã đủ giấy tờ theo danh mục, không cần phiếu hướng dẫn bổ sung. Hãy tiếp nhận hồ sơ."
    )


def guidance_for_procedure(ws: Workstation, procedure_code: str, applicant_name: str = "") -> bytes:
    """The guidance slip listing every required document of a procedure (a blank checklist)."""
    procedure = ws.catalog.procedure(procedure_code)
    if procedure is None:
        raise DomainError(f"Không có thủ tục mã «{procedure_code}» trong danh mục.")
    required = [r for r in procedure.documents if not r.optional]
    return render_guidance(procedure, required, applicant_name, ws.office, ws.now(), ws.staff)
