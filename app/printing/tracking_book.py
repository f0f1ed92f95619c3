"""Sổ theo dõi hồ sơ (Mẫu 06, TT 01/2018/TT-VPCP): the year's book of dossiers, A4 landscape.

One row per dossier under its yearly number, with the Mẫu 06 columns; the header (with the
column numbers) repeats on every page and every page says "Trang x/y". Each row carries its
dossier code as Code 128 so a page can be scanned back to the dossier: the bars are 2 printer dots
wide at 300 dpi (4 at 600 dpi), which keeps the 25-character code inside its column and scans.

A year's book runs to thousands of rows, so the cells are pre-wrapped plain text (reportlab's
paragraphs cost ~10 ms a row) and the pages are laid out once, the page count being filled in
when the document is saved.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from itertools import groupby
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.dossier import Office
from app.domain.reports import BookEntry
from app.domain.text import format_vn_datetime
from app.printing.barcodes import MODULE, QUIET_MODULES, code128_modules, fit_module
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.layout import (
    CREATOR,
    HEADER,
    HEADER_BOLD,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    SUBTITLE,
    TITLE,
    esc,
    para,
)

PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * MARGIN_X
TITLE_TEXT = "SỔ THEO DÕI HỒ SƠ"
# 2 dots at 300 dpi, 4 at 600 dpi: whole dots on the office printers the book is printed on.
BOOK_MODULE = MODULE * 2 / 3
BARCODE_HEIGHT = 6.5 * mm
BAR_TRIM = 0.15  # of a module, off each side of a bar (0.6 dot at 600 dpi)
PAD = 1.2 * mm
FONT_SIZE = 7.0
LEADING = 8.4
HEAD_SIZE = 6.8
CODE_SIZE = 6.8
STRIPE = colors.Color(0.965, 0.965, 0.965)
HEAD_FILL = colors.Color(0.92, 0.92, 0.92)

HEADERS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ (giờ, ngày)",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả (ngày, ký nhận)",
    "Ghi chú",
)
_FIXED = {
    0: 9 * mm,
    1: 56 * mm,
    2: 26 * mm,
    3: 11 * mm,
    4: 23 * mm,
    5: 26 * mm,
    6: 17 * mm,
    7: 16 * mm,
    8: 16 * mm,
    9: 16 * mm,
    10: 16 * mm,
    11: 22 * mm,
}
COLUMNS = [_FIXED.get(i, WIDTH - sum(_FIXED.values())) for i in range(len(HEADERS))]
_CENTERED = (0, 1, 3, 7, 8, 9, 10, 11)


def render_tracking_book(
    entries: Sequence[BookEntry],
    office: Office,
    *,
    year: int,
    start: date,
    end: date,
    printed_at: datetime,
) -> bytes:
    """The book's pages for ``entries`` (in book-number order) as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{TITLE_TEXT} NĂM {year}",
        author=office.name,
        creator=CREATOR,
        invariant=1,
        initialFontName=REGULAR,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer = f"Sổ theo dõi hồ sơ năm {year} — {office.name}"

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        return _NumberedCanvas(*args, footer=footer, **kwargs)

    doc.build(_story(entries, office, year, start, end, printed_at), canvasmaker=canvas_maker)
    return buffer.getvalue()


class _NumberedCanvas(Canvas):
    """Keeps each finished page until the end, then stamps "Trang x/y" on all of them."""

    def __init__(self, *args: Any, footer: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(REGULAR, 7)
            self.drawCentredString(
                PAGE[0] / 2,
                MARGIN_BOTTOM / 2,
                f"{self._footer} — Trang {self._pageNumber}/{total}",
            )
            self.restoreState()
            super().showPage()
        super().save()


def _story(
    entries: Sequence[BookEntry],
    office: Office,
    year: int,
    start: date,
    end: date,
    printed_at: datetime,
) -> list[Flowable]:
    whole_year = start == date(year, 1, 1) and end == date(year, 12, 31)
    span = "" if whole_year else f" — từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    return [
        _heading(office),
        Spacer(1, 2 * mm),
        para(TITLE_TEXT, TITLE),
        para(f"Năm {year}{esc(span)}", SUBTITLE),
        para(
            f"Số thứ tự theo năm, không đánh lại. {len(entries)} hồ sơ. "
            f"In lúc {format_vn_datetime(printed_at)}.",
            SUBTITLE,
        ),
        Spacer(1, 2 * mm),
        _table(entries),
    ]


