"""The procedure catalog: what a citizen may file at the counter and what it takes.

Facts come from the national TTHC database and the province's decisions; see docs/catalog.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class AgencyLevel(StrEnum):
    """Level of the deciding agency. There is no district level since 1/7/2025 (NĐ 118/2025)."""

    COMMUNE = "commune"  # UBND cấp xã
    PROVINCE = "province"  # sở, ngành, công an tỉnh
    CENTRAL = "central"  # bộ, ngành trung ương


class DocumentKind(StrEnum):
    ORIGINAL = "original"  # bản chính
    CERTIFIED_COPY = "certified_copy"  # bản sao chứng thực
    PHOTOCOPY = "photocopy"  # bản photo

    @property
    def label(self) -> str:
        return DOCUMENT_KIND_LABELS[self]


DOCUMENT_KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.ORIGINAL: "Bản chính",
    DocumentKind.CERTIFIED_COPY: "Bản sao chứng thực",
    DocumentKind.PHOTOCOPY: "Bản photo",
}


class FeeRule(StrEnum):
    FIXED = "fixed"  # a fixed amount per dossier (0 = free)
    PER_PAGE = "per_page"  # certified copies: a rate for the first pages, a lower one after, a cap
    PER_COPY = (
        "per_copy"  # ``amount`` for each copy asked for (e.g. copies of a civil-status extract)
    )


@dataclass(frozen=True)
class FeeItem:
    """One phí / lệ phí collected for the agency. Amounts are integer VND."""

    code: str
    name: str
    rule: FeeRule = FeeRule.FIXED
    amount: int = 0  # FIXED: the amount
    # PER_PAGE: ``first_rate`` per page for pages 1..first_pages, ``next_rate`` after,
    # at most ``cap_per_copy`` per copy.
    first_pages: int = 0
    first_rate: int = 0
    next_rate: int = 0
    cap_per_copy: int | None = None
    note: str = ""


@dataclass(frozen=True)
class RequiredDocument:
    """A line of the procedure's published document list (thành phần hồ sơ)."""

    name: str
    kind: DocumentKind
    count: int = 1
    optional: bool = False
    note: str = ""


@dataclass(frozen=True)
class Route:
    """Postal transit limits (TT 17/2017 Art 7), in working days counted from J.

    ``transit_days`` applies to the dossier going and to the result coming back;
    ``transit_days_with_slip`` when the appointment slip must come back first.
    Postage is what the citizen pays (QĐ 45 Art 12(3)), integer VND.
    """

    code: str
    name: str
    transit_days: int
    transit_days_with_slip: int
    postage_dossier: int = 0
    postage_result: int = 0


@dataclass(frozen=True)
class Procedure:
    code: str  # national code like 1.000948, or a provincial copy like 1.000948.H42
    name: str
    short_name: str  # fits on a 50×30 mm label
    field: str  # lĩnh vực, e.g. "Hộ tịch"
    agency: str  # deciding agency, e.g. "UBND xã"
    agency_level: AgencyLevel
    by_post: bool  # may be filed through the post (QĐ 45 Art 1(2))
    processing_days: int  # working days from hand-over; 0 = same day
    route: str  # Route.code
    cutoff_15h: bool = False  # received after 15:00 → the next working day
    not_by_post_reason: str = ""
    fees: tuple[FeeItem, ...] = ()
    documents: tuple[RequiredDocument, ...] = ()
    legal_basis: str = ""
    note: str = ""
    result_name: str = ""  # what the citizen gets back

    @property
    def same_day(self) -> bool:
        return self.processing_days == 0


@dataclass(frozen=True)
class Catalog:
    version: str
    routes: dict[str, Route] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)

    def procedure(self, code: str) -> Procedure | None:
        return self.procedures.get(code)
