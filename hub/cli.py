"""The ``motcua-hub`` command: run the hub and do the provincial operator's chores.

Every command takes ``--db`` (default: env MOTCUA_HUB_DB, else ./hub.sqlite3); a plain
``postgresql://`` URL is used through psycopg 3. Exit status: 0 done, 1 refused, 2 usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from hub.agency import Agency
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

    num = sub.add_parser(
        "numbers", parents=[common], help="cài đặt cấp số của tỉnh (S10, dải mã hồ sơ)"
    )
    num.add_argument("--indicator", help="mã dịch vụ S10 (2 chữ cái, ví dụ RA)")
    num.add_argument("--s10-lo", type=int, help="sê-ri S10 đầu tiên của tỉnh")
    num.add_argument("--s10-hi", type=int, help="sê-ri S10 cuối cùng của tỉnh (≤ 49999999)")
    num.add_argument("--s10-block", type=int, help="số sê-ri mỗi lần cấp cho một quầy")
    num.add_argument("--code-block", type=int, help="số mã hồ sơ mỗi ngày cho một quầy")
    num.add_argument("--lease-days", type=int, help="số ngày của mỗi dải mã hồ sơ")
    num.add_argument("--refill-days", type=int, help="cấp dải mới khi còn ít ngày hơn số này")
    num.add_argument("--json", action="store_true")

    log_ = sub.add_parser(
        "enroll-log", parents=[common], help="nhật ký ghi danh, từ chối, thu hồi (mới nhất trước)"
    )
    log_.add_argument("--limit", type=int, default=50)
    log_.add_argument("--json", action="store_true")

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

    ag = sub.add_parser("agency", help="ghi quyết định của cơ quan giải quyết (thay trang web)")
    verbs = ag.add_subparsers(dest="verb", required=True)
    for verb, text in AGENCY_VERBS.items():
        v = verbs.add_parser(verb, parents=[common], help=text)
        v.add_argument("code", metavar="CODE", help="mã hồ sơ (hoặc số/mã bảng với --batch)")
        v.add_argument("--note", default="", help="ghi chú: giấy tờ cần bổ sung, lý do từ chối…")
        v.add_argument(
            "--batch", action="store_true", help="CODE là bảng giao nhận (chỉ với confirm)"
        )
        v.add_argument("--by", default="cli", help="ghi vào lịch sử là ai làm (mặc định cli)")

    au = sub.add_parser("agency-user", help="tài khoản cán bộ cơ quan giải quyết")
    acts = au.add_subparsers(dest="user_command", required=True)
    add = acts.add_parser("add", parents=[common], help="tạo tài khoản")
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--agency", required=True, help="tên cơ quan đúng như danh mục, ví dụ UBND xã")
    add.add_argument(
        "--office", default=None, help="chỉ hồ sơ của một đơn vị (mặc định: mọi đơn vị)"
    )
    add.add_argument("--name", default="", help="họ tên hiển thị")
    add.add_argument(
        "--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin"
    )
    ls = acts.add_parser("list", parents=[common], help="danh sách tài khoản")
    ls.add_argument("--json", action="store_true")
    unlock = acts.add_parser("unlock", parents=[common], help="mở khóa sau khi nhập sai mật khẩu")
    unlock.add_argument("username", metavar="USERNAME")
    return p


AGENCY_VERBS = {
    "confirm": "xác nhận đã nhận hồ sơ (hoặc cả bảng giao nhận với --batch)",
    "supplement": "yêu cầu bổ sung hồ sơ (--note: giấy tờ cần bổ sung)",
    "refuse": "từ chối giải quyết (--note: lý do)",
    "ready": "hồ sơ đã có kết quả",
}


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
    if args.command == "numbers":
        return _numbers(hub, args)
    if args.command == "enroll-log":
        rows = hub.enroll_history(max(1, min(args.limit, 10_000)))
        if args.json:
            _json(rows)
            return 0
        for r in rows:
            print(
                f"{r['at']}\t{r['action']}\t{r['office_code'] or '-'}\t{r['device_id'] or '-'}"
                f"\t{r['client'] or '-'}\t{r['reason']}"
            )
        print(f"{len(rows)} dòng.")
        return 0
    if args.command == "publish":
        return _publish(hub, args)
    if args.command == "agency":
        return _agency(Agency(hub), args)
    if args.command == "agency-user":
        return _agency_user(Agency(hub), args)
    raise AssertionError(args.command)


def _numbers(hub: Hub, args: argparse.Namespace) -> int:
    fields = ("indicator", "s10_lo", "s10_hi", "s10_block", "code_block", "lease_days",
              "refill_days")  # fmt: skip
    changes = {f: getattr(args, f) for f in fields if getattr(args, f) is not None}
    cfg = hub.change_number_settings(**changes) if changes else hub.number_settings()
    if args.json:
        _json(dataclasses.asdict(cfg))
        return 0
    print(f"Mã dịch vụ S10: {cfg.indicator}; sê-ri của tỉnh {cfg.s10_lo:08d}–{cfg.s10_hi:08d}")
    print(f"Mỗi lần cấp cho một quầy: {cfg.s10_block} số S10; {cfg.code_block} mã hồ sơ mỗi ngày")
    print(f"Dải mã hồ sơ dùng {cfg.lease_days} ngày, cấp dải mới khi còn dưới {cfg.refill_days}")
    return 0


def _agency(agency: Agency, args: argparse.Namespace) -> int:
    if args.batch:
        if args.verb != "confirm":
            print(
                "--batch chỉ dùng với lệnh confirm (xác nhận cả bảng giao nhận).", file=sys.stderr
            )
            return 2
        done = agency.confirm_batch(args.code, by=args.by)
        print(f"Bảng giao nhận {done.number}: đã xác nhận nhận {len(done.confirmed)} hồ sơ.")
        for change in done.confirmed:
            print(f"  {change.code}\t{change.status.label}")
        for code, status in done.skipped:
            print(f"  {code}\tbỏ qua: đang «{status.label}»")
        return 0
    act = {
        "confirm": agency.confirm_receipt,
        "supplement": agency.request_supplement,
        "refuse": agency.refuse,
        "ready": agency.mark_ready,
    }[args.verb]
    change = act(args.code, args.note, by=args.by)
    print(f"Hồ sơ {change.code}: {change.previous.label} → {change.status.label}.")
    print("Quầy của bưu điện văn hóa xã sẽ nhận cập nhật ở lần đồng bộ tới.")
    return 0


def _agency_user(agency: Agency, args: argparse.Namespace) -> int:
    if args.user_command == "list":
        users = agency.list_users()
        if args.json:
            _json([u.__dict__ for u in users])
        else:
            for u in users:
                print(
                    f"{u.username}\t{u.display_name}\t{u.agency}\t{u.office_code or 'mọi đơn vị'}"
                )
            print(f"{len(users)} tài khoản.")
        return 0
    if args.user_command == "unlock":
        if not agency.unlock(args.username):
            print(f"Không có tài khoản {args.username}.", file=sys.stderr)
            return 1
        print(f"Đã mở khóa tài khoản {args.username.strip().lower()}.")
        return 0
    password = _read_password(args.password_stdin)
    if password is None:
        return 1
    user = agency.add_user(args.username, password, args.agency, args.office, args.name)
    scope = user.office_code or "mọi đơn vị"
    print(f"Đã tạo tài khoản {user.username} ({user.display_name}) — {user.agency}, {scope}.")
    print("Cán bộ đăng nhập tại /agency/login trên máy chủ bưu điện tỉnh.")
    return 0


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Mật khẩu: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            print("Hai lần nhập mật khẩu không khớp. Hãy chạy lại lệnh.", file=sys.stderr)
            return None
    if not password:
        print("Chưa nhập mật khẩu. Hãy chạy lại lệnh và nhập mật khẩu.", file=sys.stderr)
        return None
    return password


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
