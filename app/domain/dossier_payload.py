"""A dossier read back from the payload of its ``dossier.received`` event.

The inverse of ``app.services.intake.dossier_payload`` (and ``applicant_payload``): the event
carries the whole dossier as JSON except the device that made it, which is the event's own
``device_id``. Re-hydration after a restore (app/storage/rehydrate.py) rebuilds a dossier's rows
from it, so reading a payload written by ``dossier_payload`` must give the same Dossier back
(tests/storage/test_rehydrate.py checks the round trip).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from app.domain.dossier import (
    Applicant,
    DocumentLine,
    Dossier,
    DossierStatus,
    FeeLine,
    ReturnMethod,
    Sex,
)
from app.domain.errors import DomainError
from app.domain.procedure import DocumentKind


class _Bad(Exception):
    """A field of the payload is missing or of the wrong kind (named in Vietnamese)."""


def _field(data: Mapping[str, Any], key: str) -> Any:
    if key not in data:
        raise _Bad(f"thiếu trường «{key}»")
    return data[key]


def _str(data: Mapping[str, Any], key: str, default: str | None = None) -> str:
    if default is not None and key not in data:
        return default
    value = _field(data, key)
    if not isinstance(value, str):
        raise _Bad(f"trường «{key}» phải là chuỗi")
    return value


def _int(data: Mapping[str, Any], key: str, default: int | None = None) -> int:
    if default is not None and key not in data:
        return default
    value = _field(data, key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"trường «{key}» phải là số nguyên")
    return value


def _moment(data: Mapping[str, Any], key: str) -> datetime:
    try:
        value = datetime.fromisoformat(_str(data, key))
    except ValueError:
        raise _Bad(f"trường «{key}» không phải thời điểm ISO 8601") from None
    if value.tzinfo is None:
        raise _Bad(f"trường «{key}» thiếu múi giờ")
    return value


def _day(data: Mapping[str, Any], key: str) -> date:
    try:
        return date.fromisoformat(_str(data, key))
    except ValueError:
        raise _Bad(f"trường «{key}» không phải ngày YYYY-MM-DD") from None


def _lines(data: Mapping[str, Any], key: str) -> list[Sequence[Any]]:
    value = _field(data, key)
    if not isinstance(value, list) or not all(isinstance(x, list) and len(x) == 3 for x in value):
        raise _Bad(f"trường «{key}» phải là danh sách các bộ [tên, loại, số lượng]")
    return value


def applicant_from_payload(data: Mapping[str, Any]) -> Applicant:
    """The inverse of ``app.services.intake.applicant_payload``."""
    try:
        return Applicant(
            full_name=_str(data, "full_name"),
            id_number=_str(data, "id_number"),
            date_of_birth=_day(data, "date_of_birth"),
            sex=Sex(_str(data, "sex")),
            phone=_str(data, "phone"),
            address=_str(data, "address"),
            email=_str(data, "email", ""),
        )
    except _Bad as exc:
        raise DomainError(f"Thông tin người nộp trong sự kiện không đọc được: {exc}.") from None
    except ValueError:
        raise DomainError(
            f"Thông tin người nộp trong sự kiện có giới tính «{data.get('sex')}» không hợp lệ."
        ) from None


def dossier_from_payload(payload: Mapping[str, Any], device_id: str) -> Dossier:
    """The Dossier a ``dossier.received`` payload describes (``device_id``: the event's device).

    Raises DomainError (Vietnamese, naming the dossier and the field) for a payload that is not
    one, or whose ``fees_total`` disagrees with its fee lines.
    """
    code = payload.get("code") if isinstance(payload.get("code"), str) else "?"
    try:
        applicant_data = _field(payload, "applicant")
        if not isinstance(applicant_data, Mapping):
            raise _Bad("trường «applicant» phải là một đối tượng")
        documents = tuple(
            DocumentLine(str(name), DocumentKind(kind), int(count))
            for name, kind, count in _lines(payload, "documents")
        )
        fees = tuple(
            FeeLine(str(fee_code), str(name), int(amount))
            for fee_code, name, amount in _lines(payload, "fees")
        )
        dossier = Dossier(
            id=_str(payload, "id"),
            code=_str(payload, "code"),
            s10=_str(payload, "s10"),
            procedure_code=_str(payload, "procedure_code"),
            procedure_name=_str(payload, "procedure_name"),
            agency=_str(payload, "agency"),
            applicant=applicant_from_payload(applicant_data),
            received_at=_moment(payload, "received_at"),
            appointment_at=_moment(payload, "appointment_at"),
            handover_due=_day(payload, "handover_due"),
            processing_days=_int(payload, "processing_days"),
            return_method=ReturnMethod(_str(payload, "return_method")),
            documents=documents,
            fees=fees,
            postage=_int(payload, "postage"),
            status=DossierStatus(_str(payload, "status")),
            delivery_address=_str(payload, "delivery_address", ""),
            pages=_int(payload, "pages", 0),
            copies=_int(payload, "copies", 1),
            note=_str(payload, "note", ""),
            staff=_str(payload, "staff", ""),
            device_id=device_id,
            sets=_int(payload, "sets", 1),
        )
    except _Bad as exc:
        raise DomainError(f"Sự kiện tiếp nhận hồ sơ {code} không đọc được: {exc}.") from None
    except (ValueError, TypeError) as exc:
        raise DomainError(
            f"Sự kiện tiếp nhận hồ sơ {code} có giá trị không hợp lệ ({exc})."
        ) from None
    if "fees_total" in payload and payload["fees_total"] != dossier.fees_total:
        raise DomainError(
            f"Sự kiện tiếp nhận hồ sơ {code}: tổng lệ phí {payload['fees_total']} không bằng "
            f"tổng các dòng lệ phí {dossier.fees_total}."
        )
    return dossier
