"""Phiếu gửi hồ sơ: TT 17/2017 Art 9 content, kinds per line, S10 barcode."""

from __future__ import annotations

import pytest
from printing_data import APPLICANT_NAME, CODE, S10
from printing_pdf import decode, page_sizes_mm, plain, text_pdfium, text_pypdf, words

from app.printing import render_dispatch_slip


@pytest.fixture
def slip(make_dossier, procedure, office, route) -> bytes:
    return render_dispatch_slip(make_dossier(documents=8), procedure, office, route)


def test_slip_is_one_a5_page(slip):
    [(width, height)] = page_sizes_mm(slip)
    assert (width, height) == (pytest.approx(148, abs=0.1), pytest.approx(210, abs=0.1))


@pytest.mark.parametrize("extract", [text_pdfium, text_pypdf])
def test_slip_carries_the_article_9_content(slip, extract):
    text = plain(extract(slip))
    expected = [
        "PHIẾU GỬI HỒ SƠ",
        # sender
        f"Họ và tên: {APPLICANT_NAME}",
        "Địa chỉ: Xóm Hưng Thịnh, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        "Điện thoại: 0912345678",
        "Email: nhung.nth@example.vn",
        # receiver: the deciding agency
        "Cơ quan: UBND xã Kỳ Bắc",
        # time, place, method
        "Thời gian gửi: 14 giờ 05 phút, ngày 03/02/2027",
        "Địa điểm gửi: Bưu điện văn hóa xã Kỳ Bắc",
        "Dịch vụ bưu chính công ích",
        f"Số hiệu bưu gửi: {S10}",
        f"Mã hồ sơ: {CODE}",
        "Tuyến: Nội tỉnh (chuyển phát tối đa J+2 ngày làm việc)",
        # price and payment
        "Cước dịch vụ: 30.000 đ, người gửi đã thanh toán",
        # procedure and documents
        "Tên thủ tục: Thủ tục xác nhận tình trạng hôn nhân (mã 1.004873)",
        "Tổng cộng: 9 giấy tờ; số lượng hồ sơ: 01 (bộ)",
        "đóng gói và niêm phong trước sự chứng kiến của người gửi",
        "NGƯỜI GỬI",
        "NHÂN VIÊN BƯU ĐIỆN",
        "Trần Văn Bình",
    ]
    missing = [line for line in expected if line not in text]
    assert not missing


def test_each_document_line_names_its_kind_on_its_row(slip):
    found = words(slip)

    def row_words(*first_words: str) -> list[str]:
        n = len(first_words)
        for i in range(len(found) - n):
            if tuple(w.text for w in found[i : i + n]) == first_words:
                y = found[i].box.middle_y
                return [w.text for w in found if abs(w.box.middle_y - y) < 3]
        raise AssertionError(f"row {first_words} not printed")

    assert row_words("Tờ", "khai", "cấp") == [
        "1",
        "Tờ",
        "khai",
        "cấp",
        "Giấy",
        "xác",
        "nhận",
        "tình",
        "trạng",
        "hôn",
        "nhân",
        "Bản",
        "chính",
        "1",
    ]
    residence = row_words("Giấy", "tờ", "chứng")
    assert residence[-3:] == ["Bản", "photo", "2"]
    copy = row_words("Bản", "sao", "Giấy")
    assert copy[-5:] == ["Bản", "sao", "chứng", "thực", "1"]


def test_s10_barcode_decodes_to_the_item_number(slip):
    for dpi in (200, 300):
        assert ("Code128", S10) in decode(slip, dpi)


def test_slip_without_route_still_prints_the_hand_over_date(dossier, procedure, office):
    text = plain(text_pdfium(render_dispatch_slip(dossier, procedure, office)))
    assert "Ngày bàn giao cho cơ quan dự kiến: 05/02/2027" in text
    assert "Tuyến:" not in text
