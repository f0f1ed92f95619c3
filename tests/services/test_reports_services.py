"""TT 17/2017 reports over a small, realistic January at a commune post office.

Every dossier is received, handed over and moved by the real services; the expected figures are
worked out by hand from the story below (due dates follow the agency's signature on Wed 6/1).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
import pytest
from lifecycle_helpers import agency_says, hand_over
from printing_pdf import page_sizes_mm, plain, text_pdfium
from sample_data import applicant

from app.domain.dossier import Dossier
from app.domain.errors import DomainError
from app.domain.reports import COLUMNS, ColumnKind, Figures, Grouping, total_of
from app.domain.roles import PermissionDenied, Role, SignedIn
from app.services import book, intake, lifecycle, reports
from app.services.workstation import VN_TZ, Workstation
from app.storage.events import verify_chain

ID_NUMBER = "042190001234"  # sample_data.applicant's


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=VN_TZ)


def sign_in(ws: Workstation, role: Role, username: str = "nv01") -> SignedIn:
    """An account row (so the counter is no longer in first-run mode) and its session."""
    ws.db.execute(
        "INSERT OR IGNORE INTO accounts (username, display_name, role, secret_hash, created_at)"
        " VALUES (?, ?, ?, 'scrypt$test', '2027-01-01T08:00:00+07:00')",
        [username, f"Người dùng {username}", role.value],
    )
    ws.session = SignedIn(username, f"Người dùng {username}", role, ws.now())
    return ws.session


@dataclass
class January:
    dossiers: dict[str, Dossier]


@pytest.fixture
def january(ws, clock, request_for) -> January:
    """A: early; B: on time; C: late despite an apology; D: home delivery tried on its due day;
    E: withdrawn; F: refused by the police, papers returned; G: lost at the counter; H: late
    January, still open (due after Tết)."""

    def receive(name: str, moment: datetime, procedure: str = "1.004873", **extra) -> Dossier:
        clock.moment = moment
        person = applicant(full_name=f"Nguyễn Văn {name}")
        return intake.receive_dossier(ws, request_for(procedure, applicant=person, **extra))

    def now(moment: datetime) -> None:
        clock.moment = moment

    d: dict[str, Dossier] = {}
    d["A"] = receive("A", at(4, 8))
    d["B"] = receive("B", at(4, 8, 10))
    d["C"] = receive("C", at(4, 8, 20))
    d["D"] = receive(
        "D", at(4, 8, 30), return_method="post", delivery_address="Xóm 3, xã Kỳ Bắc, Hà Tĩnh"
    )
    d["E"] = receive("E", at(4, 8, 40), "1.001193")
    d["F"] = receive("F", at(5, 8), "CA.LLTP")
    now(at(5, 9))
    lifecycle.withdraw(ws, d["E"].code, "Người nộp xin rút theo đơn")
    now(at(5, 10))
    hand_over(ws, [d["A"], d["B"], d["C"], d["D"]])
    hand_over(ws, [d["F"]])
    now(at(6, 9))
    for key in "ABCDF":
        assert agency_says(ws, d[key].code, "at_agency").outcome == "applied"
    d["G"] = receive("G", at(6, 10))
    now(at(7, 15))
    book.record_incident(ws, d["G"].code, "lost", "Túi hồ sơ không tìm thấy khi kiểm kho")
    now(at(8, 9))
    agency_says(ws, d["A"].code, "result_ready")
    now(at(8, 9, 30))
    agency_says(ws, d["F"].code, "refused", "Thiếu tờ khai theo mẫu")
    now(at(8, 10))
    lifecycle.record_result(ws, d["A"].code)
    now(at(11, 9))
    lifecycle.return_to_citizen(
        ws, d["A"].code, lifecycle.Receiver(ID_NUMBER), amount_collected=20_000
    )
    agency_says(ws, d["B"].code, "result_ready")
    agency_says(ws, d["D"].code, "result_ready")
    now(at(11, 10))
    lifecycle.record_result(ws, d["B"].code)
    lifecycle.record_result(ws, d["D"].code)
    now(at(11, 11))
    lifecycle.send_for_delivery(ws, d["D"].code)
    now(at(11, 14))
    lifecycle.record_result(ws, d["F"].code)
    now(at(11, 14, 30))
    lifecycle.return_to_citizen(ws, d["F"].code, lifecycle.Receiver(ID_NUMBER))
    now(at(12, 9))
    lifecycle.return_to_citizen(ws, d["B"].code, lifecycle.Receiver(ID_NUMBER))
    lifecycle.record_invitation(ws, d["D"].code, "delivery_attempt", note="Không có người nhà")
    now(at(12, 10))
    lifecycle.reschedule(ws, d["C"].code, at(14, 16), "Cơ quan chưa ký kịp")
    now(at(13, 9))
    agency_says(ws, d["C"].code, "result_ready")
    now(at(13, 10))
    lifecycle.record_result(ws, d["C"].code)
    now(at(13, 11))
    lifecycle.return_to_citizen(ws, d["C"].code, lifecycle.Receiver(ID_NUMBER))
    now(at(14, 9))
    lifecycle.return_to_citizen(ws, d["D"].code, lifecycle.Receiver(ID_NUMBER))
    d["H"] = receive("H", at(29, 10))
    now(at(1, 9, month=3))
    return January(d)


def _expected_money(j: January) -> tuple[int, int]:
    fees = sum(x.fees_total for x in j.dossiers.values())
    postage = sum(x.postage for x in j.dossiers.values())
    return fees, postage


def test_the_agencys_signature_set_the_due_dates_the_story_relies_on(ws, january):
    due = {k: v.appointment_at for k, v in january.dossiers.items()}
    assert due["G"] == at(12, 16)  # intake: J+1 then 3 working days
    assert due["H"] == at(11, 16, month=2)  # Tết 4–10/2 is off
    report = reports.report(ws, date(2027, 1, 1), date(2027, 1, 31), "month")
    assert report.totals.returned == 5
    # After the agency signed on Wed 6/1 the counter works to Mon 11/1 (post: Tue 12/1).
    rows = dict(
        ws.db.execute(
            "SELECT d.code, json_extract(e.payload, '$.appointment_at') FROM events e"
            " JOIN dossiers d ON d.id = e.entity_id WHERE e.type = 'dossier.status_changed'"
            " AND json_extract(e.payload, '$.status') = 'at_agency'"
        ).fetchall()
    )
    assert rows[january.dossiers["A"].code] == at(11, 16).isoformat()
    assert rows[january.dossiers["D"].code] == at(12, 16).isoformat()


def test_monthly_report_has_the_exact_figures(ws, january):
    fees, postage = _expected_money(january)
    assert fees == 200_000  # only the criminal-record certificate (CA.LLTP) has a fee

    report = reports.report(ws, date(2027, 1, 1), date(2027, 2, 28), Grouping.MONTH)

    assert [r.period.label for r in report.rows] == ["Tháng 01/2027", "Tháng 02/2027"]
    jan, feb = (r.figures for r in report.rows)
    assert jan == Figures(
        received=8,
        handed_over=5,
        returned=5,
        early=2,  # A (ready Fri 8/1, due Mon 11/1) and F (refusal back long before 20/1)
        on_time=2,  # B (ready on its due day) and D (first delivery attempt on its due day)
        late=1,  # C: ready 13/1, due 11/1; the apology's new date does not count
        refused=1,
        withdrawn=1,
        returned_to_agency=0,
        lost=1,
        damaged=0,
        open_at_end=2,  # G (lost, still recorded as received) and H
        overdue_at_end=1,  # G; H is due 11/2
        fees=fees,
        postage=postage,
        collected=20_000,
    )
    assert jan.on_time_rate == 80.0
    assert feb == Figures(open_at_end=2, overdue_at_end=2)
    assert feb.on_time_rate is None
    assert report.totals == Figures(
        **{**jan.__dict__, "open_at_end": 2, "overdue_at_end": 2}  # snapshot at 28/2
    )
    assert report.totals.money == fees + postage + 20_000


def test_daily_snapshots_follow_each_dossiers_state(ws, january):
    report = reports.report(ws, date(2027, 1, 10), date(2027, 1, 14), "day")
    by_day = {r.period.start.day: r.figures for r in report.rows}
    # End of Mon 11/1: B and D wait for their citizens, C is past its due, G is due tomorrow.
    assert (by_day[11].open_at_end, by_day[11].overdue_at_end) == (4, 1)
    # End of Tue 12/1: B returned; C and G overdue (C's apology does not stop the clock).
    assert (by_day[12].open_at_end, by_day[12].overdue_at_end) == (3, 2)
    assert [by_day[d].returned for d in range(10, 15)] == [0, 2, 1, 1, 1]
    assert (by_day[11].early, by_day[12].on_time, by_day[13].late, by_day[14].on_time) == (
        2,
        1,
        1,
        1,
    )
    assert by_day[11].collected == 20_000 and by_day[11].refused == 0
    assert sum(f.handed_over for f in by_day.values()) == 0


def test_quarterly_report_stops_today_and_by_procedure_splits_it(ws, january):
    report = reports.report(ws, date(2027, 1, 1), date(2027, 6, 30), "quarter")

    assert report.end == date(2027, 3, 1)  # the clock reads Mon 1/3
    assert [(r.period.label, r.period.end) for r in report.rows] == [
        ("Quý I/2027", date(2027, 3, 1))
    ]
    procedures = {p.code: p.figures for p in report.by_procedure}
    assert set(procedures) == {"1.004873", "CA.LLTP", "1.001193"}
    marriage = procedures["1.004873"]
    assert (marriage.received, marriage.returned, marriage.early, marriage.on_time) == (6, 4, 1, 2)
    assert (marriage.late, marriage.lost, marriage.open_at_end, marriage.overdue_at_end) == (
        1,
        1,
        2,
        2,
    )
    assert (procedures["CA.LLTP"].refused, procedures["CA.LLTP"].early) == (1, 1)
    assert procedures["CA.LLTP"].fees == 200_000
    assert procedures["1.001193"].withdrawn == 1
    # The procedures partition the dossiers: every column adds up to the totals.
    for key in ("received", "returned", "late", "open_at_end", "overdue_at_end", "postage"):
        assert sum(getattr(f, key) for f in procedures.values()) == getattr(report.totals, key)


def test_report_json_is_the_same_data(ws, january):
    report = reports.report(ws, date(2027, 1, 1), date(2027, 1, 31))
    data = json.loads(json.dumps(reports.report_dict(report)))
    assert data["rows"][0]["received"] == 8
    assert data["rows"][0]["on_time_rate"] == 80.0
    assert data["totals"]["money"] == report.totals.money
    assert [c["key"] for c in data["columns"]] == [c.key for c in COLUMNS]


def _header_row(sheet) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value in ("Kỳ", "Mã thủ tục"):
            return row[0].row
    raise AssertionError(f"no header in {sheet.title}")


def test_xlsx_opens_and_its_totals_match_the_rows_and_the_service(ws, january):
    start, end = date(2027, 1, 1), date(2027, 2, 28)
    data = reports.report_xlsx(ws, start, end)

    book_ = openpyxl.load_workbook(io.BytesIO(data))
    assert book_.sheetnames == ["Theo ngày", "Theo tháng", "Theo quý", "Theo thủ tục", "Giải thích"]
    for grouping, name in ((Grouping.DAY, "Theo ngày"), (Grouping.MONTH, "Theo tháng")):
        service = reports.report(ws, start, end, grouping)
        sheet = book_[name]
        top = _header_row(sheet)
        header = [c.value for c in sheet[top]]
        assert header[:3] == ["Kỳ", "Từ ngày", "Đến ngày"]
        assert header[3:] == [c.label for c in COLUMNS]
        lines = [[c.value for c in row] for row in sheet.iter_rows(min_row=top + 1)]
        body, total = lines[:-1], lines[-1]
        assert total[0] == "Tổng cộng"
        assert len(body) == len(service.rows)
        assert [r[0] for r in body] == [r.period.label for r in service.rows]
        assert body[0][1] == datetime(2027, 1, 1)  # a real date cell
        rows_as_figures = [_figures(r[3:]) for r in body]
        for i, column in enumerate(COLUMNS, start=3):
            assert total[i] == total_of(column, rows_as_figures, service.totals), column.key
            assert total[i] == column.value(service.totals), column.key
            if column.kind in (ColumnKind.COUNT, ColumnKind.MONEY):
                assert total[i] == sum(r[i] for r in body)
    procedures = book_["Theo thủ tục"]
    top = _header_row(procedures)
    lines = [[c.value for c in row] for row in procedures.iter_rows(min_row=top + 1)]
    assert lines[-1][0] == "Tổng cộng"
    received = [c.key for c in COLUMNS].index("received") + 2
    assert sum(r[received] for r in lines[:-1]) == lines[-1][received] == 8
    assert "Mẫu 04" in book_["Giải thích"]["A2"].value


def _figures(cells: list[object]) -> Figures:
    """A sheet row's figure cells read back (the derived columns left out)."""
    values = dict(zip([c.key for c in COLUMNS], cells, strict=True))
    return Figures(**{k: v for k, v in values.items() if k not in ("on_time_rate", "money")})


