"""End-of-day close (Chốt ngày): the supervisor seals the day's figures, signed in the hash chain.

Closing day D reads D's dossiers, money, hand-overs and events from the local database (it works
offline), checks the cash count against what should have been collected, and stores the manifest
in ``day_closes`` together with ONE ``day.closed`` event whose actor is the supervisor — in one
transaction. From then on the day is read-only (a trigger refuses any change dated on it). The
event travels to the hub with the others; the hub compares the manifest with what it holds and
sends back a ``day_ack`` that the feed applies (app.storage.day_close_repo.apply_day_ack).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.day_close import (
    DAY_CLOSED,
    DEFAULT_THRESHOLD,
    THRESHOLD_SETTING,
    DayFigures,
    Reconciliation,
    Supervisor,
    ack_problems,
    build_manifest,
    check_reason,
    count_cash,
    manifest_sha256,
)
from app.domain.dossier import DossierStatus
from app.domain.errors import DomainError
from app.domain.roles import Permission
from app.domain.text import format_vn_date, format_vn_datetime, nfc
from app.printing.day_report import DayReport, Discrepancy, render_day_report
from app.services import authz
from app.services.workstation import Workstation
from app.storage import day_close_repo as repo
from app.storage import number_journal, sync_state
from app.storage.db import transaction
from app.storage.events import append_event, holding
from app.storage.numbers import kept_closed

DayCloseRow = repo.DayCloseRow
REPORT_KIND = "day_report"


@dataclass(frozen=True)
class DayStatus:
    """Where a day stands: open or closed, and whether the province has reconciled it."""

    day: date
    close: DayCloseRow | None
    state: Reconciliation
    unsynced: int  # the day's events (the close included) the hub has not acknowledged yet
    problems: tuple[str, ...]  # what the hub found different (Vietnamese)
    events_intact: bool | None  # the day's events still hash to the manifest (None: open day)

    @property
    def closed(self) -> bool:
        return self.close is not None

    @property
    def label(self) -> str:
        return self.state.label


def threshold(ws: Workstation) -> int:
    """The difference (VND) above which a reason is required; 0: any difference."""
    value = ws.setting(THRESHOLD_SETTING, DEFAULT_THRESHOLD)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _figures(ws: Workstation, day: date) -> DayFigures:
    return repo.day_figures(
        ws.db, day, device_id=ws.device_id, acked_seq=sync_state.acked_seq(ws.db)
    )


def preview(ws: Workstation, day: date) -> DayFigures:
    """The figures closing ``day`` would seal now (for the screen before the supervisor signs)."""
    authz.require(ws, Permission.VIEW_REPORTS)
    return _figures(ws, day)


def close_day(
    ws: Workstation,
    day: date,
    *,
    cash_total: int | None = None,
    cash: Mapping[int | str, int | str] | None = None,
    reason: str = "",
) -> DayCloseRow:
    """Close ``day``: supervisor only; refused twice, for a future day, or when the cash differs
    from what should have been collected by more than the threshold and no reason is given."""
    authz.require(ws, Permission.CLOSE_DAY)
    session = ws.session
    assert session is not None  # require() lets nobody close a day without signing in
    now = ws.now()
    if day > now.date():
        raise DomainError(
            f"Ngày {format_vn_date(day)} chưa đến, chưa chốt được. Chốt ngày vào cuối ngày "
            "làm việc đó hoặc sau đó."
        )
    counted = count_cash(cash, cash_total)
    reason = nfc(reason)
    with transaction(ws.db):
        if holding(ws.db):
            raise DomainError(
                "Quầy vừa khôi phục dữ liệu và chưa lấy lại được phần đã gửi bưu điện tỉnh sau "
                "thời điểm sao lưu, nên số liệu ngày chưa đủ. Hãy kết nối mạng và đồng bộ "
                "(Hệ thống → Đồng bộ ngay, hoặc motcua sync --once) rồi chốt ngày."
            )
        done = repo.get_close(ws.db, day)
        if done is None and kept_closed(ws.db, day):
            raise DomainError(
                f"Ngày {format_vn_date(day)} đã được chốt trước khi khôi phục dữ liệu từ bản sao "
                "lưu; không chốt lại được. Báo cáo chốt ngày đó vẫn ở bưu điện tỉnh."
            )
        if done is not None:
            raise DomainError(
                f"Ngày {format_vn_date(day)} đã chốt lúc "
                f"{format_vn_datetime(datetime.fromisoformat(done.closed_at))} "
                f"({done.supervisor_name}); không chốt lại được. Điều chỉnh số liệu ghi vào "
                "ngày làm việc sau."
            )
        figures = _figures(ws, day)
        check_reason(counted.total - figures.money.expected, threshold(ws), reason)
        office = ws.office
        manifest = build_manifest(
            figures,
            counted,
            reason=reason,
            device_id=ws.device_id,
            office_code=office.unit_code,
            office_name=office.name,
            supervisor=Supervisor(session.username, session.display_name),
            closed_at=now,
        )
        digest = manifest_sha256(manifest)
        event = append_event(
            ws.db,
            device_id=ws.device_id,
            type=DAY_CLOSED,
            entity_id=day.isoformat(),
            payload={"manifest": manifest, "manifest_sha256": digest},
            at=now,
            actor=ws.staff,  # the supervisor: their name in the hash chain is the signature
        )
        repo.insert_close(ws.db, manifest=manifest, manifest_sha256=digest, event_seq=event.seq)
        row = repo.get_close(ws.db, day)
    # Beside the database, where restoring an old backup cannot reopen the day.
    number_journal.add_closed_day(ws.db, day)
    assert row is not None
    return row


def day_status(ws: Workstation, day: date) -> DayStatus:
    authz.require(ws, Permission.VIEW_REPORTS)
    close = repo.get_close(ws.db, day)
    unsynced = repo.unsynced_events(ws.db, ws.device_id, day, sync_state.acked_seq(ws.db))
    if close is None:
        return DayStatus(day, None, Reconciliation.OPEN, unsynced, (), None)
    intact = repo.day_events_intact(
        ws.db, ws.device_id, day, close.event_seq, close.manifest.get("events") or {}
    )
    problems = tuple(ack_problems(close.manifest_sha256, close.hub_ack)) if close.hub_ack else ()
    return DayStatus(day, close, close.reconciliation, unsynced, problems, intact)


def list_closes(ws: Workstation, limit: int = 60) -> list[DayCloseRow]:
    authz.require(ws, Permission.VIEW_REPORTS)
    return repo.list_closes(ws.db, limit)


def render_report(ws: Workstation, day: date) -> bytes:
    """The A4 "BÁO CÁO CHỐT NGÀY" of a closed day, as PDF; the print is recorded as an event."""
    status = day_status(ws, day)
    close = status.close
    if close is None:
        raise DomainError(
            f"Ngày {format_vn_date(day)} chưa chốt, chưa in được báo cáo chốt ngày. "
            "Kiểm soát viên chốt ngày trước."
        )
    pdf = render_day_report(_report(ws, status, close), ws.office)
    reprint = close.manifest_sha256 in {
        str(r[0])
        for r in ws.db.execute(
            "SELECT json_extract(payload, '$.manifest_sha256') FROM events"
            " WHERE entity_id = ? AND type = 'document.printed'",
            [day.isoformat()],
        )
    }
    with transaction(ws.db):
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="document.printed",
            entity_id=day.isoformat(),
            payload={
                "kind": REPORT_KIND,
                "day": day.isoformat(),
                "manifest_sha256": close.manifest_sha256,
                "reprint": reprint,
            },
            at=ws.now(),
            actor=ws.staff,
        )
    return pdf


def _report(ws: Workstation, status: DayStatus, close: DayCloseRow) -> DayReport:
    ack = close.hub_ack
    lines: list[Discrepancy] = []
    if ack is not None:
        known = repo.dossier_lines(ws.db, [*ack.missing_at_hub, *ack.unknown_locally])
        for code in ack.missing_at_hub:
            name, state = known.get(code, ("", ""))
            lines.append(Discrepancy(code, "Quầy có, tỉnh chưa có", name, _status_label(state)))
        for code in ack.unknown_locally:
            name, state = known.get(code, ("", ""))
            lines.append(Discrepancy(code, "Tỉnh có, quầy không có", name, _status_label(state)))
    return DayReport(
        manifest=close.manifest,
        manifest_sha256=close.manifest_sha256,
        state=status.state,
        ack=ack,
        problems=status.problems,
        discrepancies=tuple(lines),
        unsynced_now=status.unsynced,
        events_intact=bool(status.events_intact),
    )


def _status_label(value: str) -> str:
    if not value:
        return ""
    try:
        return DossierStatus(value).label
    except ValueError:
        return value
