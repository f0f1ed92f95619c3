"""Key/value settings stored as JSON in the database (never secrets: those live in the keyring)."""

from __future__ import annotations

import json
from typing import Any

from app.storage.connection import Database


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: Database, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )


def all_settings(db: Database) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM settings")}


def delete_setting(db: Database, key: str) -> None:
    db.execute("DELETE FROM settings WHERE key = ?", [key])
