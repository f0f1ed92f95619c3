"""Code 128 and QR drawn as vector rectangles, so they stay sharp at any printer resolution.

python-barcode gives the Code 128 module pattern (it picks code sets B/C to keep it short);
reportlab's QR encoder gives the QR matrix. Both are drawn here with their quiet zones included in
the reserved width, so nothing placed beside a code can eat into its quiet zone.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

import barcode
import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.domain.errors import DomainError

# 1/100 inch: exactly 2 dots at 200 dpi and 3 dots at 300 dpi, so every bar prints at the same
# width on office laser printers; 203 dpi thermal printers round it to 2 dots.
MODULE = 0.254 * mm
QUIET_MODULES = 10  # Code 128 needs at least 10 modules of blank space each side
QR_QUIET_MODULES = 4  # the QR standard's quiet zone


def code128_modules(data: str) -> str:
    """The Code 128 pattern of ``data`` as a string of "1" (bar) and "0" (space) modules."""
    if not data or not data.isascii() or not data.isprintable():
        raise DomainError(
            f"Không tạo được mã vạch cho “{data}”: mã chỉ được gồm chữ, số và ký hiệu không dấu."
        )
    code = barcode.get_barcode_class("code128")(data, writer=None)
    return "".join(code.build())


def code128_width(data: str, module: float = MODULE) -> float:
    """Total width of the symbol including both quiet zones."""
    return (len(code128_modules(data)) + 2 * QUIET_MODULES) * module


def fit_module(data: str, max_width: float, base: float = MODULE, largest: int = 4) -> float:
    """The widest module, a whole multiple of ``base`` up to ``largest``×, that fits ``max_width``.

    Whole multiples keep bars an exact number of printer dots wide. When even ``base`` is too
    wide the module shrinks to fit exactly; that still scans on a 300 dpi printer down to
    about 0.17 mm.
    """
    count = len(code128_modules(data)) + 2 * QUIET_MODULES
    for factor in range(largest, 0, -1):
        if count * base * factor <= max_width:
            return base * factor
    return max_width / count


def draw_code128(
    canvas: Canvas, data: str, x: float, y: float, height: float, module: float = MODULE
) -> float:
    """Draw the symbol with its left quiet zone starting at ``x``; return the total width."""
    modules = code128_modules(data)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    position = x + QUIET_MODULES * module
    for bit, run in groupby(modules):
        run_length = len(list(run))
        if bit == "1":
            canvas.rect(position, y, run_length * module, height, stroke=0, fill=1)
        position += run_length * module
    canvas.restoreState()
    return (len(modules) + 2 * QUIET_MODULES) * module


@lru_cache(maxsize=64)
def qr_matrix(payload: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR modules (rows of dark = True), without the quiet zone.

    segno encodes in a few milliseconds (reportlab's own encoder takes ~25 ms); cached because
    a document draws its QR more than once while it is laid out.
    """
    if not payload:
        raise DomainError("Không tạo được mã QR: nội dung trống.")
    code = segno.make_qr(payload, error=level.lower(), boost_error=False)
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR with its quiet zone inside the ``size``×``size`` square at (x, y)."""
    matrix = qr_matrix(payload)
    cell = size / (len(matrix) + 2 * QR_QUIET_MODULES)
    top = y + size - QR_QUIET_MODULES * cell
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        column = 0
        for dark, run in groupby(row):
            run_length = len(list(run))
            if dark:
                canvas.rect(
                    x + (QR_QUIET_MODULES + column) * cell,
                    top - (row_index + 1) * cell,
                    run_length * cell,
                    cell,
                    stroke=0,
                    fill=1,
                )
            column += run_length
    canvas.restoreState()


class Code128Flowable(Flowable):
    """A Code 128 symbol in a platypus story; its width includes both quiet zones."""

    def __init__(self, data: str, height: float, module: float = MODULE) -> None:
        super().__init__()
        self.data = data
        self.module = module
        self.width = code128_width(data, module)
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_code128(self.canv, self.data, 0, 0, self.height, self.module)


class QrFlowable(Flowable):
    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload = payload
        self.width = self.height = size
        qr_matrix(payload)  # fail while building the story, not half-way through the page

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, self.payload, 0, 0, self.width)
