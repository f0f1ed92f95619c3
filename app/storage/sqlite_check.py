"""SQLite's own consistency checks (``PRAGMA integrity_check`` / ``quick_check``), told straight.

SQLite 3.40 (Debian 12's, which Python uses there) reports "NULL value in T.C" for NOT NULL
columns of some WITHOUT ROWID tables that hold no NULL at all (``handover_items`` is one): every
hand-over would then look like damage, fail each backup's check and offer a restore. Such a
report is kept only when the table really holds a NULL in that column; ``typeof()`` is used
because SQLite optimises ``C IS NULL`` away on a NOT NULL column.
"""

from __future__ import annotations

import re
import sqlite3

_NULL_REPORT = re.compile(r"^NULL value in (\w+)\.(\w+)$")


def check_problems(
    conn: sqlite3.Connection, pragma: str = "integrity_check", limit: int = 20
) -> list[str]:
    """The problems ``PRAGMA {pragma}`` reports (at most ``limit``); empty when healthy."""
    if pragma not in ("integrity_check", "quick_check"):
        raise ValueError(pragma)
    reports = [r[0] for r in conn.execute(f"PRAGMA {pragma}({int(limit)})") if r[0] != "ok"]
    problems: list[str] = []
    confirmed: dict[tuple[str, str], bool] = {}
    for report in reports:
        match = _NULL_REPORT.match(report)
        if match is not None:
            key = (match.group(1), match.group(2))
            if key not in confirmed:
                confirmed[key] = _holds_null(conn, *key)
            if not confirmed[key]:
                continue  # the false report described above
        problems.append(report)
    return problems


def _holds_null(conn: sqlite3.Connection, table: str, column: str) -> bool:
    try:
        row = conn.execute(
            f'SELECT 1 FROM "{table}" WHERE typeof("{column}") = \'null\' LIMIT 1'
        ).fetchone()
    except sqlite3.DatabaseError:
        return True  # the table cannot even be read: keep the report
    return row is not None
