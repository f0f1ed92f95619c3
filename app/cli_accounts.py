"""`motcua account …`, `motcua audit verify`, and acting as someone (`--user`), for app/cli.py.

The CLI keeps no session between runs: a command that needs a role is run with
``motcua --user NAME …`` and the secret comes from ``--secret-stdin`` (first line of standard
input), the environment variable MOTCUA_SECRET, or a hidden prompt when run in a terminal. The
sign-in and the sign-out at the end are events, like the window's. Exit codes follow app/cli.py;
`audit verify` exits 3 when the trail is not intact.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from app.domain.errors import DomainError
from app.domain.roles import Permission, Role
from app.domain.text import format_vn_datetime
from app.services import accounts, audit, authz
from app.services.workstation import Workstation

SECRET_ENV = "MOTCUA_SECRET"
EXIT_TAMPERED = 3


def _vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _json(value: object, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


# ---------------------------------------------------------------- reading secrets


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _stdin_line(what: str) -> str:
    line = sys.stdin.readline()
    if not line:
        raise DomainError(
            f"Không đọc được {what} từ đầu vào chuẩn (đã hết). Đưa mỗi mã trên một dòng."
        )
    return line.rstrip("\r\n")


def _no_terminal(what: str) -> DomainError:
    return DomainError(
        f"Cần {what} nhưng không có cửa sổ dòng lệnh để hỏi. Dùng --secret-stdin và đưa mã qua "
        "đầu vào chuẩn (mỗi mã một dòng)."
    )


def _new_secret(args: argparse.Namespace, username: str) -> str:
    """The new PIN/password: a line of stdin, or asked twice in a terminal."""
    if getattr(args, "new_secret_stdin", False):
        return _stdin_line(f"mã mới của {username}")
    if not _interactive():
        raise _no_terminal(f"mã mới của {username}")
    first = getpass.getpass(f"Mã PIN/mật khẩu mới của {username}: ")
    again = getpass.getpass("Nhập lại lần nữa: ")
    if first != again:
        raise DomainError("Hai lần nhập mã mới không khớp nhau. Chạy lại lệnh và nhập cẩn thận.")
    return first


def _current_secret(args: argparse.Namespace, username: str) -> str:
    if getattr(args, "new_secret_stdin", False):
        return _stdin_line(f"mã đang dùng của {username}")
    if not _interactive():
        raise _no_terminal(f"mã đang dùng của {username}")
    return getpass.getpass(f"Mã PIN/mật khẩu đang dùng của {username}: ")


# ---------------------------------------------------------------- acting as someone


def add_auth_arguments(parser: argparse.ArgumentParser) -> None:
    """The global options, on the top-level parser (before the command)."""
    parser.add_argument(
        "--user",
        metavar="TÊN_ĐĂNG_NHẬP",
        help="đăng nhập để chạy lệnh cần quyền (mã lấy từ --secret-stdin, biến MOTCUA_SECRET "
        "hoặc được hỏi khi chạy trong cửa sổ dòng lệnh)",
    )
    parser.add_argument(
        "--secret-stdin",
        dest="user_secret_stdin",
        action="store_true",
        help="đọc mã của --user từ dòng đầu của đầu vào chuẩn",
    )


def sign_in_from_cli(ws: Workstation, args: argparse.Namespace) -> None:
    """Sign in as ``--user`` when given (raises a DomainError the CLI reports with exit 1)."""
    username = getattr(args, "user", None)
    if not username:
        return
    if getattr(args, "user_secret_stdin", False):
        secret = _stdin_line(f"mã của {username}")
    elif os.environ.get(SECRET_ENV) is not None:
        secret = os.environ[SECRET_ENV]
    elif _interactive():
        secret = getpass.getpass(f"Mã PIN/mật khẩu của {username}: ")
    else:
        raise DomainError(
            f"Cần mã PIN/mật khẩu của {username}: dùng --secret-stdin, đặt biến môi trường "
            f"{SECRET_ENV}, hoặc chạy lệnh trong cửa sổ dòng lệnh để được hỏi."
        )
    accounts.sign_in(ws, username, secret, via="cli")


def sign_out_from_cli(ws: Workstation) -> None:
    """End whatever session the command had (recorded as ``auth.signed_out``, reason ``cli``)."""
    accounts.sign_out(ws, reason="cli")


@contextmanager
def cli_session(ws: Workstation, args: argparse.Namespace) -> Iterator[None]:
    """Signed in as ``--user`` (if given) for the duration of one command."""
    sign_in_from_cli(ws, args)
    try:
        yield
    finally:
        sign_out_from_cli(ws)


# ---------------------------------------------------------------- account commands


def _state(info: accounts.AccountInfo, ws: Workstation) -> str:
    if not info.active:
        return "ngừng hoạt động"
    if info.locked_until is not None and info.locked_at(ws.now()):
        return f"bị khóa đến {format_vn_datetime(info.locked_until)}"
    return "hoạt động"


def cmd_account_add(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    accounts.authorize_create(ws, Role(args.role))  # before asking for a secret
    secret = _new_secret(args, args.username)
    info = accounts.create_account(ws, args.username, args.name, args.role, secret, kind=args.kind)
    if args.json:
        _json(info.as_dict(), out)
    else:
        out.write(f"Đã tạo tài khoản {info.username} — {info.display_name} ({info.role.label}).\n")
    return 0


def cmd_account_list(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    rows = accounts.list_accounts(ws)
    if args.json:
        _json([r.as_dict() for r in rows], out)
        return 0
    if not rows:
        out.write(
            "Chưa có tài khoản nào. Tạo quản trị viên đầu tiên: "
            "motcua account add TÊN --name 'Họ tên' --role admin\n"
        )
        return 0
    width = max(len(r.username) for r in rows)
    for r in rows:
        out.write(f"{r.username:<{width}}  {r.display_name} — {r.role.label} — {_state(r, ws)}\n")
    return 0


def cmd_account_unlock(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    info = accounts.unlock(ws, args.username)
    out.write(f"Đã mở khóa tài khoản {info.username} ({info.display_name}).\n")
    return 0


def cmd_account_passwd(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    target = accounts.normalize_username(args.username)
    session = ws.session
    if session is None:
        # Changing one's own secret without --user: the old secret is the sign-in.
        old: str | None = _current_secret(args, target)
        accounts.sign_in(ws, target, old, via="cli")
    elif session.username == target:
        old = _current_secret(args, target)
    else:
        authz.require(ws, Permission.MANAGE_ACCOUNTS)  # before asking for the new secret
        old = None
    new = _new_secret(args, target)
    accounts.change_secret(ws, target, old, new, kind=args.kind)
    out.write(f"Đã đổi mã PIN/mật khẩu của {target}.\n")
    return 0


def cmd_account_active(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    info = accounts.set_active(ws, args.username, args.active)
    verb = "mở lại" if info.active else "ngừng"
    out.write(f"Đã {verb} tài khoản {info.username} ({info.display_name}).\n")
    return 0


def cmd_account_role(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    info = accounts.set_role(ws, args.username, args.role)
    out.write(f"Tài khoản {info.username} nay là {info.role.label}.\n")
    return 0


def cmd_account_idle_lock(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    if args.minutes is not None:
        accounts.set_idle_lock_minutes(ws, args.minutes)
    minutes = accounts.idle_lock_minutes(ws)
    out.write(f"Tự khóa màn hình sau {minutes} phút không dùng.\n")
    return 0


# ---------------------------------------------------------------- audit


def cmd_audit_verify(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    report = audit.verify(ws)
    if args.json:
        _json(report.as_dict(), out)
    elif report.ok:
        out.write(
            f"Nhật ký nguyên vẹn: {_vn_int(report.events)} sự kiện của {report.devices} máy, "
            "không có dòng nào bị sửa, chèn hay xóa.\n"
        )
    else:
        out.write(
            f"Nhật ký KHÔNG nguyên vẹn: {len(report.problems)} vấn đề "
            f"(trên {_vn_int(report.events)} sự kiện).\n"
        )
        for problem in report.problems:
            out.write(f"  - {problem}\n")
    return 0 if report.ok else EXIT_TAMPERED


# ---------------------------------------------------------------- parser


def _kind_options(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--pin", dest="kind", action="store_const", const="pin", help="mã PIN (ít nhất 6 số)"
    )
    group.add_argument(
        "--password",
        dest="kind",
        action="store_const",
        const="password",
        help="mật khẩu (ít nhất 8 ký tự)",
    )
    p.add_argument(
        "--secret-stdin",
        dest="new_secret_stdin",
        action="store_true",
        help="đọc mã từ đầu vào chuẩn, mỗi mã một dòng (sau dòng mã của --user nếu có)",
    )


def add_accounts_commands(sub: Any) -> None:
    roles = [r.value for r in Role]
    a = sub.add_parser("account", help="tài khoản, vai trò và khóa tài khoản")
    acc = a.add_subparsers(dest="account_command", required=True)

    p = acc.add_parser("add", help="tạo tài khoản (tài khoản đầu tiên phải là admin)")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--role", required=True, choices=roles)
    _kind_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_account_add)

    p = acc.add_parser("list", help="danh sách tài khoản")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_account_list)

    p = acc.add_parser("unlock", help="mở khóa tài khoản bị khóa vì nhập sai")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.set_defaults(func=cmd_account_unlock)

    p = acc.add_parser("passwd", help="đổi mã PIN/mật khẩu (của mình, hoặc admin đặt lại)")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    _kind_options(p)
    p.set_defaults(func=cmd_account_passwd)

    for name, active, text in (
        ("disable", False, "ngừng một tài khoản"),
        ("enable", True, "mở lại một tài khoản"),
    ):
        p = acc.add_parser(name, help=text)
        p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
        p.set_defaults(func=cmd_account_active, active=active)

    p = acc.add_parser("role", help="đổi vai trò")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("role", choices=roles)
    p.set_defaults(func=cmd_account_role)

    p = acc.add_parser("idle-lock", help="xem hoặc đặt số phút tự khóa khi không dùng")
    p.add_argument("minutes", type=int, nargs="?", metavar="PHÚT")
    p.set_defaults(func=cmd_account_idle_lock)

    au = sub.add_parser("audit", help="nhật ký kiểm toán")
    aus = au.add_subparsers(dest="audit_command", required=True)
    p = aus.add_parser(
        "verify", help="kiểm tra nhật ký có bị sửa, chèn hay xóa (mã thoát 3 nếu có)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit_verify)
