"""Backups of the counter's database: automatic, manual, to a USB drive; restore; corruption.

* ``backup_now`` copies the database into ``home/backups`` (storage.backup checks the copy) and
  thins the folder by the retention policy (domain.backup_policy). Each backup is an event
  (``device.backed_up``), so the audit trail shows when copies of personal data were made.
* ``maybe_backup`` backs up only when something changed since the last backup (the newest event
  row: every change is recorded as an event) and the interval has passed; the window calls it on
  a timer and ``backup_on_exit`` when it closes.
* ``backup_to`` writes to a chosen folder (a USB drive: ``removable_drives``), in a
  ``motcua-backups`` subfolder thinned by the same policy.
* ``restore`` works without an open workstation (the database may be damaged); the replaced files
  are kept in ``home/backups`` as ``motcua.sqlite3.before-restore-<time>``.
* ``open_checked`` opens the workstation and, when the file is damaged, raises
  ``CorruptDatabase`` carrying the newest backup that passes a check.

Settings (JSON, table ``settings``): ``backup.enabled`` (true), ``backup.interval_minutes`` (10),
``backup.keep_recent_days`` (2), ``backup.keep_daily`` (14), ``backup.keep_weekly`` (8),
``backup.keep_monthly`` (12); kept by the service: ``backup.marker``, ``backup.last``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.backup_policy import RetentionPolicy, backup_name, keep, policy_from
from app.domain.errors import DomainError
from app.domain.text import format_vn_datetime
from app.services.workstation import (
    DB_FILE,
    Workstation,
    default_home,
    now_vn,
    open_workstation,
)
from app.storage.backup import (
    BackupFile,
    CorruptDatabase,
    backup_database,
    backup_files,
    check_database_file,
    check_free_space,
    describe,
    forget_frames,
    inspect_copy,
    is_corruption,
)
from app.storage.db import StorageError, transaction
from app.storage.events import append_event
from app.storage.settings import get_setting, set_setting

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
USB_DIR = "motcua-backups"
DEFAULT_INTERVAL_MINUTES = 10
MARKER_KEY = "backup.marker"  # the newest event row the last home backup holds (or follows)
LAST_KEY = "backup.last"  # {"file", "at", "dossiers"} of the last backup made here
POLICY_KEYS = (
    "backup.keep_recent_days",
    "backup.keep_daily",
    "backup.keep_weekly",
    "backup.keep_monthly",
)

__all__ = [
    "BackupFile",
    "BackupInfo",
    "CorruptDatabase",
    "backup_folder",
    "backup_now",
    "backup_on_exit",
    "backup_to",
    "check_live_database",
    "list_backups",
    "maybe_backup",
    "newest_good_backup",
    "open_checked",
    "policy",
    "removable_drives",
    "thin",
]


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as listed: ``dossiers`` is None when the file cannot be read."""

    path: Path
    taken_at: datetime
    size: int
    dossiers: int | None

    @property
    def ok(self) -> bool:
        return self.dossiers is not None

    @property
    def label(self) -> str:
        """ "lúc 14:30 ngày 03/02/2027 (12 hồ sơ)" — how the window and the CLI name a backup."""
        count = f"{self.dossiers:,}".replace(",", ".") if self.dossiers is not None else "?"
        return f"lúc {self.taken_at:%H:%M} ngày {self.taken_at:%d/%m/%Y} ({count} hồ sơ)"


def _info(found: BackupFile) -> BackupInfo:
    return BackupInfo(found.path, found.taken_at, found.size, found.dossiers)


def backup_folder(home: Path) -> Path:
    return Path(home) / BACKUP_DIR


def policy(ws: Workstation) -> RetentionPolicy:
    return policy_from({key: ws.setting(key) for key in POLICY_KEYS})


def event_marker(ws: Workstation) -> int:
    return int(ws.db.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0])


def _new_target(folder: Path, now: datetime) -> Path:
    serial = 1
    while (folder / backup_name(now, serial)).exists():
        serial += 1
    return folder / backup_name(now, serial)


def thin(folder: Path, now: datetime, rules: RetentionPolicy) -> list[Path]:
    """Delete the backups in ``folder`` the policy does not keep; returns what was deleted.

    Only files named as backups are considered; the newest one is always kept.
    """
    files = backup_files(folder)
    # Two backups in one second differ by their serial: make their moments distinct.
    by_moment = {moment + timedelta(microseconds=serial): path for moment, serial, path in files}
    kept = keep(by_moment, now, rules)
    deleted = []
    for moment, path in by_moment.items():
        if moment in kept:
            continue
        try:
            path.unlink()
            deleted.append(path)
        except OSError as exc:  # a read-only USB drive: thinning can wait for the next time
            log.warning("could not delete old backup %s: %s", path.name, exc)
    return deleted


