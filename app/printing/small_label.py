"""The 50×30 mm sticker for thermal label printers: S10, dossier code, agency, procedure."""

from __future__ import annotations

from reportlab.lib.units import mm

from app.domain.dossier import Dossier
from app.printing.barcodes import MODULE, code128_width, draw_code128, fit_module
from app.printing.canvas_text import abbreviate, draw_fitted, new_canvas
from app.printing.fonts import BOLD, REGULAR, text_width
from app.printing.label import group_s10, require_s10

WIDTH = 50 * mm
HEIGHT = 30 * mm
MARGIN = 1.5 * mm
INNER = WIDTH - 2 * MARGIN
# Below this size the full agency name is hard to read; its abbreviation is used instead.
_READABLE = 6.5


def render_small_label(dossier: Dossier, short_name: str = "") -> bytes:
    """The small sticker as PDF bytes; every line is shrunk (or cut) to stay on the label."""
    require_s10(dossier)
    canvas, buffer = new_canvas((WIDTH, HEIGHT), f"Nhãn {dossier.s10}", dossier.agency)

    module = fit_module(dossier.s10, WIDTH - 2 * mm, MODULE, largest=1)
    bar_height = 10 * mm
    bar_base = HEIGHT - 1.5 * mm - bar_height
    draw_code128(
        canvas,
        dossier.s10,
        (WIDTH - code128_width(dossier.s10, module)) / 2,
        bar_base,
        bar_height,
        module,
    )
    x = MARGIN
    draw_fitted(canvas, group_s10(dossier.s10), BOLD, x, bar_base - 2.9 * mm, INNER, 8, 5, "center")
    draw_fitted(canvas, dossier.code, REGULAR, x, bar_base - 5.6 * mm, INNER, 6.5, 4.5, "center")

    agency = dossier.agency
    if text_width(agency, BOLD, _READABLE) > INNER:
        agency = abbreviate(agency)
    draw_fitted(canvas, agency, BOLD, x, bar_base - 9.0 * mm, INNER, 7.5, 5, "center")
    draw_fitted(
        canvas,
        short_name or dossier.procedure_name,
        REGULAR,
        x,
        bar_base - 12.1 * mm,
        INNER,
        7.5,
        5,
        "center",
    )
    draw_fitted(
        canvas,
        f"Nhận {dossier.received_at:%d/%m/%Y %H:%M}",
        REGULAR,
        x,
        bar_base - 14.9 * mm,
        INNER,
        6,
        4.5,
        "center",
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