def _heading(office: Office) -> Table:
    left: list[Flowable] = [
        para(esc(office.parent_name.upper()), HEADER),
        para(esc(office.name.upper()), HEADER_BOLD),
        HRFlowable(width=30 * mm, thickness=0.6, color=colors.black, spaceBefore=3),
    ]
    right: list[Flowable] = [para("Mẫu số 06 (Thông tư 01/2018/TT-VPCP)", HEADER)]
    table = Table([[left, right]], colWidths=[WIDTH * 0.45, WIDTH * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class CodeCell(Flowable):
    """The dossier code as Code 128 with the code in words under it, centred in its cell."""

    def __init__(self, code: str, width: float) -> None:
        super().__init__()
        self.code = code
        self.module = fit_module(code, width, base=BOOK_MODULE, largest=1)
        self.width = width
        self.height = BARCODE_HEIGHT + 1 * mm + CODE_SIZE

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        modules = code128_modules(self.code)
        module = self.module
        x = (self.width - (len(modules) + 2 * QUIET_MODULES) * module) / 2
        # Start on a whole module from the page's edge: with a module of 2 dots at 300 dpi every
        # bar edge then falls between printer dots instead of being smeared across one.
        left, _ = self.canv.absolutePosition(x, 0)
        x += round(left / module) * module - left + QUIET_MODULES * module
        # Bar width reduction: toner spreads and renderers round fills outwards, so each bar is
        # drawn a little narrower than its modules and the narrow spaces stay open.
        trim = module * BAR_TRIM
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        bottom = CODE_SIZE + 1 * mm
        for bit, run in groupby(modules):
            width = len(list(run)) * module
            if bit == "1":
                canvas.rect(x + trim, bottom, width - 2 * trim, BARCODE_HEIGHT, stroke=0, fill=1)
            x += width
        canvas.setFont(REGULAR, CODE_SIZE)
        canvas.drawCentredString(self.width / 2, 1, self.code)
        canvas.restoreState()


def _wrap(text: str, column: int, size: float = FONT_SIZE, font: str = REGULAR) -> str:
    """Lines that fit the column, joined by newlines (a table cell draws them as they are)."""
    room = COLUMNS[column] - 2 * PAD
    lines: list[str] = []
    for part in text.split("\n"):
        lines.extend(simpleSplit(part, font, size, room) or [""])
    return "\n".join(lines)


def short_time(moment: datetime | None) -> str:
    """Time over date ("10:05\\n03/02/2027"), so a date never breaks across lines."""
    return "" if moment is None else f"{moment:%H:%M}\n{moment:%d/%m/%Y}"


def _row(e: BookEntry) -> list[object]:
    contact = e.address + (f"\nĐT: {e.phone}" if e.phone else "")
    returned = ""
    if e.returned_at is not None:
        who = e.receiver_name + (" (nhận thay)" if e.proxy else "")
        returned = short_time(e.returned_at) + "\n" + _wrap(who, 11)
    return [
        f"{e.number:02d}",
        CodeCell(e.code, COLUMNS[1] - 2 * PAD),
        _wrap(e.procedure_name, 2),
        str(e.sets),
        _wrap(e.applicant_name, 4),
        _wrap(contact, 5),
        _wrap(e.agency, 6),
        short_time(e.received_at),
        short_time(e.appointment_at),
        short_time(e.handed_over_at),
        short_time(e.result_at),
        returned,
        _wrap(e.note, 12),
    ]


def _table(entries: Sequence[BookEntry]) -> Table:
    header = [_wrap(label, i, HEAD_SIZE, BOLD) for i, label in enumerate(HEADERS)]
    numbers = [f"({i})" for i in range(1, len(HEADERS) + 1)]
    rows: list[list[object]] = [header, numbers, *(_row(e) for e in entries)]
    table = Table(rows, colWidths=COLUMNS, repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
                ("LEADING", (0, 0), (-1, -1), LEADING),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, 0), HEAD_SIZE),
                ("FONTSIZE", (0, 1), (-1, 1), 6.5),
                ("ALIGN", (0, 0), (-1, 1), "CENTER"),
                *(("ALIGN", (c, 2), (c, -1), "CENTER") for c in _CENTERED),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
                ("BACKGROUND", (0, 0), (-1, 1), HEAD_FILL),
                # Light stripes keep the eye on one row across thirteen columns...
                ("ROWBACKGROUNDS", (0, 2), (-1, -1), [colors.white, STRIPE]),
                # ... but the bars stay on white, for contrast.
                ("BACKGROUND", (1, 2), (1, -1), colors.white),
            ]
        )
    )
    return table
