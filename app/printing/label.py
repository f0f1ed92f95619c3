"""The 100×150 mm parcel label stuck on the sealed dossier envelope."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.dossier import Dossier, Office
from app.domain.errors import DomainError
from app.domain.text import format_vn_date, format_vn_datetime
from app.printing.barcodes import MODULE, code128_width, draw_code128, fit_module
from app.printing.canvas_text import draw_fitted, draw_wrapped, new_canvas
from app.printing.fonts import BOLD, REGULAR

WIDTH = 100 * mm
HEIGHT = 150 * mm
MARGIN = 5 * mm
INNER = WIDTH - 2 * MARGIN


def group_s10(s10: str) -> str:
    """The S10 as people read it aloud: "RA 123 456 785 VN"."""
    if len(s10) != 13:
        return s10
    return f"{s10[:2]} {s10[2:5]} {s10[5:8]} {s10[8:11]} {s10[11:]}"


def require_s10(dossier: Dossier) -> None:
    if not dossier.s10:
        raise DomainError(
            f"Hồ sơ {dossier.code} chưa có số hiệu bưu gửi (S10). "
            "Cấp số hiệu bưu gửi cho hồ sơ rồi in lại nhãn."
        )


def render_label(dossier: Dossier, office: Office, short_name: str = "") -> bytes:
    """The envelope label as PDF bytes: S10 and dossier code as Code 128, receiver, sender."""
    require_s10(dossier)
    canvas, buffer = new_canvas((WIDTH, HEIGHT), f"Nhãn {dossier.s10}", office.name)
    _draw(canvas, dossier, office, short_name or dossier.procedure_name)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rule(canvas: Canvas, y: float) -> None:
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, y, WIDTH - MARGIN, y)


def _draw(canvas: Canvas, dossier: Dossier, office: Office, short_name: str) -> None:
    canvas.setLineWidth(1.2)
    canvas.rect(2.5 * mm, 2.5 * mm, WIDTH - 5 * mm, HEIGHT - 5 * mm)
    floor = _draw_codes(canvas, dossier) + 2 * mm
    x = MARGIN
    top = HEIGHT - MARGIN - 1 * mm

    draw_fitted(canvas, "BƯU CHÍNH CÔNG ÍCH", BOLD, x, top - 11, INNER, 12, 8, "center")
    draw_fitted(canvas, "HỒ SƠ THỦ TỤC HÀNH CHÍNH", REGULAR, x, top - 21, INNER, 8.5, 6, "center")
    y = top - 26
    _rule(canvas, y)

    # Receiver first and largest: it is what the sorting staff read.
    draw_fitted(canvas, "NGƯỜI NHẬN (CƠ QUAN GIẢI QUYẾT):", REGULAR, x, y - 10, INNER, 7.5, 6)
    y = draw_wrapped(canvas, dossier.agency, BOLD, x, y - 13, INNER, 16, 10, 2, floor)
    y = draw_wrapped(canvas, f"Thủ tục: {short_name}", BOLD, x, y - 3, INNER, 11, 8, 2, floor)
    y -= 4
    _rule(canvas, y)

    draw_fitted(canvas, "NGƯỜI GỬI:", REGULAR, x, y - 10, INNER, 7.5, 6)
    y = draw_wrapped(canvas, office.name, BOLD, x, y - 12, INNER, 10, 7, 1, floor)
    lines = [
        (office.address, 2, 1.0),
        (f"Điện thoại: {office.phone}" if office.phone else "", 1, 1.0),
        (f"Nhận hồ sơ: {format_vn_datetime(dossier.received_at)}", 1, 3.0),
        (f"Bàn giao cho cơ quan trước: {format_vn_date(dossier.handover_due)}", 1, 1.0),
        (
            f"Trong bì: {dossier.sets:02d} bộ hồ sơ, "
            f"{sum(line.count for line in dossier.documents)} giấy tờ",
            1,
            1.0,
        ),
    ]
    for text, max_lines, gap in lines:
        if text:
            y = draw_wrapped(canvas, text, REGULAR, x, y - gap, INNER, 9, 6.5, max_lines, floor)


def _draw_codes(canvas: Canvas, dossier: Dossier) -> float:
    """The two codes at fixed places at the bottom; returns the top of the code area.

    Fixed places let a hand scanner find them on every label the same way.
    """
    x = MARGIN
    code_module = fit_module(dossier.code, INNER, MODULE, largest=1)
    code_height = 10 * mm
    code_base = MARGIN + 5 * mm
    code_x = (WIDTH - code128_width(dossier.code, code_module)) / 2
    draw_code128(canvas, dossier.code, code_x, code_base, code_height, code_module)
    draw_fitted(
        canvas, f"Mã hồ sơ: {dossier.code}", REGULAR, x, MARGIN + 1.5 * mm, INNER, 9, 6, "center"
    )

    s10_module = fit_module(dossier.s10, INNER, MODULE, largest=2)
    s10_height = 22 * mm
    s10_base = code_base + code_height + 16 * mm
    s10_x = (WIDTH - code128_width(dossier.s10, s10_module)) / 2
    draw_code128(canvas, dossier.s10, s10_x, s10_base, s10_height, s10_module)
    draw_fitted(canvas, group_s10(dossier.s10), BOLD, x, s10_base - 7 * mm, INNER, 18, 10, "center")
    rule = s10_base + s10_height + 4 * mm
    _rule(canvas, rule)
    return rule
