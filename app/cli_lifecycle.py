"""The lifecycle commands (hand-over, results, invitations, returns, status), wired into app/cli.py.

Each mirrors a counter action for scripting and support; exit codes follow app/cli.py.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from app.domain.errors import DomainError
from app.domain.text import format_vn_datetime
from app.services import handover, lifecycle
from app.services.lifecycle_documents import FormKind, render_form
from app.services.workstation import VN_TZ, Workstation
from app.storage.disk_errors import oserror_message


def _json(value: object, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def _write(path: str, pdf: bytes, out: TextIO) -> None:
    target = Path(path)
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        message = f"Không ghi được tệp {target}: {oserror_message(exc)}. Chọn thư mục khác."
        raise DomainError(message) from exc
    out.write(f"Đã ghi {target} ({len(pdf)} byte).\n")


def _batch_json(b: handover.BatchRow) -> dict[str, Any]:
    return {
        "id": b.id,
        "number": b.number,
        "agency": b.agency,
        "created_at": b.created_at,
        "sealed_at": b.sealed_at,
        "count": b.count,
        "prints": b.prints,
    }


# ---------------------------------------------------------------- hand-over


def cmd_handover_create(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    batch = handover.create_batch(ws, args.agency, args.codes)
    if args.json:
        _json(_batch_json(batch), out)
    else:
        out.write(f"{batch.id}\n")
        out.write(f"# bảng {batch.number}, {batch.count} hồ sơ gửi {batch.agency}\n")
    return 0


def cmd_handover_add(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    for code in args.codes:
        item = handover.add_to_batch(ws, args.batch, code)
        out.write(f"+ {item.code}  {item.s10}  {item.full_name}\n")
    return 0


def cmd_handover_remove(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    for code in args.codes:
        handover.remove_from_batch(ws, args.batch, code)
        out.write(f"- {code}\n")
    return 0


def cmd_handover_list(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    batches = handover.list_batches(ws, open_only=args.open)
    if args.json:
        _json([_batch_json(b) for b in batches], out)
        return 0
    if not batches:
        out.write("Chưa có bảng giao nhận nào.\n")
    for b in batches:
        state = "đã in, niêm phong" if b.sealed else "đang lập"
        out.write(f"{b.number}  {b.agency:<16} {b.count:>4} hồ sơ  {state}  {b.id}\n")
    return 0


def cmd_handover_show(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    batch = handover.get_batch(ws, args.batch)
    items = handover.batch_items(ws, args.batch)
    if args.json:
        _json({**_batch_json(batch), "dossiers": [i.__dict__ for i in items]}, out)
        return 0
    out.write(f"Bảng {batch.number} gửi {batch.agency} — {batch.count} hồ sơ\n")
    for i in items:
        out.write(f"  {i.code}  {i.s10}  {i.full_name}  {i.procedure_name}\n")
    return 0


def cmd_handover_print(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    batch, pdf = handover.seal_and_print(ws, args.batch)
    _write(args.output, pdf, out)
    out.write(
        f"Bảng {batch.number}: {batch.count} hồ sơ đã niêm phong, chuyển đi {batch.agency}.\n"
    )
    return 0


def cmd_handover_waiting(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    items = handover.waiting_for_handover(ws, args.agency)
    if args.json:
        _json([i.__dict__ for i in items], out)
        return 0
    out.write(f"{len(items)} hồ sơ chờ bàn giao.\n")
    for i in items:
        out.write(f"  {i.code}  {i.s10}  {i.full_name}  {i.procedure_name}\n")
    return 0


# ---------------------------------------------------------------- single-dossier moves


def _moved(d: Any, out: TextIO) -> int:
    out.write(f"{d.code}: {d.status.label}\n")
    return 0


def cmd_result_received(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    for code in args.codes:
        _moved(lifecycle.record_result(ws, code, args.note or ""), out)
    return 0


def cmd_supplement(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    return _moved(lifecycle.record_supplement(ws, args.code, args.note or ""), out)


def cmd_deliver(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    return _moved(lifecycle.send_for_delivery(ws, args.code, args.note or ""), out)


def cmd_withdraw(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    return _moved(lifecycle.withdraw(ws, args.code, args.reason), out)


def cmd_return_to_agency(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    return _moved(lifecycle.return_to_agency(ws, args.code, args.note or ""), out)


def cmd_invite(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    on = date.fromisoformat(args.on) if args.on else None
    state = lifecycle.record_invitation(ws, args.code, args.method, on=on, note=args.note or "")
    out.write(f"Đã ghi lần mời thứ {state.count} (hợp lệ).")
    if state.may_return_to_agency:
        out.write(" Đủ số lần mời: có thể chuyển lại cơ quan nếu người dân không đến.\n")
    elif state.next_allowed:
        out.write(f" Lần mời tiếp theo từ ngày {state.next_allowed:%d/%m/%Y}.\n")
    if args.output:
        _write(args.output, render_form(ws, FormKind.INVITATION, args.code), out)
    return 0


def cmd_return(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    receiver = lifecycle.Receiver(
        id_number=args.id_number,
        name=args.name or "",
        proxy=args.proxy,
        authorisation=args.authorisation or "",
    )
    d = lifecycle.return_to_citizen(ws, args.code, receiver, amount_collected=args.collect)
    out.write(f"{d.code}: {d.status.label}\n")
    return 0


def cmd_reschedule(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    when = datetime.fromisoformat(args.date)
    if when.tzinfo is None:
        when = when.replace(tzinfo=VN_TZ)
    if len(args.date) <= 10:  # a day only: the counter's usual appointment time
        when = datetime.combine(when.date(), ws.appointment_time, tzinfo=VN_TZ)
    d, old = lifecycle.reschedule(ws, args.code, when, args.reason)
    out.write(
        f"{d.code}: hẹn lại {format_vn_datetime(d.appointment_at)} (trước: "
        f"{format_vn_datetime(old)}).\n"
    )
    if args.output:
        _write(args.output, render_form(ws, FormKind.APOLOGY, args.code), out)
    return 0


def cmd_form(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    _write(args.output, render_form(ws, args.form, args.code), out)
    return 0


def cmd_status(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    status = lifecycle.status_of(ws, args.code)
    if args.json:
        _json(status, out)
        return 0
    out.write(f"{status['code']}  {status['status_label']}")
    out.write("  (QUÁ HẠN)\n" if status["overdue"] else "\n")
    out.write(f"Hẹn trả: {status['appointment_at']}  Cơ quan: {status['agency']}\n")
    if status["batch"]:
        out.write(f"Bảng giao nhận: {status['batch']['number']}\n")
    for h in status["history"]:
        out.write(f"  {h['at'][:16]}  {h['type']}  {h['status'] or ''}  {h['note']}\n")
    if status["next_actions"]:
        labels = ", ".join(a["label"] for a in status["next_actions"])
        out.write(f"Việc tiếp theo: {labels}\n")
    return 0


def cmd_today(ws: Workstation, args: argparse.Namespace, out: TextIO) -> int:
    lists = lifecycle.action_lists(ws)
    if args.json:
        _json(
            {
                "counts": lists.counts(),
                "overdue": lists.overdue,
                "due_soon": lists.due_soon,
                "results_waiting": lists.results_waiting,
                "invitations_due": lists.invitations_due,
            },
            out,
        )
        return 0
    for title, rows in (
        ("Quá hạn", lists.overdue),
        ("Đến hạn trong một ngày làm việc", lists.due_soon),
        ("Kết quả chờ trả", lists.results_waiting),
        ("Cần mời lại", lists.invitations_due),
    ):
        out.write(f"{title}: {len(rows)}\n")
        for r in rows[:20]:
            due = r["appointment_at"][:10]
            out.write(f"  {r['code']}  {r['full_name']}  {r['status_label']}  {due}\n")
    return 0


# ---------------------------------------------------------------- parser


def add_lifecycle_commands(sub: Any) -> None:
    h = sub.add_parser("handover", help="bảng giao nhận hồ sơ cho cơ quan giải quyết")
    hs = h.add_subparsers(dest="handover_command", required=True)
    p = hs.add_parser("create", help="lập bảng giao nhận mới (in ra mã bảng)")
    p.add_argument("--agency", required=True, help="cơ quan nhận, đúng tên trong danh mục")
    p.add_argument("codes", nargs="*", metavar="MÃ", help="mã hồ sơ hoặc số hiệu bưu gửi")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handover_create)
    for name, fn, text in (
        ("add", cmd_handover_add, "thêm hồ sơ vào bảng chưa in"),
        ("remove", cmd_handover_remove, "bỏ hồ sơ khỏi bảng chưa in"),
    ):
        p = hs.add_parser(name, help=text)
        p.add_argument("batch", metavar="BẢNG")
        p.add_argument("codes", nargs="+", metavar="MÃ")
        p.set_defaults(func=fn)
    p = hs.add_parser("list", help="các bảng giao nhận")
    p.add_argument("--open", action="store_true", help="chỉ bảng chưa in")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handover_list)
    p = hs.add_parser("show", help="xem một bảng")
    p.add_argument("batch", metavar="BẢNG")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handover_show)
    p = hs.add_parser("print", help="in biên bản giao nhận (lần in đầu niêm phong bảng)")
    p.add_argument("batch", metavar="BẢNG")
    p.add_argument("-o", "--output", required=True, help="tệp PDF đầu ra")
    p.set_defaults(func=cmd_handover_print)
    p = hs.add_parser("waiting", help="hồ sơ chờ bàn giao")
    p.add_argument("--agency")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handover_waiting)

    r = sub.add_parser("result", help="kết quả giải quyết")
    rs = r.add_subparsers(dest="result_command", required=True)
    p = rs.add_parser("received", help="kết quả đã về quầy (quét nhãn)")
    p.add_argument("codes", nargs="+", metavar="MÃ")
    p.add_argument("--note")
    p.set_defaults(func=cmd_result_received)

    p = sub.add_parser("supplement", help="người dân đã nộp giấy tờ bổ sung")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--note")
    p.set_defaults(func=cmd_supplement)

    p = sub.add_parser("deliver", help="giao kết quả cho bưu tá phát tận nhà")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--note")
    p.set_defaults(func=cmd_deliver)

    p = sub.add_parser("invite", help="ghi một lần mời nhận kết quả (giấy mời, gọi điện, phát hụt)")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--method", choices=[m.value for m in lifecycle.ContactMethod], default="letter")
    p.add_argument("--on", help="ngày mời YYYY-MM-DD (mặc định hôm nay)")
    p.add_argument("--note")
    p.add_argument("-o", "--output", help="in giấy mời ra tệp PDF")
    p.set_defaults(func=cmd_invite)

    p = sub.add_parser("return", help="trả kết quả cho người dân (kiểm tra số định danh)")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--id-number", required=True, help="số định danh của người nhận")
    p.add_argument("--proxy", action="store_true", help="người nhận thay")
    p.add_argument("--name", help="họ tên người nhận thay")
    p.add_argument("--authorisation", help="giấy ủy quyền: số, ngày, nơi chứng thực")
    p.add_argument("--collect", type=int, default=0, help="số tiền thu khi trả (đồng)")
    p.set_defaults(func=cmd_return)

    p = sub.add_parser("return-to-agency", help="chuyển lại cơ quan sau hai lần mời không đến")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--note")
    p.set_defaults(func=cmd_return_to_agency)

    p = sub.add_parser("withdraw", help="người dân rút hồ sơ")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_withdraw)

    p = sub.add_parser("reschedule", help="hẹn lại ngày trả kết quả (Mẫu 04)")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--date", required=True, help="YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM")
    p.add_argument("--reason", required=True)
    p.add_argument("-o", "--output", help="in phiếu xin lỗi ra tệp PDF")
    p.set_defaults(func=cmd_reschedule)

    p = sub.add_parser("form", help="in phiếu Mẫu 02–05 hoặc giấy mời của một hồ sơ")
    p.add_argument("form", choices=[f.value for f in FormKind])
    p.add_argument("code", metavar="MÃ")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_form)

    p = sub.add_parser("status", help="trạng thái và diễn biến của một hồ sơ")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("today", help="việc cần làm hôm nay: quá hạn, đến hạn, kết quả chờ trả")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_today)
