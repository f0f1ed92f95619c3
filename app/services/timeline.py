"""A dossier's events in words, for its timeline (the window's detail, Mẫu 05, support)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.domain.dossier import DossierStatus
from app.domain.lifecycle import Action
from app.domain.text import format_vn_datetime
from app.services.documents import DOCUMENT_LABELS
from app.services.lifecycle import ContactMethod
from app.services.lifecycle_documents import FORM_LABELS

_PRINTABLE: dict[str, str] = {
    **{k.value: v for k, v in DOCUMENT_LABELS.items()},
    **{k.value: v for k, v in FORM_LABELS.items()},
    "handover_minutes": "Biên bản giao nhận hồ sơ",
}


def _label(enum: Any, value: object) -> str | None:
    try:
        return str(enum(value).label)
    except ValueError:
        return None


def describe_event(type_: str, payload: Mapping[str, Any]) -> str:
    """One line in Vietnamese; an unknown type is shown as it is."""
    note = str(payload.get("note") or "").strip()
    tail = f" — {note}" if note else ""
    if type_ == "dossier.received":
        return "Tiếp nhận hồ sơ tại quầy"
    if type_ in ("dossier.transition", "dossier.status_changed"):
        action = _label(Action, payload.get("action"))
        status = _label(DossierStatus, payload.get("status")) or str(payload.get("status", ""))
        head = f"{action} → {status}" if action else status
        if type_ == "dossier.status_changed":
            head = f"Cơ quan: {head}"
        if payload.get("appointment_at"):
            when = format_vn_datetime(datetime.fromisoformat(str(payload["appointment_at"])))
            head += f" (hẹn trả mới {when})"
        return head + tail
    if type_ == "dossier.invitation":
        method = _label(ContactMethod, payload.get("method")) or str(payload.get("method", ""))
        return f"Mời nhận kết quả: {method}{tail}"
    if type_ == "dossier.rescheduled":
        when = format_vn_datetime(datetime.fromisoformat(str(payload["appointment_at"])))
        return f"Hẹn lại ngày trả kết quả: {when} — {payload.get('reason', '')}"
    if type_ == "document.printed":
        kind = str(payload.get("kind", ""))
        name = _PRINTABLE.get(kind, kind)
        return f"In lại: {name}" if payload.get("reprint") else f"In: {name}"
    if type_ == "dossier.official_code":
        return f"Mã hồ sơ trên hệ thống tỉnh: {payload.get('official_code', '')}"
    return type_
