"""Sync use cases: enroll this counter with the provincial hub, sync once, run in the background,
and tell people how sync is doing (last *successful* sync, what is still waiting, the last error).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.dossier_code import validate_unit_code
from app.domain.errors import DomainError
from app.domain.text import format_vn_datetime
from app.services.workstation import DB_FILE, Workstation
from app.storage import identity, number_journal, numbers, sync_state
from app.storage.db import open_database, transaction
from app.storage.downstream import FAILED, count_outcome
from app.storage.events import append_event, held_count, holding
from app.storage.settings import get_setting, set_setting
from app.sync import credentials
from app.sync.backoff import Backoff
from app.sync.client import HubClient, HubError, SyncConfigError, SyncError, normalize_hub_url
from app.sync.engine import Outcome, SyncEngine, SyncReport, run_once
from app.sync.rehydrator import rehydrate
from app.sync.uploader import MAX_BATCH

TIMEOUT = "sync.timeout"  # seconds to wait for the hub's answer
BATCH_SIZE = "sync.batch_size"
INTERVAL = "sync.interval"  # seconds between background runs

NOT_ENROLLED = (
    "Quầy chưa đăng ký với máy chủ tỉnh nên dữ liệu chỉ lưu trên máy này. Hãy xin bưu điện tỉnh "
    "mã đăng ký rồi chạy: motcua enroll --hub ĐỊA-CHỈ --code MÃ."
)
NO_TOKEN = (
    "Không tìm thấy mã truy cập của quầy trong kho mật khẩu của máy (có thể kho đã bị xóa). "
    "Hãy xin bưu điện tỉnh mã đăng ký mới rồi chạy: motcua enroll --hub ĐỊA-CHỈ --code MÃ."
)


class NotEnrolled(SyncConfigError):
    """No hub address or no token: the counter works offline until it is enrolled."""


@dataclass(frozen=True)
class Enrollment:
    hub_url: str
    office_code: str
    office_name: str
    counter_no: int
    acked_seq: int


def _client(ws: Workstation, url: str, token: str | None = None) -> HubClient:
    return HubClient(
        url,
        token=token,
        ca_bundle=sync_state.ca_bundle(ws.db),
        timeout=float(get_setting(ws.db, TIMEOUT, 30.0)),
    )


def make_client(ws: Workstation) -> HubClient:
    """A client for the enrolled hub with the device token from the keyring."""
    url = sync_state.hub_url(ws.db)
    if not url:
        raise NotEnrolled(NOT_ENROLLED)
    token = credentials.get_token(ws.device_id)
    if not token:
        raise NotEnrolled(NO_TOKEN)
    return _client(ws, url, token)


def set_ca_bundle(ws: Workstation, path: str | None) -> None:
    """Trust the province's own certificate authority (a PEM file) for the hub's TLS; None: the
    system's list again. Verification itself is never switched off."""
    if path:
        bundle = Path(path).expanduser().resolve()
        if not bundle.is_file():
            raise DomainError(
                f"Không thấy tệp chứng chỉ {bundle}. Chép tệp CA (đuôi .pem hoặc .crt) do bưu "
                "điện tỉnh cấp vào máy rồi chỉ đúng đường dẫn."
            )
        path = str(bundle)
    with transaction(ws.db):
        sync_state.set_ca_bundle(ws.db, path)


