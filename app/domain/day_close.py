"""End-of-day close (Chốt ngày): the day's figures, the cash count, the manifest and its hash.

Pure: the storage layer gathers the rows, this module turns them into the figures a supervisor
signs. The manifest is the day's sealed statement (counts, money, the hash of the day's events);
its SHA-256 over canonical JSON is what the report prints and the hub acknowledges. The hub
imports this module too (``events_digest``, ``manifest_sha256``, ``compare_codes``), so both
sides compute the same digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.domain.dossier import DossierStatus
from app.domain.errors import DomainError, FieldError, ValidationFailed
from app.domain.text import format_vn_date, format_vnd

MANIFEST_VERSION = 1
DAY_CLOSED = "day.closed"  # the event that seals a day (its actor is the supervisor)
DAY_ACKNOWLEDGED = "day.acknowledged"  # the hub's acknowledgement, applied at the counter
THRESHOLD_SETTING = "day_close.threshold"  # VND; a larger difference needs a reason
DEFAULT_THRESHOLD = 0  # any difference needs a reason unless the office says otherwise
# What SQLite's trigger raises when an event would land on a closed day (app.storage.db maps it).
DAY_CLOSED_SQL_MESSAGE = "day_closed"

# Vietnamese banknotes in circulation (polymer 10.000–500.000 đ, cotton 500–5.000 đ). Coins are
# no longer issued and the counter's till does not take them.
DENOMINATIONS: tuple[int, ...] = (
    500_000,
    200_000,
    100_000,
    50_000,
    20_000,
    10_000,
    5_000,
    2_000,
    1_000,
    500,
)

# A sealed batch's dossier still in one of these has not been signed for by the agency: every
# later status comes from the agency through the hub's feed (a withdrawn one is nobody's to sign).
_NOT_SIGNED_FOR = frozenset({DossierStatus.RECEIVED.value, DossierStatus.IN_TRANSIT.value})


class DayClosed(DomainError):
    """A change dated on a closed day; raised for the SQLite trigger's abort."""

    def __init__(self, day: date | None = None) -> None:
        which = f"Ngày {format_vn_date(day)}" if day else "Ngày làm việc này"
        super().__init__(
            f"{which} đã chốt (Chốt ngày), không ghi thêm thay đổi vào ngày đó được. "
            "Hãy làm việc này vào ngày làm việc sau; nếu cần sửa số liệu của ngày đã chốt, "
            "ghi điều chỉnh vào ngày sau."
        )
        self.day = day


# ---------------------------------------------------------------- the figures


@dataclass(frozen=True)
class ProcedureCount:
    code: str
    name: str
    count: int
    fees: int
    postage: int


@dataclass(frozen=True)
class StatusCount:
    status: str  # DossierStatus value (or an unknown one, shown as is)
    count: int

    @property
    def label(self) -> str:
        try:
            return DossierStatus(self.status).label
        except ValueError:
            return self.status


@dataclass(frozen=True)
class BatchLine:
    """A hand-over batch sealed on the day; ``awaiting``: dossiers the agency has not signed."""

    number: str
    agency: str
    sealed_at: str
    count: int
    awaiting: int

    @property
    def confirmed(self) -> bool:
        return self.awaiting == 0


@dataclass(frozen=True)
class Money:
    fees: int  # phí, lệ phí of the dossiers received on the day
    postage: int  # cước of the same dossiers
    collected_at_returns: int  # amounts collected when results were handed over on the day
    returns: int  # how many results were handed over on the day

    @property
    def expected(self) -> int:
        return self.fees + self.postage + self.collected_at_returns


@dataclass(frozen=True)
class EventSpan:
    """The day's events on this device up to the close: the span and the digest of their hashes."""

    first_seq: int | None
    last_seq: int | None
    count: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "count": self.count,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class DayFigures:
    day: date
    codes: tuple[str, ...]  # dossiers received on the day, in code order
    procedures: tuple[ProcedureCount, ...]
    statuses: tuple[StatusCount, ...]
    money: Money
    batches: tuple[BatchLine, ...]
    events: EventSpan
    unsynced: int  # events of the day the hub has not acknowledged yet
    unsynced_first_seq: int | None = None

    @property
    def dossiers(self) -> int:
        return len(self.codes)


def awaiting_agency(status: str) -> bool:
    """True while a handed-over dossier waits for the agency to sign the hand-over record."""
    return status in _NOT_SIGNED_FOR


def events_digest(hashes: Iterable[str]) -> str:
    """SHA-256 over the events' chain hashes in seq order, one per line (LF after each)."""
    digest = hashlib.sha256()
    for value in hashes:
        digest.update(value.encode("ascii") + b"\n")
    return digest.hexdigest()


