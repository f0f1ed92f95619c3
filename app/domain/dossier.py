"""A dossier (hồ sơ) as received at the counter, and the office that received it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from app.domain.procedure import DocumentKind


class Sex(StrEnum):
    MALE = "Nam"
    FEMALE = "Nữ"


class ReturnMethod(StrEnum):
    COUNTER = "counter"  # the citizen comes back to the counter
    POST = "post"  # the result is delivered by post (Bưu chính công ích)


class DossierStatus(StrEnum):
    """Where a dossier is in its life (QĐ 45/2016 Art 7–10); moves follow app.domain.lifecycle."""

    RECEIVED = "received"  # taken at the counter, not yet on the post route
    IN_TRANSIT = "in_transit"  # in a sealed hand-over batch, on the way to the agency
    AT_AGENCY = "at_agency"  # the agency signed the hand-over; its processing time runs
    SUPPLEMENT_REQUESTED = "supplement_requested"  # Mẫu 02 sent; waiting for the citizen
    SUPPLEMENTED = "supplemented"  # the citizen brought what was asked; back with the agency
    REFUSED = "refused"  # Mẫu 03: the agency refused; the papers come back to the citizen
    RESULT_READY = "result_ready"  # the agency has the result ready for the post to collect
    RESULT_AT_COUNTER = "result_at_counter"  # the result (or refusal) is at the counter
    OUT_FOR_DELIVERY = "out_for_delivery"  # the result is with the postman for home delivery
    RETURNED = "returned"  # handed to the citizen (or a proxy): the end
    RETURNED_TO_AGENCY = "returned_to_agency"  # not collected after the invitations: sent back
    WITHDRAWN = "withdrawn"  # the citizen withdrew the dossier

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self, self.value)


STATUS_LABELS: dict[DossierStatus, str] = {
    DossierStatus.RECEIVED: "Đã tiếp nhận",
    DossierStatus.IN_TRANSIT: "Đang chuyển đến cơ quan",
    DossierStatus.AT_AGENCY: "Cơ quan đang giải quyết",
    DossierStatus.SUPPLEMENT_REQUESTED: "Chờ bổ sung",
    DossierStatus.SUPPLEMENTED: "Đã bổ sung",
    DossierStatus.REFUSED: "Bị từ chối",
    DossierStatus.RESULT_READY: "Đã có kết quả",
    DossierStatus.RESULT_AT_COUNTER: "Kết quả đã về quầy",
    DossierStatus.OUT_FOR_DELIVERY: "Đang phát tận nhà",
    DossierStatus.RETURNED: "Đã trả kết quả",
    DossierStatus.RETURNED_TO_AGENCY: "Đã chuyển lại cơ quan",
    DossierStatus.WITHDRAWN: "Đã rút hồ sơ",
}


@dataclass(frozen=True)
class Applicant:
    """The person filing (người nộp hồ sơ). Text is NFC with its diacritics."""

    full_name: str
    id_number: str  # 12-digit personal ID (CCCD)
    date_of_birth: date
    sex: Sex
    phone: str  # normalised: 0xxxxxxxxx
    address: str
    email: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One document handed over, counted and compared at the counter."""

    name: str
    kind: DocumentKind
    count: int = 1


@dataclass(frozen=True)
class FeeLine:
    code: str
    name: str
    amount: int  # VND


@dataclass(frozen=True)
class Office:
    """The receiving unit: the commune cultural post office and its parent."""

    unit_code: str  # QCVN 102:2016 identifier, e.g. 000.00.04.H40
    name: str  # "Bưu điện văn hóa xã Kỳ Bắc"
    parent_name: str  # "BƯU ĐIỆN TỈNH HÀ TĨNH"
    address: str = ""
    phone: str = ""
    province: str = ""
    commune: str = ""
    tracking_url: str = ""  # QR target prefix; the dossier code is appended


@dataclass(frozen=True)
class Dossier:
    id: str  # client-generated UUID
    code: str  # mã hồ sơ, TT 01/2018 Art 19
    s10: str  # UPU S10 item identifier on the label
    procedure_code: str
    procedure_name: str
    agency: str
    applicant: Applicant
    received_at: datetime  # aware, +07:00
    appointment_at: datetime  # aware, +07:00
    handover_due: date  # the day the dossier is due at the agency (J + transit)
    processing_days: int
    return_method: ReturnMethod
    documents: tuple[DocumentLine, ...]
    fees: tuple[FeeLine, ...]
    postage: int
    status: DossierStatus = DossierStatus.RECEIVED
    delivery_address: str = ""
    pages: int = 0
    copies: int = 1
    note: str = ""
    staff: str = ""
    device_id: str = ""
    sets: int = 1  # số lượng hồ sơ (bộ)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def fees_total(self) -> int:
        return sum(f.amount for f in self.fees)

    @property
    def total(self) -> int:
        return self.fees_total + self.postage
