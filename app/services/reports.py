"""The TT 17/2017 reports: volumes, on-time rate, refusals, lost or damaged, money; by day, month
or quarter and by procedure, on screen (``report``), as CSV, XLSX and PDF.

Reports carry figures only, so seeing and exporting them needs ``VIEW_REPORTS``; every export and
print is an event (``export.made`` / ``document.printed``) without personal data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.errors import DomainError
from app.domain.reports import (
    COLUMNS,
    EXPLANATION,
    ColumnKind,
    Figures,
    Grouping,
    Report,
    check_range,
    compute_report,
)
from app.domain.roles import Permission
from app.printing.report_pdf import render_report
from app.services import audit, authz
from app.services.workstation import Workstation
from app.storage import book_repo
from app.storage.db import transaction
from app.storage.events import append_event

EXPORT_MADE = "export.made"


def report(ws: Workstation, start: date, end: date, grouping: Grouping | str = "month") -> Report:
    """The figures for [start, end] grouped by ``grouping``: the data behind charts and exports."""
    authz.require(ws, Permission.VIEW_REPORTS)
    grouping = _grouping(grouping)
    return _compute(ws, start, end, (grouping,))[grouping]


def _grouping(value: Grouping | str) -> Grouping:
    try:
        return Grouping(value)
    except ValueError:
        raise DomainError(
            f"Không có cách nhóm «{value}»; chọn theo ngày (day), tháng (month) hoặc quý (quarter)."
        ) from None


def _compute(
    ws: Workstation, start: date, end: date, groupings: Sequence[Grouping]
) -> dict[Grouping, Report]:
    check_range(start, end)
    number_books(ws, start, end)
    facts = book_repo.report_facts(ws.db, start, end)
    now = ws.now()
    calendar = ws.calendar
    return {g: compute_report(facts, start, end, g, calendar, now=now) for g in groupings}


def number_books(ws: Workstation, start: date, end: date) -> None:
    """Give book numbers to the dossiers of the years in [start, end] that have none yet."""
    years = book_repo.years_with_unnumbered(ws.db, start, end)
    if years:
        with transaction(ws.db):
            for year in years:
                book_repo.assign_missing(ws.db, year)


def record_output(ws: Workstation, payload: Mapping[str, Any], *, personal: bool = False) -> None:
    """The audit trail of an export or a print: what, which period, how many lines, never whose
    data. A PDF is ``document.printed`` (app.services.audit.record_print), a CSV or XLSX file
    ``export.made`` with the keys audit.record_export uses (``what``, ``rows``, ``personal``)."""
    details = dict(payload)
    kind = str(details.pop("kind"))
    if details["format"] == "pdf":
        audit.record_print(ws, kind, details={**details, "personal": personal})
        return
    with transaction(ws.db):
        append_event(
            ws.db,
            device_id=ws.device_id,
            type=EXPORT_MADE,
            entity_id="",
            payload={
                "what": f"{kind}.{details['format']}",
                "rows": int(details.get("count", 0)),
                "personal": personal,
                "kind": kind,
                **details,
            },
            at=ws.now(),
            actor=ws.staff,
        )


# ---------------------------------------------------------------- JSON (CLI, UI)


def figures_dict(figures: Figures) -> dict[str, Any]:
    return {**asdict(figures), "money": figures.money, "on_time_rate": figures.on_time_rate}


def report_dict(r: Report) -> dict[str, Any]:
    return {
        "start": r.start.isoformat(),
        "end": r.end.isoformat(),
        "grouping": r.grouping.value,
        "as_of": r.as_of.isoformat(),
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind.value} for c in COLUMNS],
        "rows": [
            {
                "label": row.period.label,
                "start": row.period.start.isoformat(),
                "end": row.period.end.isoformat(),
                **figures_dict(row.figures),
            }
            for row in r.rows
        ],
        "totals": figures_dict(r.totals),
        "by_procedure": [
            {"code": p.code, "name": p.name, **figures_dict(p.figures)} for p in r.by_procedure
        ],
    }


# ---------------------------------------------------------------- tables for CSV and XLSX


@dataclass(frozen=True)
class Sheet:
    """One table of an export: a few title lines, a header, rows and an optional totals line."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    totals: Sequence[object] | None = None
    titles: Sequence[str] = ()
    formats: Mapping[int, str] = field(default_factory=dict)  # column index → number format
    widths: Sequence[float] = ()


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, so Excel on Windows opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: object) -> object:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return value


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per table. The totals are values the service computed: openpyxl
    cannot store a SUM() together with its result, and a formula without one shows empty in
    viewers that do not recalculate."""
    from openpyxl import Workbook  # imported on use: ~150 ms, only exports need it
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EBEBEB")
    for spec in sheets:
        sheet = book.create_sheet(spec.name[:31])
        for line in spec.titles:
            sheet.append([line])
        if spec.titles:
            sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
            sheet.append([])
        sheet.append(list(spec.header))
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = bold
            cell.fill = grey
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for row in spec.rows:
            sheet.append([_xlsx_value(v) for v in row])
        if spec.totals is not None:
            sheet.append([_xlsx_value(v) for v in spec.totals])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        for index, number_format in spec.formats.items():
            for (cell,) in sheet.iter_rows(
                min_row=header_row + 1, min_col=index + 1, max_col=index + 1
            ):
                cell.number_format = number_format
        for index, width in enumerate(spec.widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: object) -> object:
    if isinstance(value, datetime):
        # Excel has no time zones: the counter's local time, as printed on the forms.
        return value.replace(tzinfo=None)
    return value


TOTAL_LABEL = "Tổng cộng"
_NUMBER_FORMATS = {
    ColumnKind.COUNT: "#,##0",
    ColumnKind.SNAPSHOT: "#,##0",
    ColumnKind.MONEY: "#,##0",
    ColumnKind.RATE: "0.0",
}


def _values(figures: Figures) -> list[object]:
    return [c.value(figures) for c in COLUMNS]


def period_sheet(r: Report, titles: Sequence[str] = ()) -> Sheet:
    first = 3
    return Sheet(
        name=r.grouping.label,
        header=["Kỳ", "Từ ngày", "Đến ngày", *(c.label for c in COLUMNS)],
        rows=[
            [row.period.label, row.period.start, row.period.end, *_values(row.figures)]
            for row in r.rows
        ],
        totals=[TOTAL_LABEL, r.start, r.end, *_values(r.totals)],
        titles=titles,
        formats={
            1: "dd/mm/yyyy",
            2: "dd/mm/yyyy",
            **{first + i: _NUMBER_FORMATS[c.kind] for i, c in enumerate(COLUMNS)},
        },
        widths=[16, 11, 11, *(13 if c.kind is ColumnKind.MONEY else 10 for c in COLUMNS)],
    )


def procedure_sheet(r: Report, titles: Sequence[str] = ()) -> Sheet:
    first = 2
    return Sheet(
        name="Theo thủ tục",
        header=["Mã thủ tục", "Tên thủ tục", *(c.label for c in COLUMNS)],
        rows=[[p.code, p.name, *_values(p.figures)] for p in r.by_procedure],
        totals=[TOTAL_LABEL, "", *_values(r.totals)],
        titles=titles,
        formats={first + i: _NUMBER_FORMATS[c.kind] for i, c in enumerate(COLUMNS)},
        widths=[12, 40, *(13 if c.kind is ColumnKind.MONEY else 10 for c in COLUMNS)],
    )


def _titles(ws: Workstation, start: date, end: date) -> list[str]:
    office = ws.office
    return [
        "BÁO CÁO TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ TTHC QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH",
        f"{office.name} ({office.unit_code}) — từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
        f"Lập lúc {ws.now():%H:%M ngày %d/%m/%Y} — Thông tư 17/2017/TT-BTTTT",
    ]


# ---------------------------------------------------------------- exports


def report_xlsx(ws: Workstation, start: date, end: date) -> bytes:
    """One workbook: a sheet by day, by month and by quarter, one by procedure, and the notes."""
    authz.require(ws, Permission.VIEW_REPORTS)
    reports = _compute(ws, start, end, tuple(Grouping))
    titles = _titles(ws, start, end)
    sheets = [period_sheet(reports[g], titles) for g in Grouping]
    sheets.append(procedure_sheet(reports[Grouping.MONTH], titles))
    sheets.append(Sheet(name="Giải thích", header=["Cách tính"], rows=[[EXPLANATION]]))
    data = xlsx_bytes(sheets)
    record_output(ws, _payload("xlsx", start, end, None, len(reports[Grouping.DAY].rows)))
    return data


def report_csv(ws: Workstation, start: date, end: date, grouping: Grouping | str) -> bytes:
    """The periods, the totals line and the procedures in one table; column «Phần» says which."""
    authz.require(ws, Permission.VIEW_REPORTS)
    grouping = _grouping(grouping)
    r = _compute(ws, start, end, (grouping,))[grouping]
    header = ["Phần", "Kỳ / thủ tục", "Từ ngày", "Đến ngày", *(c.label for c in COLUMNS)]
    rows: list[list[object]] = [
        [grouping.label, row.period.label, row.period.start, row.period.end, *_values(row.figures)]
        for row in r.rows
    ]
    rows.append([TOTAL_LABEL, TOTAL_LABEL, r.start, r.end, *_values(r.totals)])
    rows.extend(
        ["Theo thủ tục", f"{p.name} ({p.code})", r.start, r.end, *_values(p.figures)]
        for p in r.by_procedure
    )
    data = csv_bytes(header, rows)
    record_output(ws, _payload("csv", start, end, grouping, len(rows)))
    return data


def report_pdf(ws: Workstation, start: date, end: date, grouping: Grouping | str) -> bytes:
    authz.require(ws, Permission.VIEW_REPORTS)
    grouping = _grouping(grouping)
    r = _compute(ws, start, end, (grouping,))[grouping]
    pdf = render_report(r, ws.office, printed_at=ws.now())
    record_output(ws, _payload("pdf", start, end, grouping, len(r.rows)))
    return pdf


def _payload(
    fmt: str, start: date, end: date, grouping: Grouping | None, count: int
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": "report",
        "format": fmt,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "count": count,
    }
    if grouping is not None:
        payload["grouping"] = grouping.value
    return payload
