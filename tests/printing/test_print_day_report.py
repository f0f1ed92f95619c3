"""BÁO CÁO CHỐT NGÀY, read back as a person and a scanner would: its text and its QR code."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from printing_pdf import decode, page_sizes_mm, plain, text_pdfium

from app.domain.day_close import (
    BatchLine,
    DayFigures,
    Money,
    ProcedureCount,
    Reconciliation,
    StatusCount,
    Supervisor,
    build_manifest,
    count_cash,
    event_span,
    manifest_sha256,
    parse_ack,
)
from app.printing.day_report import DayReport, Discrepancy, render_day_report

VN = timezone(timedelta(hours=7))
CODES = [f"000.00.04.H40-270203-{i:04d}" for i in range(1, 5)]


@pytest.fixture
def manifest() -> dict:
    figures = DayFigures(
        day=date(2027, 2, 3),
        codes=tuple(CODES),
        procedures=(
            ProcedureCount("2.000815", "Chứng thực bản sao từ bản chính", 3, 15_000, 36_000),
            ProcedureCount("1.001193", "Đăng ký khai sinh", 1, 0, 12_000),
        ),
        statuses=(
            StatusCount("at_agency", 2),
            StatusCount("in_transit", 1),
            StatusCount("received", 1),
        ),
        money=Money(fees=15_000, postage=48_000, collected_at_returns=16_000, returns=1),
        batches=(
            BatchLine("BG-20270203-01-1", "UBND xã Kỳ Bắc", "2027-02-03T09:00:00+07:00", 2, 0),
            BatchLine("BG-20270203-02-1", "Công an xã", "2027-02-03T09:30:00+07:00", 1, 1),
        ),
        events=event_span([(8, "a" * 64), (9, "b" * 64)]),
        unsynced=2,
        unsynced_first_seq=22,
    )
    return build_manifest(
        figures,
        count_cash({50_000: 1, 10_000: 1, 5_000: 1, 2_000: 2}),
        reason="Trả nhầm tiền thừa cho khách",
        device_id="dev-kybac-1",
        office_code="000.00.04.H40",
        office_name="Bưu điện văn hóa xã Kỳ Bắc",
        supervisor=Supervisor("kiemsoat", "Lê Thị Kiểm Soát"),
        closed_at=datetime(2027, 2, 3, 17, 5, tzinfo=VN),
    )


def _report(manifest: dict, **changes) -> DayReport:
    values = {
        "manifest": manifest,
        "manifest_sha256": manifest_sha256(manifest),
        "state": Reconciliation.PENDING,
        "ack": None,
        "problems": (),
        "discrepancies": (),
        "unsynced_now": 3,
        "events_intact": True,
    }
    values.update(changes)
    return DayReport(**values)


def test_a_pending_day_prints_its_figures_hash_and_qr(office, manifest):
    digest = manifest_sha256(manifest)
    pdf = render_day_report(_report(manifest), office)

    [(width, height)] = page_sizes_mm(pdf)
    assert (round(width), round(height)) == (210, 297)
    text = plain(text_pdfium(pdf))
    for expected in (
        "BÁO CÁO CHỐT NGÀY",
        "Ngày làm việc 03/02/2027",
        "Bưu điện văn hóa xã Kỳ Bắc",
        "Chốt lúc 17 giờ 05 phút, ngày 03/02/2027",
        "Lê Thị Kiểm Soát",
        "1. Hồ sơ tiếp nhận trong ngày: 4 hồ sơ",
        "Chứng thực bản sao từ bản chính",
        "Cơ quan đang giải quyết",
        "Đang chuyển đến cơ quan",
        "Tổng số phải thu 79.000 đ",
        "Tiền mặt đã đếm 69.000 đ",
        "thiếu 10.000 đ",
        "Lý do chênh lệch: Trả nhầm tiền thừa cho khách",
        "50.000 đ 1 50.000 đ",
        "2.000 đ 2 4.000 đ",
        "BG-20270203-01-1",
        "BG-20270203-02-1 Công an xã 09:30 03/02/2027 1 0/1 chưa đối soát",
        "Sự kiện của ngày đến lúc chốt: 2 (số 8–9)",
        "Chưa gửi được lên tỉnh lúc chốt: 2 sự kiện (từ số 22)",
        "chưa đối soát với tỉnh",
        "Chưa đối soát với tỉnh.",
        digest,
        "KIỂM SOÁT VIÊN",
    ):
        assert expected in text, expected
    assert ("QRCode", digest) in decode(pdf, 200)


def test_the_hubs_acknowledgement_prints_with_each_discrepancy(office, manifest):
    digest = manifest_sha256(manifest)
    ack = parse_ack(
        {
            "day": "2027-02-03",
            "device_id": "dev-kybac-1",
            "manifest_sha256": digest,
            "hub_counts": {
                "dossiers": 4,
                "by_procedure": {"2.000815": 2, "1.001193": 1, "2.000635": 1},
            },
            "missing_at_hub": [CODES[0]],
            "unknown_locally": ["000.00.04.H40-270203-0099"],
            "events_match": True,
            "batches": [
                {"number": "BG-20270203-01-1", "confirmed_at": "2027-02-03T03:15:00+00:00"}
            ],
            "acknowledged_at": "2027-02-03T10:10:00+00:00",
        }
    )
    lines = (
        Discrepancy(CODES[0], "Quầy có, tỉnh chưa có", "Chứng thực bản sao", "Đã tiếp nhận"),
        Discrepancy("000.00.04.H40-270203-0099", "Tỉnh có, quầy không có", "", ""),
    )
    pdf = render_day_report(
        _report(
            manifest,
            state=Reconciliation.MISMATCH,
            ack=ack,
            problems=("Tỉnh chưa có 1 hồ sơ quầy đã nhận: " + CODES[0] + ".",),
            discrepancies=lines,
            unsynced_now=0,
        ),
        office,
    )
    text = plain(text_pdfium(pdf))
    for expected in (
        "lệch với tỉnh",
        "Tỉnh xác nhận lúc 17:10 03/02/2027: có chênh lệch",  # the hub's UTC shown in local time
        "Tổng số hồ sơ tiếp nhận 4 4",
        "2.000815 Chứng thực bản sao từ bản chính (lệch) 3 2",
        "2.000635 (lệch) 0 1",
        f"1 {CODES[0]} Quầy có, tỉnh chưa có Chứng thực bản sao Đã tiếp nhận",
        "2 000.00.04.H40-270203-0099 Tỉnh có, quầy không có",
        "đã xác nhận 10:15 03/02/2027",
        "tỉnh chưa có",
        "mọi sự kiện của ngày đã gửi lên tỉnh",
    ):
        assert expected in text, expected
    assert ("QRCode", digest) in decode(pdf, 200)


def test_a_long_list_of_discrepancies_runs_over_pages_that_are_numbered(office, manifest):
    lines = tuple(
        Discrepancy(f"000.00.04.H40-270203-{i:04d}", "Quầy có, tỉnh chưa có", "Khai sinh", "")
        for i in range(1, 121)
    )
    pdf = render_day_report(
        _report(
            manifest,
            state=Reconciliation.MISMATCH,
            discrepancies=lines,
            ack=parse_ack(
                {
                    "day": "2027-02-03",
                    "manifest_sha256": "c" * 64,
                    "acknowledged_at": "2027-02-03T10:10:00+00:00",
                }
            ),
        ),
        office,
    )
    pages = len(page_sizes_mm(pdf))
    text = plain(text_pdfium(pdf))
    assert pages >= 2 and f"Trang {pages}/{pages}" in text
    assert "000.00.04.H40-270203-0120" in text
    digest = manifest_sha256(manifest)
    assert ("QRCode", digest) in decode(pdf, 200)  # at the top of the first page


def test_events_edited_after_the_close_are_flagged_on_the_paper(office, manifest):
    text = plain(text_pdfium(render_day_report(_report(manifest, events_intact=False), office)))
    assert "CẢNH BÁO: các sự kiện của ngày trong máy không còn khớp mã băm đã chốt" in text
