"""`motcua backup` and `motcua restore`, including the drill from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from backup_helpers import damage_header, receive

from app.cli import run
from app.services.workstation import DB_FILE, open_workstation


def motcua(home: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run(["--home", str(home), *args], out=out)
    return code, out.getvalue()


def _codes(home: Path) -> set[str]:
    ws = open_workstation(home)
    try:
        return {r[0] for r in ws.db.execute("SELECT code FROM dossiers")}
    finally:
        ws.close()


def test_the_restore_drill_from_the_command_line(tmp_path, capsys) -> None:
    home = tmp_path / "home"
    ws = open_workstation(home)
    codes = set(receive(ws, 4))
    ws.close()
    code, out = motcua(home, "backup", "--json")
    made = json.loads(out)
    assert code == 0 and made["ok"] and made["dossiers"] == 4
    code, out = motcua(home, "backup", "list")
    assert code == 0 and "(4 hồ sơ)" in out and "Chính sách" in out

    damage_header(home / DB_FILE)
    code, _out = motcua(home, "check")
    assert code == 3
    assert "motcua restore --latest" in capsys.readouterr().err

    code, _out = motcua(home, "restore", "--latest")  # no terminal to confirm on
    assert code == 2 and "--yes" in capsys.readouterr().err
    code, out = motcua(home, "restore", "--latest", "--yes", "--json")
    result = json.loads(out)
    assert code == 0 and result["ok"] and result["dossiers"] == 4
    assert Path(result["replaced_kept_at"]).exists()
    assert _codes(home) == codes
    code, out = motcua(home, "check")
    assert code == 0


def test_backup_to_a_folder_and_restore_a_named_file(tmp_path) -> None:
    home, usb = tmp_path / "home", tmp_path / "usb"
    usb.mkdir()
    ws = open_workstation(home)
    receive(ws, 2)
    ws.close()
    code, out = motcua(home, "backup", "--to", str(usb))
    assert code == 0 and "Đã sao lưu" in out
    (copy,) = (usb / "motcua-backups").iterdir()
    ws = open_workstation(home)
    receive(ws, 3)
    ws.close()
    code, out = motcua(home, "restore", str(copy), "--yes")
    assert code == 0 and "2 hồ sơ" in out
    code, out = motcua(home, "backup", "list", "--folder", str(usb / "motcua-backups"), "--json")
    assert [b["dossiers"] for b in json.loads(out)["backups"]] == [2]


def test_restore_needs_a_supervisor_once_accounts_exist(tmp_path, capsys, monkeypatch) -> None:
    from app.services import accounts

    home = tmp_path / "home"
    ws = open_workstation(home)
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", "246813")
    ws.close()
    assert motcua(home, "backup")[0] == 0
    code, _ = motcua(home, "restore", "--latest", "--yes")
    assert code == 1 and "quản trị viên" in capsys.readouterr().err
    monkeypatch.setenv("MOTCUA_SECRET", "246813")
    out = io.StringIO()
    code = run(["--home", str(home), "--user", "admin", "restore", "--latest", "--yes"], out=out)
    assert code == 0 and "Đã khôi phục" in out.getvalue()


def test_backup_that_cannot_be_written_says_so(tmp_path, capsys, monkeypatch) -> None:
    from app.storage import backup as storage_backup

    home = tmp_path / "home"
    open_workstation(home).close()
    usage = storage_backup.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(storage_backup.shutil, "disk_usage", lambda _p: usage._replace(free=10))
    code, _ = motcua(home, "backup")
    assert code == 3 and "không đủ chỗ" in capsys.readouterr().err
