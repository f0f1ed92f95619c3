"""SQLite's checks without the false "NULL value" reports of SQLite 3.40 (sqlite_check.py)."""

from __future__ import annotations

import sqlite3

import pytest

from app.storage.sqlite_check import check_problems

SCHEMA = """
CREATE TABLE batches (id TEXT PRIMARY KEY);
CREATE TABLE items (
    batch_id   TEXT NOT NULL REFERENCES batches(id),
    dossier_id TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (batch_id, position)
) WITHOUT ROWID;
INSERT INTO batches VALUES ('B1');
INSERT INTO items VALUES ('B1', 'D1', 1), ('B1', 'D2', 2);
"""


@pytest.mark.parametrize("pragma", ["integrity_check", "quick_check"])
def test_a_healthy_without_rowid_table_has_no_problems(pragma) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    assert check_problems(conn, pragma) == []


def test_a_real_null_in_a_not_null_column_is_reported(tmp_path) -> None:
    # A NULL that got into a NOT NULL column (as a damaged or hand-edited file may hold one):
    # the column is declared NOT NULL only after the row went in, through the schema itself.
    path = tmp_path / "edited.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, NULL);"
    )
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = "
        "'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)' WHERE name = 't'"
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    assert check_problems(conn) == ["NULL value in t.name"]


def test_handover_items_after_a_handover_pass_the_check(ws) -> None:
    # The counter's own table of that shape, filled as a hand-over fills it.
    conn = ws.db.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO handover_batches (id, number, agency, created_at) "
        "VALUES ('b', 'BG-1', 'x', 't')"
    )
    conn.execute("INSERT INTO handover_items VALUES ('b', 'd1', 1), ('b', 'd2', 2)")
    assert check_problems(conn) == []


def test_only_the_two_checks_are_run() -> None:
    with pytest.raises(ValueError):
        check_problems(sqlite3.connect(":memory:"), "foreign_key_check")
