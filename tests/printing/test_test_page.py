"""The printer test page: exact sizes, Vietnamese text that reads back, codes that scan."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest
from printing_data import VN
from printing_pdf import MM, char_boxes, decode, page_sizes_mm, plain, text_pdfium, text_pypdf

from app.domain.errors import DomainError
from app.printing import test_page

AT = datetime(2027, 2, 3, 14, 5, tzinfo=VN)
OFFICE = "Bưu điện văn hóa xã Kỳ Bắc"
PRINTER = "motcua-pdf"


def render(size: str) -> bytes:
    return test_page.test_page_pdf(
        office_name=OFFICE, printer_name=PRINTER, printed_at=AT, size=size
    )


@pytest.mark.parametrize(
    ("size", "expected"), [("A5", (148, 210)), ("100x150", (100, 150)), ("50x30", (50, 30))]
)
def test_the_page_has_the_exact_size(size: str, expected: tuple[int, int]) -> None:
    ((width, height),) = page_sizes_mm(render(size))
    assert (width, height) == (
        pytest.approx(expected[0], abs=0.01),
        pytest.approx(expected[1], abs=0.01),
    )


def test_the_pangram_has_every_tone_mark_and_vietnamese_letter() -> None:
    tones = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
    # The base letters once the tone marks are taken off: "ồ" counts as an "ô".
    bare = unicodedata.normalize("NFD", test_page.PANGRAM.lower())
    letters = set(unicodedata.normalize("NFC", "".join(c for c in bare if c not in tones)))
    assert {"ă", "â", "đ", "ê", "ô", "ơ", "ư"} <= letters
    marks = {m for c in test_page.PANGRAM for m in unicodedata.normalize("NFD", c)}
    assert set(tones) <= marks
    assert unicodedata.is_normalized("NFC", test_page.PANGRAM)


@pytest.mark.parametrize("size", sorted(test_page.SIZES))
@pytest.mark.parametrize("extract", [text_pypdf, text_pdfium])
def test_the_text_reads_back(size: str, extract) -> None:
    text = plain(extract(render(size)))
    assert "Trang in thử — Quầy Một Cửa" in text
    assert OFFICE in text
    assert PRINTER in text
    assert "14:05 ngày 03/02/2027" in text
    # The pangram wraps; each face prints it whole.
    assert text.count("lá rụng đầy sân.") == 3
    assert text.count("Đêm trăng sáng, bé ngồi bên hồ") == 3
    assert test_page.CHECK in text


def test_the_pangram_is_printed_in_regular_bold_and_italic() -> None:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(render("A5")))
    fonts = {
        str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    for face in ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"):
        assert any(name.endswith("+" + face) for name in fonts), fonts


@pytest.mark.parametrize("size", sorted(test_page.SIZES))
def test_the_codes_decode(size: str) -> None:
    pdf = render(size)
    dpis = (203, 300) if size != "A5" else (150, 300)
    for dpi in dpis:
        found = decode(pdf, dpi)
        assert sorted(found) == [
            ("Code128", test_page.CODE128_SAMPLE),
            ("QRCode", test_page.QR_SAMPLE),
        ], (size, dpi)


@pytest.mark.parametrize("size", sorted(test_page.SIZES))
def test_nothing_leaves_the_page(size: str) -> None:
    width, height = (side * MM for side in test_page.SIZES[size])
    for _, char, box in char_boxes(render(size)):
        assert box.left >= 0 and box.right <= width and box.bottom >= 0 and box.top <= height, char


def test_the_rulers_are_true_millimetres() -> None:
    # The "10" mark of the bottom ruler is 10 mm right of its "0" tick (at the inset).
    boxes = [(c, b) for _, c, b in char_boxes(render("A5"))]
    ones = sorted(b.left for c, b in boxes if c == "1" and b.bottom < 12 * MM)
    assert ones, "no ruler numbers on the bottom edge"
    # The first "1" is the start of "10", printed 0.4 mm right of the tick at 6 + 10 mm.
    assert ones[0] == pytest.approx((6 + 10 + 0.4) * MM, abs=0.5 * MM)


def test_an_unknown_size_is_refused() -> None:
    with pytest.raises(DomainError, match="A5, 100x150 hoặc 50x30"):
        render("A4")


def test_the_bytes_are_reproducible() -> None:
    assert render("A5") == render("A5")
