"""Printing from the window: preview the same PDFs the services render, send them to printers.

``PrintActions`` is the entry point for any screen (intake after a receipt, lookup for reprints).
"""

from __future__ import annotations

from app.ui.printing.documents import DocumentClass, PrintDocument, document_class
from app.ui.printing.print_actions import PrintActions
from app.ui.printing.printer_prefs import PrinterPrefs

__all__ = ["DocumentClass", "PrintActions", "PrintDocument", "PrinterPrefs", "document_class"]
