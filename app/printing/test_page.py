"""A printer test page: Vietnamese text in every face, mm rulers, a square, Code 128 and QR.

Printed from Settings → Máy in to check a new printer before the first citizen: the rulers and
the square show the page is not scaled ("fit to page" shrinks them), the codes must scan, and
every tone mark must be clear in regular, bold and italic. One layout for the A5 form printer
and the 100×150 mm label, a compact one for the 50×30 mm sticker.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.printing.barcodes import MODULE, code128_width, draw_code128, draw_qr, fit_module
from app.printing.canvas_text import draw_fitted, draw_wrapped, new_canvas
from app.printing.fonts import BOLD, ITALIC, REGULAR

# Page sizes in mm: the form printer's A5 and the two labels the app prints (label.py,
# small_label.py).
SIZES: dict[str, tuple[float, float]] = {"A5": (148, 210), "100x150": (100, 150), "50x30": (50, 30)}

TITLE = "Trang in thử — Quầy Một Cửa"
# Every tone mark (huyền, sắc, hỏi, ngã, nặng) and ă â đ ê ô ơ ư, as a sentence.
PANGRAM = (
    "Đêm trăng sáng, bé ngồi bên hồ nghĩ về những ước mơ ở quê nhà; gió thổi nhẹ, lá rụng đầy sân."
)
UPPERCASE = "Chữ hoa: ĂÂĐÊÔƠƯ ẮẰẲẴẶ ẤẦẨẪẬ ẾỀỂỄỆ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ"
CHECK = "Các vạch thước phải đúng 10 mm; mã vạch quét được; dấu tiếng Việt rõ ràng"
CODE128_SAMPLE = "MC12345678"  # short: fits the 50 mm sticker at 2 dots a module
QR_SAMPLE = "MOTCUA TEST PAGE"  # alphanumeric: the smallest QR version


def test_page_pdf(*, office_name: str, printer_name: str, printed_at: datetime, size: str) -> bytes:
    """The test page as PDF bytes, ``size`` one of ``SIZES`` ("A5", "100x150", "50x30")."""
    if size not in SIZES:
        raise DomainError(f"Không có trang in thử khổ «{size}». Chọn A5, 100x150 hoặc 50x30.")
    width, height = (side * mm for side in SIZES[size])
    canvas, buffer = new_canvas((width, height), TITLE, office_name)
    info = _info_lines(office_name, printer_name, printed_at, size)
    if size == "50x30":
        _draw_sticker(canvas, width, height, info)
    else:
        _draw_page(canvas, width, height, info, large=size == "A5")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# Not a pytest test despite its name (tests import it).
test_page_pdf.__test__ = False  # type: ignore[attr-defined]


def _info_lines(office: str, printer: str, at: datetime, size: str) -> list[str]:
    width, height = SIZES[size]
    return [
        f"Đơn vị: {office or '…'}",
        f"Máy in: {printer or '…'}",
        f"In lúc: {at:%H:%M} ngày {at:%d/%m/%Y}",
        f"Khổ: {size} ({width:g} × {height:g} mm)",
    ]


def _ruler(
    canvas: Canvas, x: float, y: float, length_mm: int, *, vertical: bool, scale: float = 1.0
) -> None:
    """Ticks every mm from (x, y) along the page edge; longer every 5 and 10 mm, numbered.

    ``scale`` shortens the ticks and numbers on the small sticker.
    """
    canvas.saveState()
    canvas.setLineWidth(0.25)
    canvas.setFont(REGULAR, 4.5 * scale)
    for step in range(length_mm + 1):
        tick = (3.5 if step % 10 == 0 else 2.2 if step % 5 == 0 else 1.2) * mm * scale
        at = step * mm
        # No number where it would run off the page.
        label = str(step) if step % 10 == 0 and 0 < step <= length_mm - 3 else ""
        if vertical:
            canvas.line(x, y + at, x + tick, y + at)
            if label:
                canvas.drawString(x + 0.3 * mm, y + at + 0.4 * mm, label)
        else:
            canvas.line(x + at, y, x + at, y + tick)
            if label:
                canvas.drawString(x + at + 0.4 * mm, y + 0.3 * mm + tick * 0.45, label)
    if vertical:
        canvas.line(x, y, x, y + length_mm * mm)
    else:
        canvas.line(x, y, x + length_mm * mm, y)
    canvas.restoreState()


def _rulers(canvas: Canvas, width: float, height: float, inset: float, scale: float = 1.0) -> None:
    """Along the bottom and left edges, ``inset`` in from them (inside the printable area)."""
    _ruler(canvas, inset, inset, int((width - 2 * inset) / mm), vertical=False, scale=scale)
    _ruler(canvas, inset, inset, int((height - 2 * inset) / mm), vertical=True, scale=scale)


def _draw_page(
    canvas: Canvas, width: float, height: float, info: list[str], *, large: bool
) -> None:
    # Office printers cannot print the outer 3–5 mm; label printers print nearly to the edge.
    inset = 6 * mm if large else 2.5 * mm
    _rulers(canvas, width, height, inset)
    left = inset + 8 * mm
    right = width - inset
    inner = right - left
    body = 10 if large else 8.5
    y = height - inset - (4 * mm if large else 2 * mm)

    draw_fitted(canvas, TITLE, BOLD, left, y - 14, inner, 15 if large else 12, 8, "center")
    y -= 14 + 3 * mm
    for line in info:
        draw_fitted(canvas, line, REGULAR, left, y - body, inner, body, 6)
        y -= body * 1.35
    y -= 1.5 * mm
    for font in (REGULAR, BOLD, ITALIC):
        y = draw_wrapped(canvas, PANGRAM, font, left, y, inner, body + 1, 6, 3) - 1 * mm
    y = draw_wrapped(canvas, UPPERCASE, REGULAR, left, y, inner, body, 6, 2) - 3 * mm

    # The 50 mm square, with the QR beside it (as wide as the room left, at most 30 mm).
    square = 50 * mm
    top_of_square = y
    canvas.setLineWidth(0.5)
    canvas.rect(left, top_of_square - square, square, square)
    canvas.setFont(REGULAR, 7)
    canvas.drawCentredString(left + square / 2, top_of_square - square / 2, "Ô vuông 50 × 50 mm")
    qr_size = min(30 * mm, inner - square - 4 * mm)
    qr_left = left + square + 4 * mm + (inner - square - 4 * mm - qr_size) / 2
    draw_qr(canvas, QR_SAMPLE, qr_left, top_of_square - qr_size, qr_size)
    canvas.setFont(REGULAR, 7)
    canvas.drawCentredString(qr_left + qr_size / 2, top_of_square - qr_size - 3 * mm, "Mã QR")
    y = top_of_square - square - 3 * mm

    module = fit_module(CODE128_SAMPLE, inner, MODULE, largest=2)
    bar_height = 12 * mm if large else 10 * mm
    bar_width = code128_width(CODE128_SAMPLE, module)
    x = left + (inner - bar_width) / 2
    draw_code128(canvas, CODE128_SAMPLE, x, y - bar_height, bar_height, module)
    y -= bar_height + 3.2 * mm
    canvas.setFont(REGULAR, 7)
    canvas.drawCentredString(left + inner / 2, y, f"Code 128: {CODE128_SAMPLE}")
    y -= 2 * mm
    draw_wrapped(canvas, CHECK, BOLD, left, y, inner, body, 6, 3, floor=inset + 6 * mm)


def _draw_sticker(canvas: Canvas, width: float, height: float, info: list[str]) -> None:
    """50×30 mm: no room for the square; the 50 mm bottom ruler spans the label instead."""
    _rulers(canvas, width, height, 0, scale=0.7)
    left, right = 3.5 * mm, width - 0.8 * mm
    inner = right - left
    y = height - 0.8 * mm
    draw_fitted(canvas, TITLE, BOLD, left, y - 5.5, inner, 6, 4.5)
    y -= 5.5 + 1.2
    for line in (f"{info[0]} · {info[1]}", f"{info[2]} · {info[3]}"):
        draw_fitted(canvas, line, REGULAR, left, y - 4, inner, 4, 3.5)
        y -= 4 * 1.15
    y -= 0.6
    for font in (REGULAR, BOLD, ITALIC):
        y = draw_wrapped(canvas, PANGRAM, font, left, y, inner, 4.5, 4, 2, leading=1.1)
    y -= 0.6 * mm

    # The codes sit above the bottom ruler (2.5 mm); what to check goes under the Code 128.
    bottom = 2.9 * mm
    qr_size = min(y - bottom, 10.5 * mm)
    draw_qr(canvas, QR_SAMPLE, right - qr_size, bottom, qr_size)
    text_width = right - qr_size - left
    check_top = bottom + 2 * 3.5 * 1.15
    bar_width = code128_width(CODE128_SAMPLE, MODULE)
    bar_left = left + (text_width - bar_width) / 2
    draw_code128(canvas, CODE128_SAMPLE, bar_left, check_top + 0.3 * mm, y - check_top - 0.3 * mm)
    draw_wrapped(canvas, CHECK, ITALIC, left, check_top, text_width, 3.5, 3, 2, leading=1.15)