def enroll(
    ws: Workstation,
    hub_url: str,
    code: str,
    *,
    counter_name: str | None = None,
    ca_bundle: str | None = None,
) -> Enrollment:
    """Trade the one-time enrollment code for a device token (kept in the keyring only)."""
    if ca_bundle:
        set_ca_bundle(ws, ca_bundle)  # before the first request: the enrollment itself uses it
    url = normalize_hub_url(hub_url)
    code = "".join(code.split())
    if not code:
        raise DomainError("Hãy nhập mã đăng ký do bưu điện tỉnh cấp (in trên phiếu đăng ký).")
    # Before the one-time code is spent: there must be somewhere to keep the token.
    credentials.check_backend()
    counter_no = int(get_setting(ws.db, "device.counter_no", 1) or 1)
    old_id = ws.device_id
    # Enrolled before: this counter becomes a new device (the hub never enrolls a known id
    # again), proving with its old token that it is the one it replaces.
    previous_token = credentials.get_token(old_id) if sync_state.hub_url(ws.db) else None
    device_id = successor_id(old_id, code) if previous_token else old_id
    client = _client(ws, url)
    try:
        attempt = credentials.enroll_attempt(device_id, code)
        answer = client.enroll(
            code, device_id, counter_name or f"Quầy {counter_no}", attempt, previous_token
        )
        token = answer.get("token")
        office = answer.get("office") or {}
        new_no = answer.get("counter_no")
        if (
            answer.get("device_id") != device_id
            or not isinstance(token, str)
            or not token
            or not isinstance(office, dict)
            or isinstance(new_no, bool)
            or not isinstance(new_no, int)
        ):
            raise SyncError(
                "Máy chủ tỉnh trả lời đăng ký không đúng định dạng. Hãy báo bưu điện tỉnh; "
                "mã đăng ký có thể cần cấp lại."
            )
        unit_code = validate_unit_code(str(office.get("unit_code", "")))
        office_name = str(office.get("name", "")).strip()
        credentials.set_token(device_id, token)
    finally:
        client.close()
    # Where the hub stands for this device (a re-enrolled device keeps what it sent before).
    authed = _client(ws, url, token)
    try:
        acked = int(authed.me().get("acked_seq", 0))
    except HubError:
        acked = 0  # the first upload will learn it (duplicates are acknowledged again)
    finally:
        authed.close()
    now = ws.now()
    if device_id != old_id and holding(ws.db):
        # Restored and not yet re-hydrated: first the old device's copy from the hub (read under
        # the new token), so only what the hub never had is restated in the new chain. If the
        # hub cannot be reached now, the same command with the same code finishes it.
        authed = _client(ws, url, token)
        try:
            rehydrate(ws.db, old_id, authed, chain=old_id)
        finally:
            authed.close()
    with transaction(ws.db):
        if device_id != old_id:
            # What the old device had not got acknowledged goes to the hub in the new chain.
            identity.adopt(ws.db, old_id, device_id, sync_state.acked_seq(ws.db))
        sync_state.reset_for_enrollment(ws.db, url, acked)
        current = dict(get_setting(ws.db, "office", None) or {})
        current["unit_code"] = unit_code
        if office_name:
            current["name"] = office_name
        if not current.get("tracking_url"):
            # The receipt's QR then opens the hub's public tracking page for the dossier.
            current["tracking_url"] = url.rstrip("/") + "/track/"
        set_setting(ws.db, "office", current)
        set_setting(ws.db, "device.counter_no", new_no)
        # Beside the database too: a backup from before today must not undo the enrollment.
        number_journal.set_enrollment(
            ws.db, {"hub_url": url, "office": current, "counter_no": new_no, "device_id": device_id}
        )
        append_event(
            ws.db,
            device_id=device_id,
            type="device.enrolled",
            entity_id=device_id,
            payload={"hub_url": url, "office_code": unit_code, "counter_no": new_no},
            at=now,
            actor=ws.staff,
        )
    if device_id != old_id:
        credentials.delete_token(old_id)  # revoked by the hub now; nothing may use it
    ws.invalidate()
    return Enrollment(url, unit_code, office_name, new_no, acked)


