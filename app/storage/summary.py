"""The database's shape for a support export: sizes, versions, counts. Never its content.

Opened read-only (works on a full or read-only disk, and never disturbs the running writer).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from app.storage.sync_state import (
    ACKED_SEQ,
    FEED_CURSOR,
    HUB_URL,
    INFLIGHT,
    LAST_ATTEMPT,
    LAST_ERROR,
    LAST_SUCCESS,
)


def _open(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=5)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A read-only folder where the WAL index cannot be opened: read the file as it stands.
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=5)


def _setting(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else None


def database_summary(path: Path) -> dict[str, Any]:
    path = Path(path)
    facts: dict[str, Any] = {"file": path.name}
    if not path.exists():
        facts["exists"] = False
        return facts
    for suffix in ("", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            facts[f"bytes{suffix or ''}"] = side.stat().st_size
    try:
        conn = _open(path)
    except sqlite3.Error as exc:
        facts["error"] = type(exc).__name__
        return facts
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        facts["schema_version"] = one("PRAGMA user_version")
        facts["page_size"] = one("PRAGMA page_size")
        facts["page_count"] = one("PRAGMA page_count")
        facts["freelist_count"] = one("PRAGMA freelist_count")
        facts["journal_mode"] = one("PRAGMA journal_mode")
        facts["dossiers"] = one("SELECT count(*) FROM dossiers")
        facts["dossiers_by_status"] = dict(
            conn.execute("SELECT status, count(*) FROM dossiers GROUP BY status").fetchall()
        )
        facts["events"] = one("SELECT count(*) FROM events")
        device = _setting(conn, "device.id")
        acked = int(_setting(conn, ACKED_SEQ) or 0)
        last_error = _setting(conn, LAST_ERROR) or {}
        attempt = _setting(conn, LAST_ATTEMPT) or {}
        facts["sync"] = {
            "enrolled": bool(_setting(conn, HUB_URL)),
            "acked_seq": acked,
            "pending_events": one_param(
                conn, "SELECT count(*) FROM events WHERE device_id = ? AND seq > ?", device, acked
            ),
            "batch_in_flight": bool(_setting(conn, INFLIGHT)),
            "feed_cursor": _setting(conn, FEED_CURSOR) or 0,
            "last_success": _setting(conn, LAST_SUCCESS),
            "last_attempt": attempt.get("at") if isinstance(attempt, dict) else None,
            # The code only: the message may quote the hub's words.
            "last_error_code": last_error.get("code") if isinstance(last_error, dict) else None,
            "last_error_at": last_error.get("at") if isinstance(last_error, dict) else None,
        }
    except sqlite3.Error as exc:
        facts["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
    return facts


def one_param(conn: sqlite3.Connection, sql: str, *params: Any) -> Any:
    return conn.execute(sql, params).fetchone()[0]
