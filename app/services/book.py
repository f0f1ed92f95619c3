"""Sổ theo dõi hồ sơ (Mẫu 06): the year's book, on paper or as CSV/XLSX, and lost or damaged
dossiers.

The book lists names, addresses and phones, so reading it out of the counter (print or export)
needs ``EXPORT_PERSONAL``. Book numbers are given lazily (here, or by a report) and never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.dossier import DossierStatus
from app.domain.errors import DomainError
from app.domain.reports import BookEntry, IncidentKind, book_notes
from app.domain.roles import Permission
from app.domain.text import nfc
from app.printing.tracking_book import render_tracking_book
from app.services import authz
from app.services.reports import (
    Sheet,
    csv_bytes,
    record_output,
    xlsx_bytes,
)
from app.services.workstation import Workstation
from app.storage import book_repo
from app.storage.db import transaction
from app.storage.events import append_event
from app.storage.lifecycle_repo import find_ref

BOOK_FORMATS = ("pdf", "csv", "xlsx")


def _range(year: int, start: date | None, end: date | None) -> tuple[date, date]:
    if not 2000 <= year <= 2100:
        raise DomainError(f"Năm {year} không hợp lệ; ghi năm của sổ, ví dụ 2027.")
    first, last = start or date(year, 1, 1), end or date(year, 12, 31)
    if first.year != year or last.year != year:
        raise DomainError(
            f"Sổ theo dõi đánh số theo từng năm: chọn khoảng ngày trong năm {year} "
            f"(từ 01/01/{year} đến 31/12/{year})."
        )
    if last < first:
        raise DomainError(
            f"Ngày kết thúc {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}; "
            "hãy đổi lại khoảng ngày."
        )
    return first, last


def assign_numbers(ws: Workstation, year: int) -> int:
    """Number the year's dossiers that have no book number yet (received order)."""
    with transaction(ws.db):
        return book_repo.assign_missing(ws.db, year)


def book_entries(
    ws: Workstation, year: int, start: date | None = None, end: date | None = None
) -> list[BookEntry]:
    """The book's lines for ``year`` (optionally only those received in [start, end])."""
    authz.require(ws, Permission.EXPORT_PERSONAL)
    first, last = _range(year, start, end)
    assign_numbers(ws, year)
    now, calendar = ws.now(), ws.calendar
    entries: list[BookEntry] = []
    for line in book_repo.book_lines(ws.db, year, first, last):
        f = line.facts
        entries.append(
            BookEntry(
                number=line.number,
                year=line.year,
                code=line.code,
                s10=line.s10,
                procedure_name=line.procedure_name,
                sets=line.sets,
                applicant_name=line.full_name,
                address=line.address,
                phone=line.phone,
                agency=line.agency,
                received_at=f.received_at,
                appointment_at=f.due,
                handed_over_at=f.first(DossierStatus.IN_TRANSIT),
                result_at=f.first(DossierStatus.RESULT_AT_COUNTER),
                returned_at=f.returned_at,
                receiver_name=line.receiver_name,
                proxy=line.proxy,
                status=f.status,
                notes=book_notes(f, calendar, now),
            )
        )
    return entries


def _nonempty(entries: list[BookEntry], year: int, first: date, last: date) -> None:
    if not entries:
        raise DomainError(
            f"Không có hồ sơ nào tiếp nhận từ {first:%d/%m/%Y} đến {last:%d/%m/%Y} (năm {year}); "
            "chọn khoảng ngày khác."
        )


def _payload(
    fmt: str, year: int, first: date, last: date, entries: list[BookEntry]
) -> dict[str, Any]:
    return {
        "kind": "tracking_book",
        "format": fmt,
        "year": year,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "count": len(entries),
        "numbers": [entries[0].number, entries[-1].number],
    }


def print_book(
    ws: Workstation, year: int, start: date | None = None, end: date | None = None
) -> bytes:
    """The book's pages as PDF (A4 landscape); recorded as ``document.printed``."""
    entries = book_entries(ws, year, start, end)
    first, last = _range(year, start, end)
    _nonempty(entries, year, first, last)
    pdf = render_tracking_book(
        entries, ws.office, year=year, start=first, end=last, printed_at=ws.now()
    )
    record_output(ws, _payload("pdf", year, first, last, entries), personal=True)
    return pdf


