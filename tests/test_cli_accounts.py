"""`motcua account …`, `motcua --user …` and `motcua audit verify`, run in-process."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sample_data import applicant

from app import cli_accounts
from app.cli import run
from app.services import intake
from app.services.workstation import DB_FILE, open_workstation

ADMIN_PIN = "246813"
COUNTER_PIN = "975318"


@pytest.fixture(autouse=True)
def no_secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli_accounts.SECRET_ENV, raising=False)


@pytest.fixture
def motcua(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str]]:
    home = tmp_path / "home"

    def call(*args: str, stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        out = io.StringIO()
        code = run(["--home", str(home), *args], out)
        return code, out.getvalue()

    call.home = home  # type: ignore[attr-defined]
    return call


@pytest.fixture
def staffed(motcua):
    code, out = motcua(
        "account", "add", "admin", "--name", "Trần Quản Trị", "--role", "admin", "--pin",
        "--secret-stdin", stdin=f"{ADMIN_PIN}\n",
    )  # fmt: skip
    assert (code, out) == (0, "Đã tạo tài khoản admin — Trần Quản Trị (Quản trị viên).\n")
    code, _ = motcua(
        "--user", "admin", "--secret-stdin", "account", "add", "lan", "--name", "Nguyễn Thị Lan",
        "--role", "counter", "--secret-stdin", stdin=f"{ADMIN_PIN}\n{COUNTER_PIN}\n",
    )  # fmt: skip
    assert code == 0
    return motcua


def _types(home: Path) -> list[str]:
    ws = open_workstation(home)
    try:
        return [r[0] for r in ws.db.execute("SELECT type FROM events ORDER BY seq")]
    finally:
        ws.close()


def test_bootstrap_then_list(staffed, capsys) -> None:
    code, out = staffed("account", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["username"], r["role"], r["active"]) for r in rows] == [
        ("admin", "admin", True),
        ("lan", "counter", True),
    ]
    assert all("secret" not in key for r in rows for key in r)
    code, out = staffed("account", "list")
    assert "lan    Nguyễn Thị Lan — Giao dịch viên — hoạt động\n" in out
    # The admin's CLI sign-in and its end are in the trail.
    types = _types(staffed.home)
    assert types.count("auth.signed_in") == 1 and types.count("auth.signed_out") == 1
    assert json.loads(staffed("audit", "verify", "--json")[1])["ok"] is True


def test_without_user_a_second_account_is_refused(staffed, capsys) -> None:
    code, _ = staffed(
        "account", "add", "ha", "--name", "Lê Thu Hà", "--role", "supervisor",
        "--secret-stdin", stdin="Mật khẩu 2027\n",
    )  # fmt: skip
    assert code == 1
    assert "Cần đăng nhập để quản lý tài khoản" in capsys.readouterr().err


def test_first_account_must_be_admin(motcua, capsys) -> None:
    code, _ = motcua(
        "account", "add", "lan", "--name", "Lan", "--role", "counter", "--secret-stdin",
        stdin=f"{COUNTER_PIN}\n",
    )  # fmt: skip
    assert code == 1
    assert "tài khoản đầu tiên phải là quản trị viên" in capsys.readouterr().err


def test_counter_staff_cannot_add_or_unlock(staffed, monkeypatch, capsys) -> None:
    monkeypatch.setenv(cli_accounts.SECRET_ENV, COUNTER_PIN)
    code, _ = staffed(
        "--user", "lan", "account", "add", "x1", "--name", "X", "--role", "admin",
        "--secret-stdin", stdin="135792\n",
    )  # fmt: skip
    assert code == 1
    assert "không được quản lý tài khoản" in capsys.readouterr().err
    code, _ = staffed("--user", "lan", "account", "unlock", "admin")
    assert code == 1
    assert "không được quản lý tài khoản" in capsys.readouterr().err


def test_wrong_pins_lock_and_the_admin_unlocks(staffed, capsys) -> None:
    for _ in range(4):
        code, _ = staffed("--user", "lan", "--secret-stdin", "account", "list", stdin="000001\n")
        assert code == 1
    assert "không đúng" in capsys.readouterr().err
    code, _ = staffed("--user", "lan", "--secret-stdin", "account", "list", stdin="000001\n")
    assert code == 1
    assert "bị khóa đến" in capsys.readouterr().err
    code, _ = staffed(
        "--user", "lan", "--secret-stdin", "account", "list", stdin=f"{COUNTER_PIN}\n"
    )
    assert code == 1  # locked: the right PIN waits too
    code, out = staffed("account", "list")
    assert "lan" in out and "bị khóa đến" in out
    code, out = staffed(
        "--user", "admin", "--secret-stdin", "account", "unlock", "lan", stdin=f"{ADMIN_PIN}\n"
    )
    assert (code, out) == (0, "Đã mở khóa tài khoản lan (Nguyễn Thị Lan).\n")
    code, _ = staffed(
        "--user", "lan", "--secret-stdin", "account", "list", stdin=f"{COUNTER_PIN}\n"
    )
    assert code == 0
    assert "auth.locked" in _types(staffed.home)


def test_passwd_own_without_user_then_admin_reset(staffed, capsys) -> None:
    code, out = staffed(
        "account", "passwd", "lan", "--secret-stdin", stdin=f"{COUNTER_PIN}\n135792\n"
    )
    assert (code, out) == (0, "Đã đổi mã PIN/mật khẩu của lan.\n")
    code, _ = staffed("--user", "lan", "--secret-stdin", "account", "list", stdin="135792\n")
    assert code == 0
    code, _ = staffed(
        "--user", "admin", "--secret-stdin", "account", "passwd", "lan", "--secret-stdin",
        stdin=f"{ADMIN_PIN}\n864213\n",
    )  # fmt: skip
    assert code == 0
    code, _ = staffed("--user", "lan", "--secret-stdin", "account", "list", stdin="864213\n")
    assert code == 0


def test_secret_from_a_terminal_is_asked_twice(staffed, monkeypatch, capsys) -> None:
    answers = iter([ADMIN_PIN, "135792", "135793"])
    monkeypatch.setattr(cli_accounts.getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(cli_accounts, "_interactive", lambda: True)
    code, _ = staffed("--user", "admin", "account", "add", "ha", "--name", "Hà", "--role", "admin")
    assert code == 1
    assert "không khớp" in capsys.readouterr().err


def test_no_secret_and_no_terminal_says_how(staffed, capsys) -> None:
    code, _ = staffed("--user", "admin", "account", "list")
    assert code == 1
    assert "MOTCUA_SECRET" in capsys.readouterr().err


def test_audit_verify_exit_codes_and_the_named_row(staffed) -> None:
    code, out = staffed("audit", "verify")
    assert code == 0
    assert out.startswith("Nhật ký nguyên vẹn:")
    conn = sqlite3.connect(staffed.home / DB_FILE, isolation_level=None)
    try:
        device, seq, type_ = conn.execute(
            "SELECT device_id, seq, type FROM events WHERE type = 'account.created' LIMIT 1"
        ).fetchone()
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute(
            "UPDATE events SET payload = replace(payload, 'admin', 'counter')"
            " WHERE device_id = ? AND seq = ?",
            [device, seq],
        )
    finally:
        conn.close()
    code, out = staffed("audit", "verify")
    assert code == cli_accounts.EXIT_TAMPERED == 3
    assert "KHÔNG nguyên vẹn" in out
    assert f"Sự kiện {device}#{seq} ({type_}, mã " in out
    assert "events_no_update" in out
    code, out = staffed("audit", "verify", "--json")
    report = json.loads(out)
    assert code == 3 and report["ok"] is False
    assert f"{device}#{seq}" in [p["row"] for p in report["problems"]]


SUPERVISOR_PIN = "864213"


def test_only_a_supervisor_closes_a_day_or_exports_the_book(staffed, tmp_path, capsys) -> None:
    code, _ = staffed(
        "--user", "admin", "--secret-stdin", "account", "add", "ha", "--name", "Lê Thu Hà",
        "--role", "supervisor", "--secret-stdin", stdin=f"{ADMIN_PIN}\n{SUPERVISOR_PIN}\n",
    )  # fmt: skip
    assert code == 0
    ws = open_workstation(staffed.home)
    procedure = ws.catalog.procedures["1.001193"]
    documents = [
        {"name": d.name, "kind": d.kind.value, "count": d.count}
        for d in procedure.documents
        if not d.optional
    ]
    intake.receive_dossier(
        ws, {"procedure": "1.001193", "applicant": applicant(), "documents": documents}
    )
    today = ws.now().date().isoformat()
    year = str(ws.now().year)
    ws.close()
    close = ("day", "close", "--date", today, "--cash-total", "0")
    book = tmp_path / "so.pdf"

    code, _ = staffed("--user", "lan", "--secret-stdin", *close, stdin=f"{COUNTER_PIN}\n")
    assert code == 1 and "không được chốt ngày" in capsys.readouterr().err
    code, _ = staffed(
        "--user", "lan", "--secret-stdin", "book", "--year", year, "-o", str(book),
        stdin=f"{COUNTER_PIN}\n",
    )  # fmt: skip
    assert code == 1 and "không được xuất dữ liệu có thông tin cá nhân" in capsys.readouterr().err
    assert not book.exists()
    assert "day.closed" not in _types(staffed.home)

    code, _ = staffed(
        "--user", "ha", "--secret-stdin", *close, "--reason", "Cước chưa thu, sẽ nộp bù",
        stdin=f"{SUPERVISOR_PIN}\n",
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    code, _ = staffed(
        "--user", "ha", "--secret-stdin", "book", "--year", year, "-o", str(book),
        stdin=f"{SUPERVISOR_PIN}\n",
    )  # fmt: skip
    assert code == 0 and book.read_bytes().startswith(b"%PDF")
    assert "day.closed" in _types(staffed.home)
