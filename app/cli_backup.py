"""`motcua backup` and `motcua restore`, for app/cli.py.

``restore`` runs before the workstation is opened (``before_open``): the database may be damaged.
When it can be opened and accounts exist, a supervisor or an administrator must act (``--user``);
when it cannot, nobody can be checked, so ``--yes`` is the confirmation and the restore is
recorded in the restored database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from app.cli_accounts import cli_session
from app.domain.errors import DomainError
from app.services import backups, restore
from app.services import sync as sync_service
from app.services.workstation import Workstation, default_home, open_workstation
from app.storage.db import StorageError
from app.sync.engine import SyncReport

EXIT_REFUSED, EXIT_USAGE, EXIT_STORAGE = 1, 2, 3


def _json(value: object, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def _info_json(info: backups.BackupInfo) -> dict[str, Any]:
    return {
        "file": str(info.path),
        "taken_at": info.taken_at.isoformat(),
        "bytes": info.size,
        "dossiers": info.dossiers,
        "ok": info.ok,
    }


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB".replace(",", "_").replace(".", ",").replace("_", ".")


def _failed(args: argparse.Namespace, out: TextIO, message: str, code: int) -> int:
    """Say why a command failed (a JSON line with --json, else on stderr); returns ``code``."""
    if args.json:
        _json({"ok": False, "message": message}, out)
    else:
        sys.stderr.write(f"Lỗi: {message}\n")
    return code


def cmd_backup(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    try:
        info = backups.backup_to(ws, Path(args.to)) if args.to else backups.backup_now(ws, "cli")
    except StorageError as exc:  # no space, read-only drive …: said in words, exit 3 as `check`
        return _failed(args, out, exc.message, EXIT_STORAGE)
    if args.json:
        _json({"ok": True, **_info_json(info)}, out)
    else:
        out.write(f"Đã sao lưu {info.label} vào {info.path} ({_mb(info.size)}).\n")
    return 0


def cmd_backup_list(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.folder) if args.folder else backups.backup_folder(ws.home)
    listed = backups.list_backups(folder)
    if args.json:
        _json(
            {
                "folder": str(folder),
                "policy": backups.policy(ws).describe(),
                "backups": [_info_json(i) for i in listed],
            },
            out,
        )
        return 0
    out.write(f"Bản sao lưu trong {folder}: {len(listed)}\n")
    out.write(f"Chính sách: {backups.policy(ws).describe()}\n")
    for info in listed:
        state = "" if info.ok else "  [HỎNG — không dùng được]"
        out.write(f"  {info.path.name}  {info.label}  {_mb(info.size)}{state}\n")
    return 0


def _confirmed(args: argparse.Namespace, text: str) -> bool:
    if args.yes:
        return True
    if sys.stdin is None or not sys.stdin.isatty():
        return False
    answer = input(f"{text} Gõ 'co' để tiếp tục: ")
    return answer.strip().lower() in ("co", "có", "c", "y", "yes")


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    """Runs before any workstation is open (see module text)."""
    home = Path(args.home) if args.home else default_home()
    if bool(args.file) == bool(args.latest):
        sys.stderr.write("Lỗi: chỉ rõ một tệp sao lưu, hoặc dùng --latest cho bản mới nhất.\n")
        return EXIT_USAGE
    actor, reason = "", "damaged"
    try:
        source = Path(args.file) if args.file else backups.latest_backup(home)
        try:
            ws = backups.open_checked(home)
        except StorageError as exc:  # damaged or unreadable: nobody can be checked
            sys.stderr.write(f"Cơ sở dữ liệu hiện tại không mở được: {exc.message}\n")
        else:
            try:
                with cli_session(ws, args):
                    restore.authorize_restore(ws)
                    actor, reason = ws.staff, "manual"
            finally:
                ws.close()
        if not _confirmed(
            args,
            f"Dữ liệu hiện tại trong {home} sẽ được thay bằng bản sao lưu {source.name} "
            "(tệp cũ được giữ lại trong thư mục backups).",
        ):
            sys.stderr.write(
                "Lỗi: chưa khôi phục. Thêm --yes để xác nhận thay dữ liệu bằng bản sao lưu.\n"
            )
            return EXIT_USAGE
        result = restore.restore(home, source, actor=actor, reason=reason)
    except DomainError as exc:
        return _failed(args, out, exc.message, EXIT_REFUSED)
    except StorageError as exc:
        return _failed(args, out, exc.message, EXIT_STORAGE)
    hub = _rehydrate(home) if result.enrolled else None
    if args.json:
        _json(
            {
                "ok": True,
                "file": str(source),
                "taken_at": result.backup.taken_at.isoformat(),
                "dossiers": result.dossiers,
                "replaced_kept_at": str(result.aside),
                "enrolled": result.enrolled,
                "journal": result.journal,
                "kept_closed": list(result.kept_closed),
                "from_hub": None if hub is None else {
                    "ok": hub.ok, "dossiers": hub.rehydrated_dossiers,
                    "events": hub.rehydrated_events, "message": hub.message,
                },
                "warning": result.warning,
            },
            out,
        )  # fmt: skip
        return 0
    taken = result.backup.taken_at
    out.write(
        f"Đã khôi phục bản sao lưu lúc {taken:%H:%M} ngày {taken:%d/%m/%Y}: "
        f"{result.dossiers:,} hồ sơ. Tệp dữ liệu cũ được giữ ở {result.aside}.\n".replace(",", ".")
    )
    if hub is not None and hub.ok:
        out.write(
            f"Đã lấy lại từ bưu điện tỉnh {hub.rehydrated_dossiers:,} hồ sơ tiếp nhận sau thời "
            f"điểm sao lưu ({hub.rehydrated_events:,} sự kiện).\n".replace(",", ".")
        )
    elif hub is not None:
        out.write(
            "Chưa lấy lại được dữ liệu từ bưu điện tỉnh: "
            f"{hub.message} Quầy vẫn làm việc được; dữ liệu sẽ được lấy lại ở lần đồng bộ "
            "tới (motcua sync --once).\n"
        )
    for day in result.kept_closed:
        out.write(f"Ngày {day} đã chốt sau thời điểm sao lưu: vẫn giữ là đã chốt.\n")
    if result.warning:
        out.write(result.warning + "\n")
    return 0


def _rehydrate(home: Path) -> SyncReport:
    """Bring back from the hub what the counter had synced after the backup (one sync run)."""
    ws = open_workstation(home)
    try:
        return sync_service.sync_once(ws)
    finally:
        ws.close()


def add_backup_commands(sub: Any) -> None:
    p = sub.add_parser(
        "backup", help="sao lưu cơ sở dữ liệu (vào thư mục backups, hoặc --to ổ USB)"
    )
    p.add_argument("--to", metavar="THƯ_MỤC", help="sao lưu vào thư mục này (ví dụ ổ USB)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)
    actions = p.add_subparsers(dest="backup_command", metavar="VIỆC")
    q = actions.add_parser("list", help="liệt kê các bản sao lưu")
    q.add_argument("--folder", metavar="THƯ_MỤC", help="thư mục sao lưu khác (ví dụ trên USB)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_backup_list)

    p = sub.add_parser("restore", help="khôi phục cơ sở dữ liệu từ một bản sao lưu")
    p.add_argument("file", nargs="?", help="tệp sao lưu (motcua-YYYYMMDD-HHMMSS.sqlite3)")
    p.add_argument("--latest", action="store_true", help="bản sao lưu tốt mới nhất")
    p.add_argument("--yes", action="store_true", help="không hỏi lại")
    p.add_argument("--json", action="store_true")
    p.set_defaults(before_open=cmd_restore)
