"""Phiếu hướng dẫn bổ sung hồ sơ: what is missing, when, and that nothing was accepted yet."""

from __future__ import annotations

from datetime import datetime

import pytest
from printing_data import APPLICANT_NAME, VN
from printing_pdf import page_sizes_mm, plain, text_pdfium, text_pypdf

from app.domain.procedure import DocumentKind, RequiredDocument
from app.printing import render_guidance


@pytest.fixture
def missing(procedure) -> list[RequiredDocument]:
    return [
        *procedure.documents[1:],
        RequiredDocument(
            "Giấy xác nhận nơi cư trú", DocumentKind.ORIGINAL, 2, note="Do công an xã cấp"
        ),
    ]


@pytest.fixture
def slip(procedure, missing, office) -> bytes:
    at = datetime(2027, 2, 3, 16, 40, tzinfo=VN)
    return render_guidance(procedure, missing, APPLICANT_NAME, office, at, staff="Trần Văn Bình")


def test_guidance_is_a5(slip):
    assert page_sizes_mm(slip) == [(pytest.approx(148, abs=0.1), pytest.approx(210, abs=0.1))]


@pytest.mark.parametrize("extract", [text_pdfium, text_pypdf])
def test_guidance_lists_what_is_missing_and_when(slip, extract):
    text = plain(extract(slip))
    expected = [
        "PHIẾU HƯỚNG DẪN BỔ SUNG HỒ SƠ",
        f"hướng dẫn Ông (Bà): {APPLICANT_NAME}",
        "Thủ tục: Thủ tục xác nhận tình trạng hôn nhân (mã 1.004873)",
        "Bản sao Giấy chứng nhận kết hôn Bản sao chứng thực 1",
        "Giấy tờ chứng minh nơi cư trú Bản photo 1",
        "Giấy xác nhận nơi cư trú",
        "Do công an xã cấp",
        "Thời gian hướng dẫn: 16 giờ 40 phút, ngày 03/02/2027",
        "Hồ sơ chưa được tiếp nhận cho đến khi có đủ các giấy tờ nêu trên",
        "mang theo các giấy tờ còn thiếu",
        "NGƯỜI HƯỚNG DẪN",
        "Trần Văn Bình",
    ]
    missing = [line for line in expected if line not in text]
    assert not missing
    # Only what is missing is listed, not the part the citizen already brought.
    assert "Tờ khai xác nhận tình trạng hôn nhân" not in text


def test_guidance_without_staff_leaves_a_line_to_sign(procedure, missing, office):
    at = datetime(2027, 2, 3, 9, 5, tzinfo=VN)
    pdf = render_guidance(procedure, missing, APPLICANT_NAME, office, at)
    text = plain(text_pdfium(pdf))
    assert "09 giờ 05 phút, ngày 03/02/2027" in text
    assert "NGƯỜI HƯỚNG DẪN" in text
