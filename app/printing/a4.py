"""What the A4 documents share: the text sizes and the unit/motto heading across the page.

``layout.heading`` and its styles are sized for A5 slips; the Biên bản giao nhận, the day report
and the reports span an A4 page and use these instead.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Spacer, Table

from app.domain.dossier import Office
from app.printing.layout import (
    BODY,
    CENTER_BOLD,
    CENTER_ITALIC,
    HEADER,
    HEADER_BOLD,
    MARGIN_X,
    PLACE_DATE,
    TITLE,
    esc,
    para,
    plain_table,
)

WIDTH = A4[0] - 2 * MARGIN_X  # portrait A4, inside the margins

A4_BODY = ParagraphStyle("a4_body", parent=BODY, fontSize=9.5, leading=12.5, spaceAfter=1)
A4_TITLE = ParagraphStyle("a4_title", parent=TITLE, fontSize=14, leading=17)
A4_HEADER = ParagraphStyle("a4_header", parent=HEADER, fontSize=9.5, leading=12)
A4_HEADER_BOLD = ParagraphStyle("a4_header_bold", parent=HEADER_BOLD, fontSize=9.5, leading=12)
A4_PLACE_DATE = ParagraphStyle("a4_place_date", parent=PLACE_DATE, fontSize=9.5, leading=12)
A4_SIGN_TITLE = ParagraphStyle("a4_sign_title", parent=CENTER_BOLD, fontSize=9.5, leading=12.5)
A4_SIGN_HINT = ParagraphStyle("a4_sign_hint", parent=CENTER_ITALIC, fontSize=8.5, leading=11)


def issuing_unit(office: Office) -> list[Flowable]:
    """The parent unit over the office, underlined (the left of every heading)."""
    return [
        para(esc(office.parent_name.upper()), A4_HEADER),
        para(esc(office.name.upper()), A4_HEADER_BOLD),
        HRFlowable(width=30 * mm, thickness=0.6, color=colors.black, spaceBefore=3),
    ]


def heading(
    office: Office,
    place: str,
    right: list[Flowable] | None = None,
    *,
    left_share: float = 0.42,
    width: float = WIDTH,
) -> Table:
    """The issuing unit and, by default, the national motto with the place and date.

    ``width``: the page's width inside the margins (landscape pages pass theirs).
    """
    if right is None:
        right = [
            para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", A4_HEADER_BOLD),
            para("Độc lập - Tự do - Hạnh phúc", A4_HEADER_BOLD),
            HRFlowable(width=45 * mm, thickness=0.6, color=colors.black, spaceBefore=3),
        ]
    right = [*right, Spacer(1, 1.5 * mm), para(esc(place), A4_PLACE_DATE)]
    return plain_table(
        [[issuing_unit(office), right]], [width * left_share, width * (1 - left_share)]
    )
