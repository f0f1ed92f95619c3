"""PDF pages as QImages (pypdfium2), for the preview and for raster printing.

PySide6-Essentials has no QtPdf, so pdfium renders; thermal label printers want raster anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72.0


def page_sizes(pdf: bytes) -> list[QSizeF]:
    """Each page's size in points (1/72 in)."""
    import pypdfium2  # on first preview or print, not at start-up

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [QSizeF(*document.get_page_size(i)) for i in range(len(document))]
    finally:
        document.close()


def iter_page_images(pdf: bytes, dpi: float) -> Iterator[QImage]:
    """Render page after page at ``dpi`` (one page in memory at a time: printers want 300 dpi)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, prefer_bgrx=True)
            # BGRx bytes are exactly QImage's RGB32 on little-endian machines; copy() detaches the
            # image from pdfium's buffer before the bitmap is freed.
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB32,
            ).copy()
            image.setDotsPerMeterX(round(dpi / 0.0254))
            image.setDotsPerMeterY(round(dpi / 0.0254))
            bitmap.close()
            page.close()
            yield image
    finally:
        document.close()


def render_pages(pdf: bytes, dpi: float) -> list[QImage]:
    return list(iter_page_images(pdf, dpi))
