"""`motcua logs path | export [-o FILE] | tail`: the log files, for support (docs/operations.md).

Wired into app/cli.py's parser. Exit codes follow app/cli.py (0 success, 1 the file could not be
written — the message says why and what to do).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from app.services import logs
from app.services.workstation import Workstation


def default_export_name(now: datetime) -> str:
    return f"motcua-nhat-ky-{now:%Y%m%d-%H%M}.zip"


def cmd_logs_path(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    out.write(f"{logs.log_path(ws.home)}\n")
    return 0


def cmd_logs_export(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.output) if args.output else Path.cwd() / default_export_name(ws.now())
    written = logs.export_logs(ws.home, target)
    size = f"{written.stat().st_size:,}".replace(",", ".")
    out.write(
        f"Đã ghi {written} ({size} byte). Gửi tệp này cho bộ phận hỗ trợ; "
        "tệp không chứa thông tin người dân hay mã truy cập.\n"
    )
    return 0


def cmd_logs_tail(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    text = logs.tail(ws.home, args.lines)
    out.write(text + ("\n" if text else "Chưa có dòng nhật ký nào.\n"))
    return 0


def add_logs_commands(sub: Any) -> None:
    """Add `logs` to the `motcua` parser's subcommands."""
    group = sub.add_parser("logs", help="nhật ký hoạt động (để gửi bộ phận hỗ trợ)")
    actions = group.add_subparsers(dest="logs_command", metavar="VIỆC", required=True)
    p = actions.add_parser("path", help="in đường dẫn tệp nhật ký")
    p.set_defaults(func=cmd_logs_path)
    p = actions.add_parser("export", help="đóng gói nhật ký thành tệp .zip gửi hỗ trợ")
    p.add_argument(
        "-o", "--output", metavar="TỆP", help="tệp .zip đầu ra (mặc định: thư mục hiện tại)"
    )
    p.set_defaults(func=cmd_logs_export)
    p = actions.add_parser("tail", help="xem các dòng nhật ký cuối")
    p.add_argument("-n", "--lines", type=int, default=50, help="số dòng (mặc định 50)")
    p.set_defaults(func=cmd_logs_tail)
