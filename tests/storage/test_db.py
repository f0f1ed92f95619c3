from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.storage.db import StorageError, integrity_check, open_database, schema_version, transaction
from app.storage.migrations import SCHEMA_VERSION
from app.storage.settings import get_setting, set_setting


def test_pragmas_protect_every_receipt(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert schema_version(db) == SCHEMA_VERSION
    assert integrity_check(db) == []


def test_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.sqlite3")
    with pytest.raises(RuntimeError), transaction(db):
        set_setting(db, "a", 1)
        raise RuntimeError("boom")
    assert get_setting(db, "a") is None
    with transaction(db):
        set_setting(db, "a", {"x": "Kỳ Bắc"})
    assert get_setting(db, "a") == {"x": "Kỳ Bắc"}


def test_newer_database_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError, match="cập nhật phần mềm"):
        open_database(path)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.sqlite3")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO dossier_documents(dossier_id, position, name, kind, count)"
            " VALUES ('nope', 1, 'x', 'original', 1)"
        )
