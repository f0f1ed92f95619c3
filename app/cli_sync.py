"""`motcua enroll` and `motcua sync`: the sync commands, wired into app/cli.py's parser.

Exit codes follow app/cli.py (0 success, 1 refused or not enrolled, 2 bad usage) plus
4: the hub could not be reached or its answer was not trusted; everything will be resent.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from app.services import sync as sync_service
from app.services.workstation import Workstation
from app.sync.engine import Outcome, SyncEngine, SyncReport

EXIT_UNREACHED = 4

_EXIT = {
    Outcome.OK: 0,
    Outcome.UNKNOWN: EXIT_UNREACHED,
    Outcome.REJECTED: 1,
    Outcome.NOT_ENROLLED: 1,
    Outcome.ERROR: 1,
}


def _vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def report_text(r: SyncReport) -> str:
    if r.ok:
        text = (
            f"Đồng bộ xong: máy chủ tỉnh nhận {_vn_int(r.uploaded)} thay đổi mới"
            f" ({_vn_int(r.duplicates)} đã có từ trước), còn {_vn_int(r.pending)} chờ gửi;"
            f" nhận {_vn_int(r.downstream_applied + r.downstream_kept)} thông tin từ tỉnh."
        )
    else:
        text = f"Chưa đồng bộ xong: {r.message} Còn {_vn_int(r.pending)} thay đổi chờ gửi."
    for warning in r.warnings:
        text += f"\n  - {warning}"
    return text


def report_json(r: SyncReport) -> dict[str, Any]:
    return {
        "ok": r.ok,
        "outcome": r.outcome.value,
        "message": r.message,
        "code": r.code,
        "batches": r.batches,
        "uploaded": r.uploaded,
        "duplicates": r.duplicates,
        "acked_seq": r.acked_seq,
        "pending": r.pending,
        "downstream_applied": r.downstream_applied,
        "downstream_kept": r.downstream_kept,
        "downstream_failed": r.downstream_failed,
        "warnings": list(r.warnings),
    }


def _emit(value: object, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False) + "\n")
    out.flush()


def cmd_enroll(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    result = sync_service.enroll(
        ws, args.hub, args.code, counter_name=args.name, ca_bundle=args.ca_bundle
    )
    if args.json:
        _emit({"ok": True, **result.__dict__}, out)
        return 0
    out.write(
        f"Đã đăng ký quầy số {result.counter_no} của {result.office_name or 'đơn vị'} "
        f"({result.office_code}) với máy chủ {result.hub_url}. Mã truy cập được cất trong kho "
        "mật khẩu của máy. Chạy `motcua sync` để gửi dữ liệu.\n"
    )
    return 0


def cmd_sync(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    if args.status:
        health = sync_service.sync_health(ws)
        if args.json:
            _emit(health.as_dict(), out)
        else:
            out.write(health.summary() + "\n" + health.numbers_text() + "\n")
        return 0

    def show(r: SyncReport) -> None:
        if args.json:
            _emit(report_json(r), out)
        else:
            out.write(report_text(r) + "\n")
            out.flush()

    if args.once:
        report = sync_service.sync_once(ws)
        show(report)
        return _EXIT[report.outcome]

    interval = args.interval
    if interval is None:
        interval = float(ws.setting(sync_service.INTERVAL, 60.0) or 60.0)
    engine = SyncEngine(
        lambda should_stop: sync_service.sync_once(ws, should_stop=should_stop),
        interval=interval,
        on_report=show,
    )
    try:
        engine.run()  # in the foreground, until Ctrl-C
    except KeyboardInterrupt:
        out.write("Đã dừng đồng bộ.\n")
    last = engine.last_report
    return _EXIT[last.outcome] if last else 0


def add_sync_commands(sub: argparse._SubParsersAction) -> None:
    """Add `enroll` and `sync` to the `motcua` parser's subcommands."""
    p = sub.add_parser("enroll", help="đăng ký quầy với máy chủ tỉnh (một lần)")
    p.add_argument(
        "--hub", required=True, help="địa chỉ máy chủ tỉnh, ví dụ https://motcua.tinh.vn"
    )
    p.add_argument("--code", required=True, help="mã đăng ký một lần do bưu điện tỉnh cấp")
    p.add_argument("--name", help="tên quầy hiển thị ở máy chủ (mặc định «Quầy N»)")
    p.add_argument(
        "--ca-bundle",
        metavar="TỆP",
        help="tệp chứng chỉ CA của tỉnh (PEM) nếu máy chủ dùng chứng chỉ riêng",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", help="đồng bộ với máy chủ tỉnh (gửi dữ liệu, nhận thông tin mới)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="đồng bộ một lần rồi thoát")
    mode.add_argument("--status", action="store_true", help="chỉ xem tình trạng đồng bộ")
    p.add_argument(
        "--interval",
        type=float,
        help="số giây giữa hai lần đồng bộ khi chạy liên tục (mặc định 60)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sync)
