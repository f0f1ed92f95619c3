"""Accounts: scrypt hashes, sign-in, lock-out, role checks, and events that never hold a secret."""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata
from datetime import timedelta

import pytest

from app.domain.errors import DomainError, ValidationFailed
from app.domain.roles import PermissionDenied, Role
from app.services import accounts
from app.services.accounts import AccountLocked, AuthenticationFailed
from app.services.workstation import open_workstation
from app.storage.events import verify_chain

ADMIN_PIN = "246813"
SUPERVISOR_PW = "Trưởng bưu cục 2027"
COUNTER_PIN = "975318"


def _events(ws, *types: str) -> list[tuple[str, dict, str]]:
    marks = ",".join("?" * len(types))
    rows = ws.db.execute(
        f"SELECT type, payload, actor FROM events WHERE type IN ({marks}) ORDER BY seq", types
    ).fetchall()
    return [(t, json.loads(p), a) for t, p, a in rows]


@pytest.fixture
def staffed(ws):
    """An admin (bootstrap), a supervisor and a counter clerk; nobody signed in."""
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", ADMIN_PIN)
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    accounts.create_account(ws, "ha.le", "Lê Thu Hà", Role.SUPERVISOR, SUPERVISOR_PW)
    accounts.create_account(ws, "lan", "Nguyễn Thị Lan", Role.COUNTER, COUNTER_PIN)
    accounts.sign_out(ws)
    return ws


# ---------------------------------------------------------------- hashing


def test_hash_format_is_scrypt_with_salt_and_the_parameters() -> None:
    stored = accounts.hash_secret(ADMIN_PIN)
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    salt_bytes = base64.b64decode(salt, validate=True)
    assert len(salt_bytes) == 16
    expected = hashlib.scrypt(ADMIN_PIN.encode(), salt=salt_bytes, n=2**14, r=8, p=1, dklen=32)
    assert base64.b64decode(digest) == expected
    assert accounts.hash_secret(ADMIN_PIN) != stored  # a fresh salt every time
    assert accounts.verify_secret(ADMIN_PIN, stored)
    assert not accounts.verify_secret("246814", stored)
    assert not accounts.verify_secret("", stored)


def _hash_with(secret: str, n: int, r: int = 8, p: int = 1, salt: bytes = b"s" * 16) -> str:
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=2**28)
    enc = base64.b64encode
    return f"scrypt${n}${r}${p}${enc(salt).decode()}${enc(digest).decode()}"


def test_verify_rechecks_the_stored_parameters() -> None:
    # A correct hash with weakened (or absurd) parameters is refused, not trusted.
    assert not accounts.verify_secret("246813", _hash_with("246813", n=2**10))
    assert not accounts.verify_secret("246813", _hash_with("246813", n=2**14, salt=b"short"))
    huge = _hash_with("246813", n=2**14).replace("$16384$", f"${2**30}$")
    assert not accounts.verify_secret("246813", huge)  # refused before spending 128 GiB
    for broken in ("", "bcrypt$x", "scrypt$16384$8$1$!!$!!", "scrypt$16383$8$1$AA==$AA=="):
        assert not accounts.verify_secret("246813", broken)
    # Stronger settings than today's still verify, and are marked for a rehash.
    stronger = _hash_with("246813", n=2**15)
    assert accounts.verify_secret("246813", stronger)
    assert accounts.needs_rehash(stronger)
    assert not accounts.needs_rehash(accounts.hash_secret("246813"))


def test_a_password_typed_decomposed_matches_the_composed_one() -> None:
    stored = accounts.hash_secret(SUPERVISOR_PW)
    assert accounts.verify_secret(unicodedata.normalize("NFD", SUPERVISOR_PW), stored)


@pytest.mark.parametrize(
    ("secret", "kind", "words"),
    [
        ("24681", None, "ít nhất 6 chữ số"),
        ("123456", None, "dễ đoán"),
        ("777777", None, "dễ đoán"),
        ("987654", "pin", "dễ đoán"),
        ("24681a3", "pin", "chữ số"),
        ("mk2027", None, "ít nhất 8 ký tự"),
        ("        ", "password", "dấu cách"),
        ("x" * 129, None, "128"),
    ],
)
def test_weak_secrets_are_refused_in_vietnamese(secret, kind, words) -> None:
    problem = accounts.secret_problem(secret, kind)
    assert problem is not None and words in problem.message
    assert accounts.secret_problem("24681357", "password") is None
    assert accounts.secret_problem("246813") is None


# ---------------------------------------------------------------- creating accounts


