"""Copies of the database: verified before they get their name; restore keeps the old files."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from backup_helpers import damage_header, damage_pages, receive, tiny_disk

from app.storage import backup as storage_backup
from app.storage.backup import (
    backup_database,
    check_database_file,
    inspect_copy,
    is_corruption,
    restore_database,
)
from app.storage.db import StorageError


def test_a_backup_is_a_verified_self_contained_copy(ws, tmp_path) -> None:
    codes = receive(ws, 3)
    target = tmp_path / "out" / "motcua-20270203-100000.sqlite3"
    made = backup_database(ws.db.conn, target)
    assert made.dossiers == 3 and made.path == target and made.size == target.stat().st_size
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no -wal, no .tmp
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        stored = {r[0] for r in conn.execute("SELECT code FROM dossiers")}
    finally:
        conn.close()
    assert stored == set(codes)


def test_the_space_check_refuses_in_vietnamese_before_writing(ws, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    old = folder / "motcua-20270202-100000.sqlite3"
    backup_database(ws.db.conn, old)
    before = old.read_bytes()
    usage = storage_backup.shutil.disk_usage(folder)
    monkeypatch.setattr(
        storage_backup.shutil, "disk_usage", lambda _p: usage._replace(free=100_000)
    )
    with pytest.raises(StorageError) as caught:
        backup_database(ws.db.conn, folder / "motcua-20270203-100000.sqlite3")
    assert "không đủ chỗ" in caught.value.message
    assert "bản sao lưu cũ vẫn còn nguyên" in caught.value.message
    assert sorted(p.name for p in folder.iterdir()) == [old.name]
    assert old.read_bytes() == before


def test_a_write_that_fails_for_lack_of_space_leaves_nothing_half_written(
    ws, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "b"
    old = folder / "motcua-20270202-100000.sqlite3"
    backup_database(ws.db.conn, old)

    def full(_path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage_backup, "_fsync_file", full)
    with pytest.raises(StorageError) as caught:
        backup_database(ws.db.conn, folder / "motcua-20270203-100000.sqlite3")
    assert "đã đầy" in caught.value.message
    assert sorted(p.name for p in folder.iterdir()) == [old.name]


def test_a_real_full_disk_keeps_the_previous_backup(ws, tmp_path) -> None:
    receive(ws, 5)
    with tiny_disk(tmp_path / "small", "900k") as disk:
        first = backup_database(ws.db.conn, disk / "motcua-20270202-100000.sqlite3")
        before = first.path.read_bytes()
        receive(ws, 5)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "other-files").write_bytes(b"x" * (free - 64 * 1024))  # the drive is nearly full
        with pytest.raises(StorageError) as caught:
            backup_database(
                ws.db.conn,
                disk / "motcua-20270203-100000.sqlite3",
                free_space=lambda _folder, _needed: None,  # past the pre-check: a real failure
            )
        assert "đã đầy" in caught.value.message  # sqlite: "database or disk is full"
        assert sorted(p.name for p in disk.iterdir()) == [first.name, "other-files"]
        assert first.path.read_bytes() == before
        assert inspect_copy(first.path) == ([], first.schema_version, 5)


def test_damage_is_recognised(ws, tmp_path) -> None:
    receive(ws, 30)
    good = tmp_path / "motcua-20270203-100000.sqlite3"
    backup_database(ws.db.conn, good)
    header, pages = tmp_path / "h.sqlite3", tmp_path / "p.sqlite3"
    header.write_bytes(good.read_bytes())
    pages.write_bytes(good.read_bytes())
    damage_header(header)
    damage_pages(pages)
    assert check_database_file(good) == []
    assert check_database_file(header) and check_database_file(pages)
    assert inspect_copy(header)[0] and inspect_copy(pages)[0]
    try:
        sqlite3.connect(header).execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError as exc:
        assert is_corruption(exc)
    assert not is_corruption(sqlite3.OperationalError("unable to open database file"))


def test_restore_moves_the_current_files_aside(ws, tmp_path) -> None:
    receive(ws, 2)
    good = tmp_path / "backups" / "motcua-20270203-100000.sqlite3"
    backup_database(ws.db.conn, good)
    db_path = tmp_path / "home" / "motcua.sqlite3"
    ws.close()
    damaged_bytes = db_path.read_bytes()
    aside = tmp_path / "backups" / "motcua.sqlite3.before-restore-x"
    restored = restore_database(db_path, good, aside)
    assert restored.dossiers == 2
    assert aside.read_bytes() == damaged_bytes
    assert db_path.read_bytes() == good.read_bytes()
    assert not Path(f"{db_path}.restoring").exists()
    ws.db = storage_backup_open(db_path)  # the fixture closes it again


def storage_backup_open(path: Path):
    from app.storage.db import open_database

    return open_database(path)


def test_a_damaged_backup_is_refused_and_nothing_changes(ws, tmp_path) -> None:
    bad = tmp_path / "motcua-20270203-100000.sqlite3"
    backup_database(ws.db.conn, bad)
    damage_header(bad)
    db_path = tmp_path / "home" / "motcua.sqlite3"
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as caught:
        restore_database(db_path, bad, tmp_path / "aside")
    assert "Chọn một bản sao lưu khác" in caught.value.message
    assert db_path.read_bytes() == before and not (tmp_path / "aside").exists()
