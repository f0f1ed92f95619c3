"""A PDF page split into its text and everything else, for printing text as text (pypdfium2).

Printing a page as one picture loses its text: a PDF printer (or a print server that keeps
copies) gets an image nobody can search or copy, old printers blur small letters, and the spool
file is large. Here each page's text objects are listed (string, size, position, face, colour)
and removed from a copy of the page, which is then rendered: lines, barcodes and QR codes stay
pixel-exact in that raster, and the caller draws the text on top with the same font (the bundled
Noto Sans) at the same baselines. Text this module cannot redraw faithfully (another font,
outlines, clipping text, text inside form XObjects) is left in the raster.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

POINTS_PER_INCH = 72.0

# The faces the documents use (app.printing.fonts); base names may carry a subset tag "ABCDEF+".
_FACES: dict[str, tuple[bool, bool]] = {
    "NotoSans": (False, False),
    "NotoSans-Regular": (False, False),
    "NotoSans-Bold": (True, False),
    "NotoSans-Italic": (False, True),
    "NotoSans-BoldItalic": (True, True),
}
_FILL = 0  # FPDF_TEXTRENDERMODE_FILL: plain filled glyphs; others (outline, clip) stay raster


@dataclass(frozen=True)
class TextRun:
    """One text object: ``text`` drawn from its origin through ``matrix`` at ``size`` points.

    ``matrix`` is (a, b, c, d, e, f) mapping text space to the page's PDF space (points, origin
    at the bottom left, y up); (e, f) is the baseline origin of the first glyph.
    """

    text: str
    size: float
    matrix: tuple[float, float, float, float, float, float]
    bold: bool
    italic: bool
    rgb: tuple[int, int, int]


@dataclass(frozen=True)
class Raster:
    """A rendered page: ``data`` holds BGRx pixels, ``stride`` bytes a row."""

    width: int
    height: int
    stride: int
    data: bytes
    dpi: float


@dataclass(frozen=True)
class SplitPage:
    width_pt: float
    height_pt: float
    runs: tuple[TextRun, ...]  # drawn by the caller, in this order, over the raster
    raster: Raster  # the page without those runs


def _text_of(raw: object, obj: object, textpage: object) -> str:
    pdfium = raw
    length = pdfium.FPDFTextObj_GetText(obj, textpage, None, 0)  # bytes, UTF-16LE with a NUL
    if length <= 2:
        return ""
    buffer = ctypes.create_string_buffer(length)
    pdfium.FPDFTextObj_GetText(
        obj, textpage, ctypes.cast(buffer, ctypes.POINTER(pdfium.FPDF_WCHAR)), length
    )
    return buffer.raw[: length - 2].decode("utf-16-le", errors="replace")


def _face_of(raw: object, obj: object) -> tuple[bool, bool] | None:
    pdfium = raw
    font = pdfium.FPDFTextObj_GetFont(obj)
    if not font:
        return None
    length = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 1:
        return None
    buffer = ctypes.create_string_buffer(length)
    pdfium.FPDFFont_GetBaseFontName(font, buffer, length)
    name = buffer.value.decode("latin-1").split("+", 1)[-1]
    return _FACES.get(name)


def _run_of(raw: object, page_object: object, textpage: object) -> TextRun | None:
    """The run for a text object we can redraw exactly, else None (it stays in the raster)."""
    pdfium = raw
    obj = page_object.raw  # type: ignore[attr-defined]
    if pdfium.FPDFTextObj_GetTextRenderMode(obj) != _FILL:
        return None
    face = _face_of(pdfium, obj)
    if face is None:
        return None
    text = _text_of(pdfium, obj, textpage)
    # U+FFFD: a glyph without a Unicode value; drawing the string would print something else.
    if not text.strip() or "\ufffd" in text:
        return None
    size = ctypes.c_float()
    if not pdfium.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)) or size.value <= 0:
        return None
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    pdfium.FPDFPageObj_GetFillColor(obj, red, green, blue, alpha)
    if alpha.value != 255:
        return None
    matrix = page_object.get_matrix().get()  # type: ignore[attr-defined]
    return TextRun(
        text,
        float(size.value),
        tuple(float(v) for v in matrix),  # type: ignore[arg-type]
        face[0],
        face[1],
        (red.value, green.value, blue.value),
    )


def iter_split_pages(pdf: bytes, dpi: float) -> Iterator[SplitPage]:
    """Each page's text runs and the rest rendered at ``dpi``, one page in memory at a time."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            runs: list[TextRun] = []
            taken = []
            for page_object in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT], max_depth=0):
                run = _run_of(pdfium, page_object, textpage.raw)
                if run is not None:
                    runs.append(run)
                    taken.append(page_object)
            textpage.close()
            for page_object in taken:
                page.remove_obj(page_object)
                page_object.close()  # a removed object is ours to free
            if taken:
                page.gen_content()
            width, height = page.get_size()
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, prefer_bgrx=True)
            raster = Raster(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer), dpi)
            bitmap.close()
            page.close()
            yield SplitPage(width, height, tuple(runs), raster)
    finally:
        document.close()
