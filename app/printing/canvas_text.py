"""Text on fixed-size labels: every string is shrunk, wrapped or cut so it stays inside its box."""

from __future__ import annotations

import io
import re

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import REGULAR, fit_text, register_fonts

CREATOR = "motcua"

# Longest first: "Ủy ban nhân dân" must win over any shorter pattern inside it.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"Trung tâm Phục vụ hành chính công", "TTPVHCC"),
    (r"Ủy ban nhân dân|Uỷ ban nhân dân", "UBND"),
    (r"Hội đồng nhân dân", "HĐND"),
    (r"Bảo hiểm xã hội", "BHXH"),
    (r"Văn phòng đăng ký đất đai", "VPĐKĐĐ"),
    (r"Công an", "CA"),
    (r"thành phố", "TP"),
)


def abbreviate(name: str) -> str:
    """Agency names in their usual short forms: "Ủy ban nhân dân xã Kỳ Bắc" → "UBND xã Kỳ Bắc"."""
    short = name
    for pattern, replacement in _ABBREVIATIONS:
        short = re.sub(pattern, replacement, short, flags=re.IGNORECASE)
    return short


def new_canvas(pagesize: tuple[float, float], title: str, author: str) -> tuple[Canvas, io.BytesIO]:
    register_fonts()
    buffer = io.BytesIO()
    # initialFontName: otherwise the page names an unembedded Helvetica it never uses.
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1, initialFontName=REGULAR)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator(CREATOR)
    return canvas, buffer


def draw_fitted(
    canvas: Canvas,
    text: str,
    font: str,
    x: float,
    baseline: float,
    width: float,
    max_size: float,
    min_size: float,
    align: str = "left",
) -> float:
    """One line, shrunk to fit ``width`` (cut with "…" below ``min_size``); returns the size."""
    shown, size = fit_text(text, font, max_size, min_size, width)
    canvas.setFont(font, size)
    if align == "center":
        canvas.drawCentredString(x + width / 2, baseline, shown)
    else:
        canvas.drawString(x, baseline, shown)
    return size


def draw_wrapped(
    canvas: Canvas,
    text: str,
    font: str,
    x: float,
    top: float,
    width: float,
    max_size: float,
    min_size: float,
    max_lines: int,
    floor: float = 0.0,
    leading: float = 1.2,
) -> float:
    """Up to ``max_lines`` lines between ``top`` and ``floor``, shrinking before cutting.

    Returns the new top. Lines that would cross ``floor`` are dropped and the last one kept
    ends with "…", so text never runs into what is drawn below it (the barcodes).
    """

    def room(size: float) -> int:
        return max(0, min(max_lines, int((top - floor) // (size * leading))))

    size = max_size
    lines = simpleSplit(text, font, size, width)
    while len(lines) > room(size) and size > min_size:
        size = max(min_size, size - 0.5)
        lines = simpleSplit(text, font, size, width)
    fits = room(size)
    if fits == 0:
        return top
    if len(lines) > fits:
        last = " ".join(lines[fits - 1 :])
        lines = [*lines[: fits - 1], _cut(last, font, size, width)]
    # simpleSplit keeps an unbreakable word whole even when it is wider than the box.
    lines = [fit_text(line, font, size, size, width)[0] for line in lines]
    canvas.setFont(font, size)
    y = top
    for line in lines:
        y -= size * leading
        canvas.drawString(x, y + size * (leading - 1), line)
    return y


def _cut(text: str, font: str, size: float, width: float) -> str:
    """``text`` ending in "…" even when it would fit: it stands for dropped lines."""
    shown, _ = fit_text(text + "…", font, size, size, width)
    return shown