def successor_id(old_id: str, code: str) -> str:
    """The new device id of a counter enrolling again: the same for a retry of the same code
    (its answer may have been lost), unguessable by anyone without the counter's keyring."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "motcua:" + credentials.enroll_attempt(old_id, code)))


def sync_once(
    ws: Workstation,
    *,
    client: HubClient | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> SyncReport:
    """Upload what is waiting, apply what the province sent; never raises for network trouble."""
    own = client is None
    try:
        if client is None:
            client = make_client(ws)
    except NotEnrolled as exc:
        return SyncReport(Outcome.NOT_ENROLLED, message=exc.message, pending=_pending(ws))
    except DomainError as exc:  # keyring or CA bundle problems
        with transaction(ws.db):
            sync_state.record_failure(ws.db, ws.now(), exc.message, online=None)
        return SyncReport(Outcome.ERROR, message=exc.message, pending=_pending(ws))
    batch_size = int(get_setting(ws.db, BATCH_SIZE, MAX_BATCH) or MAX_BATCH)
    try:
        report = run_once(
            ws.db,
            ws.device_id,
            client,
            now=ws.now,
            batch_size=batch_size,
            should_stop=should_stop,
        )
    finally:
        if own:
            client.close()
    if report.catalog_changed or report.calendar_changed:
        ws.invalidate()
    return report


def _pending(ws: Workstation) -> int:
    return sync_state.pending(ws.db, ws.device_id)[0]


def start_engine(
    ws: Workstation,
    *,
    interval: float | None = None,
    on_report: Callable[[SyncReport], None] | None = None,
    backoff: Backoff | None = None,
) -> SyncEngine:
    """Start background sync on its own thread with its own database connection.

    Call ``engine.poke()`` after new events or when the network comes back, ``engine.stop()``
    when closing.
    """
    worker = Workstation(home=ws.home, db=open_database(ws.home / DB_FILE), clock=ws.clock)

    def report(r: SyncReport) -> None:
        if r.catalog_changed or r.calendar_changed:
            ws.invalidate()  # the caller's cached catalog/calendar are stale
        if on_report is not None:
            on_report(r)

    engine = SyncEngine(
        lambda should_stop: sync_once(worker, should_stop=should_stop),
        interval=interval if interval is not None else float(ws.setting(INTERVAL, 60.0) or 60.0),
        backoff=backoff,
        on_report=report,
        on_stop=worker.close,
    )
    engine.start()
    return engine


# ---------------------------------------------------------------- health shown to people


@dataclass(frozen=True)
class SyncHealth:
    enrolled: bool
    hub_url: str
    online: bool | None  # None: never tried
    last_success: datetime | None
    last_attempt: datetime | None
    pending: int
    oldest_pending_at: datetime | None
    oldest_pending_age: timedelta | None
    last_error: str  # Vietnamese, with the hub's own words; "" when the last run went well
    last_error_at: datetime | None
    downstream_failed: int  # feed items that could not be applied (see downstream_log)
    device_id: str = ""
    acked_seq: int = 0  # the hub's acknowledged mark
    feed_cursor: int = 0  # the last downstream item applied
    rehydrating: bool = False  # restored: waiting for the hub's copy before anything is sent
    held: int = 0  # events made since the restore, waiting to join the chain
    blocks: tuple[dict[str, object], ...] = ()  # the number blocks held, with what is left
    marks: dict[str, object] = field(default_factory=dict)  # the numbers journal
    number_warnings: tuple[str, ...] = ()  # said days before numbers run out

    def summary(self) -> str:
        """One line for a status bar."""
        if not self.enrolled:
            head = "Chưa kết nối máy chủ tỉnh (làm việc ngoại tuyến)"
        elif self.online:
            head = "Đã kết nối máy chủ tỉnh"
        elif self.online is None:
            head = "Chưa đồng bộ lần nào"
        else:
            head = "Mất kết nối máy chủ tỉnh"
        parts = [head]
        if self.last_success is not None:
            parts.append(f"đồng bộ thành công lúc {format_vn_datetime(self.last_success)}")
        if self.pending:
            age = ""
            if self.oldest_pending_age is not None:
                minutes = max(0, int(self.oldest_pending_age.total_seconds() // 60))
                age = f", cũ nhất {_age_text(minutes)}"
            count = f"{self.pending:,}".replace(",", ".")  # Vietnamese thousands separator
            parts.append(f"{count} thay đổi chờ gửi{age}")
        else:
            parts.append("không còn gì chờ gửi")
        if self.rehydrating:
            parts.append(
                "vừa khôi phục dữ liệu: đang chờ lấy lại phần đã gửi bưu điện tỉnh"
                f" ({self.held} thay đổi mới đang giữ lại)"
            )
        parts.extend(w.rstrip(".") for w in self.number_warnings)
        if self.last_error:
            parts.append(f"lỗi gần nhất: {self.last_error}")
        return "; ".join(parts) + "."

    def numbers_text(self) -> str:
        """The device's identity, marks and blocks, for `motcua sync --status`."""
        lines = [
            f"Mã quầy (thiết bị): {self.device_id}",
            f"Bưu điện tỉnh đã nhận đến sự kiện số {self.acked_seq}; "
            f"thông tin từ tỉnh đã áp dụng đến mục {self.feed_cursor}.",
        ]
        for b in self.blocks:
            days = ""
            if b["valid_from"] or b["valid_to"]:
                days = f", ngày {b['valid_from'] or '…'} đến {b['valid_to'] or '…'}"
            source = _SOURCES.get(str(b["source"]), str(b["source"]))
            left = f", còn {b['remaining']}" if b["kind"] == "s10" else ""
            lines.append(
                f"  Dải {'S10 ' + str(b['prefix']) if b['kind'] == 's10' else 'mã hồ sơ'} "
                f"{_padded(b)} ({source}{days}{left})"
            )
        for section in ("s10", "codes"):
            for key, mark in sorted(dict(self.marks.get(section) or {}).items()):
                lines.append(f"  Sổ ghi số {key}: đã cấp đến {mark}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        return {
            "enrolled": self.enrolled,
            "hub_url": self.hub_url,
            "online": self.online,
            "last_success": self.last_success.isoformat() if self.last_success else None,
            "last_attempt": self.last_attempt.isoformat() if self.last_attempt else None,
            "pending": self.pending,
            "oldest_pending_at": (
                self.oldest_pending_at.isoformat() if self.oldest_pending_at else None
            ),
            "oldest_pending_age_s": (
                int(self.oldest_pending_age.total_seconds()) if self.oldest_pending_age else None
            ),
            "last_error": self.last_error,
            "last_error_at": self.last_error_at.isoformat() if self.last_error_at else None,
            "downstream_failed": self.downstream_failed,
            "device_id": self.device_id,
            "acked_seq": self.acked_seq,
            "feed_cursor": self.feed_cursor,
            "rehydrating": self.rehydrating,
            "held": self.held,
            "blocks": list(self.blocks),
            "high_water_marks": self.marks,
            "number_warnings": list(self.number_warnings),
        }


def _padded(block: dict[str, object]) -> str:
    """A block as its numbers are written: 8-digit S10 serials, 4-digit daily sequences."""
    width = 8 if block["kind"] == "s10" else 4
    return f"{int(str(block['lo'])):0{width}d}–{int(str(block['hi'])):0{width}d}"


_SOURCES = {
    "hub": "bưu điện tỉnh cấp",
    "provisional": "số tạm của quầy chưa ghi danh",
    "local": "quản trị viên đặt",
    "local-default": "số mặc định của bản cũ",
    "hub-enroll": "số mặc định của bản cũ",
}


def _age_text(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} phút"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ"
    return f"{minutes // (24 * 60)} ngày"


def sync_health(ws: Workstation) -> SyncHealth:
    url = sync_state.hub_url(ws.db)
    count, oldest = sync_state.pending(ws.db, ws.device_id)
    oldest_at = datetime.fromisoformat(oldest) if oldest else None
    attempt = sync_state.last_attempt(ws.db)
    error = sync_state.last_error(ws.db)
    return SyncHealth(
        enrolled=bool(url),
        hub_url=url,
        online=attempt[1] if attempt else None,
        last_success=sync_state.last_success(ws.db),
        last_attempt=attempt[0] if attempt else None,
        pending=count,
        oldest_pending_at=oldest_at,
        oldest_pending_age=(ws.now() - oldest_at) if oldest_at else None,
        last_error=error.message if error else "",
        last_error_at=error.at if error else None,
        downstream_failed=count_outcome(ws.db, FAILED),
        device_id=ws.device_id,
        acked_seq=sync_state.acked_seq(ws.db),
        feed_cursor=sync_state.feed_cursor(ws.db),
        rehydrating=holding(ws.db),
        held=held_count(ws.db),
        blocks=tuple(
            {
                "kind": b.kind,
                "prefix": b.prefix,
                "lo": b.lo,
                "hi": b.hi,
                "remaining": b.remaining if b.kind == "s10" else None,
                "source": b.source,
                "lease_id": b.lease_id,
                "valid_from": b.valid_from.isoformat() if b.valid_from else None,
                "valid_to": b.valid_to.isoformat() if b.valid_to else None,
            }
            for b in numbers.blocks(ws.db)
        ),
        marks=dict(number_journal.read(number_journal.journal_path(ws.db))),
        number_warnings=numbers.outlook(ws.db, ws.now().date()).warnings,
    )