def test_csv_has_a_bom_and_parses(ws, january):
    data = reports.report_csv(ws, date(2027, 1, 1), date(2027, 2, 28), "month")

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    months = [r for r in rows if r["Phần"] == "Theo tháng"]
    assert [r["Kỳ / thủ tục"] for r in months] == ["Tháng 01/2027", "Tháng 02/2027"]
    assert months[0]["Tiếp nhận"] == "8" and months[0]["Tỉ lệ đúng hạn (%)"] == "80.0"
    assert months[1]["Tỉ lệ đúng hạn (%)"] == ""  # nothing returned in February
    (total,) = [r for r in rows if r["Phần"] == "Tổng cộng"]
    assert total["Trả quá hạn"] == "1" and total["Trong đó quá hạn"] == "2"
    assert total["Từ ngày"] == "2027-01-01"
    procedures = [r for r in rows if r["Phần"] == "Theo thủ tục"]
    assert any("(CA.LLTP)" in r["Kỳ / thủ tục"] for r in procedures)


def test_report_pdf_prints_the_tables(ws, january):
    pdf = reports.report_pdf(ws, date(2027, 1, 1), date(2027, 2, 28), "month")

    assert page_sizes_mm(pdf)[0] == pytest.approx((297, 210), abs=0.5)
    text = plain(text_pdfium(pdf))
    assert "BÁO CÁO TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ THỦ TỤC HÀNH CHÍNH" in text
    assert "từ ngày 01/01/2027 đến ngày 28/02/2027" in text
    assert "Tháng 01/2027" in text and "Tháng 02/2027" in text
    assert "80,0" in text  # the on-time rate, written the Vietnamese way
    assert "Cấp Phiếu lý lịch tư pháp" in text and "Tổng cộng" in text
    assert "200.000" in text


