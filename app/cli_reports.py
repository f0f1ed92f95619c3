"""The report commands (TT 17/2017 reports, the tracking book, incidents), wired into app/cli.py.

    motcua report --from D1 --to D2 [--by day|month|quarter] [--xlsx F] [--csv F] [--pdf F] [--json]
    motcua book --year Y [--from D1 --to D2] -o FILE.pdf|.csv|.xlsx
    motcua incident CODE --kind lost|damaged --note TEXT

Exit codes follow app/cli.py (1: a rule refused it, e.g. no permission, with the reason).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from app.domain.errors import DomainError
from app.domain.reports import COLUMNS, Figures, Grouping, IncidentKind
from app.printing.report_pdf import number_text
from app.services import book, reports
from app.services.workstation import Workstation
from app.storage.disk_errors import oserror_message


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày «{value}» phải có dạng YYYY-MM-DD, ví dụ 2027-02-03"
        ) from None


def _write(path: str, data: bytes, out: TextIO) -> None:
    target = Path(path)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise DomainError(
            f"Không ghi được tệp {target}: {oserror_message(exc)}. Chọn thư mục khác."
        ) from exc
    out.write(f"Đã ghi {target} ({len(data)} byte).\n")


# The few columns a terminal line has room for: (figure, heading, width).
_SHORT = (
    ("received", "Nhận", 6),
    ("handed_over", "Chuyển", 7),
    ("returned", "Trả", 6),
    ("early", "Trước", 6),
    ("on_time", "Đúng", 6),
    ("late", "Quá", 6),
    ("on_time_rate", "Tỉ lệ %", 8),
    ("open_at_end", "Đang", 6),
    ("overdue_at_end", "Q.hạn", 6),
    ("money", "Thu (đ)", 12),
)
_BY_KEY = {c.key: c for c in COLUMNS}


def _line(label: str, figures: Figures, out: TextIO) -> None:
    cells = [f"{number_text(_BY_KEY[k], _BY_KEY[k].value(figures)):>{w}}" for k, _h, w in _SHORT]
    out.write(f"{label:<16}{''.join(cells)}\n")


def cmd_report(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    r = reports.report(ws, args.start, args.end, args.by)
    if args.xlsx:
        _write(args.xlsx, reports.report_xlsx(ws, args.start, args.end), out)
    if args.csv:
        _write(args.csv, reports.report_csv(ws, args.start, args.end, args.by), out)
    if args.pdf:
        _write(args.pdf, reports.report_pdf(ws, args.start, args.end, args.by), out)
    if args.json:
        out.write(json.dumps(reports.report_dict(r), ensure_ascii=False) + "\n")
        return 0
    out.write(f"Báo cáo {r.grouping.label.lower()} từ {r.start:%d/%m/%Y} đến {r.end:%d/%m/%Y}\n")
    out.write(f"{'Kỳ':<16}{''.join(f'{h:>{w}}' for _k, h, w in _SHORT)}\n")
    for row in r.rows:
        _line(row.period.label, row.figures, out)
    _line("Tổng cộng", r.totals, out)
    t = r.totals
    if t.refused or t.withdrawn or t.returned_to_agency or t.lost or t.damaged:
        out.write(
            f"Từ chối {t.refused}, rút {t.withdrawn}, chuyển lại cơ quan {t.returned_to_agency}, "
            f"thất lạc {t.lost}, hư hỏng {t.damaged}.\n"
        )
    return 0


def cmd_book(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    suffix = Path(args.output).suffix.lower().lstrip(".")
    fmt = suffix if suffix in book.BOOK_FORMATS else "pdf"
    data = book.export_book(ws, args.year, fmt, args.start, args.end)
    _write(args.output, data, out)
    return 0


def cmd_incident(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    record = book.record_incident(ws, args.code, args.kind, args.note)
    out.write(f"{record.code}: đã ghi sự cố «{record.kind.label}» ({record.at:%d/%m/%Y %H:%M}).\n")
    return 0


def add_report_commands(sub: Any) -> None:
    p = sub.add_parser("report", help="báo cáo tiếp nhận, trả kết quả (TT 17/2017)")
    p.add_argument("--from", dest="start", type=_day, required=True, help="từ ngày YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_day, required=True, help="đến ngày YYYY-MM-DD")
    p.add_argument(
        "--by",
        choices=[g.value for g in Grouping],
        default="month",
        help="nhóm theo (mặc định tháng)",
    )
    p.add_argument("--xlsx", metavar="TỆP", help="xuất Excel (theo ngày, tháng, quý, thủ tục)")
    p.add_argument("--csv", metavar="TỆP", help="xuất CSV (UTF-8)")
    p.add_argument("--pdf", metavar="TỆP", help="in báo cáo ra PDF (A4)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("book", help="sổ theo dõi hồ sơ (Mẫu 06): PDF, CSV hoặc XLSX")
    p.add_argument("--year", type=int, required=True, help="năm của sổ")
    p.add_argument("--from", dest="start", type=_day, help="từ ngày (trong năm)")
    p.add_argument("--to", dest="end", type=_day, help="đến ngày (trong năm)")
    p.add_argument("-o", "--output", required=True, help="tệp ra: .pdf, .csv hoặc .xlsx")
    p.set_defaults(func=cmd_book)

    p = sub.add_parser("incident", help="ghi hồ sơ bị thất lạc hoặc hư hỏng")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--kind", choices=[k.value for k in IncidentKind], required=True)
    p.add_argument("--note", required=True, help="sự việc: khi nào, ở đâu, giấy tờ nào")
    p.set_defaults(func=cmd_incident)