def test_the_first_account_must_be_an_admin_and_needs_no_sign_in(ws) -> None:
    assert accounts.needs_first_admin(ws)
    with pytest.raises(DomainError, match="đầu tiên phải là quản trị viên"):
        accounts.create_account(ws, "lan", "Nguyễn Thị Lan", "counter", COUNTER_PIN)
    assert accounts.list_accounts(ws) == []
    admin = accounts.create_account(ws, "Admin ", "Trần Quản Trị", "admin", ADMIN_PIN)
    assert (admin.username, admin.role, admin.active) == ("admin", Role.ADMIN, True)
    assert not accounts.needs_first_admin(ws)
    [(_, payload, actor)] = _events(ws, "account.created")
    assert payload == {
        "username": "admin",
        "display_name": "Trần Quản Trị",
        "role": "admin",
        "bootstrap": True,
    }
    assert actor == "Trần Quản Trị"
    # The bootstrap is over: the next account needs an administrator signed in.
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        accounts.create_account(ws, "lan", "Nguyễn Thị Lan", "counter", COUNTER_PIN)


def test_create_reports_every_bad_field(ws) -> None:
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_account(ws, "Ô tô!", "", "admin", "12")
    assert [e.field for e in caught.value.errors] == ["username", "display_name", "secret"]
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", ADMIN_PIN)
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_account(ws, "lan", "Lan", "boss", COUNTER_PIN)
    assert [e.field for e in caught.value.errors] == ["role"]
    with pytest.raises(DomainError, match="đã có"):
        accounts.create_account(ws, "ADMIN", "Ai đó", "counter", COUNTER_PIN)


@pytest.mark.parametrize("who", ["lan", "ha.le"])
def test_counter_and_supervisor_cannot_manage_accounts(staffed, who) -> None:
    ws = staffed
    accounts.sign_in(ws, who, COUNTER_PIN if who == "lan" else SUPERVISOR_PW)
    with pytest.raises(PermissionDenied, match="quản lý tài khoản"):
        accounts.create_account(ws, "moi", "Người Mới", "counter", "135792")
    with pytest.raises(PermissionDenied):
        accounts.unlock(ws, "admin")
    with pytest.raises(PermissionDenied):
        accounts.set_active(ws, "admin", False)
    with pytest.raises(PermissionDenied):
        accounts.set_role(ws, who, "admin")
    with pytest.raises(PermissionDenied):
        accounts.change_secret(ws, "admin", None, "135792")
    with pytest.raises(PermissionDenied):
        accounts.set_idle_lock_minutes(ws, 30)
    assert accounts.get_account(ws, "moi") is None
    assert accounts.get_account(ws, "admin").role is Role.ADMIN


# ---------------------------------------------------------------- signing in


def test_sign_in_sets_the_session_and_the_staff_name(staffed) -> None:
    ws = staffed
    session = accounts.sign_in(ws, "  LAN ", COUNTER_PIN)
    assert ws.session == session
    assert (session.username, session.role, session.signed_in_at) == ("lan", "counter", ws.now())
    assert ws.staff == "Nguyễn Thị Lan"
    accounts.sign_out(ws)
    assert ws.session is None
    types = [t for t, _, _ in _events(ws, "auth.signed_in", "auth.signed_out")]
    assert types[-2:] == ["auth.signed_in", "auth.signed_out"]


def test_unknown_user_gets_the_same_message_as_a_wrong_secret(staffed) -> None:
    ws = staffed
    with pytest.raises(AuthenticationFailed) as unknown:
        accounts.sign_in(ws, "khongco", COUNTER_PIN)
    with pytest.raises(AuthenticationFailed) as wrong:
        accounts.sign_in(ws, "lan", "135792")
    assert unknown.value.message == wrong.value.message
    assert "không đúng" in wrong.value.message
    failed = _events(ws, "auth.failed")
    assert failed[0][1] == {"reason": "unknown_user", "via": "app"}  # no username: could be a PIN
    assert failed[1][1] == {"username": "lan", "reason": "wrong_secret", "failed": 1, "via": "app"}
    assert ws.session is None


