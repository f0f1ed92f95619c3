"""The lookup screen's use cases: filtered lists of dossiers, a page at a time, and one dossier.

Plain Python over storage; the screen runs every function that takes ``ws`` on its database
thread. The list is built in two steps so the first rows appear at once even over a million
dossiers: ``first_page`` (the newest page, tens of milliseconds) and then ``matching_rowids``
(every matching rowid, newest first, in one query); rows for the rest come with ``rows_for``.
Long queries take ``cancelled`` and stop with ``QueryCancelled`` once it turns true.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.dossier import DossierStatus
from app.domain.dossier_code import parse_dossier_code
from app.domain.errors import DomainError
from app.domain.s10 import parse_s10
from app.services.lookup import DossierDetail, fts_query, show
from app.services.workstation import VN_TZ, Workstation
from app.storage.dossier_query import (
    Cancelled,
    DossierQuery,
    count_matching,
    first_rowids,
    rows_by_rowid,
)
from app.storage.dossier_query import QueryCancelled as QueryCancelled  # re-exported for callers
from app.storage.dossier_query import matching_rowids as _matching_rowids

PAGE_SIZE = 200


@dataclass(frozen=True)
class DossierFilter:
    """What the person asked for; empty text and ``None`` mean "any"."""

    text: str = ""
    status: str | None = None
    procedure_code: str | None = None
    received_from: date | None = None
    received_to: date | None = None


@dataclass(frozen=True, slots=True)
class LookupRow:
    """One line of the result table, already formatted for people."""

    rowid: int
    code: str
    s10: str
    applicant: str
    procedure_code: str
    procedure_name: str
    received: str  # dd/mm/yyyy HH:MM
    appointment: str  # dd/mm/yyyy HH:MM
    status: str
    status_label: str


@dataclass(frozen=True)
class FirstPage:
    rows: list[LookupRow]
    complete: bool  # True when ``rows`` are all the matches (no need to fetch the rowids)


def _short_datetime(iso: object) -> str:
    try:
        moment = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return f"{moment:%d/%m/%Y %H:%M}"


def status_label(status: str) -> str:
    try:
        return DossierStatus(status).label
    except ValueError:
        return status


def status_choices() -> list[tuple[str, str]]:
    """(value, Vietnamese label) for the status filter."""
    return [(s.value, s.label) for s in DossierStatus]


def procedure_choices(ws: Workstation) -> list[tuple[str, str]]:
    """(code, name) of every catalog procedure, by name, for the procedure filter."""
    procedures = sorted(ws.catalog.procedures.values(), key=lambda p: (p.name, p.code))
    return [(p.code, p.name) for p in procedures]


def exact_code(text: str) -> tuple[str, str] | None:
    """("code", CODE) or ("s10", S10) when ``text`` is a whole dossier code or S10 (a scan)."""
    value = text.strip()
    if not value:
        return None
    try:
        return "code", str(parse_dossier_code(value))
    except DomainError:
        pass
    try:
        return "s10", str(parse_s10(value))
    except DomainError:
        return None


def is_code_like(text: str) -> bool:
    """Whether Enter on this text should open one dossier rather than filter (no database)."""
    return exact_code(text) is not None


def to_query(f: DossierFilter) -> DossierQuery:
    """The storage query for a filter. Raises DomainError for a reversed date range."""
    if f.received_from and f.received_to and f.received_from > f.received_to:
        raise DomainError(
            f"Từ ngày {f.received_from:%d/%m/%Y} sau đến ngày {f.received_to:%d/%m/%Y}. "
            "Hãy chọn lại khoảng ngày nhận."
        )
    code = s10 = match = None
    exact = exact_code(f.text)
    if exact is not None:
        kind, value = exact
        code, s10 = (value, None) if kind == "code" else (None, value)
    else:
        match = fts_query(f.text)
    return DossierQuery(
        status=f.status or None,
        procedure_code=f.procedure_code or None,
        day_from=f.received_from.isoformat() if f.received_from else None,
        day_to=f.received_to.isoformat() if f.received_to else None,
        match=match,
        code=code,
        s10=s10,
    )


def _row(r: dict[str, object]) -> LookupRow:
    status = str(r["status"])
    return LookupRow(
        rowid=int(r["rowid"]),  # type: ignore[call-overload]
        code=str(r["code"]),
        s10=str(r["s10"]),
        applicant=str(r["full_name"]),
        procedure_code=str(r["procedure_code"]),
        procedure_name=str(r["procedure_name"]),
        received=_short_datetime(r["received_at"]),
        appointment=_short_datetime(r["appointment_at"]),
        status=status,
        status_label=status_label(status),
    )


def rows_for(ws: Workstation, rowids: Sequence[int]) -> list[LookupRow]:
    """Rows for these rowids, in their order; rowids no longer present are skipped."""
    return [_row(r) for r in rows_by_rowid(ws.db, rowids)]


def first_page(
    ws: Workstation,
    f: DossierFilter,
    size: int = PAGE_SIZE,
    *,
    cancelled: Cancelled | None = None,
) -> FirstPage:
    """The newest ``size`` matches, and whether there are no more.

    ``cancelled`` is polled while the query runs; when it turns true the query stops with
    ``QueryCancelled`` (the person already asked for something else).
    """
    ids = first_rowids(ws.db, to_query(f), size + 1, cancelled=cancelled)
    complete = len(ids) <= size
    return FirstPage(rows_for(ws, ids[:size]), complete)


def matching_rowids(
    ws: Workstation, f: DossierFilter, *, cancelled: Cancelled | None = None
) -> array[int]:
    """Every matching rowid, newest first (8 bytes each), in one query."""
    return _matching_rowids(ws.db, to_query(f), cancelled=cancelled)


def count(ws: Workstation, f: DossierFilter) -> int:
    return count_matching(ws.db, to_query(f))


def open_detail(ws: Workstation, code: str) -> DossierDetail:
    """One dossier with its procedure and events, by code or S10; DomainError if unknown."""
    exact = exact_code(code)
    return show(ws, exact[1] if exact else code)
