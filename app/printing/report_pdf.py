"""The TT 17/2017 report on paper: volumes, on-time rate, incidents and money, A4 landscape.

Two tables with the same columns: one row per day, month or quarter with a totals line, then one
row per procedure. Only figures: no names, phones or IDs, so anyone allowed to see reports may
print it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import takewhile

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.dossier import Office
from app.domain.reports import COLUMNS, EXPLANATION, Column, ColumnKind, Figures, Report
from app.domain.text import format_vn_datetime
from app.printing.a4 import heading
from app.printing.fonts import BOLD, REGULAR
from app.printing.layout import (
    BODY,
    CELL,
    CENTER_BOLD,
    CENTER_ITALIC,
    HEAD_CELL,
    MARGIN_X,
    NOTE,
    SUBTITLE,
    TITLE,
    build_pdf,
    esc,
    para,
    place_and_date,
    plain_table,
)

PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * MARGIN_X
TITLE_TEXT = "BÁO CÁO TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ THỦ TỤC HÀNH CHÍNH"

R_CELL = ParagraphStyle("r_cell", parent=CELL, fontSize=7, leading=8.4)
R_NUM = ParagraphStyle("r_num", parent=R_CELL, alignment=2)
R_HEAD = ParagraphStyle("r_head", parent=HEAD_CELL, fontSize=6.6, leading=7.9)
R_SECTION = ParagraphStyle("r_section", parent=BODY, fontName=BOLD, fontSize=9, leading=12)
R_BODY = ParagraphStyle("r_body", parent=BODY, fontSize=8.5, leading=11)

# Columns shown under a shared heading, with their own shorter label under it.
GROUPS: dict[str, tuple[str, str]] = {
    "returned": ("Đã trả kết quả", "Tổng số"),
    "early": ("Đã trả kết quả", "Trước hạn"),
    "on_time": ("Đã trả kết quả", "Đúng hạn"),
    "late": ("Đã trả kết quả", "Quá hạn"),
    "on_time_rate": ("Đã trả kết quả", "Tỉ lệ đúng hạn (%)"),
    "open_at_end": ("Cuối kỳ", "Đang giải quyết"),
    "overdue_at_end": ("Cuối kỳ", "Trong đó quá hạn"),
    "fees": ("Thu (đồng)", "Phí, lệ phí"),
    "postage": ("Thu (đồng)", "Cước"),
    "collected": ("Thu (đồng)", "Khi trả kết quả"),
    "money": ("Thu (đồng)", "Tổng"),
}
_WIDTH_OF = {
    ColumnKind.COUNT: 10.5 * mm,
    ColumnKind.RATE: 11 * mm,
    ColumnKind.SNAPSHOT: 11.5 * mm,
    ColumnKind.MONEY: 19 * mm,
}
NUMBER_WIDTHS = [_WIDTH_OF[c.kind] for c in COLUMNS]
FIRST_WIDTH = WIDTH - sum(NUMBER_WIDTHS)


def number_text(column: Column, value: int | float | None) -> str:
    """Figures as a Vietnamese reader writes them: 1.250.000 and 85,7."""
    if value is None:
        return "–"
    if column.kind is ColumnKind.RATE:
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def render_report(report: Report, office: Office, *, printed_at: datetime) -> bytes:
    return build_pdf(
        lambda: _story(report, office, printed_at),
        title=f"{TITLE_TEXT} {report.start:%d/%m/%Y}–{report.end:%d/%m/%Y}",
        author=office.name,
        footer=f"Báo cáo từ {report.start:%d/%m/%Y} đến {report.end:%d/%m/%Y} — {office.name}",
        pagesize=PAGE,
    )


def _story(report: Report, office: Office, printed_at: datetime) -> list[Flowable]:
    label = report.grouping.label.lower()
    return [
        heading(office, place_and_date(office.commune, printed_at.date()), width=WIDTH),
        Spacer(1, 3 * mm),
        para(TITLE_TEXT, TITLE),
        para("QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH", TITLE),
        para(
            "(Quyết định 45/2016/QĐ-TTg; Thông tư 17/2017/TT-BTTTT)",
            SUBTITLE,
        ),
        para(
            f"Kỳ báo cáo: từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}. "
            f"Số liệu tại {format_vn_datetime(min(printed_at, report.as_of))}.",
            SUBTITLE,
        ),
        Spacer(1, 3 * mm),
        para(f"I. Số liệu {esc(label)}", R_SECTION),
        _table(
            "Kỳ",
            [(r.period.label, r.figures) for r in report.rows],
            report.totals,
        ),
        Spacer(1, 3 * mm),
        para("II. Theo thủ tục hành chính", R_SECTION),
        _table(
            "Thủ tục hành chính",
            [(f"{p.name} ({p.code})", p.figures) for p in report.by_procedure],
            report.totals,
        ),
        Spacer(1, 2 * mm),
        para(f"Ghi chú: {esc(EXPLANATION)}", NOTE),
        KeepTogether([Spacer(1, 4 * mm), _signatures()]),
    ]


def _header_rows(first: str) -> tuple[list[list[object]], list[tuple[object, ...]]]:
    top: list[object] = [para(first, R_HEAD)]
    bottom: list[object] = [""]
    spans: list[tuple[object, ...]] = [("SPAN", (0, 0), (0, 1))]
    index = 1
    while index <= len(COLUMNS):
        column = COLUMNS[index - 1]
        group = GROUPS.get(column.key)
        if group is None:
            top.append(para(esc(column.label), R_HEAD))
            bottom.append("")
            spans.append(("SPAN", (index, 0), (index, 1)))
            index += 1
            continue
        name = group[0]
        members = list(
            takewhile(
                lambda c, name=name: GROUPS.get(c.key, ("",))[0] == name, COLUMNS[index - 1 :]
            )
        )
        top.append(para(esc(group[0]), R_HEAD))
        top.extend([""] * (len(members) - 1))
        bottom.extend(para(esc(GROUPS[c.key][1]), R_HEAD) for c in members)
        spans.append(("SPAN", (index, 0), (index + len(members) - 1, 0)))
        index += len(members)
    return [top, bottom], spans


def _numbers(figures: Figures, style: ParagraphStyle = R_NUM) -> list[object]:
    return [para(number_text(c, c.value(figures)), style) for c in COLUMNS]


def _table(first: str, rows: Sequence[tuple[str, Figures]], totals: Figures) -> Table:
    header, spans = _header_rows(first)
    body: list[list[object]] = [[para(esc(label), R_CELL), *_numbers(f)] for label, f in rows]
    if not rows:
        body.append([para("Không có số liệu trong kỳ.", R_CELL), *[""] * len(COLUMNS)])
    bold = ParagraphStyle("r_total", parent=R_NUM, fontName=BOLD)
    body.append([para("Tổng cộng", ParagraphStyle("r_tl", parent=R_CELL, fontName=BOLD))])
    body[-1].extend(_numbers(totals, bold))
    table = Table([*header, *body], colWidths=[FIRST_WIDTH, *NUMBER_WIDTHS], repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.92, 0.92, 0.92)),
                ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
                *spans,
            ]
        )
    )
    return table


def _signatures() -> Table:
    def block(title: str) -> list[Flowable]:
        return [
            para(title, CENTER_BOLD),
            para("(Ký, ghi rõ họ tên)", CENTER_ITALIC),
            Spacer(1, 16 * mm),
        ]

    return plain_table([[block("NGƯỜI LẬP BIỂU"), block("TRƯỞNG BƯU CỤC")]], [WIDTH / 2] * 2)
