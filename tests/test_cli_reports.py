"""The report commands: `report`, `book` and `incident`, parsed as the CLI parses them.

Until the global sign-in option is wired into app/cli.py, the commands run on a workstation whose
session the test sets, through the same parser additions app/cli.py will use.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from lifecycle_helpers import agency_says, hand_over
from printing_pdf import decode, plain, text_pdfium
from sample_data import applicant

from app.cli_reports import add_report_commands
from app.domain.roles import PermissionDenied, Role, SignedIn
from app.services import intake, lifecycle, reports
from app.services.workstation import VN_TZ, Workstation


def motcua(ws: Workstation, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="motcua")
    add_report_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    out = io.StringIO()
    return args.func(ws, args, out), out.getvalue()


def sign_in(ws: Workstation, role: Role, username: str) -> None:
    ws.db.execute(
        "INSERT OR IGNORE INTO accounts (username, display_name, role, secret_hash, created_at)"
        " VALUES (?, ?, ?, 'scrypt$test', '2027-01-01T08:00:00+07:00')",
        [username, username.upper(), role.value],
    )
    ws.session = SignedIn(username, username.upper(), role, ws.now())


@pytest.fixture
def week(ws, clock, request_for):
    """Two dossiers on Mon 1/3/2027; the first comes back on Thu 4/3 and is collected."""
    clock.moment = datetime(2027, 3, 1, 8, tzinfo=VN_TZ)
    first = intake.receive_dossier(ws, request_for("1.004873"))
    clock.moment = datetime(2027, 3, 1, 9, tzinfo=VN_TZ)
    second = intake.receive_dossier(
        ws, request_for("1.004873", applicant=applicant(full_name="Hoàng Văn Long"))
    )
    clock.moment = datetime(2027, 3, 2, 9, tzinfo=VN_TZ)
    hand_over(ws, [first])
    agency_says(ws, first.code, "at_agency")
    clock.moment = datetime(2027, 3, 4, 9, tzinfo=VN_TZ)
    agency_says(ws, first.code, "result_ready")
    lifecycle.record_result(ws, first.code)
    lifecycle.return_to_citizen(ws, first.code, lifecycle.Receiver("042190001234"))
    clock.moment = datetime(2027, 3, 8, 9, tzinfo=VN_TZ)
    return first, second


def test_report_prints_a_table_and_writes_every_format(ws, week, tmp_path: Path):
    xlsx, csv_path, pdf = tmp_path / "bc.xlsx", tmp_path / "bc.csv", tmp_path / "bc.pdf"

    code, out = motcua(
        ws, "report", "--from", "2027-03-01", "--to", "2027-03-07", "--by", "day",
        "--xlsx", str(xlsx), "--csv", str(csv_path), "--pdf", str(pdf),
    )  # fmt: skip

    assert code == 0
    lines = out.splitlines()
    assert f"Đã ghi {xlsx}" in out and f"Đã ghi {pdf}" in out
    assert "Báo cáo theo ngày từ 01/03/2027 đến 07/03/2027" in out
    header = next(line for line in lines if line.startswith("Kỳ"))
    assert "Tỉ lệ %" in header and "Thu (đ)" in header
    assert len([line for line in lines if line[:2].isdigit()]) == 7  # one line a day
    first_day = next(line for line in lines if line.startswith("01/03/2027"))
    assert first_day.split()[1:4] == ["2", "0", "0"]  # received 2, handed over 0, returned 0
    total = lines[-1].split()
    assert total[:2] == ["Tổng", "cộng"] and total[2:5] == ["2", "1", "1"]
    assert total[8] == "100,0"

    sheets = openpyxl.load_workbook(xlsx).sheetnames
    assert sheets[:4] == ["Theo ngày", "Theo tháng", "Theo quý", "Theo thủ tục"]
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    assert next(r["Kỳ / thủ tục"] for r in rows if r["Phần"] == "Theo ngày") == "01/03/2027"
    text = plain(text_pdfium(pdf.read_bytes()))
    assert "I. Số liệu theo ngày" in text and "Tổng cộng" in text


def test_report_json_is_the_services_data(ws, week):
    code, out = motcua(ws, "report", "--from", "2027-03-01", "--to", "2027-03-31", "--json")

    assert code == 0
    data = json.loads(out)
    service = reports.report_dict(reports.report(ws, *_march()))
    assert data["rows"] == service["rows"] and data["totals"] == service["totals"]
    assert data["end"] == "2027-03-08"  # the clock reads 8/3: the report stops today
    assert data["totals"]["received"] == 2 and data["totals"]["on_time_rate"] == 100.0


def _march() -> tuple[date, date]:
    return date(2027, 3, 1), date(2027, 3, 31)


def test_book_writes_pdf_or_xlsx_for_a_supervisor_only(ws, week, tmp_path: Path):
    first, second = week
    target = tmp_path / "so-2027.pdf"
    sign_in(ws, Role.COUNTER, "gdv01")
    with pytest.raises(PermissionDenied, match="gdv01"):
        motcua(ws, "book", "--year", "2027", "-o", str(target))
    assert not target.exists()

    sign_in(ws, Role.SUPERVISOR, "ks01")
    code, out = motcua(ws, "book", "--year", "2027", "--from", "2027-03-01", "--to", "2027-03-31",
                       "-o", str(target))  # fmt: skip

    assert code == 0 and f"Đã ghi {target}" in out
    pdf = target.read_bytes()
    assert sorted(decode(pdf, 300)) == sorted([("Code128", first.code), ("Code128", second.code)])
    text = plain(text_pdfium(pdf))
    assert "Hoàng Văn Long" in text and "từ ngày 01/03/2027 đến ngày 31/03/2027" in text

    sheet_path = tmp_path / "so-2027.xlsx"
    assert motcua(ws, "book", "--year", "2027", "-o", str(sheet_path))[0] == 0
    values = [r for r in openpyxl.load_workbook(sheet_path).active.iter_rows(values_only=True)]
    assert [r[2] for r in values if isinstance(r[0], int)] == [first.code, second.code]


def test_incident_records_a_lost_dossier(ws, week):
    _first, second = week
    code, out = motcua(ws, "incident", second.s10, "--kind", "lost", "--note", "Rơi mất khi chuyển")
    assert code == 0
    assert out == f"{second.code}: đã ghi sự cố «Thất lạc» (08/03/2027 09:00).\n"
    march = reports.report(ws, *_march())
    assert march.totals.lost == 1


def test_bad_arguments_are_usage_errors(ws, capsys):
    with pytest.raises(SystemExit) as exc:
        motcua(ws, "report", "--from", "3/1/2027", "--to", "2027-03-31")
    assert exc.value.code == 2
    assert "phải có dạng YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        motcua(ws, "incident", "X", "--kind", "stolen", "--note", "n")