def event_span(rows: Sequence[tuple[int, str]]) -> EventSpan:
    """The span of (seq, hash) rows already in seq order."""
    if not rows:
        return EventSpan(None, None, 0, events_digest(()))
    return EventSpan(rows[0][0], rows[-1][0], len(rows), events_digest(h for _s, h in rows))


# ---------------------------------------------------------------- cash


@dataclass(frozen=True)
class CashCount:
    """What the supervisor counted: by denomination (highest first) when given, and the total."""

    total: int
    denominations: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "denominations": {str(value): count for value, count in self.denominations},
        }


_CASH_LABEL = "Tiền mặt đã đếm"


def _cash_error(message: str) -> ValidationFailed:
    return ValidationFailed([FieldError("cash", _CASH_LABEL, message)])


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().replace(".", "").isdigit():
        return int(value.strip().replace(".", ""))  # "500.000" as a Vietnamese form writes it
    return None


def count_cash(
    denominations: Mapping[int | str, int | str] | None = None, total: int | None = None
) -> CashCount:
    """The counted cash from a count per denomination, or a total, or both when they agree."""
    if denominations is None and total is None:
        raise _cash_error("Nhập số tiền mặt đã đếm: tổng số tiền, hoặc số tờ của từng mệnh giá.")
    lines: dict[int, int] = {}
    for raw_value, raw_count in (denominations or {}).items():
        value, count = _whole(raw_value), _whole(raw_count)
        if value is None or value not in DENOMINATIONS:
            allowed = ", ".join(format_vnd(v) for v in sorted(DENOMINATIONS))
            raise _cash_error(f"Không có tờ tiền mệnh giá «{raw_value}». Mệnh giá dùng: {allowed}.")
        if count is None or count < 0:
            raise _cash_error(
                f"Số tờ {format_vnd(value)} phải là số nguyên không âm (nhập «{raw_count}»)."
            )
        lines[value] = lines.get(value, 0) + count
    by_notes = sum(value * count for value, count in lines.items())
    if total is not None:
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise _cash_error("Tổng tiền mặt phải là số nguyên không âm (đồng).")
        if denominations is not None and total != by_notes:
            raise _cash_error(
                f"Tổng {format_vnd(total)} không khớp số tờ đã đếm ({format_vnd(by_notes)}). "
                "Đếm lại, hoặc chỉ nhập một trong hai."
            )
    counted = by_notes if denominations is not None else int(total or 0)
    ordered = tuple((v, lines[v]) for v in DENOMINATIONS if lines.get(v))
    return CashCount(counted, ordered)


def check_reason(difference: int, threshold: int, reason: str) -> None:
    """Refuse a difference above the threshold that has no reason written down."""
    if abs(difference) > max(0, threshold) and not reason.strip():
        kind = "thừa" if difference > 0 else "thiếu"
        limit = "" if threshold <= 0 else f" (mức cho phép {format_vnd(threshold)})"
        raise ValidationFailed(
            [
                FieldError(
                    "reason",
                    "Lý do chênh lệch",
                    f"Tiền mặt {kind} {format_vnd(abs(difference))} so với số phải thu{limit}. "
                    "Ghi lý do chênh lệch rồi chốt lại.",
                )
            ]
        )


# ---------------------------------------------------------------- the manifest


def canonical_json(value: object) -> str:
    """Same spelling as app.storage.events.canonical_json and the hub's: one text per value."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def manifest_sha256(manifest: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(manifest).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Supervisor:
    username: str
    display_name: str


def build_manifest(
    figures: DayFigures,
    cash: CashCount,
    *,
    reason: str,
    device_id: str,
    office_code: str,
    office_name: str,
    supervisor: Supervisor,
    closed_at: datetime,
) -> dict[str, Any]:
    """The day's sealed statement, appended as the ``day.closed`` event and sent to the hub."""
    money = figures.money
    return {
        "version": MANIFEST_VERSION,
        "day": figures.day.isoformat(),
        "device_id": device_id,
        "office": {"code": office_code, "name": office_name},
        "closed_at": closed_at.isoformat(),
        "supervisor": {"username": supervisor.username, "name": supervisor.display_name},
        "counts": {
            "dossiers": figures.dossiers,
            "by_procedure": [
                {
                    "code": p.code,
                    "name": p.name,
                    "count": p.count,
                    "fees": p.fees,
                    "postage": p.postage,
                }
                for p in figures.procedures
            ],
            "by_status": {s.status: s.count for s in figures.statuses},
            "returns": money.returns,
        },
        "totals": {
            "fees": money.fees,
            "postage": money.postage,
            "collected_at_returns": money.collected_at_returns,
            "expected": money.expected,
            "counted": cash.total,
            "difference": cash.total - money.expected,
        },
        "cash": cash.as_dict(),
        "reason": reason,
        "dossiers": list(figures.codes),
        "batches": [
            {
                "number": b.number,
                "agency": b.agency,
                "sealed_at": b.sealed_at,
                "count": b.count,
                "awaiting": b.awaiting,
            }
            for b in figures.batches
        ],
        "events": figures.events.as_dict(),
        "unsynced": {"count": figures.unsynced, "first_seq": figures.unsynced_first_seq},
    }


