"""BÁO CÁO CHỐT NGÀY: the supervisor's end-of-day report, A4 portrait.

Printed from the sealed manifest (what the supervisor signed), never from the live tables, so a
reprint says exactly what was closed. It carries the manifest's SHA-256 as text and as a QR code
(so the paper can be checked against the hub's record), and the hub's acknowledgement, or the
words "chưa đối soát với tỉnh" while it has not come.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.domain.day_close import HubAck, Reconciliation, StatusCount
from app.domain.dossier import Office
from app.domain.text import format_vn_date, format_vn_datetime
from app.printing.a4 import (
    A4_BODY,
    A4_HEADER,
    A4_SIGN_HINT,
    A4_SIGN_TITLE,
    A4_TITLE,
    WIDTH,
    heading,
)
from app.printing.barcodes import QrFlowable
from app.printing.fonts import BOLD
from app.printing.layout import (
    CELL,
    CELL_CENTER,
    HEAD_CELL,
    NOTE,
    SUBTITLE,
    build_pdf,
    esc,
    grid,
    money,
    para,
    place_and_date,
    plain_table,
)

TITLE_TEXT = "BÁO CÁO CHỐT NGÀY"
QR_SIZE = 30 * mm
VN_TZ = timezone(timedelta(hours=7))  # the hub answers in UTC; the paper speaks local time

A4_SECTION = ParagraphStyle(
    "day_section", parent=A4_BODY, fontName=BOLD, fontSize=10, leading=13, spaceBefore=5
)
A4_CELL = ParagraphStyle("day_cell", parent=CELL, fontSize=8.8, leading=10.8)
A4_CELL_CENTER = ParagraphStyle("day_cell_center", parent=CELL_CENTER, fontSize=8.8, leading=10.8)
A4_CELL_RIGHT = ParagraphStyle("day_cell_right", parent=A4_CELL, alignment=TA_RIGHT)
A4_CELL_BOLD = ParagraphStyle("day_cell_bold", parent=A4_CELL, fontName=BOLD)
A4_CELL_RIGHT_BOLD = ParagraphStyle("day_cell_right_bold", parent=A4_CELL_RIGHT, fontName=BOLD)
A4_HEAD_CELL = ParagraphStyle("day_head_cell", parent=HEAD_CELL, fontSize=8.5, leading=10.5)
HASH_TEXT = ParagraphStyle("day_hash", parent=A4_BODY, fontName=BOLD, fontSize=8.6, leading=11)
WARNING = ParagraphStyle("day_warning", parent=A4_BODY, fontName=BOLD, textColor=colors.black)


@dataclass(frozen=True)
class Discrepancy:
    """One dossier the hub and the counter disagree on."""

    code: str
    what: str  # "Quầy có, tỉnh chưa có" | "Tỉnh có, quầy không có"
    procedure_name: str
    status_label: str  # at the counter ("" when the counter does not hold it)


@dataclass(frozen=True)
class DayReport:
    manifest: Mapping[str, Any]  # as sealed in the day.closed event
    manifest_sha256: str
    state: Reconciliation
    ack: HubAck | None
    problems: tuple[str, ...]  # what the hub found different
    discrepancies: tuple[Discrepancy, ...]
    unsynced_now: int  # the day's events still waiting for the hub when printed
    events_intact: bool  # the day's events still hash to the manifest


def render_day_report(report: DayReport, office: Office) -> bytes:
    day = date.fromisoformat(str(report.manifest["day"]))
    return build_pdf(
        lambda: _story(report, office, day),
        title=f"{TITLE_TEXT} {format_vn_date(day)}",
        author=office.name,
        footer=f"Báo cáo chốt ngày {format_vn_date(day)} — {office.name}",
        pagesize=A4,
    )


# ---------------------------------------------------------------- the story


def _story(report: DayReport, office: Office, day: date) -> list[Flowable]:
    m = report.manifest
    closed_at = datetime.fromisoformat(str(m["closed_at"]))
    supervisor = m.get("supervisor") or {}
    who: list[Flowable] = [
        para(
            f"Đơn vị: <b>{esc(office.name)}</b> (mã {esc(office.unit_code)}). "
            f"Quầy: {esc(str(m.get('device_id', '')))}.",
            A4_BODY,
        ),
        para(
            f"Chốt lúc <b>{format_vn_datetime(closed_at)}</b>; kiểm soát viên: "
            f"<b>{esc(str(supervisor.get('name', '')))}</b> "
            f"(tài khoản {esc(str(supervisor.get('username', '')))}).",
            A4_BODY,
        ),
        para(f"Đối soát với bưu điện tỉnh: <b>{esc(_state_text(report))}</b>.", A4_BODY),
        Spacer(1, 1 * mm),
        para("Mã băm bảng chốt ngày (SHA-256):", A4_BODY),
        para(report.manifest_sha256, HASH_TEXT),
        para(
            "Tính trên bảng chốt ngày (số hồ sơ, số tiền, mã băm các sự kiện trong ngày), ghi vào "
            "chuỗi sự kiện với chữ ký của kiểm soát viên và gửi lên bưu điện tỉnh. Quét mã QR để "
            "đối chiếu với bản lưu ở tỉnh.",
            NOTE,
        ),
    ]
    story: list[Flowable] = [
        _heading(office, place_and_date(office.commune, closed_at.date())),
        Spacer(1, 4 * mm),
        para(TITLE_TEXT, A4_TITLE),
        para(f"Ngày làm việc {format_vn_date(day)}", SUBTITLE),
        Spacer(1, 3 * mm),
        plain_table(
            [[who, QrFlowable(report.manifest_sha256, QR_SIZE)]],
            [WIDTH - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm],
            align="LEFT",
        ),
    ]
    if not report.events_intact:
        story.append(
            para(
                "CẢNH BÁO: các sự kiện của ngày trong máy không còn khớp mã băm đã chốt "
                "(dữ liệu đã bị sửa sau khi chốt). Chạy «motcua audit verify» và báo quản trị "
                "viên.",
                WARNING,
            )
        )
    story += _dossiers(m)
    story += _money(m)
    story += _batches(m, report.ack)
    story += _sync(m, report)
    story += _hub(m, report)
    story.append(_signatures(m))
    return story


def _state_text(report: DayReport) -> str:
    if report.state is Reconciliation.PENDING:
        return "chưa đối soát với tỉnh (tỉnh chưa xác nhận bảng chốt ngày)"
    if report.state is Reconciliation.MISMATCH:
        return "lệch với tỉnh — xem mục 6"
    return report.state.label


def _counts(m: Mapping[str, Any]) -> Mapping[str, Any]:
    counts = m.get("counts")
    return counts if isinstance(counts, Mapping) else {}


def _dossiers(m: Mapping[str, Any]) -> list[Flowable]:
    counts = _counts(m)
    procedures = [p for p in counts.get("by_procedure", []) if isinstance(p, Mapping)]
    total = int(counts.get("dossiers", 0))
    out: list[Flowable] = [
        para(f"1. Hồ sơ tiếp nhận trong ngày: {total} hồ sơ", A4_SECTION),
    ]
    if procedures:
        rows: list[list[Flowable | str]] = [
            _head("STT", "Mã thủ tục", "Thủ tục hành chính", "Số hồ sơ", "Phí, lệ phí", "Cước")
        ]
        for i, p in enumerate(procedures, start=1):
            rows.append(
                [
                    para(str(i), A4_CELL_CENTER),
                    para(esc(str(p.get("code", ""))), A4_CELL),
                    para(esc(str(p.get("name", ""))), A4_CELL),
                    para(str(p.get("count", 0)), A4_CELL_CENTER),
                    para(money(int(p.get("fees", 0))), A4_CELL_RIGHT),
                    para(money(int(p.get("postage", 0))), A4_CELL_RIGHT),
                ]
            )
        totals = m.get("totals") or {}
        rows.append(
            [
                para("", A4_CELL),
                para("", A4_CELL),
                para("Cộng", A4_CELL_BOLD),
                para(str(total), A4_CELL_CENTER),
                para(money(int(totals.get("fees", 0))), A4_CELL_RIGHT_BOLD),
                para(money(int(totals.get("postage", 0))), A4_CELL_RIGHT_BOLD),
            ]
        )
        out.append(grid(rows, _widths(10, 26, None, 18, 28, 24)))
    statuses = counts.get("by_status") or {}
    out.append(para("2. Hồ sơ của ngày theo trạng thái lúc chốt", A4_SECTION))
    if statuses:
        rows = [_head("Trạng thái", "Số hồ sơ")]
        for status, n in statuses.items():
            rows.append(
                [para(esc(StatusCount(status, n).label), A4_CELL), para(str(n), A4_CELL_CENTER)]
            )
        out.append(_left(grid(rows, _widths(80, 25))))
    else:
        out.append(para("Không có hồ sơ tiếp nhận trong ngày.", A4_BODY))
    return out


def _money(m: Mapping[str, Any]) -> list[Flowable]:
    totals = m.get("totals") or {}
    counts = _counts(m)
    difference = int(totals.get("difference", 0))
    if difference == 0:
        verdict = "khớp"
    else:
        verdict = ("thừa " if difference > 0 else "thiếu ") + money(abs(difference))
    rows: list[list[Flowable | str]] = [_head("Khoản", "Số tiền")]
    for label, value, bold in (
        ("Phí, lệ phí của hồ sơ tiếp nhận", totals.get("fees", 0), False),
        ("Cước chuyển phát của hồ sơ tiếp nhận", totals.get("postage", 0), False),
        (
            f"Thu khi trả kết quả ({int(counts.get('returns', 0))} lượt trả)",
            totals.get("collected_at_returns", 0),
            False,
        ),
        ("Tổng số phải thu", totals.get("expected", 0), True),
        ("Tiền mặt đã đếm", totals.get("counted", 0), True),
    ):
        rows.append(
            [
                para(esc(label), A4_CELL_BOLD if bold else A4_CELL),
                para(money(int(value)), A4_CELL_RIGHT_BOLD if bold else A4_CELL_RIGHT),
            ]
        )
    rows.append(
        [para("Chênh lệch (đã đếm - phải thu)", A4_CELL_BOLD), para(verdict, A4_CELL_RIGHT_BOLD)]
    )
    out: list[Flowable] = [
        para("3. Tiền thu trong ngày", A4_SECTION),
        grid(rows, _widths(None, 45)),
    ]
    cash = m.get("cash") or {}
    notes = cash.get("denominations") or {}
    if notes:
        note_rows: list[list[Flowable | str]] = [_head("Mệnh giá", "Số tờ", "Thành tiền")]
        for value, count in sorted(notes.items(), key=lambda i: -int(i[0])):
            note_rows.append(
                [
                    para(money(int(value)), A4_CELL_RIGHT),
                    para(str(count), A4_CELL_CENTER),
                    para(money(int(value) * int(count)), A4_CELL_RIGHT),
                ]
            )
        out += [
            Spacer(1, 1.5 * mm),
            para("Bảng kê tiền mặt theo mệnh giá:", A4_BODY),
            _left(grid(note_rows, _widths(35, 20, 40))),
        ]
    reason = str(m.get("reason") or "").strip()
    if reason or difference:
        out.append(para(f"Lý do chênh lệch: {esc(reason) if reason else '(không ghi)'}", A4_BODY))
    return out


def _batches(m: Mapping[str, Any], ack: HubAck | None) -> list[Flowable]:
    batches = [b for b in m.get("batches", []) if isinstance(b, Mapping)]
    out: list[Flowable] = [para(f"4. Bàn giao cho cơ quan: {len(batches)} bảng", A4_SECTION)]
    if not batches:
        out.append(para("Không niêm phong bảng giao nhận nào trong ngày.", A4_BODY))
        return out
    hub_batches = {
        str(b.get("number")): b for b in (ack.batches if ack else ()) if isinstance(b, Mapping)
    }
    rows: list[list[Flowable | str]] = [
        _head(
            "Số bảng",
            "Cơ quan nhận",
            "Niêm phong lúc",
            "Số hồ sơ",
            "Cơ quan đã ký nhận",
            "Tỉnh xác nhận",
        )
    ]
    for b in batches:
        count, awaiting = int(b.get("count", 0)), int(b.get("awaiting", 0))
        signed = "đủ" if awaiting == 0 else f"{count - awaiting}/{count}"
        at_hub = hub_batches.get(str(b.get("number")))
        if at_hub is None:
            hub_text = "chưa đối soát" if ack is None else "tỉnh chưa có"
        elif at_hub.get("confirmed_at"):
            hub_text = "đã xác nhận " + _short_time(str(at_hub["confirmed_at"]))
        else:
            hub_text = "chưa xác nhận"
        rows.append(
            [
                para(esc(str(b.get("number", ""))), A4_CELL),
                para(esc(str(b.get("agency", ""))), A4_CELL),
                para(_short_time(str(b.get("sealed_at", ""))), A4_CELL_CENTER),
                para(str(count), A4_CELL_CENTER),
                para(signed, A4_CELL_CENTER),
                para(esc(hub_text), A4_CELL_CENTER),
            ]
        )
    out.append(grid(rows, _widths(34, None, 30, 16, 24, 32)))
    return out


def _sync(m: Mapping[str, Any], report: DayReport) -> list[Flowable]:
    events = m.get("events") or {}
    unsynced = m.get("unsynced") or {}
    count = int(events.get("count", 0))
    span = (
        f" (số {events.get('first_seq')}–{events.get('last_seq')})"
        if events.get("first_seq") is not None
        else ""
    )
    at_close = int(unsynced.get("count", 0))
    lines = [
        para("5. Sự kiện trong ngày và đồng bộ với tỉnh", A4_SECTION),
        para(f"Sự kiện của ngày đến lúc chốt: {count}{span}.", A4_BODY),
        para(
            "Chưa gửi được lên tỉnh lúc chốt: "
            + (
                f"<b>{at_close}</b> sự kiện (từ số {unsynced.get('first_seq')})."
                if at_close
                else "không còn sự kiện nào."
            ),
            A4_BODY,
        ),
    ]
    lines.append(
        para(
            f"Lúc in báo cáo còn {report.unsynced_now} sự kiện của ngày (kể cả bảng chốt) chờ gửi."
            if report.unsynced_now
            else "Lúc in báo cáo: mọi sự kiện của ngày đã gửi lên tỉnh.",
            A4_BODY,
        )
    )
    return lines


def _hub(m: Mapping[str, Any], report: DayReport) -> list[Flowable]:
    out: list[Flowable] = [para("6. Đối soát với bưu điện tỉnh", A4_SECTION)]
    ack = report.ack
    if ack is None:
        out.append(
            para(
                "<b>Chưa đối soát với tỉnh.</b> Bảng chốt ngày được gửi lên tỉnh ở lần đồng bộ "
                "tới; khi tỉnh xác nhận, in lại báo cáo này để có phần đối soát.",
                A4_BODY,
            )
        )
        return out
    acknowledged = _short_time(ack.acknowledged_at) if ack.acknowledged_at else ""
    verdict = (
        "khớp với số liệu của quầy" if report.state is Reconciliation.MATCHED else "có chênh lệch"
    )
    out.append(para(f"Tỉnh xác nhận lúc {esc(acknowledged)}: <b>{verdict}</b>.", A4_BODY))
    for problem in report.problems:
        out.append(para(f"– {esc(problem)}", A4_BODY))
    counts = _counts(m)
    hub_counts = ack.hub_counts
    rows: list[list[Flowable | str]] = [_head("Chỉ tiêu", "Quầy", "Tỉnh")]
    rows.append(
        _compare_row("Tổng số hồ sơ tiếp nhận", counts.get("dossiers"), hub_counts.get("dossiers"))
    )
    local_proc = {
        str(p.get("code")): (str(p.get("name", "")), p.get("count"))
        for p in counts.get("by_procedure", [])
        if isinstance(p, Mapping)
    }
    hub_proc = hub_counts.get("by_procedure")
    hub_proc = hub_proc if isinstance(hub_proc, Mapping) else {}
    for code in sorted(set(local_proc) | set(hub_proc)):
        name, mine = local_proc.get(code, ("", 0))
        rows.append(_compare_row(f"{code} {name}".strip(), mine, hub_proc.get(code, 0)))
    out.append(grid(rows, _widths(None, 25, 25)))
    if report.discrepancies:
        out.append(Spacer(1, 1.5 * mm))
        out.append(para("Chênh lệch theo hồ sơ:", A4_BODY))
        rows = [_head("STT", "Mã hồ sơ", "Chênh lệch", "Thủ tục", "Trạng thái ở quầy")]
        for i, d in enumerate(report.discrepancies, start=1):
            rows.append(
                [
                    para(str(i), A4_CELL_CENTER),
                    para(esc(d.code), A4_CELL),
                    para(esc(d.what), A4_CELL),
                    para(esc(d.procedure_name), A4_CELL),
                    para(esc(d.status_label), A4_CELL),
                ]
            )
        out.append(grid(rows, _widths(10, 44, 38, None, 32)))
    return out


def _compare_row(label: str, mine: object, theirs: object) -> list[Flowable | str]:
    differs = mine != theirs
    style = A4_CELL_BOLD if differs else A4_CELL
    return [
        para(esc(label) + (" (lệch)" if differs else ""), style),
        para(esc(str(mine if mine is not None else "—")), A4_CELL_CENTER),
        para(esc(str(theirs if theirs is not None else "—")), A4_CELL_CENTER),
    ]


def _signatures(m: Mapping[str, Any]) -> Flowable:
    supervisor = m.get("supervisor") or {}
    table = plain_table(
        [
            [
                [
                    para("GIAO DỊCH VIÊN", A4_SIGN_TITLE),
                    para("(Ký, ghi rõ họ tên)", A4_SIGN_HINT),
                ],
                [
                    para("KIỂM SOÁT VIÊN", A4_SIGN_TITLE),
                    para("(Ký, ghi rõ họ tên)", A4_SIGN_HINT),
                    Spacer(1, 13 * mm),
                    para(esc(str(supervisor.get("name", ""))), A4_SIGN_TITLE),
                ],
            ]
        ],
        [WIDTH / 2] * 2,
    )
    return KeepTogether([Spacer(1, 2 * mm), table])


# ---------------------------------------------------------------- helpers


def _heading(office: Office, place: str) -> Table:
    service = [
        para("Dịch vụ bưu chính công ích", A4_HEADER),
        para("Tiếp nhận và trả kết quả thủ tục hành chính", A4_HEADER),
    ]
    return heading(office, place, service, left_share=0.45)


def _left(table: Table) -> Table:
    table.hAlign = "LEFT"
    return table


def _head(*labels: str) -> list[Flowable | str]:
    return [para(esc(label), A4_HEAD_CELL) for label in labels]


def _widths(*fixed_mm: float | None) -> list[float]:
    """Column widths in mm; the one None takes what is left of the page."""
    known = sum(w for w in fixed_mm if w is not None) * mm
    rest = WIDTH - known
    return [rest if w is None else w * mm for w in fixed_mm]


def _short_time(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return f"{moment:%H:%M} {moment:%d/%m/%Y}"
