"""Comparing printed pages: a document rendered by pdfium against what a Qt printer produced."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
from PIL import Image, ImageChops, ImageFilter
from PySide6.QtPrintSupport import QPrinter

from app.domain.dossier import Dossier
from app.services import intake
from app.services.workstation import Workstation

MM_PER_PT = 25.4 / 72


def receive(ws: Workstation) -> Dossier:
    procedure = ws.catalog.procedure("1.001193")
    assert procedure is not None
    raw = {
        "procedure": procedure.code,
        "applicant": {
            "full_name": "Nguyễn Thị Hồng Nhung",
            "id_number": "042190001234",
            "date_of_birth": "1990-05-12",
            "sex": "Nữ",
            "phone": "0912345678",
            "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        },
        "documents": [
            {"name": d.name, "kind": d.kind.value, "count": d.count}
            for d in procedure.documents
            if not d.optional
        ],
    }
    return intake.receive_dossier(ws, raw)


def file_printer(
    path: object, mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution
) -> QPrinter:
    printer = QPrinter(mode)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def render_gray(pdf: bytes, dpi: float = 150) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]


def share_off(expected: Image.Image, actual: Image.Image, tolerance: int = 48) -> float:
    """The share of pixels of ``actual`` darker or lighter by more than ``tolerance`` than every
    pixel of ``expected`` within one pixel around it (a one-pixel shift is not a difference:
    Qt rounds A5 to whole points, 420 × 595, where reportlab's is 419.53 × 595.28)."""
    width = min(expected.width, actual.width)
    height = min(expected.height, actual.height)
    expected = expected.crop((0, 0, width, height))
    actual = actual.crop((0, 0, width, height))
    low = expected.filter(ImageFilter.MinFilter(3))
    high = expected.filter(ImageFilter.MaxFilter(3))
    off = ImageChops.lighter(ImageChops.subtract(low, actual), ImageChops.subtract(actual, high))
    histogram = off.histogram()
    return sum(histogram[tolerance + 1 :]) / sum(histogram)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())  # Qt separates words with tabs


def sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [
        (round(float(p.mediabox.width) * MM_PER_PT), round(float(p.mediabox.height) * MM_PER_PT))
        for p in pages
    ]
