"""The tracking book (Mẫu 06) and the report on paper: read back as text and as barcodes."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pypdfium2
import pytest
from printing_pdf import decode, overlapping_chars, page_sizes_mm, plain, text_pdfium

from app.domain.calendar import WorkCalendar
from app.domain.dossier import DossierStatus, Office
from app.domain.dossier import ReturnMethod as RM
from app.domain.reports import (
    BookEntry,
    DossierFacts,
    DueChange,
    Grouping,
    Step,
    compute_report,
)
from app.printing.report_pdf import render_report
from app.printing.tracking_book import render_tracking_book
from app.services.workstation import VN_TZ

NAMES = ["Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Thị Ánh Tuyết", "Phạm Quốc Khánh"]
LONG_PROCEDURE = (
    "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc cho người dưới 14 tuổi"
)


def t(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2027, 1, 1, hour, minute, tzinfo=VN_TZ) + timedelta(days=day - 1)


def entry(n: int) -> BookEntry:
    done = n % 3 == 0
    return BookEntry(
        number=n,
        year=2027,
        code=f"000.00.04.H40-2701{(n // 10) + 4:02d}-{n:04d}",
        s10=f"RA{n:08d}5VN",
        procedure_name=LONG_PROCEDURE if n % 5 == 0 else "Cấp Giấy xác nhận tình trạng hôn nhân",
        sets=1 + n % 2,
        applicant_name=NAMES[n % len(NAMES)],
        address="Xóm Hưng Thịnh, thôn Bắc Sơn, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        phone=f"0912{n:06d}",
        agency="UBND xã" if n % 4 else "Công an tỉnh",
        received_at=t(4 + n // 10, 8, n % 60),
        appointment_at=t(11 + n // 10, 16),
        handed_over_at=t(5 + n // 10, 10),
        result_at=t(9 + n // 10, 14) if done else None,
        returned_at=t(12 + n // 10, 10, 30) if done else None,
        receiver_name=NAMES[n % len(NAMES)] if done else "",
        proxy=n % 6 == 0,
        status=DossierStatus.RETURNED if done else DossierStatus.AT_AGENCY,
        notes=("Trả trước hạn 1 ngày làm việc",) if done else (),
    )


@pytest.fixture(scope="module")
def entries() -> list[BookEntry]:
    return [entry(n) for n in range(1, 31)]


OFFICE = Office(
    unit_code="000.00.04.H40",
    name="Bưu điện văn hóa xã Kỳ Bắc",
    parent_name="Bưu điện tỉnh Hà Tĩnh",
    commune="Kỳ Bắc",
)


def page_texts(pdf: bytes) -> list[str]:
    return [plain(page.get_textpage().get_text_bounded()) for page in pypdfium2.PdfDocument(pdf)]


@pytest.fixture(scope="module")
def book_pdf(entries) -> bytes:
    return render_tracking_book(
        entries,
        OFFICE,
        year=2027,
        start=date(2027, 1, 1),
        end=date(2027, 12, 31),
        printed_at=t(20, 15, 30),
    )


def test_the_book_is_a4_landscape_with_numbered_pages_and_repeated_headers(book_pdf):
    sizes = page_sizes_mm(book_pdf)
    assert len(sizes) >= 3
    assert all(s == pytest.approx((297, 210), abs=0.5) for s in sizes)
    pages = page_texts(book_pdf)
    for index, text in enumerate(pages, start=1):
        assert f"Trang {index}/{len(pages)}" in text
        assert "Mã hồ sơ" in text and "Cơ quan chủ trì giải quyết" in text and "(13)" in text
        assert "Trả kết quả (ngày, ký nhận)" in text
    first = pages[0]
    assert "SỔ THEO DÕI HỒ SƠ" in first and "Năm 2027" in first
    assert "Mẫu số 06" in first and "In lúc 15 giờ 30 phút, ngày 20/01/2027" in first
    # Numbers run across pages in order, each exactly once.
    numbers = [
        int(n) for text in pages for n in re.findall(r"(?<![\d/:.-])(\d{2})(?= 000\.)", text)
    ]
    assert numbers == list(range(1, 31))


def test_every_row_shows_its_columns(book_pdf, entries):
    text = plain(text_pdfium(book_pdf))
    for e in entries:
        assert e.code in text
    assert "Nguyễn Thị Hồng Nhung" in text and "Lê Thị Ánh Tuyết" in text
    assert "ĐT: 0912000007" in text
    assert "08:07 04/01/2027" in text  # received, time over date
    assert "16:00 12/01/2027" in text  # the appointment
    assert "(nhận thay)" in text  # a proxy signed for the result
    assert "Trả trước hạn 1 ngày" in text
    assert overlapping_chars(book_pdf) == []


def test_every_dossier_code_decodes_from_its_row(book_pdf, entries):
    per_page = [decode(book_pdf, 300, page) for page in range(len(page_texts(book_pdf)))]
    found = [item for page in per_page for item in page]
    assert sorted(found) == sorted(("Code128", e.code) for e in entries)
    # A 600 dpi office printer (bars four dots wide) reads the same codes.
    assert sorted(decode(book_pdf, 600, 0)) == sorted(per_page[0])


def test_a_part_of_the_year_says_so(entries):
    pdf = render_tracking_book(
        entries[:2],
        OFFICE,
        year=2027,
        start=date(2027, 1, 1),
        end=date(2027, 3, 31),
        printed_at=t(20),
    )
    text = plain(text_pdfium(pdf))
    assert "Năm 2027 — từ ngày 01/01/2027 đến ngày 31/03/2027" in text
    assert "Trang 1/1" in text and "2 hồ sơ" in text


def _facts(n: int) -> DossierFacts:
    received = t(1 + n % 80, 8)
    steps = [Step(received + timedelta(days=1), DossierStatus.IN_TRANSIT)]
    returned = None
    if n % 2:
        returned = received + timedelta(days=4 + n % 5)
        steps.append(Step(returned, DossierStatus.RESULT_AT_COUNTER))
        steps.append(Step(returned, DossierStatus.RETURNED))
    return DossierFacts(
        id=str(n),
        code=f"X{n}",
        procedure_code="CA.LLTP" if n % 3 == 0 else "1.004873",
        procedure_name="Cấp Phiếu lý lịch tư pháp"
        if n % 3 == 0
        else "Xác nhận tình trạng hôn nhân",
        return_method=RM.COUNTER,
        received_at=received,
        dues=(DueChange(received, received + timedelta(days=6)),),
        steps=tuple(steps),
        returned_at=returned,
        fees=200_000 if n % 3 == 0 else 0,
        postage=12_000,
        collected=1_500,
    )


def test_the_report_prints_its_tables_with_totals_and_repeats_headers():
    report = compute_report(
        [_facts(n) for n in range(120)],
        date(2027, 1, 1),
        date(2027, 3, 31),
        Grouping.DAY,
        WorkCalendar(),
        now=t(95, 12),
    )
    pdf = render_report(report, OFFICE, printed_at=t(95, 12))

    pages = page_texts(pdf)
    assert len(pages) >= 3 and page_sizes_mm(pdf)[0] == pytest.approx((297, 210), abs=0.5)
    for index, text in enumerate(pages, start=1):
        assert f"Trang {index}/{len(pages)}" in text
    assert all("Đã trả kết quả" in text and "Trước hạn" in text for text in pages[:-1])
    whole = " ".join(pages)
    assert "I. Số liệu theo ngày" in whole and "II. Theo thủ tục hành chính" in whole
    assert "01/01/2027" in whole and "31/03/2027" in whole
    assert "Cấp Phiếu lý lịch tư pháp (CA.LLTP)" in whole
    totals = report.totals
    money = f"{totals.money:,}".replace(",", ".")
    assert money in whole and f"{totals.fees:,}".replace(",", ".") in whole
    rate = f"{totals.on_time_rate:.1f}".replace(".", ",")
    assert rate in whole
    assert "NGƯỜI LẬP BIỂU" in whole and "TRƯỞNG BƯU CỤC" in whole
    assert overlapping_chars(pdf) == []
