"""Headless commands over the same services the window uses. Imports no Qt.

Exit codes: 0 success, 1 a rule refused the request (message in Vietnamese), 2 bad usage,
3 the database is unhealthy, 4 the hub could not be reached (everything will be resent).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from app.cli_accounts import add_accounts_commands, add_auth_arguments, cli_session
from app.cli_backup import add_backup_commands
from app.cli_day import add_day_commands
from app.cli_lifecycle import add_lifecycle_commands
from app.cli_logs import add_logs_commands
from app.cli_reports import add_report_commands
from app.cli_sync import add_sync_commands
from app.domain.catalog_format import CatalogError
from app.domain.errors import DomainError, ValidationFailed
from app.domain.intake import IncompleteDossier
from app.domain.text import format_vn_datetime, format_vnd
from app.services import catalog as catalog_service
from app.services import demo, health, intake, lookup
from app.services.backups import open_checked
from app.services.documents import (
    DocumentKind,
    guidance_for,
    guidance_for_procedure,
    render_for_dossier,
)
from app.services.workstation import Workstation
from app.storage.backup import is_corruption
from app.storage.db import StorageError
from app.storage.disk_errors import oserror_message


def _print_json(value: object, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def _error_json(exc: DomainError, line: int | None = None) -> dict[str, object]:
    base: dict[str, object] = {"ok": False}
    if line is not None:
        base["line"] = line
    if isinstance(exc, ValidationFailed):
        first = exc.first
        return {
            **base,
            "field": first.field,
            "message": str(first),
            "errors": [
                {"field": e.field, "label": e.label, "message": e.message} for e in exc.errors
            ],
        }
    if isinstance(exc, CatalogError):
        return {
            **base,
            "field": "catalog",
            "message": exc.message,
            "errors": [
                {"entry": p.entry, "field": p.field, "message": p.message} for p in exc.problems
            ],
        }
    field = "documents" if isinstance(exc, IncompleteDossier) else "procedure"
    result = {**base, "field": field, "message": exc.message}
    if isinstance(exc, IncompleteDossier):
        result["missing"] = [
            {"name": m.name, "kind": m.kind.value, "count": m.count} for m in exc.missing
        ]
    return result


# ---------------------------------------------------------------- commands


def cmd_catalog_list(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    procedures = sorted(ws.catalog.procedures.values(), key=lambda p: (p.field, p.name))
    if args.json:
        _print_json(
            {
                "version": ws.catalog.version,
                "procedures": [
                    {
                        "code": p.code,
                        "name": p.name,
                        "field": p.field,
                        "agency": p.agency,
                        "by_post": p.by_post,
                        "processing_days": p.processing_days,
                    }
                    for p in procedures
                ],
            },
            out,
        )
        return 0
    out.write(f"Danh mục thủ tục, phiên bản {ws.catalog.version} ({len(procedures)} thủ tục)\n")
    field_width = max((len(p.field) for p in procedures), default=0)
    for p in procedures:
        days = "trong ngày" if p.same_day else f"{p.processing_days} ngày làm việc"
        post = "" if p.by_post else "  [không nhận qua bưu điện]"
        out.write(f"  {p.code:<14} {p.field:<{field_width}}  {p.name} — {days}{post}\n")
    return 0


def cmd_catalog_import(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    catalog = catalog_service.import_catalog(ws, Path(args.file))
    out.write(f"Đã nhập danh mục phiên bản {catalog.version}: {len(catalog.procedures)} thủ tục.\n")
    return 0


def _read_lines(path: str) -> Iterator[tuple[int, str]]:
    handle = sys.stdin if path == "-" else open(path, encoding="utf-8-sig")  # noqa: SIM115
    try:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line
    finally:
        if handle is not sys.stdin:
            handle.close()


def cmd_import(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    failures = 0
    try:
        lines = list(_read_lines(args.file))
    except OSError as exc:
        raise DomainError(f"Không đọc được tệp {args.file}: {exc.strerror}.") from exc
    for number, line in lines:
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise DomainError("Mỗi dòng phải là một đối tượng JSON {…}.")
            dossier = intake.receive_dossier(ws, raw)
        except json.JSONDecodeError as exc:
            failures += 1
            _print_json(
                {
                    "ok": False,
                    "line": number,
                    "field": "json",
                    "message": f"Dòng không phải JSON hợp lệ: {exc.msg} (cột {exc.colno}).",
                },
                out,
            )
            continue
        except DomainError as exc:
            failures += 1
            _print_json(_error_json(exc, number), out)
            continue
        _print_json(
            {
                "ok": True,
                "line": number,
                "code": dossier.code,
                "s10": dossier.s10,
                "appointment_at": dossier.appointment_at.isoformat(),
            },
            out,
        )
    return 1 if failures else 0


def detail_json(detail: lookup.DossierDetail) -> dict[str, Any]:
    d = detail.dossier
    return {
        "id": d.id,
        "code": d.code,
        "s10": d.s10,
        "procedure": {"code": d.procedure_code, "name": d.procedure_name},
        "agency": d.agency,
        "status": d.status.value,
        "status_label": d.status.label,
        "received_at": d.received_at.isoformat(),
        "appointment_at": d.appointment_at.isoformat(),
        "handover_due": d.handover_due.isoformat(),
        "return_method": d.return_method.value,
        "delivery_address": d.delivery_address,
        "applicant": intake.applicant_payload(d.applicant),
        "documents": [
            {"name": x.name, "kind": x.kind.value, "count": x.count} for x in d.documents
        ],
        "fees": [{"code": f.code, "name": f.name, "amount": f.amount} for f in d.fees],
        "fees_total": d.fees_total,
        "postage": d.postage,
        "total": d.total,
        "pages": d.pages,
        "copies": d.copies,
        "events": [
            {"seq": e.seq, "device_id": e.device_id, "type": e.type, "at": e.at, "actor": e.actor}
            for e in detail.events
        ],
    }


def cmd_show(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    detail = lookup.show(ws, args.code)
    if args.json:
        _print_json(detail_json(detail), out)
        return 0
    d = detail.dossier
    a = d.applicant
    rows = [
        ("Mã hồ sơ", d.code),
        ("Số hiệu bưu gửi", d.s10),
        ("Thủ tục", f"{d.procedure_name} ({d.procedure_code})"),
        ("Cơ quan giải quyết", d.agency),
        ("Trạng thái", d.status.label),
        ("Người nộp", f"{a.full_name} — CCCD {a.id_number} — ĐT {a.phone}"),
        ("Địa chỉ", a.address),
        ("Nhận hồ sơ lúc", format_vn_datetime(d.received_at)),
        ("Hẹn trả kết quả", format_vn_datetime(d.appointment_at)),
        (
            "Nhận kết quả",
            "Qua bưu điện: " + d.delivery_address if d.delivery_address else "Tại quầy",
        ),
        ("Phí, lệ phí", format_vnd(d.fees_total)),
        ("Cước", format_vnd(d.postage)),
        ("Tổng thu", format_vnd(d.total)),
    ]
    for label, value in rows:
        out.write(f"{label:<20} {value}\n")
    out.write("Giấy tờ:\n")
    for doc in d.documents:
        out.write(f"  - {doc.name} ({doc.kind.label.lower()}) × {doc.count}\n")
    out.write("Diễn biến:\n")
    for e in detail.events:
        out.write(f"  {e.at}  {e.type}  {e.actor}\n")
    return 0


def cmd_search(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    rows = lookup.search(ws, args.text, limit=args.limit)
    if args.json:
        _print_json(rows, out)
        return 0
    if not rows:
        out.write("Không tìm thấy hồ sơ nào.\n")
        return 0
    for r in rows:
        out.write(
            f"{r['code']}  {r['s10']}  {str(r['received_at'])[:16]}  "
            f"{r['full_name']}  {r['procedure_name']}\n"
        )
    return 0


def cmd_print(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    if args.document == "guidance":
        if args.request:
            raw = json.loads(Path(args.request).read_text(encoding="utf-8"))
            pdf = guidance_for(ws, raw)
        else:
            pdf = guidance_for_procedure(ws, args.code, args.name or "")
    else:
        pdf = render_for_dossier(ws, DocumentKind(args.document), args.code)
    target = Path(args.output)
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        raise DomainError(
            f"Không ghi được tệp {target}: {oserror_message(exc)}. Chọn thư mục khác."
        ) from exc
    out.write(f"Đã ghi {target} ({len(pdf)} byte).\n")
    return 0


def cmd_demo(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    def progress(done: int) -> None:
        if not args.quiet:
            sys.stderr.write(f"\r{done:,} / {args.dossiers:,} hồ sơ")
            sys.stderr.flush()

    made = demo.generate(ws, args.dossiers, seed=args.seed, progress=progress)
    if not args.quiet:
        sys.stderr.write("\n")
    out.write(f"Đã tạo {made:,} hồ sơ mẫu.\n")
    return 0


def cmd_check(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    report = health.check(ws)
    if args.json:
        _print_json(report.as_dict(), out)
    else:
        out.write(f"Thư mục dữ liệu:     {report.database}\n")
        out.write(f"Phiên bản CSDL:      {report.schema_version} (cần {report.schema_expected})\n")
        out.write(f"Kiểm tra toàn vẹn:   {'ok' if report.ok else 'LỖI'}\n")
        for p in report.problems:
            out.write(f"  - {p}\n")
        out.write(f"Hồ sơ:               {report.dossiers:,}\n")
        out.write(f"Sự kiện:             {report.events:,}\n")
        out.write(f"Danh mục:            {report.catalog_version} ({report.procedures} thủ tục)\n")
        out.write(f"Số S10 còn lại:      {report.s10_remaining:,}\n")
    return 0 if report.ok else 3


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="motcua",
        description="Quầy Một Cửa — tiếp nhận hồ sơ thủ tục hành chính tại bưu điện văn hóa xã.",
    )
    parser.add_argument(
        "--home", help="thư mục dữ liệu (mặc định $MOTCUA_HOME hoặc thư mục người dùng)"
    )
    add_auth_arguments(parser)  # --user NAME [--secret-stdin]: act as a signed-in person
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    cat = sub.add_parser("catalog", help="danh mục thủ tục").add_subparsers(
        dest="catalog_command", required=True
    )
    p = cat.add_parser("list", help="liệt kê thủ tục")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog_list)
    p = cat.add_parser("import", help="nhập danh mục từ tệp JSON")
    p.add_argument("file")
    p.set_defaults(func=cmd_catalog_import)

    p = sub.add_parser("import", help="tiếp nhận hàng loạt từ tệp JSONL (mỗi dòng một hồ sơ)")
    p.add_argument("file", help="tệp .jsonl, hoặc - để đọc từ đầu vào chuẩn")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("show", help="xem một hồ sơ")
    p.add_argument("code", help="mã hồ sơ hoặc số hiệu bưu gửi")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("search", help="tìm hồ sơ theo tên, số định danh, điện thoại, mã")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("print", help="in giấy tờ ra tệp PDF")
    p.add_argument("document", choices=["receipt", "dispatch", "guidance", "label", "label-small"])
    p.add_argument("code", help="mã hồ sơ (với guidance: mã thủ tục)")
    p.add_argument("-o", "--output", required=True, help="tệp PDF đầu ra")
    p.add_argument("--request", help="guidance: tệp JSON của yêu cầu chưa đủ giấy tờ")
    p.add_argument("--name", help="guidance: tên người nộp")
    p.set_defaults(func=cmd_print)

    p = sub.add_parser("demo", help="tạo hồ sơ mẫu (để thử và đo hiệu năng)")
    p.add_argument("--dossiers", type=int, default=1000)
    p.add_argument("--seed", type=int, default=2027)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help="kiểm tra cơ sở dữ liệu")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    add_sync_commands(sub)
    add_lifecycle_commands(sub)
    add_accounts_commands(sub)
    add_day_commands(sub)
    add_report_commands(sub)
    add_logs_commands(sub)
    add_backup_commands(sub)
    return parser


def _welcome(ws: Workstation, out: TextIO) -> int:
    report = health.check(ws)
    office = ws.office
    out.write(
        f"Quầy Một Cửa — {office.name} ({office.unit_code})\n"
        f"Dữ liệu: {report.database} — {report.dossiers:,} hồ sơ, danh mục {report.catalog_version}"
        f" ({report.procedures} thủ tục), làm việc ngoại tuyến.\n"
        "Gõ `motcua --help` để xem các lệnh "
        "(tiếp nhận: `motcua import`, tra cứu: `motcua search`).\n"
    )
    return 0


def run(argv: Sequence[str], out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(list(argv))
    before_open = getattr(args, "before_open", None)
    if before_open is not None:  # `motcua restore`: the database may be too damaged to open
        return int(before_open(args, out))
    try:
        ws = open_checked(args.home)  # a damaged database names the backup to restore
    except StorageError as exc:
        sys.stderr.write(f"Lỗi: {exc.message}\n")
        return 3
    try:
        func: Callable[[Workstation, argparse.Namespace, TextIO], int] | None = getattr(
            args, "func", None
        )
        if func is None:
            return _welcome(ws, out)
        with cli_session(ws, args):  # signs in as --user (if given); records the sign-out
            return func(ws, args, out)
    except DomainError as exc:
        if getattr(args, "json", False):
            _print_json(_error_json(exc), out)
        else:
            sys.stderr.write(f"Lỗi: {exc.message}\n")
            if isinstance(exc, CatalogError):
                for problem in exc.problems:
                    sys.stderr.write(f"  - {problem.entry} · {problem.field}: {problem.message}\n")
        return 1
    except sqlite3.DatabaseError as exc:
        # Damage in the middle of the file lets the database open and fails the first query
        # that reaches it: say what to do, not a traceback.
        if not is_corruption(exc):
            raise
        sys.stderr.write(
            f"Lỗi: dữ liệu của quầy bị hỏng ({exc}). Khôi phục bản sao lưu gần nhất bằng lệnh "
            "`motcua restore --latest` (xem các bản: `motcua backup list`), rồi làm lại.\n"
        )
        return 3
    finally:
        ws.close()