def test_exports_and_prints_are_events_without_personal_data(ws, january):
    sign_in(ws, Role.SUPERVISOR, "ks01")
    start, end = date(2027, 1, 1), date(2027, 1, 31)
    reports.report_xlsx(ws, start, end)
    reports.report_csv(ws, start, end, "day")
    reports.report_pdf(ws, start, end, "quarter")
    book.print_book(ws, 2027)

    events = ws.db.execute(
        "SELECT type, actor, payload FROM events WHERE type IN ('export.made', 'document.printed')"
        " AND json_extract(payload, '$.kind') IN ('report', 'tracking_book') ORDER BY seq"
    ).fetchall()
    kinds = [(t, json.loads(p)["kind"], json.loads(p)["format"]) for t, _a, p in events]
    assert kinds == [
        ("export.made", "report", "xlsx"),
        ("export.made", "report", "csv"),
        ("document.printed", "report", "pdf"),
        ("document.printed", "tracking_book", "pdf"),
    ]
    assert [json.loads(p)["personal"] for _t, _a, p in events] == [False, False, False, True]
    assert json.loads(events[0][2])["what"] == "report.xlsx"
    assert {a for _t, a, _p in events} == {"Người dùng ks01"}
    payloads = " ".join(p for _t, _a, p in events)
    for d in january.dossiers.values():
        for secret in (d.applicant.full_name, d.applicant.phone, d.applicant.id_number, d.code):
            assert secret not in payloads
    assert verify_chain(ws.db) == []


