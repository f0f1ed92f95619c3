"""Sending a PDF to a Qt printer: pages rasterised at the printer's resolution, painted 1:1.

Raster printing works the same on laser, inkjet and thermal label printers (which often cannot
print Vietnamese text themselves), and needs nothing beyond Qt's print support.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from app.domain.errors import DomainError
from app.ui.i18n import translate
from app.ui.printing.documents import DocumentClass, class_title
from app.ui.printing.pdf_pages import iter_page_images, page_sizes

# Enough for 0.254 mm barcode modules and small Vietnamese text; more only costs memory.
MAX_RASTER_DPI = 300.0


def page_layout_for(size_pt: QSizeF) -> QPageLayout:
    """A borderless layout of the PDF page's own size (A5 form, 100×150 or 50×30 label)."""
    width, height = size_pt.width(), size_pt.height()
    landscape = width > height
    portrait_size = QSizeF(height, width) if landscape else QSizeF(width, height)
    page_size = QPageSize(
        portrait_size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))


def print_pdf(pdf: bytes, printer: QPrinter, copies: int = 1) -> int:
    """Print every page of ``pdf`` on ``printer``; returns the number of pages sent."""
    sizes = page_sizes(pdf)
    if not sizes:
        raise DomainError(translate("Printing", "Tệp PDF không có trang nào để in."))
    printer.setFullPage(True)
    printer.setPageLayout(page_layout_for(sizes[0]))
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
        for index, image in enumerate(iter_page_images(pdf, dpi)):
            if index:
                printer.newPage()
            target = QRectF(painter.viewport())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(sizes)


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
