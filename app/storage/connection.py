"""The counter's SQLite connection, as the storage layer passes it around.

A deliberately thin wrapper over ``sqlite3.Connection`` (see docs/decisions/0002): transactions
are ours (``storage.db.transaction``), and nothing here commits behind them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

Params = Iterable[Any] | Mapping[str, Any]


class Database:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Params = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def executescript(self, script: str) -> sqlite3.Cursor:
        return self.conn.executescript(script)

    def close(self) -> None:
        self.conn.close()
