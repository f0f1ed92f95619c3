"""Which printer each document class goes to, and whether to preview first (stored settings)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.ui.printing.documents import DocumentClass

if TYPE_CHECKING:
    from app.services.workstation import Workstation

PREVIEW_KEY = "print.preview"
RASTER_ONLY_KEY = "print.raster_only"  # "In dạng ảnh": forms painted as one image
LABEL_KIND_KEY = "print.label.kind"
LABEL_ADDRESS_KEY = "print.label.address"
LABEL_DPI_KEY = "print.label.dpi"
LABEL_QT = "qt"  # the label printer's Qt/system driver; else an app.printing.raw_printer.RawKind
PRINTER_KEYS = {
    DocumentClass.FORM: "print.printer.form",
    DocumentClass.LABEL: "print.printer.label",
}


@dataclass(frozen=True)
class PrinterPrefs:
    preview: bool = True  # safe default: staff see the receipt before paper is used
    form_printer: str = ""
    label_printer: str = ""
    raster_only: bool = False  # for printers whose drivers misrender text
    label_kind: str = LABEL_QT  # LABEL_QT, or "network" / "cups" / "path": ZPL sent raw
    label_address: str = ""  # host[:port], a CUPS queue, or \\host\share
    label_dpi: int = 203

    @property
    def label_is_zpl(self) -> bool:
        return self.label_kind != LABEL_QT

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
        raster_only=bool(ws.setting(RASTER_ONLY_KEY, False)),
        label_kind=str(ws.setting(LABEL_KIND_KEY, LABEL_QT) or LABEL_QT),
        label_address=str(ws.setting(LABEL_ADDRESS_KEY, "") or ""),
        label_dpi=int(ws.setting(LABEL_DPI_KEY, 203) or 203),
    )


def save_printer_prefs(ws: Workstation, prefs: PrinterPrefs) -> None:
    """Database thread. One transaction: the choices change together."""
    ws.save_settings(
        {
            PREVIEW_KEY: prefs.preview,
            RASTER_ONLY_KEY: prefs.raster_only,
            LABEL_KIND_KEY: prefs.label_kind,
            LABEL_ADDRESS_KEY: prefs.label_address,
            LABEL_DPI_KEY: prefs.label_dpi,
            **{key: prefs.printer_for(doc_class) for doc_class, key in PRINTER_KEYS.items()},
        }
    )
