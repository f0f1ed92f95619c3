"""Opening the counter's database with the settings a citizen's receipt depends on.

WAL so readers never block the writer; ``synchronous=FULL`` because a printed receipt must never
outlive its record after a power cut; foreign keys on. Transactions are explicit
(``BEGIN IMMEDIATE``) so a change and its event commit together or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain.text import fold
from app.storage.connection import Database
from app.storage.migrations import SCHEMA_VERSION, migrate


class StorageError(Exception):
    """The database cannot be used. ``message`` is Vietnamese and says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def connect(path: Path | str) -> Database:
    """A connection with the counter's pragmas, without migrating."""
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
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
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException as exc:
        conn.execute("ROLLBACK")
        # The closed-day trigger (schema step 7) aborts with a bare tag: say it in Vietnamese.
        # (the tag is app.domain.day_close.DAY_CLOSED_SQL_MESSAGE, imported only when needed:
        # the day-close rules are not needed to open the database)
        if isinstance(exc, sqlite3.IntegrityError) and str(exc) == "day_closed":
            from app.domain.day_close import DayClosed

            raise DayClosed() from exc
        raise
    else:
        conn.execute("COMMIT")


def integrity_check(db: Database) -> list[str]:
    """SQLite's own check plus foreign keys; an empty list means healthy."""
    problems = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
    problems += [
        f"khóa ngoại hỏng: bảng {r[0]} dòng {r[1]} → {r[2]}"
        for r in db.execute("PRAGMA foreign_key_check").fetchall()
    ]
    return problems