def _record(ws: Workstation, made: BackupFile, reason: str, home_copy: bool, marker: int) -> None:
    """The ``device.backed_up`` event and the bookkeeping; a failure here loses no backup."""
    try:
        with transaction(ws.db):
            unchanged = get_setting(ws.db, MARKER_KEY, 0) == marker
            append_event(
                ws.db,
                device_id=ws.device_id,
                type="device.backed_up",
                entity_id=ws.device_id,
                payload={
                    "file": made.name,
                    "folder": "home" if home_copy else "other",
                    "reason": reason,
                    "dossiers": made.dossiers,
                    "bytes": made.size,
                },
                at=ws.now(),
                actor=ws.staff,
            )
            if home_copy or unchanged:
                # The copy holds everything up to ``marker``; its own event is no change to save.
                set_setting(ws.db, MARKER_KEY, event_marker(ws))
            if home_copy:
                set_setting(
                    ws.db,
                    LAST_KEY,
                    {"file": made.name, "at": ws.now().isoformat(), "dossiers": made.dossiers},
                )
    except (sqlite3.Error, StorageError, DomainError) as exc:
        log.warning("backup %s made but not recorded: %s", made.name, exc)


def _backup_into(
    ws: Workstation,
    folder: Path,
    reason: str,
    *,
    home_copy: bool,
    free_space: Callable[[Path, int], None] = check_free_space,
) -> BackupInfo:
    marker = event_marker(ws)
    made = backup_database(ws.db.conn, _new_target(folder, ws.now()), free_space=free_space)
    log.info("backup %s made (%s, %d dossiers)", made.name, reason, made.dossiers)
    _record(ws, made, reason, home_copy, marker)
    thin(folder, ws.now(), policy(ws))
    return _info(made)


def backup_now(
    ws: Workstation,
    reason: str = "manual",
    *,
    free_space: Callable[[Path, int], None] = check_free_space,
) -> BackupInfo:
    """Back up into ``home/backups`` now (raises StorageError, in Vietnamese, when it cannot)."""
    return _backup_into(ws, backup_folder(ws.home), reason, home_copy=True, free_space=free_space)


def backup_to(ws: Workstation, folder: Path | str, reason: str = "usb") -> BackupInfo:
    """Back up into ``folder/motcua-backups`` (a USB drive), thinned by the same policy."""
    target = Path(folder)
    if not target.is_dir():
        raise DomainError(
            f"Không thấy thư mục {target}. Cắm lại ổ USB hoặc chọn một thư mục có sẵn."
        )
    return _backup_into(ws, target / USB_DIR, reason, home_copy=False)


def _interval(ws: Workstation) -> timedelta:
    minutes = ws.setting("backup.interval_minutes", DEFAULT_INTERVAL_MINUTES)
    if not isinstance(minutes, int | float) or minutes < 0:
        minutes = DEFAULT_INTERVAL_MINUTES
    return timedelta(minutes=float(minutes))


def last_backup_at(ws: Workstation) -> datetime | None:
    last = ws.setting(LAST_KEY)
    if isinstance(last, dict) and isinstance(last.get("at"), str):
        try:
            return datetime.fromisoformat(last["at"])
        except ValueError:
            return None
    return None


def needs_backup(ws: Workstation) -> bool:
    """Whether anything changed (an event was recorded) since the last home backup."""
    return event_marker(ws) != get_setting(ws.db, MARKER_KEY, 0)


def maybe_backup(
    ws: Workstation, reason: str = "auto", *, ignore_interval: bool = False
) -> BackupInfo | None:
    """Back up when enabled, something changed, and the interval has passed; else None."""
    if ws.setting("backup.enabled", True) is False or not needs_backup(ws):
        return None
    last = last_backup_at(ws)
    if not ignore_interval and last is not None and ws.now() - last < _interval(ws):
        return None
    return backup_now(ws, reason)


