"""The tracking book (Mẫu 06): yearly numbers that never change, its lines, exports, incidents."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date, datetime

import openpyxl
import pytest
from lifecycle_helpers import agency_says, hand_over
from sample_data import applicant

from app.domain.errors import DomainError
from app.domain.roles import PermissionDenied, Role, SignedIn
from app.services import book, intake, lifecycle, reports
from app.services.workstation import VN_TZ, Workstation

ID_NUMBER = "042190001234"


def sign_in(ws: Workstation, role: Role = Role.SUPERVISOR, username: str = "ks01") -> None:
    ws.db.execute(
        "INSERT OR IGNORE INTO accounts (username, display_name, role, secret_hash, created_at)"
        " VALUES (?, ?, ?, 'scrypt$test', '2026-12-01T08:00:00+07:00')",
        [username, f"Người dùng {username}", role.value],
    )
    ws.session = SignedIn(username, f"Người dùng {username}", role, ws.now())


@pytest.fixture
def receive(ws, clock, request_for):
    def make(moment: datetime, name: str = "Nguyễn Văn An", typed_at: datetime | None = None):
        """Received at ``moment``; typed in then, or later (from the paper slip) at ``typed_at``."""
        clock.moment = typed_at or moment
        raw = request_for("1.004873", applicant=applicant(full_name=name))
        if typed_at is not None:
            raw["received_at"] = moment.isoformat()
        return intake.receive_dossier(ws, raw)

    return make


def vn(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=VN_TZ)


def numbers(ws: Workstation, year: int) -> dict[str, int]:
    return dict(
        ws.db.execute(
            "SELECT d.code, b.number FROM book_numbers b JOIN dossiers d ON d.id = b.dossier_id"
            " WHERE b.year = ?",
            [year],
        ).fetchall()
    )


def test_numbers_follow_received_order_stay_put_and_restart_each_year(ws, clock, receive):
    sign_in(ws)
    late_2026 = [receive(vn(2026, 12, 30, 10)), receive(vn(2026, 12, 31, 14))]
    first = [receive(vn(2027, 1, 4, 8)), receive(vn(2027, 1, 4, 9)), receive(vn(2027, 1, 5, 8))]

    entries = book.book_entries(ws, 2027)

    assert [(e.number, e.code) for e in entries] == [(i + 1, d.code) for i, d in enumerate(first)]
    assert numbers(ws, 2026) == {}  # only the year asked for is numbered
    book.print_book(ws, 2026)
    assert numbers(ws, 2026) == {late_2026[0].code: 1, late_2026[1].code: 2}

    # Typed in on 6/1 from a slip stamped 4/1 07:30: earlier than number 1, yet it gets the next
    # free number; nobody's number moves.
    typed_late = receive(vn(2027, 1, 4, 7, 30), name="Trần Thị Bình", typed_at=vn(2027, 1, 6, 8))
    fresh = receive(vn(2027, 1, 6, 9))
    before = numbers(ws, 2027)
    book.print_book(ws, 2027)
    after = numbers(ws, 2027)
    assert {k: after[k] for k in before} == before
    assert after[typed_late.code] == 4 and after[fresh.code] == 5

    # A report numbers the dossiers too (lazily), continuing the count.
    seventh = receive(vn(2027, 1, 7, 8))
    reports.report(ws, date(2027, 1, 1), date(2027, 1, 7))
    assert numbers(ws, 2027)[seventh.code] == 6
    assert numbers(ws, 2026) == {late_2026[0].code: 1, late_2026[1].code: 2}
    assert [e.number for e in book.book_entries(ws, 2027, date(2027, 1, 6), date(2027, 1, 7))] == [
        5,
        6,
    ]


def test_the_file_itself_refuses_to_change_or_reuse_a_number(ws, receive):
    sign_in(ws)
    receive(vn(2027, 2, 1, 8))
    receive(vn(2027, 2, 1, 9))
    book.assign_numbers(ws, 2027)
    with pytest.raises(sqlite3.IntegrityError, match="never change"):
        ws.db.execute("UPDATE book_numbers SET number = 7")
    with pytest.raises(sqlite3.IntegrityError, match="never reused"):
        ws.db.execute("DELETE FROM book_numbers")
    assert book.assign_numbers(ws, 2027) == 0  # nothing new: nothing assigned twice


def test_a_line_of_the_book_tells_the_dossiers_story(ws, clock, receive):
    sign_in(ws)
    d = receive(vn(2027, 1, 4, 8, 5), name="Lê Văn Cường")
    clock.moment = vn(2027, 1, 5, 10)
    hand_over(ws, [d])
    clock.moment = vn(2027, 1, 6, 9)
    agency_says(ws, d.code, "at_agency")
    clock.moment = vn(2027, 1, 8, 9)
    agency_says(ws, d.code, "result_ready")
    clock.moment = vn(2027, 1, 8, 14)
    lifecycle.record_result(ws, d.code)
    clock.moment = vn(2027, 1, 12, 10)
    lifecycle.return_to_citizen(
        ws,
        d.code,
        lifecycle.Receiver("001090001111", name="Lê Thị Dung", proxy=True, authorisation="GUQ 1"),
    )
    waiting = receive(vn(2027, 1, 12, 11), name="Phạm Văn Em")

    first, second = book.book_entries(ws, 2027)

    assert (first.code, first.applicant_name, first.sets) == (d.code, "Lê Văn Cường", 1)
    assert first.received_at == vn(2027, 1, 4, 8, 5)
    assert first.appointment_at == vn(2027, 1, 11, 16)  # recomputed from the agency's signature
    assert first.handed_over_at == vn(2027, 1, 5, 10)
    assert first.result_at == vn(2027, 1, 8, 14)
    assert first.returned_at == vn(2027, 1, 12, 10)
    assert (first.receiver_name, first.proxy) == ("Lê Thị Dung", True)
    assert first.notes == ("Trả trước hạn 1 ngày làm việc",)
    assert (second.code, second.handed_over_at, second.returned_at) == (waiting.code, None, None)
    assert second.status.label == "Đã tiếp nhận" and second.notes == ()


def test_book_exports_carry_the_personal_data_and_leave_an_event(ws, receive):
    sign_in(ws)
    d = receive(vn(2027, 3, 2, 8), name="Đỗ Thị Giang")

    data = book.export_book(ws, 2027, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert data.startswith(b"\xef\xbb\xbf")
    assert rows[0]["STT"] == "1" and rows[0]["Mã hồ sơ"] == d.code
    assert rows[0]["Tên cá nhân, tổ chức"] == "Đỗ Thị Giang"
    assert rows[0]["Số điện thoại"] == d.applicant.phone
    assert rows[0]["Nhận hồ sơ"] == "2027-03-02 08:00"

    workbook = openpyxl.load_workbook(io.BytesIO(book.export_book(ws, 2027, "xlsx")))
    sheet = workbook["Sổ theo dõi 2027"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "STT")
    line = next(r for r in sheet.iter_rows(values_only=True) if r[0] == 1)
    record = dict(zip(header, line, strict=True))
    assert record["Mã hồ sơ"] == d.code
    assert record["Nhận hồ sơ"] == datetime(2027, 3, 2, 8, 0)

    events = [
        json.loads(p)
        for (p,) in ws.db.execute(
            "SELECT payload FROM events WHERE type = 'export.made' ORDER BY seq"
        ).fetchall()
    ]
    assert [(e["kind"], e["format"], e["count"], e["numbers"]) for e in events] == [
        ("tracking_book", "csv", 1, [1, 1]),
        ("tracking_book", "xlsx", 1, [1, 1]),
    ]
    assert [(e["what"], e["rows"], e["personal"]) for e in events] == [
        ("tracking_book.csv", 1, True),
        ("tracking_book.xlsx", 1, True),
    ]
    assert "Đỗ Thị Giang" not in json.dumps(events, ensure_ascii=False)


def test_the_book_needs_a_year_range_and_something_in_it(ws, receive):
    sign_in(ws)
    receive(vn(2027, 3, 2, 8))
    with pytest.raises(DomainError, match="trong năm 2027"):
        book.book_entries(ws, 2027, date(2026, 12, 1), date(2027, 1, 31))
    with pytest.raises(DomainError, match="Không có hồ sơ nào"):
        book.print_book(ws, 2027, date(2027, 1, 1), date(2027, 1, 31))
    with pytest.raises(DomainError, match="pdf, csv hoặc xlsx"):
        book.export_book(ws, 2027, "docx")


def test_a_supervisor_without_accounts_must_still_sign_in_to_take_the_book_out(ws, receive):
    receive(vn(2027, 3, 2, 8))
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        book.export_book(ws, 2027, "csv")
    sign_in(ws, Role.COUNTER, "gdv01")
    with pytest.raises(PermissionDenied, match="gdv01"):
        book.export_book(ws, 2027, "csv")
    sign_in(ws, Role.ADMIN, "qt01")
    assert book.export_book(ws, 2027, "csv").startswith(b"\xef\xbb\xbf")


def test_incidents_are_recorded_with_their_event_and_counted(ws, clock, receive):
    d = receive(vn(2027, 2, 1, 8))
    clock.moment = vn(2027, 2, 2, 16)

    record = book.record_incident(ws, d.s10, "damaged", "  Phong bì bị  ướt, tờ khai nhòe ")

    assert (record.code, record.kind.value, record.note) == (
        d.code,
        "damaged",
        "Phong bì bị ướt, tờ khai nhòe",
    )
    row = ws.db.execute("SELECT kind, at, note FROM dossier_incidents").fetchone()
    assert row == ("damaged", vn(2027, 2, 2, 16).isoformat(), "Phong bì bị ướt, tờ khai nhòe")
    (payload,) = ws.db.execute(
        "SELECT payload FROM events WHERE type = 'dossier.incident' AND entity_id = ?", [d.id]
    ).fetchone()
    assert json.loads(payload)["kind"] == "damaged"
    figures = reports.report(ws, date(2027, 2, 1), date(2027, 2, 2), "day").rows[1].figures
    assert (figures.damaged, figures.lost) == (1, 0)


def test_incidents_refuse_what_cannot_be_recorded(ws, clock, receive):
    d = receive(vn(2027, 2, 1, 8))
    before = ws.db.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(DomainError, match="thất lạc \\(lost\\) hoặc hư hỏng"):
        book.record_incident(ws, d.code, "stolen", "x")
    with pytest.raises(DomainError, match="Ghi rõ sự việc"):
        book.record_incident(ws, d.code, "lost", "   ")
    with pytest.raises(DomainError, match="Không tìm thấy"):
        book.record_incident(ws, "RA999999999VN", "lost", "Không thấy")
    clock.moment = vn(2027, 2, 1, 9)
    lifecycle.withdraw(ws, d.code, "Xin rút")
    after_withdraw = ws.db.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(DomainError, match="không còn giữ"):
        book.record_incident(ws, d.code, "lost", "Không thấy")
    assert ws.db.execute("SELECT count(*) FROM events").fetchone()[0] == after_withdraw
    assert after_withdraw == before + 1
    assert ws.db.execute("SELECT count(*) FROM dossier_incidents").fetchone()[0] == 0
