"""The end-of-day commands (`motcua day close | status | report`), wired into app/cli.py.

Closing needs a signed-in supervisor (the global credentials option sets ``ws.session``); the
service checks it, so the CLI cannot do more than the window. Exit codes follow app/cli.py.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from app.domain.day_close import DayFigures
from app.domain.errors import DomainError
from app.domain.text import format_vn_date, format_vn_datetime, format_vnd
from app.services import day_close
from app.services.workstation import Workstation
from app.storage.disk_errors import oserror_message


def _json(value: object, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def parse_day(text: str) -> date:
    """YYYY-MM-DD or dd/mm/yyyy (as the forms print it)."""
    value = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày «{text}» phải có dạng YYYY-MM-DD hoặc dd/mm/yyyy")


def parse_amount(text: str) -> int:
    """A whole number of đồng: 1250000, 1.250.000 or 1,250,000."""
    value = text.strip().replace(".", "").replace(",", "").removesuffix("đ").strip()
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"số tiền «{text}» phải là số nguyên đồng, ví dụ 1250000")
    return int(value)


def parse_note(text: str) -> tuple[int, int]:
    """MỆNH_GIÁ=SỐ_TỜ, e.g. 500000=3."""
    value, sep, count = text.partition("=")
    if not sep or not count.strip().isdigit():
        raise argparse.ArgumentTypeError(
            f"«{text}» phải có dạng MỆNH_GIÁ=SỐ_TỜ, ví dụ 500000=3 (ba tờ 500.000 đ)"
        )
    return parse_amount(value), int(count.strip())


def _day(args: argparse.Namespace, ws: Workstation) -> date:
    return args.date if args.date is not None else ws.now().date()


def _figures_json(f: DayFigures) -> dict[str, Any]:
    return {
        "day": f.day.isoformat(),
        "dossiers": f.dossiers,
        "by_procedure": [
            {"code": p.code, "name": p.name, "count": p.count, "fees": p.fees, "postage": p.postage}
            for p in f.procedures
        ],
        "by_status": {s.status: s.count for s in f.statuses},
        "fees": f.money.fees,
        "postage": f.money.postage,
        "collected_at_returns": f.money.collected_at_returns,
        "expected": f.money.expected,
        "batches": [
            {"number": b.number, "agency": b.agency, "count": b.count, "awaiting": b.awaiting}
            for b in f.batches
        ],
        "events": f.events.as_dict(),
        "unsynced": f.unsynced,
    }


def _status_json(status: day_close.DayStatus) -> dict[str, Any]:
    close = status.close
    result: dict[str, Any] = {
        "day": status.day.isoformat(),
        "closed": status.closed,
        "state": status.state.value,
        "state_label": status.label,
        "unsynced": status.unsynced,
        "problems": list(status.problems),
        "events_intact": status.events_intact,
    }
    if close is not None:
        result.update(
            {
                "closed_at": close.closed_at,
                "supervisor": close.supervisor,
                "supervisor_name": close.supervisor_name,
                "expected": close.expected,
                "counted": close.counted,
                "difference": close.difference,
                "reason": close.reason,
                "manifest_sha256": close.manifest_sha256,
                "unsynced_at_close": close.unsynced_at_close,
                "hub_ack": close.hub_ack.raw if close.hub_ack else None,
            }
        )
    return result


def cmd_day_close(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    notes: dict[int, int] | None = None
    if args.cash:
        notes = {}
        for value, count in args.cash:
            notes[value] = notes.get(value, 0) + count
    row = day_close.close_day(
        ws, args.date, cash_total=args.cash_total, cash=notes, reason=args.reason or ""
    )
    status = day_close.day_status(ws, args.date)
    if args.json:
        _json({"ok": True, **_status_json(status)}, out)
        return 0
    out.write(f"Đã chốt ngày {format_vn_date(args.date)} ({row.supervisor_name}).\n")
    m = row.manifest
    out.write(f"  Hồ sơ tiếp nhận:   {m['counts']['dossiers']}\n")
    out.write(f"  Phải thu:          {format_vnd(row.expected)}\n")
    out.write(f"  Tiền mặt đã đếm:   {format_vnd(row.counted)}\n")
    out.write(f"  Chênh lệch:        {format_vnd(row.difference)}\n")
    if row.reason:
        out.write(f"  Lý do:             {row.reason}\n")
    out.write(f"  Mã băm bảng chốt:  {row.manifest_sha256}\n")
    out.write(f"  Đối soát với tỉnh: {status.label}")
    if row.unsynced_at_close:
        out.write(f" ({row.unsynced_at_close} sự kiện của ngày chưa gửi lên tỉnh)")
    out.write("\n")
    return 0


def cmd_day_status(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    day = _day(args, ws)
    status = day_close.day_status(ws, day)
    if args.json:
        result = _status_json(status)
        if not status.closed:
            result["preview"] = _figures_json(day_close.preview(ws, day))
        _json(result, out)
        return 0
    if not status.closed:
        f = day_close.preview(ws, day)
        out.write(f"Ngày {format_vn_date(day)}: chưa chốt.\n")
        out.write(f"  Hồ sơ tiếp nhận:   {f.dossiers}\n")
        out.write(f"  Phải thu:          {format_vnd(f.money.expected)}\n")
        out.write(f"  Bảng giao nhận:    {len(f.batches)}\n")
        out.write(f"  Sự kiện chưa gửi:  {f.unsynced}\n")
        return 0
    close = status.close
    assert close is not None
    out.write(
        f"Ngày {format_vn_date(day)}: đã chốt lúc "
        f"{format_vn_datetime(datetime.fromisoformat(close.closed_at))} ({close.supervisor_name}); "
        f"{status.label}.\n"
    )
    out.write(f"  Mã băm bảng chốt:  {close.manifest_sha256}\n")
    out.write(f"  Sự kiện chưa gửi:  {status.unsynced}\n")
    if status.events_intact is False:
        out.write("  CẢNH BÁO: sự kiện của ngày không còn khớp bảng chốt (đã bị sửa).\n")
    for problem in status.problems:
        out.write(f"  - {problem}\n")
    return 0


def cmd_day_report(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    pdf = day_close.render_report(ws, _day(args, ws))
    target = Path(args.output)
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        message = f"Không ghi được tệp {target}: {oserror_message(exc)}. Chọn thư mục khác."
        raise DomainError(message) from exc
    out.write(f"Đã ghi {target} ({len(pdf)} byte).\n")
    return 0


def add_day_commands(sub: Any) -> None:
    d = sub.add_parser("day", help="chốt ngày (kiểm soát viên)")
    ds = d.add_subparsers(dest="day_command", required=True)

    p = ds.add_parser("close", help="chốt ngày: đối chiếu hồ sơ, tiền, bàn giao; niêm phong ngày")
    p.add_argument("--date", type=parse_day, required=True, help="ngày chốt (YYYY-MM-DD)")
    cash = p.add_mutually_exclusive_group(required=True)
    cash.add_argument(
        "--cash-total", type=parse_amount, metavar="SỐ_TIỀN", help="tổng tiền mặt đã đếm (đồng)"
    )
    cash.add_argument(
        "--cash",
        type=parse_note,
        action="append",
        metavar="MỆNH_GIÁ=SỐ_TỜ",
        help="số tờ theo mệnh giá, lặp lại cho từng mệnh giá (ví dụ --cash 500000=3)",
    )
    p.add_argument("--reason", help="lý do chênh lệch tiền (bắt buộc khi có chênh lệch)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_day_close)

    p = ds.add_parser("status", help="tình trạng chốt ngày và đối soát với tỉnh")
    p.add_argument("--date", type=parse_day, help="ngày (mặc định hôm nay)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_day_status)

    p = ds.add_parser("report", help="in báo cáo chốt ngày ra tệp PDF (A4)")
    p.add_argument("--date", type=parse_day, help="ngày (mặc định hôm nay)")
    p.add_argument("-o", "--output", required=True, help="tệp PDF đầu ra")
    p.set_defaults(func=cmd_day_report)