BOOK_HEADER = (
    "STT",
    "Năm",
    "Mã hồ sơ",
    "Số hiệu bưu gửi",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ",
    "Số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan",
    "Nhận kết quả từ cơ quan",
    "Trả kết quả",
    "Người nhận kết quả",
    "Trạng thái",
    "Ghi chú",
)


def _book_row(e: BookEntry) -> list[object]:
    receiver = e.receiver_name + (" (nhận thay)" if e.proxy and e.receiver_name else "")
    return [
        e.number,
        e.year,
        e.code,
        e.s10,
        e.procedure_name,
        e.sets,
        e.applicant_name,
        e.address,
        e.phone,
        e.agency,
        e.received_at,
        e.appointment_at,
        e.handed_over_at,
        e.result_at,
        e.returned_at,
        receiver,
        e.status.label,
        e.note,
    ]


def export_book(
    ws: Workstation,
    year: int,
    fmt: str,
    start: date | None = None,
    end: date | None = None,
) -> bytes:
    """The book as ``pdf``, ``csv`` (UTF-8 with BOM) or ``xlsx``; each export is an event."""
    if fmt == "pdf":
        return print_book(ws, year, start, end)
    if fmt not in BOOK_FORMATS:
        raise DomainError(f"Không xuất được sổ dạng «{fmt}»; chọn pdf, csv hoặc xlsx.")
    entries = book_entries(ws, year, start, end)
    first, last = _range(year, start, end)
    _nonempty(entries, year, first, last)
    rows = [_book_row(e) for e in entries]
    if fmt == "csv":
        data = csv_bytes(BOOK_HEADER, rows)
    else:
        stamp = "dd/mm/yyyy hh:mm"
        data = xlsx_bytes(
            [
                Sheet(
                    name=f"Sổ theo dõi {year}",
                    header=BOOK_HEADER,
                    rows=rows,
                    titles=[
                        f"SỔ THEO DÕI HỒ SƠ NĂM {year} (Mẫu 06)",
                        f"{ws.office.name} — từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}",
                    ],
                    formats={10: stamp, 11: stamp, 12: stamp, 13: stamp, 14: stamp},
                    widths=[6, 6, 26, 15, 36, 8, 24, 32, 13, 18, 16, 16, 16, 16, 16, 22, 16, 30],
                )
            ]
        )
    record_output(ws, _payload(fmt, year, first, last, entries), personal=True)
    return data


# ---------------------------------------------------------------- incidents


@dataclass(frozen=True)
class IncidentRecord:
    id: int
    code: str
    kind: IncidentKind
    at: datetime
    note: str


def record_incident(
    ws: Workstation, code_or_s10: str, kind: IncidentKind | str, note: str
) -> IncidentRecord:
    """A dossier (or its result) lost or damaged while the post held it (TT 17/2017 reports)."""
    authz.require(ws, Permission.WORK_COUNTER)
    try:
        kind = IncidentKind(kind)
    except ValueError:
        raise DomainError(
            f"Không có loại sự cố «{kind}»; chọn thất lạc (lost) hoặc hư hỏng (damaged)."
        ) from None
    text = nfc(note)
    if not text:
        raise DomainError("Ghi rõ sự việc: khi nào, ở đâu, giấy tờ nào bị thất lạc hoặc hư hỏng.")
    now = ws.now()
    with transaction(ws.db):
        ref = find_ref(ws.db, code_or_s10)
        if ref is None:
            raise DomainError(
                f"Không tìm thấy hồ sơ «{code_or_s10}». Gõ mã hồ sơ hoặc số hiệu bưu gửi."
            )
        if ref.status in (DossierStatus.RETURNED, DossierStatus.WITHDRAWN):
            raise DomainError(
                f"Hồ sơ {ref.code} đã «{ref.status.label}»: đã giao lại cho người dân, "
                "bưu điện không còn giữ nên không ghi sự cố được."
            )
        incident_id = book_repo.insert_incident(ws.db, ref.id, kind, now, text, ws.staff)
        payload: dict[str, Any] = {
            "code": ref.code,
            "kind": kind.value,
            "note": text,
            "at": now.isoformat(),
        }
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="dossier.incident",
            entity_id=ref.id,
            payload=payload,
            at=now,
            actor=ws.staff,
        )
    return IncidentRecord(incident_id, ref.code, kind, now, text)
