"""Opening the counter's database with the settings a citizen's receipt depends on.

WAL so readers never block the writer; ``synchronous=FULL`` because a printed receipt must never
outlive its record after a power cut; foreign keys on. Transactions are explicit
(``BEGIN IMMEDIATE``) so a change and its event commit together or not at all.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain.text import fold
from app.storage.connection import Database
from app.storage.migrations import SCHEMA_VERSION, migrate

log = logging.getLogger(__name__)


class StorageError(Exception):
    """The database cannot be used. ``message`` is Vietnamese and says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def connect(path: Path | str) -> Database:
    """A connection with the counter's pragmas, without migrating."""
    target = str(path)
    if target != ":memory:":
        try:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from app.storage.disk_errors import folder_error, oserror_message

            folder = Path(target).parent
            disk = folder_error(exc, folder)
            if disk is not None:
                raise disk from exc
            raise StorageError(
                f"Không mở được dữ liệu của quầy: không tạo được thư mục {folder} "
                f"({oserror_message(exc)}). Chọn thư mục dữ liệu khác hoặc báo cho bộ phận "
                "kỹ thuật."
            ) from exc
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (sqlite3's implicit
        # transactions would commit behind our back).
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        # The search index stores folded text; SQL needs the same folding for backfills.
        conn.create_function("fold", 1, lambda t: fold(t or ""), deterministic=True)
    except sqlite3.DatabaseError as exc:
        from app.storage.disk_errors import from_sqlite

        disk = from_sqlite(exc, Path(target))
        if disk is not None:
            raise type(disk)(f"Không mở được cơ sở dữ liệu {target}: {disk.message}") from exc
        raise StorageError(
            f"Không mở được cơ sở dữ liệu {target}: {exc}. "
            "Kiểm tra ổ đĩa hoặc khôi phục từ bản sao lưu gần nhất."
        ) from exc
    return Database(conn)


def open_database(path: Path | str) -> Database:
    """Open (creating if needed) and migrate to the current schema version."""
    db = connect(path)
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"Cơ sở dữ liệu có phiên bản {version}, mới hơn phần mềm ({SCHEMA_VERSION}). "
            "Hãy cập nhật phần mềm motcua lên bản mới nhất."
        )
    migrate(db)
    return db


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction: everything inside commits together or is rolled back."""
    conn = db.conn
    if conn.in_transaction:
        # Nested use joins the outer transaction; the outermost one commits.
        yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        _raise_disk_error(db, exc)
        raise
    try:
        yield db
    except BaseException as exc:
        _rollback(db)
        if isinstance(exc, sqlite3.Error):
            _raise_disk_error(db, exc)  # a full or read-only disk: say so, nothing was kept
        # The closed-day trigger (schema step 7) aborts with a bare tag: say it in Vietnamese.
        # (the tag is app.domain.day_close.DAY_CLOSED_SQL_MESSAGE, imported only when needed:
        # the day-close rules are not needed to open the database)
        if isinstance(exc, sqlite3.IntegrityError) and str(exc) == "day_closed":
            from app.domain.day_close import DayClosed

            raise DayClosed() from exc
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            # A failed COMMIT (the WAL could not grow) leaves the transaction open: end it, or
            # the next transaction() would silently join it and never commit.
            _rollback(db)
            _raise_disk_error(db, exc)
            raise


def _rollback(db: Database) -> None:
    """Roll back if SQLite has not already done so (it does on SQLITE_FULL and some I/O errors);
    a failing ROLLBACK must not hide the error that caused it."""
    if not db.conn.in_transaction:
        return
    try:
        db.conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        log.warning("rollback failed: %s", exc)


def _database_file(db: Database) -> Path | None:
    try:
        rows = db.conn.execute("PRAGMA database_list").fetchall()
    except sqlite3.Error:
        return None
    for _seq, name, file in rows:
        if name == "main" and file:
            return Path(file)
    return None


def _raise_disk_error(db: Database, exc: sqlite3.Error) -> None:
    """Raise the DiskError behind ``exc`` if it is about the disk; otherwise return."""
    from app.storage.disk_errors import from_sqlite

    disk = from_sqlite(exc, _database_file(db))
    if disk is not None:
        log.warning("database write refused by the disk: %s (%s)", type(disk).__name__, exc)
        raise disk from exc


def integrity_check(db: Database) -> list[str]:
    """SQLite's own check plus foreign keys; an empty list means healthy."""
    from app.storage.sqlite_check import check_problems

    problems = check_problems(db.conn, "integrity_check", limit=100)
    problems += [
        f"khóa ngoại hỏng: bảng {r[0]} dòng {r[1]} → {r[2]}"
        for r in db.execute("PRAGMA foreign_key_check").fetchall()
    ]
    return problems