def test_counter_staff_cannot_export_personal_data_but_sees_aggregate_reports(ws, january):
    sign_in(ws, Role.COUNTER)
    before = ws.db.execute("SELECT count(*) FROM events").fetchone()[0]

    for call in (
        lambda: book.book_entries(ws, 2027),
        lambda: book.print_book(ws, 2027),
        lambda: book.export_book(ws, 2027, "xlsx"),
    ):
        with pytest.raises(PermissionDenied, match="không được xuất dữ liệu có thông tin cá nhân"):
            call()
    assert ws.db.execute("SELECT count(*) FROM events").fetchone()[0] == before

    report = reports.report(ws, date(2027, 1, 1), date(2027, 1, 31))
    assert report.totals.received == 8


def test_nobody_signed_in_may_see_reports_only_before_accounts_exist(ws, january):
    assert reports.report(ws, date(2027, 1, 1), date(2027, 1, 31)).totals.received == 8
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        book.print_book(ws, 2027)
    sign_in(ws, Role.SUPERVISOR)
    ws.session = None  # signed out: now that an account exists, reports need a sign-in too
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        reports.report(ws, date(2027, 1, 1), date(2027, 1, 31))


def test_a_bad_range_or_grouping_says_what_to_do(ws, january):
    with pytest.raises(DomainError, match="trước ngày bắt đầu"):
        reports.report(ws, date(2027, 2, 1), date(2027, 1, 1))
    with pytest.raises(DomainError, match="sau hôm nay"):
        reports.report(ws, date(2027, 4, 1), date(2027, 4, 30))
    with pytest.raises(DomainError, match="theo ngày"):
        reports.report(ws, date(2027, 1, 1), date(2027, 1, 31), "week")
