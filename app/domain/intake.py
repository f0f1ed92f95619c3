"""What the counter takes in: parsing an intake request and checking the document list.

Pure: it turns raw input (a form, an import line) into a validated request, or a
``ValidationFailed`` naming every bad field in Vietnamese. Nothing is stored here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.applicant import validate_applicant
from app.domain.dossier import Applicant, DocumentLine, ReturnMethod
from app.domain.errors import DomainError, FieldError, ValidationFailed
from app.domain.procedure import Catalog, DocumentKind, Procedure, RequiredDocument
from app.domain.text import fold, nfc

# A stronger kind satisfies a weaker requirement: an original may stand in for a photocopy.
_KIND_RANK = {DocumentKind.PHOTOCOPY: 0, DocumentKind.CERTIFIED_COPY: 1, DocumentKind.ORIGINAL: 2}

LABELS = {
    "procedure": "Thủ tục",
    "received_at": "Thời gian nhận hồ sơ",
    "documents": "Thành phần hồ sơ",
    "pages": "Số trang",
    "copies": "Số bản sao",
    "sets": "Số lượng hồ sơ (bộ)",
    "return_method": "Hình thức nhận kết quả",
    "delivery_address": "Địa chỉ nhận kết quả",
    "note": "Ghi chú",
}


@dataclass(frozen=True)
class IntakeRequest:
    procedure: Procedure
    applicant: Applicant
    documents: tuple[DocumentLine, ...]
    return_method: ReturnMethod
    received_at: datetime | None = None  # None: now
    delivery_address: str = ""
    pages: int = 0
    copies: int = 1
    sets: int = 1
    note: str = ""


class NotFileableByPost(DomainError):
    """The procedure needs the person in person (QĐ 45 Art 1(2)); the counter must refuse it."""

    def __init__(self, procedure: Procedure) -> None:
        # The catalog's reason usually says what to do already; add the default advice otherwise.
        reason = procedure.not_by_post_reason.strip().rstrip(".") or (
            "thủ tục yêu cầu người dân có mặt trực tiếp. "
            "Hướng dẫn người dân đến trực tiếp cơ quan giải quyết"
        )
        super().__init__(f"Thủ tục «{procedure.name}» không tiếp nhận qua bưu điện: {reason}.")
        self.procedure = procedure


class IncompleteDossier(DomainError):
    """Required documents are missing: the dossier is not accepted; print the guidance slip."""

    def __init__(self, procedure: Procedure, missing: Sequence[RequiredDocument]) -> None:
        names = "; ".join(f"{m.name} ({m.kind.label.lower()}, {m.count} bản)" for m in missing)
        super().__init__(
            f"Hồ sơ chưa đủ giấy tờ, chưa tiếp nhận. Còn thiếu: {names}. "
            "In phiếu hướng dẫn bổ sung cho người dân."
        )
        self.procedure = procedure
        self.missing = tuple(missing)


def missing_documents(
    procedure: Procedure, provided: Sequence[DocumentLine]
) -> list[RequiredDocument]:
    """Required (non-optional) lines not covered by what was handed over.

    A line is covered by a document of the same name (diacritics and case folded) of the same or a
    stronger kind, in at least the required count.
    """
    have: dict[str, list[DocumentLine]] = {}
    for doc in provided:
        have.setdefault(fold(doc.name), []).append(doc)
    missing = []
    for req in procedure.documents:
        if req.optional:
            continue
        count = sum(
            d.count
            for d in have.get(fold(req.name), [])
            if _KIND_RANK[d.kind] >= _KIND_RANK[req.kind]
        )
        if count < req.count:
            missing.append(req)
    return missing


def _err(errors: list[FieldError], field: str, message: str, label: str | None = None) -> None:
    errors.append(FieldError(field, label or LABELS.get(field.split("[")[0], field), message))


def _int(
    raw: Mapping[str, object], key: str, default: int, lo: int, hi: int, errors: list[FieldError]
) -> int:
    value = raw.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        _err(errors, key, f"phải là số nguyên từ {lo} đến {hi}.")
        return default
    if not lo <= value <= hi:
        _err(errors, key, f"phải từ {lo} đến {hi} (đang là {value}).")
        return default
    return value


def _text(raw: Mapping[str, object], key: str, errors: list[FieldError], max_len: int = 500) -> str:
    value = raw.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        _err(errors, key, "phải là chữ.")
        return ""
    text = nfc(value)
    if len(text) > max_len:
        _err(errors, key, f"dài quá {max_len} ký tự; hãy viết ngắn lại.")
    return text


def parse_documents(raw: object, errors: list[FieldError]) -> tuple[DocumentLine, ...]:
    if not isinstance(raw, list):
        _err(errors, "documents", "cần liệt kê các giấy tờ đã nhận (danh sách, có thể rỗng).")
        return ()
    lines = []
    kinds = ", ".join(k.value for k in DocumentKind)
    for i, item in enumerate(raw):
        where = f"documents[{i}]"
        if not isinstance(item, Mapping):
            _err(
                errors,
                where,
                f"giấy tờ thứ {i + 1} phải có tên, loại và số lượng.",
                "Thành phần hồ sơ",
            )
            continue
        name = item.get("name")
        if not isinstance(name, str) or not nfc(name):
            _err(errors, f"{where}.name", f"giấy tờ thứ {i + 1} chưa có tên.", "Tên giấy tờ")
            continue
        try:
            kind = DocumentKind(str(item.get("kind", "")))
        except ValueError:
            _err(
                errors,
                f"{where}.kind",
                f"«{name}»: loại phải là một trong {kinds}.",
                "Loại giấy tờ",
            )
            continue
        count = item.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 99:
            _err(errors, f"{where}.count", f"«{name}»: số lượng phải từ 1 đến 99.", "Số lượng")
            continue
        lines.append(DocumentLine(nfc(name), kind, count))
    return tuple(lines)


def parse_intake(raw: Mapping[str, object], catalog: Catalog, today: date) -> IntakeRequest:
    """Validate a raw request (import line or form) against the catalog; collect every error."""
    errors: list[FieldError] = []
    code = raw.get("procedure")
    procedure = catalog.procedure(code) if isinstance(code, str) else None
    if procedure is None:
        _err(errors, "procedure", f"không có thủ tục mã «{code}» trong danh mục; chọn lại thủ tục.")
    received_at = None
    if raw.get("received_at") not in (None, ""):
        value = raw["received_at"]
        try:
            received_at = datetime.fromisoformat(str(value))
            if received_at.tzinfo is None:
                raise ValueError
        except ValueError:
            _err(errors, "received_at", "phải có dạng 2027-02-03T16:10:00+07:00 (kèm múi giờ).")
            received_at = None
    applicant_raw = raw.get("applicant")
    applicant = None
    if not isinstance(applicant_raw, Mapping):
        _err(errors, "applicant", "thiếu thông tin người nộp hồ sơ.", "Người nộp hồ sơ")
    else:
        try:
            applicant = validate_applicant(applicant_raw, today)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    documents = parse_documents(raw.get("documents"), errors)
    try:
        return_method = ReturnMethod(str(raw.get("return_method", ReturnMethod.COUNTER.value)))
    except ValueError:
        _err(errors, "return_method", "chỉ nhận «counter» (tại quầy) hoặc «post» (qua bưu điện).")
        return_method = ReturnMethod.COUNTER
    delivery_address = _text(raw, "delivery_address", errors)
    if return_method is ReturnMethod.POST and len(delivery_address) < 5:
        _err(errors, "delivery_address", "cần địa chỉ để bưu điện chuyển trả kết quả tận nhà.")
    pages = _int(raw, "pages", 0, 0, 10_000, errors)
    copies = _int(raw, "copies", 1, 1, 100, errors)
    sets = _int(raw, "sets", 1, 1, 20, errors)
    note = _text(raw, "note", errors)
    if procedure is not None and any(f.rule == "per_page" for f in procedure.fees) and pages < 1:
        _err(errors, "pages", "thủ tục này tính lệ phí theo trang: nhập số trang của bản chính.")
    if errors or procedure is None or applicant is None:
        raise ValidationFailed(errors)
    return IntakeRequest(
        procedure=procedure,
        applicant=applicant,
        documents=documents,
        return_method=return_method,
        received_at=received_at,
        delivery_address=delivery_address,
        pages=pages,
        copies=copies,
        sets=sets,
        note=note,
    )