def test_five_wrong_secrets_lock_for_fifteen_minutes(staffed, clock) -> None:
    ws = staffed
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as caught:
            accounts.sign_in(ws, "lan", "135792")
        assert not isinstance(caught.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        accounts.sign_in(ws, "lan", "135792")
    assert locked.value.until == ws.now() + timedelta(minutes=15)
    message = locked.value.message
    assert "bị khóa đến 10 giờ 15 phút, ngày 03/02/2027" in message
    assert "Trần Quản Trị" in message  # who can unlock it
    # The right PIN does not get through a lock.
    with pytest.raises(AccountLocked):
        accounts.sign_in(ws, "lan", COUNTER_PIN)
    [(_, lock, _)] = _events(ws, "auth.locked")
    assert lock["until"] == "2027-02-03T10:15:00+07:00"
    clock.moment += timedelta(minutes=14, seconds=59)
    with pytest.raises(AccountLocked):
        accounts.sign_in(ws, "lan", COUNTER_PIN)
    clock.moment += timedelta(seconds=1)
    assert accounts.sign_in(ws, "lan", COUNTER_PIN).username == "lan"
    info = accounts.get_account(ws, "lan")
    assert (info.failed, info.locked_until) == (0, None)
    assert verify_chain(ws.db) == []


def test_a_success_resets_the_count(staffed) -> None:
    ws = staffed
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            accounts.sign_in(ws, "lan", "135792")
    assert accounts.get_account(ws, "lan").failed == 4
    accounts.sign_in(ws, "lan", COUNTER_PIN)
    assert accounts.get_account(ws, "lan").failed == 0
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as caught:
            accounts.sign_in(ws, "lan", "135792")
        assert not isinstance(caught.value, AccountLocked)


def test_admin_unlocks_and_the_unlock_is_an_event(staffed) -> None:
    ws = staffed
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            accounts.sign_in(ws, "lan", "135792")
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    info = accounts.unlock(ws, "lan")
    assert (info.failed, info.locked_until) == (0, None)
    [(_, payload, actor)] = _events(ws, "account.changed")
    assert payload == {"username": "lan", "changes": ["unlocked"], "was_locked": True}
    assert actor == "Trần Quản Trị"
    assert accounts.sign_in(ws, "lan", COUNTER_PIN).username == "lan"


def test_the_only_admin_locked_out_is_told_to_wait(ws) -> None:
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", ADMIN_PIN)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed) as caught:
            accounts.sign_in(ws, "admin", "135792")
    assert "không có quản trị viên nào khác" in caught.value.message


def test_sign_in_rehashes_an_old_hash(staffed) -> None:
    ws = staffed
    ws.db.execute(
        "UPDATE accounts SET secret_hash = ? WHERE username = 'lan'",
        [_hash_with(COUNTER_PIN, n=2**15)],
    )
    accounts.sign_in(ws, "lan", COUNTER_PIN)
    stored = ws.db.execute("SELECT secret_hash FROM accounts WHERE username = 'lan'").fetchone()[0]
    assert stored.startswith("scrypt$16384$8$1$")
    assert accounts.verify_secret(COUNTER_PIN, stored)


# ---------------------------------------------------------------- changes


def test_change_own_secret_needs_the_old_one(staffed) -> None:
    ws = staffed
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        accounts.change_secret(ws, "lan", COUNTER_PIN, "135792")
    accounts.sign_in(ws, "lan", COUNTER_PIN)
    with pytest.raises(AuthenticationFailed):
        accounts.change_secret(ws, "lan", "864213", "135792")
    assert accounts.get_account(ws, "lan").failed == 1  # counts toward the lock-out
    with pytest.raises(DomainError, match="khác mã đang dùng"):
        accounts.change_secret(ws, "lan", COUNTER_PIN, COUNTER_PIN)
    with pytest.raises(ValidationFailed):
        accounts.change_secret(ws, "lan", COUNTER_PIN, "111111")
    accounts.change_secret(ws, "lan", COUNTER_PIN, "135792")
    accounts.sign_out(ws)
    with pytest.raises(AuthenticationFailed):
        accounts.sign_in(ws, "lan", COUNTER_PIN)
    accounts.sign_in(ws, "lan", "135792")


def test_admin_resets_a_forgotten_pin_and_lifts_the_lock(staffed) -> None:
    ws = staffed
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            accounts.sign_in(ws, "lan", "864213")
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    accounts.change_secret(ws, "lan", None, "135792")
    assert accounts.get_account(ws, "lan").locked_until is None
    [(_, payload, _)] = _events(ws, "account.changed")
    assert payload == {"username": "lan", "changes": ["secret"], "reset_by_admin": True}
    assert accounts.sign_in(ws, "lan", "135792").username == "lan"


def test_deactivated_accounts_cannot_sign_in(staffed) -> None:
    ws = staffed
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    with pytest.raises(DomainError, match="Không tự ngừng"):
        accounts.set_active(ws, "admin", False)
    with pytest.raises(DomainError, match="Không tự đổi vai trò"):
        accounts.set_role(ws, "admin", "counter")
    accounts.set_active(ws, "lan", False)
    with pytest.raises(AuthenticationFailed, match="ngừng hoạt động"):
        accounts.sign_in(ws, "lan", COUNTER_PIN)
    with pytest.raises(AuthenticationFailed, match="không đúng"):
        accounts.sign_in(ws, "lan", "864213")  # a wrong secret learns nothing more
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    accounts.set_active(ws, "lan", True)
    assert accounts.sign_in(ws, "lan", COUNTER_PIN).username == "lan"
    changes = [(p["changes"], p["active"]) for _, p, _ in _events(ws, "account.changed")]
    assert changes == [(["active"], False), (["active"], True)]


def test_the_last_active_admin_cannot_be_removed(staffed, clock) -> None:
    ws = staffed
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    accounts.set_role(ws, "ha.le", "admin")
    # A second counter PC on the same data: Hà, now an admin, stops the first admin's account
    # while the first admin is still signed in here.
    other = open_workstation(ws.home, clock=clock)
    try:
        accounts.sign_in(other, "ha.le", SUPERVISOR_PW)
        accounts.set_active(other, "admin", False)
    finally:
        other.close()
    with pytest.raises(DomainError, match="quản trị viên cuối cùng"):
        accounts.set_active(ws, "ha.le", False)
    with pytest.raises(DomainError, match="quản trị viên cuối cùng"):
        accounts.set_role(ws, "ha.le", "supervisor")
    assert accounts.get_account(ws, "ha.le").role is Role.ADMIN


def test_idle_lock_setting(staffed, clock) -> None:
    ws = staffed
    assert accounts.idle_lock_minutes(ws) == accounts.IDLE_LOCK_MINUTES == 10
    start = ws.now()
    clock.moment += timedelta(minutes=9, seconds=59)
    assert not accounts.idle_expired(ws, start)
    clock.moment += timedelta(seconds=1)
    assert accounts.idle_expired(ws, start)
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    with pytest.raises(ValidationFailed, match="từ 1 đến 60"):
        accounts.set_idle_lock_minutes(ws, 0)
    accounts.set_idle_lock_minutes(ws, 5)
    assert accounts.idle_lock_minutes(ws) == 5
    assert _events(ws, "account.settings_changed")[0][1] == {
        "key": "accounts.idle_lock_minutes",
        "value": 5,
    }


# ---------------------------------------------------------------- no secrets in the trail


def test_events_hold_no_secret_and_no_hash(staffed) -> None:
    ws = staffed
    tried = ["864213", "Mật khẩu sai 99", "khongco-ai"]
    for secret in tried:
        with pytest.raises(AuthenticationFailed):
            accounts.sign_in(ws, "ha.le", secret)
    with pytest.raises(AuthenticationFailed):
        accounts.sign_in(ws, "nobody", "Mật khẩu của tôi")
    accounts.sign_in(ws, "lan", COUNTER_PIN)
    accounts.change_secret(ws, "lan", COUNTER_PIN, "135792")
    accounts.sign_in(ws, "admin", ADMIN_PIN)
    accounts.change_secret(ws, "ha.le", None, "Mật khẩu mới 2028")
    accounts.unlock(ws, "ha.le")
    accounts.sign_out(ws)

    dump = "\n".join("|".join(str(c) for c in row) for row in ws.db.execute("SELECT * FROM events"))
    hashes = [r[0] for r in ws.db.execute("SELECT secret_hash FROM accounts")]
    secrets = [ADMIN_PIN, SUPERVISOR_PW, COUNTER_PIN, "135792", "Mật khẩu mới 2028", *tried]
    secrets.append("Mật khẩu của tôi")
    for needle in secrets:
        assert needle not in dump
    for stored in hashes:
        _, _, _, _, salt, digest = stored.split("$")
        assert salt not in dump and digest not in dump
    assert "scrypt$" not in dump
    kinds = {t for t, _, _ in _events(ws, "auth.signed_in", "auth.failed", "account.changed")}
    assert kinds == {"auth.signed_in", "auth.failed", "account.changed"}
    assert all(
        not hasattr(info, "secret_hash") and "secret" not in json.dumps(info.as_dict())
        for info in accounts.list_accounts(ws)
    )


def test_names_the_event_log_uses_for_the_system_are_refused(ws):
    for username, name in (("hub", "Nguyễn Văn Hùng"), ("lan.nguyen", "hub"), ("system", "Lan")):
        with pytest.raises(ValidationFailed):
            accounts.create_account(ws, username, name, "admin", "246813")
    assert accounts.list_accounts(ws) == []
