"""Shared pieces of the A5 forms: styles, the two-column heading, signatures, the page builder."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.dossier import Office
from app.domain.procedure import DocumentKind
from app.domain.text import format_vnd
from app.printing.fonts import BOLD, FAMILY, ITALIC, REGULAR, register_fonts

PAGE = A5
MARGIN_X = 11 * mm
MARGIN_TOP = 8 * mm
MARGIN_BOTTOM = 8 * mm
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN_X
DOTS = "…………………………"
CREATOR = "motcua"

BODY_SIZE = 8.5

BODY = ParagraphStyle(
    "body", fontName=FAMILY, fontSize=BODY_SIZE, leading=10.9, spaceAfter=0.4, alignment=TA_LEFT
)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9.4)
NOTE = ParagraphStyle("note", parent=BODY, fontName=ITALIC, fontSize=7.8, leading=9.6)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8, leading=9.6, spaceAfter=0)
CELL_CENTER = ParagraphStyle("cell_center", parent=CELL, alignment=TA_CENTER)
HEAD_CELL = ParagraphStyle(
    "head_cell", parent=CELL, fontName=BOLD, fontSize=7.5, leading=9, alignment=TA_CENTER
)
TITLE = ParagraphStyle(
    "title", parent=BODY, fontName=BOLD, fontSize=11.5, leading=14, alignment=TA_CENTER
)
SUBTITLE = ParagraphStyle(
    "subtitle", parent=BODY, fontName=ITALIC, fontSize=8, leading=10, alignment=TA_CENTER
)
HEADER = ParagraphStyle(
    "header", parent=BODY, fontSize=8, leading=10, alignment=TA_CENTER, spaceAfter=0
)
HEADER_BOLD = ParagraphStyle("header_bold", parent=HEADER, fontName=BOLD)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER)
CENTER_ITALIC = ParagraphStyle("center_italic", parent=CENTER, fontName=ITALIC, fontSize=8.5)
CENTER_BOLD = ParagraphStyle("center_bold", parent=CENTER, fontName=BOLD, fontSize=8.5)
PLACE_DATE = ParagraphStyle("place_date", parent=HEADER, fontName=ITALIC, fontSize=8)
CAPTION = ParagraphStyle("caption", parent=CENTER, fontSize=6.5, leading=8)

KIND_SHORT: dict[DocumentKind, str] = {
    DocumentKind.ORIGINAL: "Bản chính",
    DocumentKind.CERTIFIED_COPY: "Bản chứng thực",
    DocumentKind.PHOTOCOPY: "Bản photo",
}


def esc(text: str) -> str:
    """User text inside paragraph markup: "&", "<" and ">" must not be read as tags."""
    return escape(text)


def or_dots(text: str) -> str:
    """An empty field prints as a dotted line to be filled in by hand, never as nothing."""
    return esc(text) if text.strip() else DOTS


def money(amount: int) -> str:
    """VND for paragraph markup: the "đ" never wraps away from its number."""
    return format_vnd(amount).replace(" ", "&nbsp;")


def para(markup: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(markup, style)


def field(label: str, value: str, bold_value: bool = False) -> Paragraph:
    shown = or_dots(value)
    return para(f"{esc(label)}: <b>{shown}</b>" if bold_value else f"{esc(label)}: {shown}")


def place_and_date(place: str, day: date) -> str:
    stamp = f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"
    return f"{place}, {stamp}" if place.strip() else stamp[0].upper() + stamp[1:]


def heading(office: Office, right_extra: Sequence[Flowable] = (), motto: bool = True) -> Table:
    """Issuing unit (parent over office) on the left; the national motto on the right.

    Postal documents (``motto=False``) put only ``right_extra`` on the right.
    """
    left: list[Flowable] = [
        para(esc(office.parent_name.upper()), HEADER),
        para(esc(office.name.upper()), HEADER_BOLD),
        HRFlowable(width=22 * mm, thickness=0.6, color=colors.black, spaceBefore=3),
    ]
    right: list[Flowable] = (
        [
            para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEADER_BOLD),
            para("Độc lập - Tự do - Hạnh phúc", HEADER_BOLD),
            HRFlowable(width=38 * mm, thickness=0.6, color=colors.black, spaceBefore=3),
            *right_extra,
        ]
        if motto
        else list(right_extra)
    )
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.42, CONTENT_WIDTH * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def plain_table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    align: str = "CENTER",
    valign: str = "TOP",
) -> Table:
    """A borderless, paddingless table: side-by-side blocks (headings, signatures)."""
    table = Table([list(r) for r in rows], colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("ALIGN", (0, 0), (-1, -1), align),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def grid(rows: list[list[Flowable | str]], widths: Sequence[float]) -> Table:
    """A ruled table whose first row is a header repeated on each page it spans."""
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
            ]
        )
    )
    return table


def signatures(left_title: str, left_name: str, right_title: str, right_name: str) -> Flowable:
    def block(title: str, name: str) -> list[Flowable]:
        return [
            para(esc(title), CENTER_BOLD),
            para("(Ký, ghi rõ họ tên)", CENTER_ITALIC),
            Spacer(1, 11 * mm),
            para(esc(name), CENTER_BOLD),
        ]

    table = Table(
        [[block(left_title, left_name), block(right_title, right_name)]],
        colWidths=[CONTENT_WIDTH / 2] * 2,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 1.5 * mm), table])


def build_pdf(
    make_story: Callable[[], list[Flowable]],
    *,
    title: str,
    author: str,
    footer: str,
    pagesize: tuple[float, float] = PAGE,
) -> bytes:
    """Lay the story out on A5 pages; a form that runs over one page gets "Trang n/N" footers.

    The story is built a second time only when it overflows, because the total page count is
    only known after a first layout; ``make_story`` returns fresh flowables each time.
    """
    register_fonts()
    data, pages = _layout(make_story(), title=title, author=author, footer="", pagesize=pagesize)
    if pages == 1:
        return data
    return _layout(
        make_story(), title=title, author=author, footer=footer, pagesize=pagesize, total=pages
    )[0]


def _layout(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    footer: str,
    pagesize: tuple[float, float],
    total: int = 0,
) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        creator=CREATOR,
        invariant=1,
        # Otherwise every page names an unembedded Helvetica it never uses.
        initialFontName=REGULAR,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0, id="body")

    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        if not total:
            return
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.drawCentredString(
            pagesize[0] / 2, MARGIN_BOTTOM / 2, f"{footer} — Trang {document.page}/{total}"
        )
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(story)
    return buffer.getvalue(), doc.page
