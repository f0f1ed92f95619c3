"""Envelope label (100×150 mm) and the small sticker (50×30 mm)."""

from __future__ import annotations

import pytest
from printing_data import CODE, S10
from printing_pdf import MM, char_boxes, decode, page_sizes_mm, plain, text_pdfium, text_pypdf

from app.domain.errors import DomainError
from app.printing import render_label, render_small_label
from app.printing.canvas_text import abbreviate

LONG_AGENCY = "Ủy ban nhân dân xã Kỳ Bắc, tỉnh Hà Tĩnh (Bộ phận tiếp nhận và trả kết quả)"
LONG_NAME = "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em"


def inside_page(pdf: bytes, width_mm: float, height_mm: float) -> bool:
    width, height = width_mm * MM, height_mm * MM
    return all(
        box.left >= 0 and box.right <= width and box.bottom >= 0 and box.top <= height
        for _, _, box in char_boxes(pdf)
    )


def test_label_is_100_by_150_mm(dossier, office):
    pdf = render_label(dossier, office, "XN tình trạng hôn nhân")
    assert page_sizes_mm(pdf) == [(pytest.approx(100, abs=0.1), pytest.approx(150, abs=0.1))]


def test_label_codes_decode_to_exactly_s10_and_dossier_code(dossier, office):
    pdf = render_label(dossier, office, "XN tình trạng hôn nhân")
    for dpi in (200, 300):
        found = decode(pdf, dpi)
        assert sorted(found) == [("Code128", CODE), ("Code128", S10)]


@pytest.mark.parametrize("extract", [text_pdfium, text_pypdf])
def test_label_text(dossier, office, extract):
    text = plain(extract(render_label(dossier, office, "XN tình trạng hôn nhân")))
    for expected in [
        "RA 123 456 785 VN",
        f"Mã hồ sơ: {CODE}",
        "UBND xã Kỳ Bắc",
        "Thủ tục: XN tình trạng hôn nhân",
        "Bưu điện văn hóa xã Kỳ Bắc",
        "Nhận hồ sơ: 14 giờ 05 phút, ngày 03/02/2027",
    ]:
        assert expected in text


def test_label_falls_back_to_the_procedure_name(dossier, office):
    text = plain(text_pdfium(render_label(dossier, office)))
    assert "Thủ tục: Thủ tục xác nhận tình trạng hôn nhân" in text


def test_long_label_text_stays_clear_of_the_codes(make_dossier, office):
    dossier = make_dossier(agency=LONG_AGENCY * 2, procedure_name=LONG_NAME * 2)
    busy_office = office.__class__(**{**office.__dict__, "address": LONG_AGENCY * 3})
    pdf = render_label(dossier, busy_office)
    assert inside_page(pdf, 100, 150)
    assert sorted(decode(pdf, 200)) == [("Code128", CODE), ("Code128", S10)]


def test_small_label_is_50_by_30_mm_and_its_s10_decodes(dossier):
    pdf = render_small_label(dossier, "XN tình trạng hôn nhân")
    assert page_sizes_mm(pdf) == [(pytest.approx(50, abs=0.1), pytest.approx(30, abs=0.1))]
    for dpi in (203, 300):  # thermal label printers are 203 dpi
        assert decode(pdf, dpi) == [("Code128", S10)]
    text = plain(text_pdfium(pdf))
    for expected in ["RA 123 456 785 VN", CODE, "UBND xã Kỳ Bắc", "XN tình trạng hôn nhân"]:
        assert expected in text


def test_small_label_never_overflows(make_dossier):
    dossier = make_dossier(agency=LONG_AGENCY, procedure_name=LONG_NAME)
    pdf = render_small_label(dossier)
    assert inside_page(pdf, 50, 30)
    text = plain(text_pdfium(pdf))
    assert "UBND xã Kỳ Bắc" in text  # abbreviated rather than cut at "Ủy ban nhân…"
    assert "…" in text  # the name did not fit even at the smallest size
    assert decode(pdf, 300) == [("Code128", S10)]


def test_abbreviations():
    assert abbreviate("Ủy ban nhân dân xã Kỳ Bắc") == "UBND xã Kỳ Bắc"
    assert abbreviate("Công an tỉnh Hà Tĩnh") == "CA tỉnh Hà Tĩnh"
    assert abbreviate("Bảo hiểm xã hội tỉnh Nghệ An") == "BHXH tỉnh Nghệ An"


def test_labels_need_an_s10(make_dossier, office):
    no_s10 = make_dossier(s10="")
    with pytest.raises(DomainError, match="chưa có số hiệu bưu gửi"):
        render_label(no_s10, office)
    with pytest.raises(DomainError, match="chưa có số hiệu bưu gửi"):
        render_small_label(no_s10)


def test_labels_are_reproducible(dossier, office):
    assert render_label(dossier, office) == render_label(dossier, office)
    assert render_small_label(dossier) == render_small_label(dossier)