def compare_codes(local: Iterable[str], hub: Iterable[str]) -> tuple[list[str], list[str]]:
    """(codes the hub lacks, codes only the hub has), each sorted."""
    mine, theirs = set(local), set(hub)
    return sorted(mine - theirs), sorted(theirs - mine)


# ---------------------------------------------------------------- the hub's acknowledgement


class Reconciliation(StrEnum):
    OPEN = "open"  # not closed
    PENDING = "pending"  # closed; the hub has not acknowledged yet
    MATCHED = "matched"  # the hub's figures agree
    MISMATCH = "mismatch"  # the hub acknowledged with differences

    @property
    def label(self) -> str:
        return RECONCILIATION_LABELS[self]


RECONCILIATION_LABELS = {
    Reconciliation.OPEN: "chưa chốt",
    Reconciliation.PENDING: "chưa đối soát với tỉnh",
    Reconciliation.MATCHED: "đã đối soát với tỉnh",
    Reconciliation.MISMATCH: "lệch với tỉnh",
}


@dataclass(frozen=True)
class HubAck:
    """The hub's ``day_ack`` feed item for one closed day of this device."""

    day: date
    device_id: str
    manifest_sha256: str
    hub_counts: dict[str, Any]
    missing_at_hub: tuple[str, ...]
    unknown_locally: tuple[str, ...]
    acknowledged_at: str
    events_match: bool | None = None  # None: the hub did not say
    batches: tuple[dict[str, Any], ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def hub_dossiers(self) -> int | None:
        value = self.hub_counts.get("dossiers")
        return value if isinstance(value, int) and not isinstance(value, bool) else None


def _codes(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise DomainError(f"trường «{key}» phải là danh sách mã hồ sơ.")
    return tuple(value)


def parse_ack(data: Mapping[str, Any]) -> HubAck:
    """Read a ``day_ack`` item; DomainError (Vietnamese) when it is not one."""
    try:
        day = date.fromisoformat(str(data.get("day", "")))
    except ValueError:
        raise DomainError("ngày «day» phải có dạng YYYY-MM-DD.") from None
    sha = data.get("manifest_sha256")
    if not isinstance(sha, str) or len(sha) != 64:
        raise DomainError("thiếu mã băm «manifest_sha256» của bảng chốt ngày.")
    counts = data.get("hub_counts", {})
    if not isinstance(counts, dict):
        raise DomainError("trường «hub_counts» phải là một đối tượng.")
    match = data.get("events_match")
    batches = data.get("batches", [])
    if not isinstance(batches, list):
        batches = []
    return HubAck(
        day=day,
        device_id=str(data.get("device_id", "")),
        manifest_sha256=sha,
        hub_counts=counts,
        missing_at_hub=_codes(data, "missing_at_hub"),
        unknown_locally=_codes(data, "unknown_locally"),
        acknowledged_at=str(data.get("acknowledged_at", "")),
        events_match=match if isinstance(match, bool) else None,
        batches=tuple(b for b in batches if isinstance(b, dict)),
        raw=dict(data),
    )


def ack_problems(local_sha256: str, ack: HubAck) -> list[str]:
    """What the hub found different, in Vietnamese; empty when the day reconciles."""
    problems: list[str] = []
    if ack.manifest_sha256 != local_sha256:
        problems.append(
            "Mã băm bảng chốt ngày ở tỉnh khác ở quầy: bảng chốt đã bị sửa trên đường truyền "
            "hoặc trong cơ sở dữ liệu."
        )
    if ack.events_match is False:
        problems.append("Mã băm các sự kiện trong ngày ở tỉnh khác ở quầy.")
    if ack.missing_at_hub:
        problems.append(
            f"Tỉnh chưa có {len(ack.missing_at_hub)} hồ sơ quầy đã nhận: "
            + ", ".join(ack.missing_at_hub)
            + "."
        )
    if ack.unknown_locally:
        problems.append(
            f"Tỉnh có {len(ack.unknown_locally)} hồ sơ quầy không có: "
            + ", ".join(ack.unknown_locally)
            + "."
        )
    return problems


def reconciliation(local_sha256: str | None, ack: HubAck | None) -> Reconciliation:
    if local_sha256 is None:
        return Reconciliation.OPEN
    if ack is None:
        return Reconciliation.PENDING
    return Reconciliation.MISMATCH if ack_problems(local_sha256, ack) else Reconciliation.MATCHED
