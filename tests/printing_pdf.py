"""Reading the PDFs back the way a person or a scanner would: text, word positions, barcodes."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf
import pypdfium2
import zxingcpp

MM = 72 / 25.4


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlap_area(self, other: Box) -> float:
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.top, other.top) - max(self.bottom, other.bottom)
        return width * height if width > 0 and height > 0 else 0.0

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.top - self.bottom)

    @property
    def middle_y(self) -> float:
        return (self.bottom + self.top) / 2


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    page: int


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [
        (float(page.mediabox.width) / MM, float(page.mediabox.height) / MM) for page in reader.pages
    ]


def text_pdfium(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_bounded() for page in document)


def text_pypdf(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def plain(text: str) -> str:
    """No-break spaces (kept between an amount and "đ") read as spaces; lines joined."""
    return " ".join(text.replace("\xa0", " ").replace("\r", "\n").split())


def _chars(pdf: bytes) -> list[tuple[int, int, str, Box | None]]:
    """(page, index, char, glyph box or None for white space) in reading order."""
    chars: list[tuple[int, int, str, Box | None]] = []
    document = pypdfium2.PdfDocument(pdf)
    for page_index, page in enumerate(document):
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            box = Box(*textpage.get_charbox(index)) if char.strip() else None
            chars.append((page_index, index, char, box if box and box.area > 0 else None))
    return chars


def char_boxes(pdf: bytes) -> list[tuple[int, str, Box]]:
    """Every visible character with its tight glyph box, per page."""
    return [(page, char, box) for page, _, char, box in _chars(pdf) if box is not None]


def words(pdf: bytes) -> list[Word]:
    """The words of the text with their boxes (a word ends at white space or a line change)."""
    found: list[Word] = []
    current, box, page_of = "", None, -1
    for page_index, _, char, char_box in _chars(pdf):
        same_line = (
            box is not None
            and char_box is not None
            and page_index == page_of
            and abs(char_box.middle_y - box.middle_y) < 4
        )
        if same_line and box is not None and char_box is not None:
            current += char
            box = Box(
                min(box.left, char_box.left),
                min(box.bottom, char_box.bottom),
                max(box.right, char_box.right),
                max(box.top, char_box.top),
            )
            continue
        if box is not None:
            found.append(Word(current, box, page_of))
        current, box, page_of = (char, char_box, page_index) if char_box else ("", None, -1)
    if box is not None:
        found.append(Word(current, box, page_of))
    return found


def overlapping_chars(pdf: bytes, share: float = 0.25) -> list[tuple[str, str]]:
    """Pairs of glyphs, not neighbours in the text, whose boxes cover each other by > ``share``.

    Neighbouring letters overlap through kerning ("Kỳ"); text printed over other text is
    never next to it in the text stream.
    """
    boxes = sorted(
        ((page, index, char, box) for page, index, char, box in _chars(pdf) if box is not None),
        key=lambda item: (item[0], item[3].left),
    )
    clashes: list[tuple[str, str]] = []
    for i, (page, index, char, box) in enumerate(boxes):
        for other_page, other_index, other_char, other in boxes[i + 1 :]:
            if other_page != page or other.left >= box.right:
                break
            if abs(other_index - index) <= 2:
                continue
            if box.overlap_area(other) > share * min(box.area, other.area):
                clashes.append((char, other_char))
    return clashes


def decode(pdf: bytes, dpi: int, page: int = 0) -> list[tuple[str, str]]:
    """(format, text) of every barcode zxing finds on the page rendered at ``dpi``."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=dpi / 72, grayscale=True).to_pil()
    return [(result.format.name, result.text) for result in zxingcpp.read_barcodes(image)]


def font_descriptors(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font the pages use."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts: list[tuple[str, bool]] = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendant = font
            if "/DescendantFonts" in font:
                descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts
