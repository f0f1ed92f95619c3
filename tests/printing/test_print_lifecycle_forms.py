"""Lifecycle forms: Mẫu 02–05 and the invitation (A5), the hand-over record (A4, long lists)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import pytest
from printing_data import APPLICANT_NAME, CODE, TRACKING_URL, VN
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

from app.domain.dossier import Dossier, Office
from app.domain.errors import DomainError
from app.printing.agency_forms import (
    render_apology,
    render_control_slip,
    render_invitation,
    render_refusal,
    render_supplement_request,
)
from app.printing.handover_minutes import render_handover_minutes
from app.printing.lifecycle_docs import (
    Apology,
    ControlStep,
    HandoverLine,
    HandoverSheet,
    Invitation,
    InvitationMethod,
    Refusal,
    SupplementRequest,
)

A5_MM = (pytest.approx(148, abs=0.1), pytest.approx(210, abs=0.1))
A4_MM = (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))
BATCH = "BG-20270205-01"
AGENCY = "UBND xã Kỳ Bắc"

SUPPLEMENT = SupplementRequest(
    items=(
        "Bản sao Giấy chứng nhận kết hôn có chứng thực",
        "Giấy xác nhận nơi cư trú do công an xã cấp",
    ),
    reason="Hồ sơ thiếu giấy tờ chứng minh tình trạng hôn nhân trước đây.",
    agency=AGENCY,
    requested_at=datetime(2027, 2, 6, 9, 15, tzinfo=VN),
)
REFUSAL = Refusal(
    reason="Người yêu cầu thường trú tại xã Kỳ Lợi; hồ sơ thuộc thẩm quyền UBND xã Kỳ Lợi.",
    agency=AGENCY,
    refused_at=datetime(2027, 2, 8, 15, 0, tzinfo=VN),
)
APOLOGY = Apology(
    reason="Cơ quan giải quyết cần xác minh thêm với UBND xã Kỳ Lợi.",
    new_appointment_at=datetime(2027, 2, 19, 10, 0, tzinfo=VN),
    original_appointment_at=datetime(2027, 2, 12, 10, 0, tzinfo=VN),
    made_at=datetime(2027, 2, 11, 16, 0, tzinfo=VN),
)
STEPS = (
    ControlStep(
        "Bưu điện văn hóa xã Kỳ Bắc", AGENCY, datetime(2027, 2, 5, 8, 30, tzinfo=VN), note=BATCH
    ),
    ControlStep(
        AGENCY,
        "Bưu điện văn hóa xã Kỳ Bắc",
        datetime(2027, 2, 10, 15, 20, tzinfo=VN),
        result="Trước hạn",
        note="Có kết quả",
    ),
    ControlStep(
        "Bưu điện văn hóa xã Kỳ Bắc",
        APPLICANT_NAME,
        datetime(2027, 2, 12, 9, 45, tzinfo=VN),
        result="Đúng hạn",
    ),
)
INVITATION = Invitation(2, date(2027, 2, 17), InvitationMethod.LETTER, "Gọi điện không được")

Render = Callable[[Dossier, Office], bytes]
FORMS: dict[str, tuple[Render, str]] = {
    "mau_02": (
        lambda d, o: render_supplement_request(d, o, SUPPLEMENT),
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    ),
    "mau_03": (
        lambda d, o: render_refusal(d, o, REFUSAL),
        "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
    ),
    "mau_04": (
        lambda d, o: render_apology(d, o, APOLOGY),
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    ),
    "mau_05": (
        lambda d, o: render_control_slip(d, o, STEPS),
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    ),
    "invitation": (lambda d, o: render_invitation(d, o, INVITATION), "GIẤY MỜI NHẬN KẾT QUẢ"),
}


@pytest.fixture(params=sorted(FORMS))
def form(request, dossier, office) -> tuple[bytes, str]:
    render, title = FORMS[request.param]
    return render(dossier, office), title


def text_of(pdf: bytes) -> str:
    return plain(text_pdfium(pdf))


def missing_from(pdf: bytes, expected: list[str]) -> list[str]:
    text = text_of(pdf)
    return [line for line in expected if line not in text]


# --- every A5 form ------------------------------------------------------------------------------


def test_each_form_is_one_a5_portrait_page(form):
    pdf, _ = form
    assert pdf.startswith(b"%PDF-")
    assert page_sizes_mm(pdf) == [A5_MM]


@pytest.mark.parametrize("extract", [text_pdfium, text_pypdf])
def test_each_form_has_its_title_code_and_applicant_as_real_text(form, extract):
    pdf, title = form
    text = plain(extract(pdf))
    assert title in text
    assert f"Mã hồ sơ: {CODE}" in text
    assert APPLICANT_NAME in text
    assert "BƯU ĐIỆN VĂN HÓA XÃ KỲ BẮC" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_each_form_scans_to_the_dossier_code_and_tracking_address(form):
    pdf, _ = form
    found = decode(pdf, 200)
    assert sorted(found) == [("Code128", CODE), ("QRCode", TRACKING_URL + CODE)]


def test_each_form_embeds_its_font_and_prints_nothing_over_anything(form):
    pdf, _ = form
    assert all(embedded and "NotoSans" in name for name, embedded in font_descriptors(pdf))
    assert overlapping_chars(pdf) == []


# --- Mẫu 02 -------------------------------------------------------------------------------------


def test_supplement_request_lists_what_to_bring_why_and_who_asked(dossier, office):
    pdf = render_supplement_request(dossier, office, SUPPLEMENT)
    missing = missing_from(
        pdf,
        [
            f"Hồ sơ của Ông (Bà): {APPLICANT_NAME}",
            "Nội dung yêu cầu giải quyết: Thủ tục xác nhận tình trạng hôn nhân",
            "Kỳ Bắc, ngày 06 tháng 02 năm 2027",
            f"Cơ quan giải quyết: {AGENCY}",
            "Thời gian yêu cầu bổ sung: 09 giờ 15 phút, ngày 06/02/2027",
            "Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 03/02/2027",
            "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau",
            "1 Bản sao Giấy chứng nhận kết hôn có chứng thực",
            "2 Giấy xác nhận nơi cư trú do công an xã cấp",
            "Lý do: Hồ sơ thiếu giấy tờ chứng minh tình trạng hôn nhân trước đây.",
            "số điện thoại 0239 3861 234",
            "NGƯỜI HƯỚNG DẪN",
        ],
    )
    assert missing == []


def test_supplement_request_needs_something_to_supplement():
    with pytest.raises(DomainError, match="ít nhất một nội dung"):
        SupplementRequest((" ", ""), "", AGENCY, datetime(2027, 2, 6, 9, 0, tzinfo=VN))


# --- Mẫu 03 -------------------------------------------------------------------------------------


def test_refusal_states_the_agency_reason_and_date(dossier, office):
    pdf = render_refusal(dossier, office, REFUSAL)
    missing = missing_from(
        pdf,
        [
            f"Bưu điện văn hóa xã Kỳ Bắc đã tiếp nhận hồ sơ của Ông (Bà): {APPLICANT_NAME}",
            "Kỳ Bắc, ngày 08 tháng 02 năm 2027",
            "Thời gian từ chối: 15 giờ 00 phút, ngày 08/02/2027",
            f"{AGENCY} thông báo không tiếp nhận, giải quyết hồ sơ này",
            REFUSAL.reason,
            "NGƯỜI THÔNG BÁO",
        ],
    )
    assert missing == []


def test_refusal_without_a_reason_is_not_made():
    with pytest.raises(DomainError, match="lý do"):
        Refusal("  ", AGENCY, datetime(2027, 2, 8, 15, 0, tzinfo=VN))


def test_markup_and_line_breaks_in_the_reason_print_literally(dossier, office):
    refusal = Refusal(
        "Thiếu <bản chính> & bản sao.\nNộp lại tại xã Kỳ Lợi.",
        AGENCY,
        datetime(2027, 2, 8, 15, 0, tzinfo=VN),
    )
    text = text_of(render_refusal(dossier, office, refusal))
    assert "Thiếu <bản chính> & bản sao. Nộp lại tại xã Kỳ Lợi." in text


# --- Mẫu 04 -------------------------------------------------------------------------------------


def test_apology_gives_the_old_and_the_new_appointment(dossier, office):
    pdf = render_apology(dossier, office, APOLOGY)
    missing = missing_from(
        pdf,
        [
            f"Kính gửi Ông (Bà): {APPLICANT_NAME}",
            "Kỳ Bắc, ngày 11 tháng 02 năm 2027",
            "Thời gian hẹn trả kết quả: 10 giờ 00 phút, ngày 12/02/2027",
            f"lý do: {APOLOGY.reason}",
            "xin lỗi Ông (Bà)",
            "Thời gian hẹn trả kết quả mới: 10 giờ 00 phút, ngày 19/02/2027",
            "ĐẠI DIỆN BƯU ĐIỆN VĂN HÓA XÃ KỲ BẮC",
        ],
    )
    assert missing == []


def test_a_new_appointment_must_come_after_the_old_one():
    with pytest.raises(DomainError, match="sau ngày hẹn cũ"):
        Apology(
            "Chậm xác minh",
            new_appointment_at=datetime(2027, 2, 12, 10, 0, tzinfo=VN),
            original_appointment_at=datetime(2027, 2, 12, 10, 0, tzinfo=VN),
            made_at=datetime(2027, 2, 11, 16, 0, tzinfo=VN),
        )


# --- Mẫu 05 -------------------------------------------------------------------------------------


def test_control_slip_has_one_row_per_step_with_its_time_in_its_column(dossier, office):
    pdf = render_control_slip(dossier, office, STEPS)
    missing = missing_from(
        pdf,
        [
            f"Người nộp hồ sơ: {APPLICANT_NAME}",
            f"Cơ quan (bộ phận) giải quyết hồ sơ: {AGENCY}",
            f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: {CODE}",
            "1. Giao: Bưu điện văn hóa xã Kỳ Bắc",
            f"2. Nhận: {AGENCY}",
            f"2. Nhận: {APPLICANT_NAME}",
            BATCH,
            "Trước hạn",
            "Đúng hạn",
        ],
    )
    assert missing == []
    found = words(pdf)
    # The time column lies between the header cells "… bên nhận)" and "Kết quả …".
    left = next(w.box for w in found if w.text == "nhận)")
    right = next(w.box for w in found if w.text == "Kết")
    # Each step's time reads "08 giờ 30 phút," over "ngày 05/02/2027" in the time column.
    for day in ("05/02/2027", "10/02/2027", "12/02/2027"):
        [box] = [w.box for w in found if w.text == day and w.box.top < left.bottom]
        assert left.right < box.left < box.right < right.left
    text = text_of(pdf)
    assert re.findall(r"\d{2} giờ \d{2} phút,", text)[-3:] == [
        "08 giờ 30 phút,",
        "15 giờ 20 phút,",
        "09 giờ 45 phút,",
    ]


def test_a_long_control_slip_flows_on_with_its_header(dossier, office):
    steps = [
        ControlStep(f"Bộ phận {n}", f"Bộ phận {n + 1}", datetime(2027, 2, 5, 8, n, tzinfo=VN))
        for n in range(40)
    ]
    pdf = render_control_slip(dossier, office, steps)
    pages = page_sizes_mm(pdf)
    assert len(pages) > 1
    assert all(size == A5_MM for size in pages)
    text = text_of(pdf)
    assert f"Trang 1/{len(pages)}" in text
    assert text.count("Tên cơ quan (bên giao, bên nhận)") == len(pages)
    assert "2. Nhận: Bộ phận 40" in text


# --- Giấy mời nhận kết quả ----------------------------------------------------------------------


def test_invitation_says_which_one_when_where_and_what_to_bring(dossier, office):
    pdf = render_invitation(dossier, office, INVITATION)
    missing = missing_from(
        pdf,
        [
            "(Lần mời thứ 2)",
            "Kỳ Bắc, ngày 17 tháng 02 năm 2027",
            f"Kính gửi Ông (Bà): {APPLICANT_NAME}",
            "Hình thức mời: Gửi giấy mời (ngày 17/02/2027)",
            "Ghi chú: Gọi điện không được",
            "Mời Ông (Bà) đến nhận kết quả tại: Bưu điện văn hóa xã Kỳ Bắc, "
            "Thôn Bắc Sơn, xã Kỳ Bắc, tỉnh Hà Tĩnh",
            "kể từ ngày 17/02/2027",
            f"1. Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mã hồ sơ {CODE})",
            "2. Căn cước công dân",
            "giấy ủy quyền",
            f"kết quả sẽ được chuyển lại cho {AGENCY}",
        ],
    )
    assert missing == []


def test_a_first_invitation_explains_the_two_invitation_rule(dossier, office):
    first = Invitation(1, date(2027, 2, 15), InvitationMethod.DELIVERY_ATTEMPT)
    text = text_of(render_invitation(dossier, office, first))
    assert "(Lần mời thứ 1)" in text
    assert "Phát tận nhà không thành công (ngày 15/02/2027" in text
    assert "Sau 02 lần mời, cách nhau ít nhất 02 ngày làm việc" in text
    assert "Ghi chú" not in text


def test_invitation_numbers_start_at_one():
    with pytest.raises(DomainError):
        Invitation(0, date(2027, 2, 15), InvitationMethod.CALL)


# --- Biên bản giao nhận hồ sơ --------------------------------------------------------------------


def sheet(count: int) -> HandoverSheet:
    names = (APPLICANT_NAME, "Trần Văn Bình", "Lê Thị Minh Khai")
    procedures = (
        "Thủ tục xác nhận tình trạng hôn nhân",
        "Đăng ký khai sinh",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
    )
    lines = tuple(
        HandoverLine(
            code=f"000.00.04.H40-270203-{n:04d}",
            s10=f"RA{n:08d}5VN",
            procedure_name=procedures[n % 3],
            applicant_name=names[n % 3],
            sets=2 if n % 5 == 0 else 1,
            note="Kèm biên lai lệ phí" if n % 7 == 0 else "",
        )
        for n in range(1, count + 1)
    )
    return HandoverSheet(
        number=BATCH,
        agency=AGENCY,
        sealed_at=datetime(2027, 2, 5, 7, 45, tzinfo=VN),
        staff="Trần Văn Bình",
        lines=lines,
    )


def test_handover_minutes_is_a4_with_every_part_of_the_record(office):
    pdf = render_handover_minutes(sheet(5), office)
    assert page_sizes_mm(pdf) == [A4_MM]
    missing = missing_from(
        pdf,
        [
            "BIÊN BẢN GIAO NHẬN HỒ SƠ",
            "BƯU ĐIỆN VĂN HÓA XÃ KỲ BẮC",
            "Kỳ Bắc, ngày 05 tháng 02 năm 2027",
            f"Số biên bản: {BATCH}",
            "Thời gian lập biên bản (niêm phong túi hồ sơ): 07 giờ 45 phút, ngày 05/02/2027",
            "Bên giao: Bưu điện văn hóa xã Kỳ Bắc",
            "Người giao: Trần Văn Bình",
            f"Bên nhận: {AGENCY}",
            "STT Mã hồ sơ Số hiệu bưu gửi Thủ tục hành chính Người nộp hồ sơ Số bộ Ghi chú",
            "1 000.00.04.H40-270203-0001 RA000000015VN Đăng ký khai sinh Trần Văn Bình 1",
            "Tổng cộng: 05 hồ sơ, 06 bộ",
            "ĐẠI DIỆN BƯU ĐIỆN (bên giao)",
            "ĐẠI DIỆN CƠ QUAN (bên nhận)",
            "Nhận lúc: …… giờ …… phút, ngày",
        ],
    )
    assert missing == []
    assert overlapping_chars(pdf) == []


def test_handover_batch_number_scans_as_code_128(office):
    pdf = render_handover_minutes(sheet(5), office)
    assert decode(pdf, 200) == [("Code128", BATCH)]


def test_two_hundred_dossiers_paginate_with_every_code_once(office):
    pdf = render_handover_minutes(sheet(200), office)
    pages = page_sizes_mm(pdf)
    assert len(pages) > 2
    assert all(size == A4_MM for size in pages)
    text = text_of(pdf)
    codes = re.findall(r"000\.00\.04\.H40-270203-\d{4}", text)
    assert codes == [f"000.00.04.H40-270203-{n:04d}" for n in range(1, 201)]
    assert f"Trang 1/{len(pages)}" in text
    assert f"Trang {len(pages)}/{len(pages)}" in text
    # Every page repeats the table header and names the batch in its footer.
    assert text.count("Số hiệu bưu gửi Thủ tục hành chính") == len(pages)
    assert text.count(f"Biên bản giao nhận hồ sơ số {BATCH}") == len(pages)
    assert "Tổng cộng: 200 hồ sơ, 240 bộ" in text
    assert ("Code128", BATCH) in decode(pdf, 200)


def test_the_signed_page_carries_the_total(office):
    pdf = render_handover_minutes(sheet(200), office)
    last = len(page_sizes_mm(pdf)) - 1
    on_last = {w.text for w in words(pdf) if w.page == last}
    assert {"Tổng", "(bên", "nhận)", "Nhận", "lúc:"} <= on_last


def test_an_empty_batch_is_not_sealed():
    with pytest.raises(DomainError, match="không có hồ sơ nào"):
        HandoverSheet(BATCH, AGENCY, datetime(2027, 2, 5, 7, 45, tzinfo=VN), "Bình", ())
