"""Mẫu 01 receipt: A5, every field, scannable codes, copyable Vietnamese text, no overlaps."""

from __future__ import annotations

import re

import pytest
from printing_data import APPLICANT_NAME, CODE, TRACKING_URL
from printing_pdf import (
    decode,
    font_descriptors,
    overlapping_chars,
    page_sizes_mm,
    plain,
    text_pdfium,
    text_pypdf,
    words,
)

from app.domain.dossier import Office, ReturnMethod
from app.printing import render_receipt, tracking_payload

TIME_FORM = re.compile(r"\d{2} giờ \d{2} phút, ngày \d{2}/\d{2}/\d{4}")


@pytest.fixture
def receipt(dossier, procedure, office) -> bytes:
    return render_receipt(dossier, procedure, office)


def test_receipt_is_one_a5_portrait_page(receipt):
    assert receipt.startswith(b"%PDF-")
    [(width, height)] = page_sizes_mm(receipt)
    assert width == pytest.approx(148, abs=0.1)
    assert height == pytest.approx(210, abs=0.1)


def test_eight_document_lines_still_fit_one_page(make_dossier, procedure, office):
    pdf = render_receipt(make_dossier(documents=8), procedure, office)
    assert len(page_sizes_mm(pdf)) == 1


@pytest.mark.parametrize("extract", [text_pdfium, text_pypdf])
def test_copied_text_is_the_real_vietnamese(receipt, extract):
    text = plain(extract(receipt))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert f"tiếp nhận hồ sơ của Ông (Bà): {APPLICANT_NAME}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


def test_every_mau_01_field_is_printed(receipt):
    text = plain(text_pdfium(receipt))
    expected = [
        "BƯU ĐIỆN TỈNH HÀ TĨNH",
        "BƯU ĐIỆN VĂN HÓA XÃ KỲ BẮC",
        f"Mã hồ sơ: {CODE}",
        "Kỳ Bắc, ngày 03 tháng 02 năm 2027",
        "Địa chỉ: Xóm Hưng Thịnh, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        "Số điện thoại: 0912345678",
        "Email: nhung.nth@example.vn",
        "Số CCCD/Định danh cá nhân: 042195001234",
        "Nội dung yêu cầu giải quyết: Thủ tục xác nhận tình trạng hôn nhân",
        f"Chủ hồ sơ: {APPLICANT_NAME}",
        "Nộp trực tiếp tại quầy",
        "Phí, lệ phí: 5.000 đ",
        "cước bưu chính: 30.000 đ",
        "tổng cộng: 35.000 đ",
        "1. Thành phần hồ sơ",
        "2. Số lượng hồ sơ: 01 (bộ)",
        "3. Thời gian giải quyết theo quy định: 3 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 03/02/2027",
        "5. Thời gian trả kết quả: 10 giờ 00 phút, ngày 12/02/2027",
        "6. Đăng ký nhận kết quả tại: Qua dịch vụ Bưu chính công ích",
        "Hồ sơ được tiếp nhận tại bưu điện",
        "tính từ khi bưu điện bàn giao hồ sơ (ngày dự kiến 05/02/2027)",
        "giữ giấy tiếp nhận này",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Bình",
    ]
    missing = [line for line in expected if line not in text]
    assert not missing
    assert len(TIME_FORM.findall(text)) == 2


def test_document_counts_sit_in_the_column_of_their_kind(receipt):
    found = words(receipt)

    def column(header: str) -> tuple[float, float]:
        # "Bản chứng thực" wraps in its header cell; its first word's row is enough.
        box = next(w.box for w in found if w.text == header.split()[-1])
        return box.left - 12, box.right + 12

    def row_of(first_word: str, second_word: str) -> float:
        for i, word in enumerate(found[:-1]):
            if word.text == first_word and found[i + 1].text == second_word:
                return word.box.middle_y
        raise AssertionError(f"row {first_word} {second_word} not printed")

    photo_left, photo_right = column("Bản photo")
    residence_row = row_of("Giấy", "tờ")  # "Giấy tờ chứng minh nơi cư trú", 2 bản photo
    counts = [w for w in found if w.text == "2" and abs(w.box.middle_y - residence_row) < 3]
    assert len(counts) == 1
    assert photo_left <= counts[0].box.left <= photo_right


def test_code_128_and_qr_decode_at_200_and_300_dpi(receipt, dossier, office):
    payload = TRACKING_URL + CODE
    assert tracking_payload(dossier, office) == payload
    for dpi in (200, 300):
        found = decode(receipt, dpi)
        assert ("Code128", CODE) in found
        assert ("QRCode", payload) in found
        assert len(found) == 2


def test_qr_carries_the_bare_code_without_a_tracking_address(dossier, procedure, office):
    plain_office = Office(**{**office.__dict__, "tracking_url": ""})
    pdf = render_receipt(dossier, procedure, plain_office)
    assert ("QRCode", CODE) in decode(pdf, 300)


def test_all_text_uses_the_embedded_font(receipt):
    fonts = font_descriptors(receipt)
    assert fonts
    assert all(embedded and "NotoSans" in name for name, embedded in fonts)


def test_same_inputs_give_the_same_bytes(dossier, procedure, office):
    assert render_receipt(dossier, procedure, office) == render_receipt(dossier, procedure, office)


def test_same_day_counter_pickup(make_dossier, procedure, office):
    dossier = make_dossier(processing_days=0, return_method=ReturnMethod.COUNTER)
    text = plain(text_pdfium(render_receipt(dossier, procedure, office)))
    assert "3. Thời gian giải quyết theo quy định: Trong ngày" in text
    assert "6. Đăng ký nhận kết quả tại: Bưu điện văn hóa xã Kỳ Bắc" in text
    assert "Khi đến nhận kết quả, Ông (Bà) mang theo giấy tiếp nhận này" in text


def test_twelve_lines_flow_to_a_second_page_without_overlap(make_dossier, procedure, office):
    pdf = render_receipt(make_dossier(documents=12), procedure, office)
    assert len(page_sizes_mm(pdf)) == 2
    assert overlapping_chars(pdf) == []
    text = plain(text_pdfium(pdf))
    assert "Trích lục hộ tịch liên quan số 12" in text
    assert "Trang 1/2" in text
    assert "Trang 2/2" in text
    # The codes stay on the first page and still scan.
    assert ("Code128", CODE) in decode(pdf, 200)


def test_overlap_check_catches_text_printed_over_text():
    # The receipt test above relies on this detector; prove it sees a real clash.
    import io

    from reportlab.pdfgen.canvas import Canvas

    from app.printing.fonts import REGULAR, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont(REGULAR, 12)
    canvas.drawString(100, 700, "Nguyễn Thị Hồng Nhung")
    canvas.drawString(104, 702, "Trần Văn Bình")
    canvas.save()
    assert overlapping_chars(buffer.getvalue())


def test_markup_characters_in_user_text_print_literally(make_dossier, applicant, procedure, office):
    odd = applicant.__class__(**{**applicant.__dict__, "address": "Số 3 <B> & ngõ 5"})
    pdf = render_receipt(make_dossier(applicant=odd), procedure, office)
    assert "Địa chỉ: Số 3 <B> & ngõ 5" in plain(text_pdfium(pdf))
