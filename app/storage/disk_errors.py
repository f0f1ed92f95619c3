"""A full, read-only or failing disk, said in Vietnamese with what to do (docs/operations.md).

SQLite reports these as SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR (and CANTOPEN when the WAL's
side files cannot be made); file writes as OSError ENOSPC / EDQUOT / EROFS. ``storage.db`` turns
them into ``DiskError`` subclasses inside ``transaction`` and ``connect``, after rolling back, so
nothing half-written remains and what was committed before is untouched.

``DiskError`` is both a ``StorageError`` (the database could not be used) and a ``DomainError``
(a message for the person): every screen and CLI command that shows a ``DomainError``'s message
shows these too, without knowing about disks.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import NoReturn

from app.domain.errors import DomainError
from app.storage.db import StorageError

# Primary SQLite result codes (the low byte of the extended code).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS}
_SAFE = "dữ liệu đã lưu trước đó vẫn an toàn"


class DiskError(StorageError, DomainError):
    """The disk refused a write. ``message`` says what happened and what to do."""

    # What the intake screen says instead, so the clerk knows to press the button again.
    intake_message = (
        "Ổ đĩa báo lỗi: hồ sơ này CHƯA được lưu. Bấm Tiếp nhận lại; nếu vẫn lỗi, báo kỹ thuật. "
        "Các hồ sơ đã tiếp nhận trước đó vẫn an toàn."
    )

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    @classmethod
    def default_message(cls) -> str:
        return (
            "Ổ đĩa báo lỗi đọc/ghi: thay đổi vừa rồi CHƯA được lưu. Chạy `motcua check` hoặc báo "
            f"kỹ thuật — ổ đĩa có thể sắp hỏng, hãy sao lưu ngay; {_SAFE}."
        )

    def for_intake(self) -> DiskError:
        """The same error, worded for the intake screen."""
        return type(self)(self.intake_message)


class DiskFull(DiskError):
    intake_message = (
        "Ổ đĩa đã đầy: hồ sơ này CHƯA được lưu. Xóa bớt tệp hoặc cắm ổ khác, rồi bấm Tiếp nhận "
        "lại; các hồ sơ đã tiếp nhận trước đó vẫn an toàn."
    )

    @classmethod
    def default_message(cls) -> str:
        return (
            "Ổ đĩa đã đầy: thay đổi vừa rồi CHƯA được lưu. Xóa bớt tệp hoặc cắm ổ khác, rồi làm "
            f"lại; {_SAFE}."
        )


class DiskReadOnly(DiskError):
    intake_message = (
        "Ổ đĩa chứa dữ liệu đang ở chế độ chỉ đọc: hồ sơ này CHƯA được lưu. Kiểm tra ổ đĩa "
        "(khóa chống ghi, quyền ghi thư mục) hoặc khởi động lại máy, rồi bấm Tiếp nhận lại; "
        "các hồ sơ đã tiếp nhận trước đó vẫn an toàn."
    )

    @classmethod
    def default_message(cls) -> str:
        return (
            "Ổ đĩa chứa dữ liệu đang ở chế độ chỉ đọc: thay đổi vừa rồi CHƯA được lưu. Kiểm tra ổ "
            "đĩa (khóa chống ghi, quyền ghi thư mục) hoặc khởi động lại máy, rồi làm lại; "
            f"{_SAFE}."
        )


class DiskIOError(DiskError):
    pass


def _probe(path: Path | None) -> type[DiskError] | None:
    """Which disk condition the folder of ``path`` is in, when the error code does not say.

    ``statvfs`` first; then a real one-page write, because a file system the kernel switched to
    read-only after an error (ext4 ``errors=remount-ro``) may still report itself writable.
    """
    if path is None:
        return None
    folder = path if path.is_dir() else path.parent
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):  # Windows has no statvfs
        stats = None
    if stats is not None and stats.f_flag & getattr(os, "ST_RDONLY", 1):
        return DiskReadOnly
    if stats is not None and stats.f_bavail == 0:
        return DiskFull
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".motcua-probe-") as fh:
            fh.write(b"\0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        if exc.errno in _FULL:
            return DiskFull
        if exc.errno in _READ_ONLY:
            return DiskReadOnly
    return None


def from_sqlite(exc: sqlite3.Error, path: Path | None = None) -> DiskError | None:
    """The disk condition behind a SQLite error, or None when it is not about the disk."""
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_FULL or "database or disk is full" in text:
        return DiskFull()
    if primary == SQLITE_READONLY or "readonly database" in text:
        return DiskReadOnly()
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk i/o error" in text:
        # A write to a file system remounted read-only, or a full one, can surface as a plain
        # I/O error: look at the folder to say which.
        kind = _probe(path)
        if kind is not None:
            return kind()
        return DiskIOError() if primary == SQLITE_IOERR or "disk i/o" in text else None
    return None


def oserror_message(exc: OSError) -> str:
    """A short Vietnamese reason for a failed file operation."""
    if exc.errno in _FULL:
        return "ổ đĩa đã đầy"
    if exc.errno in _READ_ONLY:
        return "ổ đĩa đang ở chế độ chỉ đọc"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền ghi vào thư mục này"
    if exc.errno == errno.ENOENT:
        return "không có thư mục này"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return "đường dẫn trùng với một tệp hoặc thư mục đã có"
    return exc.strerror or type(exc).__name__


def from_oserror(exc: OSError, target: Path | str | None = None) -> DiskError:
    """A failed file write (a PDF, an export) as a message that says what to do."""
    where = f"tệp {target}" if target else "tệp"
    if exc.errno in _FULL:
        return DiskFull(
            f"Ổ đĩa đã đầy: chưa ghi được {where}. Xóa bớt tệp hoặc chọn ổ khác (USB) rồi lưu lại."
        )
    if exc.errno in _READ_ONLY:
        return DiskReadOnly(
            f"Ổ đĩa đang ở chế độ chỉ đọc: chưa ghi được {where}. Chọn thư mục hoặc ổ khác "
            "rồi lưu lại."
        )
    return DiskIOError(
        f"Không ghi được {where}: {oserror_message(exc)}. Chọn thư mục khác rồi lưu lại."
    )


def folder_error(exc: OSError, folder: Path | str) -> DiskError | None:
    """The data folder could not be made because of the disk; None for other causes."""
    if exc.errno in _FULL:
        return DiskFull(
            f"Không tạo được thư mục dữ liệu {folder}: ổ đĩa đã đầy. Xóa bớt tệp hoặc cắm ổ khác "
            "rồi mở lại phần mềm."
        )
    if exc.errno in _READ_ONLY:
        return DiskReadOnly(
            f"Không tạo được thư mục dữ liệu {folder}: ổ đĩa đang ở chế độ chỉ đọc. Kiểm tra ổ "
            "đĩa hoặc khởi động lại máy rồi mở lại phần mềm."
        )
    return None


def raise_for_oserror(exc: OSError, target: Path | str | None = None) -> NoReturn:
    raise from_oserror(exc, target) from exc


def write_file(target: Path | str, data: bytes) -> int:
    """Write ``data`` to ``target``; a failure raises a ``DiskError`` with a clear message."""
    path = Path(target)
    try:
        return path.write_bytes(data)
    except OSError as exc:
        raise_for_oserror(exc, path)
