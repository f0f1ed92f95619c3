"""The ``motcua-hub`` command: run the hub and do the provincial operator's chores.

Every command takes ``--db`` (default: env MOTCUA_HUB_DB, else ./hub.sqlite3); a plain
``postgresql://`` URL is used through psycopg 3. Exit status: 0 done, 1 refused, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from hub.db import DEFAULT_DB
from hub.service import Hub, HubError


def _db_default() -> str:
    return os.environ.get("MOTCUA_HUB_DB") or DEFAULT_DB


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=None,
        help="cơ sở dữ liệu: tệp SQLite hoặc postgresql://… (mặc định $MOTCUA_HUB_DB "
        f"hoặc ./{DEFAULT_DB})",
    )
    p = argparse.ArgumentParser(
        prog="motcua-hub", description="Máy chủ bưu điện tỉnh của Quầy Một Cửa (giao thức v1)."
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", parents=[common], help="chạy máy chủ HTTP")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--workers", type=int, default=1, help="số tiến trình (PostgreSQL)")

    e = sub.add_parser("enroll", parents=[common], help="tạo mã ghi danh một lần cho một quầy")
    e.add_argument("--office", required=True, help="mã đơn vị, ví dụ 000.00.04.H42")
    e.add_argument("--name", required=True, help="tên bưu điện văn hóa xã")
    e.add_argument("--days", type=int, default=7, help="số ngày mã còn hiệu lực (mặc định 7)")
    e.add_argument("--json", action="store_true")

    r = sub.add_parser("revoke", parents=[common], help="thu hồi khóa của một quầy")
    r.add_argument("device", metavar="DEVICE")

    x = sub.add_parser("export", parents=[common], help="hồ sơ một đơn vị đã nhận")
    x.add_argument("--office", required=True)
    x.add_argument("--json", action="store_true")

    st = sub.add_parser("stats", parents=[common], help="số đơn vị, quầy, sự kiện, xung đột")
    st.add_argument("--json", action="store_true")

    c = sub.add_parser("conflicts", parents=[common], help="danh sách xung đột chờ xử lý")
    c.add_argument("--json", action="store_true")

    pub = sub.add_parser("publish", help="gửi cập nhật xuống các quầy")
    kinds = pub.add_subparsers(dest="kind", required=True)
    cal = kinds.add_parser("calendar", parents=[common], help="ngày làm việc / ngày nghỉ")
    cal.add_argument("--day", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    group = cal.add_mutually_exclusive_group(required=True)
    group.add_argument("--working", dest="working", action="store_true")
    group.add_argument("--off", dest="working", action="store_false")
    cal.add_argument("--note", default="")
    cal.add_argument("--office", default=None, help="chỉ cho một đơn vị (mặc định: mọi đơn vị)")
    rng = kinds.add_parser("range", parents=[common], help="cấp dải số cho một quầy")
    rng.add_argument("--office", required=True)
    rng.add_argument("--device", required=True)
    rng.add_argument("--kind", dest="range_kind", required=True, choices=["s10", "code_seq"])
    rng.add_argument("--prefix", default="", help="mã dịch vụ S10, ví dụ RA")
    rng.add_argument("--lo", required=True, type=int)
    rng.add_argument("--hi", required=True, type=int)
    cat = kinds.add_parser("catalog", parents=[common], help="danh mục thủ tục (mọi đơn vị)")
    cat.add_argument("file", type=Path)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = args.db or _db_default()
    if args.command == "serve":
        return _serve(db, args.host, args.port, args.workers)
    try:
        hub = Hub.open(db)
    except Exception as exc:  # the operator needs the reason, not a traceback
        print(f"Không mở được cơ sở dữ liệu {db}: {exc}", file=sys.stderr)
        return 1
    try:
        return _run(hub, args)
    except HubError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    finally:
        hub.close()


def _run(hub: Hub, args: argparse.Namespace) -> int:
    if args.command == "enroll":
        code = hub.create_enroll_code(args.office, args.name, valid_days=args.days)
        if args.json:
            _json(
                {
                    "code": code.code,
                    "office": code.office_code,
                    "expires_at": code.expires_at.isoformat(),
                }
            )
        else:
            print(f"Mã ghi danh một lần: {code.code}")
            print(f"Đơn vị: {code.office_code} — {code.office_name}")
            print(f"Hết hạn: {code.expires_at:%d/%m/%Y %H:%M} (UTC)")
            print("Nhập mã này khi ghi danh quầy với bưu điện tỉnh. Mã chỉ dùng cho một quầy.")
        return 0
    if args.command == "revoke":
        if not hub.revoke(args.device):
            print(
                f"Không có quầy {args.device} đang hoạt động (sai mã hoặc đã thu hồi).",
                file=sys.stderr,
            )
            return 1
        print(f"Đã thu hồi khóa của quầy {args.device}.")
        return 0
    if args.command == "export":
        data = hub.export(args.office)
        if args.json:
            _json(data)
        else:
            print(
                f"{data['office']['unit_code']} — {data['office']['name']}: {data['count']} hồ sơ"
            )
            for d in data["dossiers"]:
                print(
                    f"{d['code']}\t{d['s10'] or ''}\t{d['received_at']}\t{d['device_id']}"
                    f"\t{d['events']} sự kiện"
                )
        return 0
    if args.command == "stats":
        stats = hub.stats()
        if args.json:
            _json(stats)
        else:
            print(f"Đơn vị: {stats['offices']}")
            print(
                f"Quầy đang hoạt động: {stats['devices']} (đã thu hồi: {stats['devices_revoked']})"
            )
            print(f"Sự kiện: {stats['events']}")
            print(f"Xung đột chờ xử lý: {stats['conflicts']}")
            print(f"Mục cập nhật đã gửi: {stats['feed_items']}")
        return 0
    if args.command == "conflicts":
        rows = hub.list_conflicts()
        if args.json:
            _json(rows)
        else:
            for r in rows:
                print(
                    f"#{r['id']}\t{r['device_id']}\tsự kiện {r['seq']}\t{r['kind']}"
                    f"\t{r['detected_at']}"
                )
            print(f"{len(rows)} xung đột chờ xử lý.")
        return 0
    if args.command == "publish":
        return _publish(hub, args)
    raise AssertionError(args.command)


def _publish(hub: Hub, args: argparse.Namespace) -> int:
    if args.kind == "calendar":
        cursor = hub.publish_calendar(args.day, args.working, args.note, args.office)
    elif args.kind == "range":
        cursor = hub.publish_range(
            args.office, args.device, args.range_kind, args.lo, args.hi, args.prefix
        )
    else:
        try:
            catalog = json.loads(args.file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"Không đọc được tệp danh mục {args.file}: {exc}", file=sys.stderr)
            return 1
        cursor = hub.publish_catalog(catalog)
    print(f"Đã đưa vào hàng gửi xuống quầy (số {cursor}).")
    return 0


def _json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _serve(db: str, host: str, port: int, workers: int) -> int:
    import uvicorn

    # Migrate once here, so several workers do not all start by migrating.
    Hub.open(db).close()
    os.environ["MOTCUA_HUB_DB"] = db
    uvicorn.run(
        "hub.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        proxy_headers=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