def backup_on_exit(ws: Workstation) -> BackupInfo | None:
    """The last backup as the window closes; a failure is logged, never raised (nobody to tell:
    the window is gone; the next start's timer tries again)."""
    try:
        return maybe_backup(ws, "exit", ignore_interval=True)
    except (StorageError, sqlite3.Error, OSError) as exc:
        log.warning("backup at exit failed: %s", exc)
        return None


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first, with their dossier count (read from each copy;
    a copy that cannot be read is listed with ``dossiers`` None)."""
    listed = []
    for moment, _serial, path in backup_files(Path(folder)):
        problems, _version, dossiers = inspect_copy(path, check=None)
        try:
            size = path.stat().st_size
        except OSError:
            continue
        listed.append(BackupInfo(path, moment, size, None if problems else dossiers))
    return listed


def newest_good_backup(home: Path) -> BackupFile | None:
    """The newest backup in ``home/backups`` that passes ``quick_check``."""
    for _moment, _serial, path in backup_files(backup_folder(home)):
        found = describe(path, check="quick_check")
        if found is not None:
            return found
    return None


def _corrupt_message(db_path: Path, backup: BackupFile | None) -> str:
    if backup is None:
        return (
            f"Dữ liệu của quầy ({db_path}) bị hỏng và không có bản sao lưu dùng được. Đừng xóa "
            "tệp này; báo ngay cho bộ phận kỹ thuật. Nếu có bản sao lưu trên ổ USB, khôi phục "
            "bằng lệnh `motcua restore TỆP`."
        )
    return (
        f"Dữ liệu của quầy bị hỏng. Có bản sao lưu tốt {_info(backup).label}: khôi phục trong "
        "cửa sổ khi được hỏi, hoặc bằng lệnh `motcua restore --latest`."
    )


def open_checked(home: Path | str | None, *, clock: Callable[[], datetime] = now_vn) -> Workstation:
    """``open_workstation``, raising ``CorruptDatabase`` when the database file is damaged.

    ``home`` None: the default data folder."""
    folder = Path(home) if home is not None else default_home()
    try:
        return open_workstation(folder, clock=clock)
    except (StorageError, sqlite3.DatabaseError) as exc:
        db_path = folder / DB_FILE
        if isinstance(exc, CorruptDatabase) or not db_path.is_file():
            raise
        forget_frames(exc)  # the failed connection must be gone before a restore moves the file
        if is_corruption(exc):
            problems = [str(exc)]
        else:
            problems = check_database_file(db_path)
            if not problems or any("unable to open" in p for p in problems):
                raise  # not damage: a lock, permissions, a newer schema …
        backup = newest_good_backup(folder)
        raise CorruptDatabase(_corrupt_message(db_path, backup), problems, backup) from None


def check_live_database(
    home: Path, cancelled: Callable[[], bool] | None = None
) -> CorruptDatabase | None:
    """The full ``quick_check`` run after start (own connection, any thread): a
    ``CorruptDatabase`` (not raised) describing the damage, or None when healthy."""
    db_path = Path(home) / DB_FILE
    problems = check_database_file(db_path, cancelled=cancelled)
    if not problems:
        return None
    log.error("database check found %d problem(s)", len(problems))
    backup = newest_good_backup(Path(home))
    return CorruptDatabase(_corrupt_message(db_path, backup), problems, backup)


def latest_backup(home: Path) -> Path:
    """The newest backup of ``home`` that passes a check (for ``--latest``)."""
    found = newest_good_backup(Path(home))
    if found is None:
        raise DomainError(
            f"Không có bản sao lưu dùng được trong {backup_folder(Path(home))}. Nếu có bản trên "
            "ổ USB, chỉ rõ tệp: `motcua restore TỆP`."
        )
    return found.path


def removable_drives() -> list[Path]:
    """Mounted removable drives (USB sticks) a backup can go to; may be empty."""
    if sys.platform == "win32":
        return _windows_removable()
    roots = [Path("/media"), Path("/run/media"), Path("/Volumes")]
    user = os.environ.get("USER") or ""
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        # /media/USER/LABEL and /run/media/USER/LABEL (udisks), or /media/LABEL (usbmount)
        candidates = list(root.iterdir())
        if user and (root / user).is_dir():
            candidates += list((root / user).iterdir())
        for path in candidates:
            if path.is_dir() and os.path.ismount(path) and path != Path("/"):
                found.append(path)
    return sorted(set(found))


def _windows_removable() -> list[Path]:
    import ctypes

    drive_removable = 2
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    found = []
    for index in range(26):
        if mask & (1 << index):
            root = f"{chr(ord('A') + index)}:\\"
            if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == drive_removable:
                found.append(Path(root))
    return found


def describe_last(ws: Workstation) -> str:
    """The last backup in words, for the settings page."""
    last = ws.setting(LAST_KEY)
    when = last_backup_at(ws)
    text = (
        f"Lần sao lưu gần nhất: {format_vn_datetime(when)} ({last.get('dossiers', '?')} hồ sơ)."
        if isinstance(last, dict) and when is not None
        else "Chưa sao lưu lần nào trên máy này."
    )
    return text
