"""Sending a PDF to a Qt printer: text as text, everything else as a raster at printer resolution.

Each page is split by ``app.printing.text_layer``: lines, barcodes and QR codes are rendered by
pdfium at the printer's resolution (up to 300 dpi) and painted 1:1, and the text is drawn over it
with QPainter in the bundled Noto Sans at the same baselines and sizes. The job then carries real
text (searchable on PDF printers and print servers, sharp on old printers, a smaller spool file).
``raster_only=True`` paints the whole page as one image, for label printers and for printers
whose drivers misrender text; it needs nothing but Qt's print support.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QTransform
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from app.domain.errors import DomainError
from app.ui.fonts import FAMILY
from app.ui.i18n import translate
from app.ui.printing.documents import DocumentClass, class_title
from app.ui.printing.pdf_pages import iter_page_images, page_sizes

if TYPE_CHECKING:
    from app.printing.text_layer import TextRun

# Enough for 0.254 mm barcode modules and small Vietnamese text; more only costs memory.
MAX_RASTER_DPI = 300.0


def page_layout_for(size_pt: QSizeF) -> QPageLayout:
    """A borderless layout of the PDF page's own size (A5 form, 100×150 or 50×30 label)."""
    width, height = size_pt.width(), size_pt.height()
    portrait_size = QSizeF(min(width, height), max(width, height))
    fuzzy = QPageSize.SizeMatchPolicy.FuzzyMatch
    # A landscape sheet (A4 report) is portrait paper turned. A landscape label is not: the
    # 50×30 sticker's roll is 50 mm across the print head, so its media is 50 mm wide; a
    # turned 30×50 page makes label drivers (CUPS rastertolabel) print it sideways.
    standard = QPageSize.id(portrait_size, QPageSize.Unit.Point, fuzzy)
    landscape = width > height and standard != QPageSize.PageSizeId.Custom
    page_size = QPageSize(
        portrait_size if landscape else QSizeF(width, height), QPageSize.Unit.Point, "", fuzzy
    )
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    layout = QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))
    # Full-page mode: otherwise Qt refuses zero margins on printers with unprintable edges and
    # silently keeps the printer's default paper (A4) instead of the A5 or label size.
    layout.setMode(QPageLayout.Mode.FullPageMode)
    return layout


def _set_page(printer: QPrinter, size_pt: QSizeF) -> None:
    layout = page_layout_for(size_pt)
    if printer.setPageLayout(layout):
        return
    # Some drivers take the parts one by one but not the whole layout at once.
    printer.setPageSize(layout.pageSize())
    printer.setPageOrientation(layout.orientation())
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def _fitted(target: QRectF, size_pt: QSizeF) -> QRectF:
    """The page's rectangle on the paper: the whole paper when sizes agree, else scaled to fit
    and centred (never stretched: a barcode stretched on one axis may not scan)."""
    scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
    width, height = size_pt.width() * scale, size_pt.height() * scale
    return QRectF(
        target.left() + (target.width() - width) / 2,
        target.top() + (target.height() - height) / 2,
        width,
        height,
    )


def print_pdf(pdf: bytes, printer: QPrinter, copies: int = 1, *, raster_only: bool = False) -> int:
    """Print every page of ``pdf`` on ``printer``; returns the number of pages sent."""
    sizes = page_sizes(pdf)
    if not sizes:
        raise DomainError(translate("Printing", "Tệp PDF không có trang nào để in."))
    printer.setFullPage(True)
    _set_page(printer, sizes[0])
    printer.setCopyCount(max(1, copies))
    dpi = min(float(printer.resolution()), MAX_RASTER_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError(
            translate(
                "Printing",
                "Không mở được máy in «{0}». Kiểm tra máy in đã bật và còn giấy, rồi in lại.",
            ).format(printer.printerName() or printer.outputFileName())
        )
    try:
        if raster_only:
            for index, image in enumerate(iter_page_images(pdf, dpi)):
                if index:
                    printer.newPage()
                painter.drawImage(_fitted(QRectF(painter.viewport()), sizes[index]), image)
        else:
            _paint_split_pages(painter, printer, pdf, dpi)
    finally:
        painter.end()
    return len(sizes)


def _paint_split_pages(painter: QPainter, printer: QPrinter, pdf: bytes, dpi: float) -> None:
    from app.printing.text_layer import iter_split_pages

    for index, page in enumerate(iter_split_pages(pdf, dpi)):
        if index:
            printer.newPage()
        size_pt = QSizeF(page.width_pt, page.height_pt)
        target = _fitted(QRectF(painter.viewport()), size_pt)
        raster = page.raster
        image = QImage(
            raster.data, raster.width, raster.height, raster.stride, QImage.Format.Format_RGB32
        )
        painter.drawImage(target, image)
        _draw_runs(painter, page.runs, target, size_pt)


def _draw_runs(painter: QPainter, runs: Sequence[TextRun], target: QRectF, size_pt: QSizeF) -> None:
    """Draw each run at its PDF baseline: text space → PDF points → the page's place on paper."""
    # Fonts are sized in points of the paint device; ``per_point`` device pixels make one point.
    per_point = painter.device().logicalDpiY() / 72.0
    scale = target.width() / size_pt.width()
    # PDF space has y up from the bottom edge; the device has y down from the top.
    page_to_device = QTransform(scale, 0, 0, -scale, target.left(), target.top() + target.height())
    glyph_up = QTransform.fromScale(1 / per_point, -1 / per_point)
    for run in runs:
        font = QFont(FAMILY)
        font.setPointSizeF(run.size)
        font.setBold(run.bold)
        font.setItalic(run.italic)
        font.setKerning(False)  # reportlab places glyphs by advance width, without kerning
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
        a, b, c, d, e, f = run.matrix
        painter.save()
        painter.setTransform(glyph_up * QTransform(a, b, c, d, e, f) * page_to_device)
        painter.setFont(font)
        painter.setPen(QColor(*run.rgb))
        painter.drawText(QPointF(0, 0), run.text)
        painter.restore()


def available_printers() -> list[str]:
    return QPrinterInfo.availablePrinterNames()


def printer_named(name: str) -> QPrinter | None:
    """A printer for a remembered name, or None when it is gone (unplugged, renamed)."""
    if not name:
        return None
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def ask_for_printer(parent: QWidget | None, doc_class: DocumentClass) -> QPrinter | None:
    """Let the person pick a printer for this class with the system print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("Printing", "Chọn {0}").format(class_title(doc_class).lower()))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer
