"""Copies of the database file: taken online, verified, renamed into place; and restored.

A backup is made with SQLite's online backup API from the open connection (a consistent snapshot
even while the counter works), into a temporary file in the target folder. The copy is switched
out of WAL mode (one self-contained file), checked (``PRAGMA integrity_check``, schema version,
dossier count), flushed to disk and only then renamed to its final name: a backup that exists
under its name is complete and was good when it was taken. A failure of any kind removes only
the temporary file, so older backups are never touched.

Restoring checks the candidate first, copies it next to the database, moves the current files
(database, ``-wal``) aside and renames the copy into place: at every moment either the old or
the new database is complete under the database's name.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain.backup_policy import parse_backup_name
from app.storage.db import StorageError
from app.storage.migrations import SCHEMA_VERSION
from app.storage.sqlite_check import check_problems

# Room left on the target beyond the copy itself (the file system needs some to work).
SPACE_MARGIN = 256 * 1024
_CHUNK = 1024 * 1024
# What SQLite says when a file is damaged or not a database at all.
_CORRUPT_WORDS = ("malformed", "not a database", "file is encrypted", "corrupt")


@dataclass(frozen=True)
class BackupFile:
    """A backup file and what it holds (read from the copy itself)."""

    path: Path
    taken_at: datetime
    size: int
    dossiers: int
    schema_version: int

    @property
    def name(self) -> str:
        return self.path.name


class CorruptDatabase(StorageError):
    """The database file is damaged; ``backup`` is the newest backup that checked good, if any."""

    def __init__(self, message: str, problems: list[str], backup: BackupFile | None) -> None:
        super().__init__(message)
        self.problems = problems
        self.backup = backup


def _mb(size: int) -> str:
    return (
        f"{max(size, 0) / 1024 / 1024:,.1f} MB".replace(",", "_")
        .replace(".", ",")
        .replace("_", ".")
    )


def is_corruption(exc: BaseException) -> bool:
    """Whether an sqlite3 error (or our StorageError wrapping one) says the file is damaged."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError | StorageError) and any(
        word in text for word in _CORRUPT_WORDS
    )


def forget_frames(exc: BaseException) -> None:
    """Drop the frames an exception (and its causes) holds: a failed open keeps its connection
    alive through them, and an open connection stops a restore from replacing the file on
    Windows."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__traceback__ is not None:
            traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    # A rename is durable once its folder is flushed (POSIX); Windows has no such call.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _no_space(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def _write_error(target: Path, exc: BaseException) -> StorageError:
    if (isinstance(exc, OSError) and _no_space(exc)) or "disk is full" in str(exc).lower():
        return StorageError(
            f"Ổ đĩa chứa {target} đã đầy nên chưa sao lưu được. Các bản sao lưu cũ vẫn còn "
            "nguyên. Xóa bớt tệp không cần trên ổ đó hoặc chọn ổ khác rồi sao lưu lại."
        )
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError(
            f"Không ghi được vào {target} (ổ chỉ đọc hoặc không có quyền ghi). Các bản sao lưu "
            "cũ vẫn còn nguyên. Chọn thư mục khác, hoặc kiểm tra ổ USB có khóa chống ghi không."
        )
    return StorageError(
        f"Không sao lưu được vào {target}: {exc}. Các bản sao lưu cũ vẫn còn nguyên. "
        "Thử lại; nếu vẫn lỗi, chọn ổ khác hoặc báo cho bộ phận kỹ thuật."
    )


def database_size(conn: sqlite3.Connection) -> int:
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    return page_size * pages


def check_free_space(folder: Path, needed: int) -> None:
    """Refuse (in Vietnamese) before writing when ``folder`` cannot hold ``needed`` bytes."""
    free = shutil.disk_usage(folder).free
    needed += needed // 10 + SPACE_MARGIN
    if free < needed:
        raise StorageError(
            f"Ổ đĩa chứa {folder} không đủ chỗ để sao lưu: cần khoảng {_mb(needed)}"
            f", chỉ còn {_mb(free)}. Các bản sao lưu cũ vẫn còn nguyên. Xóa bớt tệp không cần "
            "trên ổ đó hoặc chọn ổ khác rồi sao lưu lại."
        )


def _open_read_only(path: Path) -> sqlite3.Connection:
    # immutable: the file is not being written, and a read-only check must not create -wal/-shm
    # files next to a backup (or on a write-protected USB drive).
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def device_id_of(path: Path) -> str | None:
    """The device id a database file (a backup) belongs to; None when it cannot be read."""
    try:
        conn = _open_read_only(path)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'device.id'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(json.loads(row[0])) if row else None


def inspect_copy(
    path: Path, *, check: str | None = "integrity_check"
) -> tuple[list[str], int, int]:
    """``(problems, schema_version, dossiers)`` of a database file that nobody is writing.

    ``check`` is ``integrity_check`` (reads every page), ``quick_check``, or None (only the
    header, the schema version and the dossier count are read).
    """
    try:
        conn = _open_read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)], 0, 0
    problems: list[str] = []
    try:
        if check is not None:
            problems = check_problems(conn, check)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version < 1:
            problems.append("không có lược đồ dữ liệu của motcua")
            return problems, version, 0
        dossiers = int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])
        return problems, version, dossiers
    except sqlite3.Error as exc:
        return [*problems, str(exc)], 0, 0
    finally:
        conn.close()


def describe(path: Path, *, check: str | None = None) -> BackupFile | None:
    """A backup file's facts, or None when it is not a usable backup (damaged, too new)."""
    parsed = parse_backup_name(path.name)
    if parsed is None:
        return None
    problems, version, dossiers = inspect_copy(path, check=check)
    if problems or version > SCHEMA_VERSION:
        return None
    return BackupFile(path, parsed[0], path.stat().st_size, dossiers, version)


def backup_files(folder: Path) -> list[tuple[datetime, int, Path]]:
    """The backup files in ``folder`` by name, newest first (not opened)."""
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        parsed = parse_backup_name(entry.name)
        if parsed is not None and entry.is_file():
            found.append((parsed[0], parsed[1], entry))
    return sorted(found, key=lambda item: (item[0], item[1]), reverse=True)


def backup_database(
    source: sqlite3.Connection,
    target: Path,
    *,
    free_space: Callable[[Path, int], None] = check_free_space,
) -> BackupFile:
    """Copy the open database ``source`` into the new file ``target`` (see the module text)."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(folder, exc) from exc
    free_space(folder, database_size(source))
    temp = target.with_name(target.name + ".tmp")
    _remove(temp)
    try:
        copy = sqlite3.connect(temp, isolation_level=None)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        finally:
            copy.close()
        _fsync_file(temp)
        problems, version, dossiers = inspect_copy(temp)
        if problems or version < 1:
            raise StorageError(
                "Bản sao lưu vừa tạo không đạt kiểm tra ("
                + "; ".join(problems[:3] or ["không đọc được phiên bản"])
                + "). Dữ liệu đang dùng có thể đã hỏng: chạy `motcua check` và báo cho bộ phận "
                "kỹ thuật. Các bản sao lưu cũ vẫn còn nguyên."
            )
        os.replace(temp, target)
        _fsync_dir(folder)
    except StorageError:
        _remove(temp)
        raise
    except (OSError, sqlite3.Error) as exc:
        _remove(temp)
        raise _write_error(folder, exc) from exc
    parsed = parse_backup_name(target.name)
    taken = parsed[0] if parsed else datetime.fromtimestamp(target.stat().st_mtime)
    return BackupFile(target, taken, target.stat().st_size, dossiers, version)


def copy_file_durably(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` through a temporary file, flushed, then renamed."""
    temp = target.with_name(target.name + ".tmp")
    try:
        with source.open("rb") as src, temp.open("wb") as dst:
            shutil.copyfileobj(src, dst, _CHUNK)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except OSError:
        _remove(temp)
        raise


def restore_database(db_path: Path, backup: Path, aside: Path) -> BackupFile:
    """Put the backup ``backup`` in place of ``db_path``; the current files go to ``aside``.

    The database must be closed by every connection of this process. ``aside`` is the path the
    current database file is moved to (its ``-wal`` beside it with ``-wal`` appended).
    """
    problems, version, dossiers = inspect_copy(backup)
    if problems or version < 1:
        raise StorageError(
            f"Bản sao lưu {backup.name} bị hỏng hoặc không phải dữ liệu motcua ("
            + "; ".join(problems[:3] or ["không có lược đồ"])
            + "). Chọn một bản sao lưu khác."
        )
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"Bản sao lưu {backup.name} có phiên bản {version}, mới hơn phần mềm "
            f"({SCHEMA_VERSION}). Cập nhật motcua lên bản mới nhất rồi khôi phục."
        )
    incoming = db_path.with_name(db_path.name + ".restoring")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        copy_file_durably(backup, incoming)
    except OSError as exc:
        _remove(incoming)
        raise StorageError(
            f"Không chép được bản sao lưu vào {db_path.parent}: {exc.strerror or exc}. Dữ liệu "
            "hiện tại chưa bị thay đổi. Giải phóng chỗ trống trên ổ đĩa rồi thử lại."
        ) from exc
    try:
        aside.parent.mkdir(parents=True, exist_ok=True)
        # The current files are kept, never deleted: the damaged database may still hold the
        # last minutes of work that a technician can recover.
        for suffix in ("", "-wal"):
            current = Path(f"{db_path}{suffix}")
            if current.exists():
                os.replace(current, Path(f"{aside}{suffix}"))
        _remove(Path(f"{db_path}-shm"))  # shared memory of the old file; meaningless now
        os.replace(incoming, db_path)
        _fsync_dir(db_path.parent)
    except OSError as exc:
        raise StorageError(
            f"Không thay được tệp dữ liệu {db_path}: {exc.strerror or exc}. Đóng mọi cửa sổ "
            f"motcua rồi thử lại; tệp cũ được giữ ở {aside}."
        ) from exc
    parsed = parse_backup_name(backup.name)
    taken = parsed[0] if parsed else datetime.fromtimestamp(backup.stat().st_mtime)
    return BackupFile(backup, taken, backup.stat().st_size, dossiers, version)


def check_database_file(path: Path, *, cancelled: Callable[[], bool] | None = None) -> list[str]:
    """``PRAGMA quick_check`` on a live database through its own read-only connection.

    Empty when healthy. ``cancelled`` is polled while it runs (closing the window stops it);
    a cancelled check reports nothing.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)
        return check_problems(conn, "quick_check")
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            return []
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
