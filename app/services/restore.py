"""Restoring a backup: the database replaced, then made safe to work on again.

A backup is an old copy, not the truth (docs/sync-protocol.md, "Restores"): numbering resumes
past the numbers journal's marks, days closed since stay closed, an enrolled counter holds new
events aside until re-hydration brings back from the hub what it had synced after the backup,
and a counter never enrolled is told what cannot come back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain.errors import DomainError
from app.domain.roles import Role
from app.services.authz import accounts_exist
from app.services.backups import MARKER_KEY, backup_folder, event_marker
from app.services.workstation import (
    DB_FILE,
    Workstation,
    now_vn,
    open_workstation,
)
from app.storage import number_journal, numbers, sync_state
from app.storage.backup import (
    BackupFile,
    device_id_of,
    restore_database,
)
from app.storage.db import transaction
from app.storage.events import HOLD, append_event, holding
from app.storage.settings import delete_setting, get_setting, set_setting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupFile
    aside: Path  # where the replaced database file was moved
    dossiers: int  # in the restored database, counted after opening it
    enrolled: bool = False  # the counter syncs with a hub: it re-hydrates from the hub's copy
    journal: bool = True  # the numbers journal was there (numbering resumes past its marks)
    kept_closed: tuple[str, ...] = ()  # days closed after the backup, kept closed

    @property
    def warning(self) -> str:
        """What the restore cannot bring back, said plainly (empty when nothing is lost)."""
        if self.enrolled:
            return ""
        lost = (
            "Quầy chưa ghi danh với bưu điện tỉnh nên các hồ sơ tiếp nhận sau thời điểm sao lưu "
            "không lấy lại được: hãy nhập lại từ giấy tiếp nhận đã in."
        )
        if not self.journal:
            lost += (
                " Không thấy sổ ghi số của quầy trên máy này: để không cấp trùng số, hôm nay quầy "
                "không cấp thêm mã hồ sơ (từ ngày mai cấp tiếp) và dùng dải số bưu gửi mới."
            )
        return lost


def authorize_restore(ws: Workstation) -> None:
    """Once accounts exist, only a supervisor or an administrator may restore."""
    if not accounts_exist(ws):
        return
    session = ws.session
    if session is None or session.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise DomainError(
            "Chỉ kiểm soát viên hoặc quản trị viên được khôi phục dữ liệu. Nhờ họ đăng nhập "
            "và làm việc này."
        )


def restore(
    home: Path | str,
    backup: Path | str,
    *,
    actor: str = "",
    reason: str = "manual",
    clock: Callable[[], datetime] = now_vn,
) -> RestoreResult:
    """Replace the database of ``home`` with ``backup`` (every connection must be closed).

    The replaced files move to ``home/backups/motcua.sqlite3.before-restore-<time>``; the restore
    is then recorded in the restored database (``device.restored``).
    """
    folder, source = Path(home), Path(backup)
    if not source.is_file():
        raise DomainError(f"Không thấy tệp sao lưu {source}. Kiểm tra lại đường dẫn.")
    kept = number_journal.enrollment_in(folder / number_journal.FILE)
    if kept is not None and kept.get("device_id"):
        belongs_to = device_id_of(source)
        if belongs_to is not None and belongs_to != kept["device_id"]:
            # From before the counter was enrolled again as a new device (the hub revoked the
            # old one), or another counter's: restoring it would bring back an identity that is
            # not this counter's any more. Nothing is changed.
            raise DomainError(
                f"Bản sao lưu {source.name} là của một mã quầy khác ({belongs_to}), có lẽ từ trước "
                "khi quầy được ghi danh lại với bưu điện tỉnh. Hãy chọn bản sao lưu mới hơn; dữ "
                "liệu hiện tại vẫn giữ nguyên."
            )
    now = clock()
    aside = backup_folder(folder) / f"{DB_FILE}.before-restore-{now:%Y%m%d-%H%M%S}"
    restored = restore_database(folder / DB_FILE, source, aside)
    log.info("restored %s (%d dossiers), replaced files kept aside", source.name, restored.dossiers)
    ws = open_workstation(folder, clock=clock)
    try:
        enrolled = bool(sync_state.hub_url(ws.db))
        kept = number_journal.enrollment(ws.db)
        with transaction(ws.db):
            if not enrolled and kept is not None:
                # A backup from before the counter was enrolled: it still is (the journal says so).
                sync_state.reset_for_enrollment(ws.db, str(kept["hub_url"]), 0)
                set_setting(ws.db, "office", kept.get("office") or {})
                set_setting(ws.db, "device.counter_no", kept.get("counter_no") or 1)
                enrolled = True
            safe = numbers.after_restore(
                ws.db,
                today=ws.now().date(),
                enrolled=enrolled,
                counter_no=int(get_setting(ws.db, "device.counter_no", 1) or 1),
                now=ws.now(),
            )
            delete_setting(ws.db, sync_state.REHYDRATED)
            if enrolled:
                # The hub holds events made after the backup: until they are back, new events
                # wait aside (app/sync/rehydrator.py), so the chain never forks from the hub's.
                set_setting(ws.db, HOLD, sync_state.acked_seq(ws.db))
            append_event(
                ws.db,
                device_id=ws.device_id,
                type="device.restored",
                entity_id=ws.device_id,
                payload={
                    "file": source.name,
                    "taken_at": restored.taken_at.isoformat(),
                    "dossiers": restored.dossiers,
                    "reason": reason,
                    "aside": aside.name,
                    "journal": safe.journal,
                    "kept_closed": [d.isoformat() for d in safe.kept_closed],
                },
                at=ws.now(),
                actor=actor,
            )
            # The restored state is a backup already: no need to copy it again at once.
            set_setting(ws.db, MARKER_KEY, event_marker(ws))
        dossiers = int(ws.db.execute("SELECT count(*) FROM dossiers").fetchone()[0])
    finally:
        ws.close()
    return RestoreResult(
        restored,
        aside,
        dossiers,
        enrolled=enrolled,
        journal=safe.journal,
        kept_closed=tuple(d.isoformat() for d in safe.kept_closed),
    )


def restore_outcome(ws: Workstation) -> str:
    """After a restore: what came back from the hub, or that it is still awaited ("" if none)."""
    if holding(ws.db):
        return (
            "\nVừa khôi phục: quầy sẽ lấy lại từ bưu điện tỉnh các hồ sơ đã gửi sau thời điểm "
            "sao lưu ngay khi kết nối được."
        )
    back = ws.setting(sync_state.REHYDRATED)
    if isinstance(back, dict):
        return (
            f"\nLần khôi phục gần nhất: đã lấy lại từ bưu điện tỉnh {back.get('dossiers', 0)} "
            "hồ sơ tiếp nhận sau thời điểm sao lưu."
        )
    return ""
