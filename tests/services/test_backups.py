"""The backup service: when backups are made, thinning, USB, restore, damage at open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from backup_helpers import damage_header, damage_pages, receive

from app.domain.errors import DomainError
from app.services import accounts, backups, restore
from app.services.workstation import DB_FILE, open_workstation
from app.storage.backup import CorruptDatabase
from app.storage.db import StorageError


def _events(ws, type_: str) -> list[dict]:
    import json

    rows = ws.db.execute("SELECT payload FROM events WHERE type = ? ORDER BY rowid", [type_])
    return [json.loads(r[0]) for r in rows]


def test_backup_now_records_an_event_and_lists(ws) -> None:
    receive(ws, 2)
    info = backups.backup_now(ws)
    assert info.path.parent == ws.home / "backups" and info.dossiers == 2
    assert _events(ws, "device.backed_up")[-1]["file"] == info.path.name
    listed = backups.list_backups(ws.home / "backups")
    assert [(i.path, i.dossiers) for i in listed] == [(info.path, 2)]
    assert "2 hồ sơ" in info.label and "10:00" in info.label


def test_maybe_backup_only_after_changes_and_the_interval(ws, clock) -> None:
    first = backups.maybe_backup(ws)
    assert first is not None  # the first run's events were never backed up
    assert backups.maybe_backup(ws) is None  # nothing changed (its own event is no change)
    receive(ws, 1)
    clock.moment += timedelta(minutes=5)
    assert backups.maybe_backup(ws) is None  # within the 10 minutes
    assert backups.backup_on_exit(ws) is not None  # closing ignores the interval
    receive(ws, 1)
    clock.moment += timedelta(minutes=11)
    assert backups.maybe_backup(ws) is not None
    ws.save_settings({"backup.enabled": False})
    receive(ws, 1)
    clock.moment += timedelta(minutes=11)
    assert backups.maybe_backup(ws) is None


def test_thinning_after_each_backup_keeps_the_policy(ws, clock) -> None:
    for _day in range(40):
        receive(ws, 1)
        backups.backup_now(ws)
        clock.moment += timedelta(days=1)
    names = [i.path.name for i in backups.list_backups(ws.home / "backups")]
    assert len(names) <= 2 + backups.policy(ws).max_older
    assert names[0].startswith("motcua-20270314")  # the newest is always there
    assert len(names) < 40


def test_backup_to_a_usb_folder(ws, tmp_path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    receive(ws, 1)
    info = backups.backup_to(ws, usb)
    assert info.path.parent == usb / "motcua-backups" and info.dossiers == 1
    with pytest.raises(DomainError, match="Cắm lại ổ USB"):
        backups.backup_to(ws, tmp_path / "unplugged")


def test_a_full_disk_reports_and_keeps_the_last_good_backup(ws, monkeypatch) -> None:
    good = backups.backup_now(ws)
    receive(ws, 1)

    def no_room(folder, needed):
        raise StorageError("Ổ đĩa chứa backups không đủ chỗ để sao lưu: … vẫn còn nguyên.")

    with pytest.raises(StorageError, match="không đủ chỗ"):
        backups.backup_now(ws, free_space=no_room)
    assert [i.path for i in backups.list_backups(ws.home / "backups")] == [good.path]
    assert backups.needs_backup(ws)  # still owed: the next tick tries again


def test_restore_replaces_the_database_and_records_it(ws, clock) -> None:
    codes = receive(ws, 3)
    info = backups.backup_now(ws)
    receive(ws, 2)  # after the backup: lost by the restore
    home = ws.home
    ws.close()
    clock.moment += timedelta(hours=1)
    result = restore.restore(home, info.path, actor="Trần Thị B", clock=clock)
    assert result.dossiers == 3 and result.aside.exists()
    reopened = open_workstation(home, clock=clock)
    try:
        stored = {r[0] for r in reopened.db.execute("SELECT code FROM dossiers")}
        assert stored == set(codes)
        restored = _events(reopened, "device.restored")[-1]
        assert restored["file"] == info.path.name and restored["dossiers"] == 3
        assert not backups.needs_backup(reopened)
    finally:
        reopened.close()
    ws.db = open_workstation(home, clock=clock).db  # the fixture closes it


@pytest.mark.parametrize("damage", [damage_header, damage_pages])
def test_open_checked_names_the_newest_good_backup(ws, clock, damage) -> None:
    receive(ws, 30)
    older = backups.backup_now(ws)
    clock.moment += timedelta(minutes=30)
    receive(ws, 1)
    newest = backups.backup_now(ws)
    damage_header(newest.path)  # the newest backup is damaged too: the older one is offered
    home = ws.home
    ws.close()
    damage(home / DB_FILE)
    try:
        with pytest.raises(CorruptDatabase) as caught:
            opened = backups.open_checked(home, clock=clock)
            # a damaged page may only show when read: the check after start finds it
            damage_found = backups.check_live_database(home)
            opened.close()
            assert damage_found is not None
            raise damage_found
        assert caught.value.backup is not None and caught.value.backup.path == older.path
        assert "bị hỏng" in caught.value.message
    finally:
        restore.restore(home, older.path, clock=clock)
        ws.db = open_workstation(home, clock=clock).db


def test_a_database_that_does_not_open_for_other_reasons_is_not_damage(tmp_path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    with pytest.raises(StorageError) as caught:
        backups.open_checked(blocked)
    assert not isinstance(caught.value, CorruptDatabase)


def test_only_a_supervisor_or_admin_may_restore_once_accounts_exist(ws) -> None:
    restore.authorize_restore(ws)  # no accounts yet: allowed
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", "246813")
    with pytest.raises(DomainError, match="kiểm soát viên hoặc quản trị viên"):
        restore.authorize_restore(ws)  # nobody signed in
    accounts.sign_in(ws, "admin", "246813")
    accounts.create_account(ws, "ha.le", "Lê Thu Hà", "supervisor", "Trưởng bưu cục 2027")
    accounts.create_account(ws, "lan", "Nguyễn Thị Lan", "counter", "975318")
    restore.authorize_restore(ws)
    accounts.sign_in(ws, "lan", "975318")
    with pytest.raises(DomainError):
        restore.authorize_restore(ws)
    accounts.sign_in(ws, "ha.le", "Trưởng bưu cục 2027")
    restore.authorize_restore(ws)


def test_removable_drives_lists_mounted_folders_only() -> None:
    import os

    assert all(p.is_dir() and os.path.ismount(p) for p in backups.removable_drives())
