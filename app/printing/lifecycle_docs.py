"""What the lifecycle documents print: plain values the services layer fills from its records.

Each value checks, when it is made, what its printed form cannot do without, so a form is never
printed with a hole where the law expects content (a refusal without its reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.errors import DomainError


def _require(text: str, message: str) -> None:
    if not text.strip():
        raise DomainError(message)


@dataclass(frozen=True)
class HandoverLine:
    """One dossier in a hand-over batch, as its row in the Biên bản giao nhận."""

    code: str  # mã hồ sơ
    s10: str  # số hiệu bưu gửi on the dossier's envelope
    procedure_name: str
    applicant_name: str
    sets: int  # số bộ hồ sơ
    note: str = ""

    def __post_init__(self) -> None:
        _require(self.code, "Một dòng của biên bản giao nhận thiếu mã hồ sơ.")
        if self.sets < 1:
            raise DomainError(
                f"Hồ sơ {self.code}: số bộ hồ sơ phải từ 1 trở lên, hãy kiểm tra lại hồ sơ."
            )


@dataclass(frozen=True)
class HandoverSheet:
    """A sealed batch: the dossiers carried together to one agency (event ``handover.sealed``)."""

    number: str  # BG-YYYYMMDD-NN, unique per counter; printed as Code 128
    agency: str
    sealed_at: datetime  # aware, +07:00
    staff: str  # the post office's person who hands the batch over
    lines: tuple[HandoverLine, ...]

    def __post_init__(self) -> None:
        _require(self.number, "Biên bản giao nhận chưa có số; hãy niêm phong lại túi hồ sơ.")
        _require(self.agency, f"Biên bản {self.number} chưa ghi cơ quan nhận hồ sơ.")
        if not self.lines:
            raise DomainError(
                f"Biên bản {self.number} không có hồ sơ nào; hãy chọn hồ sơ cần bàn giao."
            )

    @property
    def total_sets(self) -> int:
        return sum(line.sets for line in self.lines)


@dataclass(frozen=True)
class SupplementRequest:
    """Mẫu 02: what the agency asks the citizen to add or complete."""

    items: tuple[str, ...]
    reason: str
    agency: str
    requested_at: datetime  # aware, +07:00

    def __post_init__(self) -> None:
        if not any(item.strip() for item in self.items):
            raise DomainError(
                "Phiếu yêu cầu bổ sung phải ghi ít nhất một nội dung cần bổ sung, hoàn thiện."
            )


@dataclass(frozen=True)
class Refusal:
    """Mẫu 03: the agency will not take or decide the dossier, and why."""

    reason: str
    agency: str
    refused_at: datetime  # aware, +07:00

    def __post_init__(self) -> None:
        _require(
            self.reason,
            "Phiếu từ chối phải ghi rõ lý do từ chối; hãy nhập lý do cơ quan giải quyết đưa ra.",
        )


@dataclass(frozen=True)
class Apology:
    """Mẫu 04: the result is late; the apology and the new appointment."""

    reason: str
    new_appointment_at: datetime  # aware, +07:00
    original_appointment_at: datetime
    made_at: datetime  # when the apology was issued

    def __post_init__(self) -> None:
        _require(self.reason, "Phiếu xin lỗi phải ghi lý do chậm trả kết quả.")
        if self.new_appointment_at <= self.original_appointment_at:
            raise DomainError(
                "Ngày hẹn trả kết quả mới phải sau ngày hẹn cũ; hãy chọn lại ngày hẹn mới."
            )


@dataclass(frozen=True)
class ControlStep:
    """One row of Mẫu 05: the dossier passed from one party to another."""

    who_from: str  # bên giao
    who_to: str  # bên nhận
    at: datetime
    result: str = ""  # "Trước hạn" / "Đúng hạn" / "Quá hạn", when the step closes a deadline
    note: str = ""


class InvitationMethod(StrEnum):
    """How the citizen was invited (the ``dossier_contacts.method`` values)."""

    LETTER = "letter"
    CALL = "call"
    DELIVERY_ATTEMPT = "delivery_attempt"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS: dict[InvitationMethod, str] = {
    InvitationMethod.LETTER: "Gửi giấy mời",
    InvitationMethod.CALL: "Gọi điện thoại",
    InvitationMethod.DELIVERY_ATTEMPT: "Phát tận nhà không thành công",
}


@dataclass(frozen=True)
class Invitation:
    """An invitation to collect the result (TT 17/2017 Art 10; event ``dossier.invitation``)."""

    number: int  # 1 for the first invitation, 2 for the second …
    on: date
    method: InvitationMethod
    note: str = ""

    def __post_init__(self) -> None:
        if self.number < 1:
            raise DomainError("Số lần mời phải từ 1 trở lên.")
