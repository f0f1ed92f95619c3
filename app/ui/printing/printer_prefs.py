"""Which printer each document class goes to, and whether to preview first (stored settings)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.ui.printing.documents import DocumentClass

if TYPE_CHECKING:
    from app.services.workstation import Workstation

PREVIEW_KEY = "print.preview"
PRINTER_KEYS = {
    DocumentClass.FORM: "print.printer.form",
    DocumentClass.LABEL: "print.printer.label",
}


@dataclass(frozen=True)
class PrinterPrefs:
    preview: bool = True  # safe default: staff see the receipt before paper is used
    form_printer: str = ""
    label_printer: str = ""

    def printer_for(self, doc_class: DocumentClass) -> str:
        return self.label_printer if doc_class is DocumentClass.LABEL else self.form_printer

    def with_printer(self, doc_class: DocumentClass, name: str) -> PrinterPrefs:
        if doc_class is DocumentClass.LABEL:
            return replace(self, label_printer=name)
        return replace(self, form_printer=name)


def load_printer_prefs(ws: Workstation) -> PrinterPrefs:
    """Database thread."""
    return PrinterPrefs(
        preview=bool(ws.setting(PREVIEW_KEY, True)),
        form_printer=str(ws.setting(PRINTER_KEYS[DocumentClass.FORM], "") or ""),
        label_printer=str(ws.setting(PRINTER_KEYS[DocumentClass.LABEL], "") or ""),
    )


def save_printer_prefs(ws: Workstation, prefs: PrinterPrefs) -> None:
    """Database thread. One transaction: the three choices change together."""
    ws.save_settings(
        {
            PREVIEW_KEY: prefs.preview,
            **{key: prefs.printer_for(doc_class) for doc_class, key in PRINTER_KEYS.items()},
        }
    )
