"""Accounts, sign-in and lock-out: who works at the counter, proven by a PIN or a password.

Secrets are hashed with scrypt (memory-hard, in the standard library) and stored as
``scrypt$n$r$p$salt_b64$hash_b64``; only that string is kept, in ``accounts.secret_hash``, and
never in an event. Every sign-in, failed sign-in, lock, sign-out and account change is an event
in the hash chain, appended in the same transaction as the row it describes.

Role checks live in app.services.authz; this module calls ``authz.require`` like every other
privileged service, so the window and the CLI are held to the same rules.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from app.domain.errors import DomainError, FieldError, ValidationFailed
from app.domain.roles import ROLE_LABELS, Permission, PermissionDenied, Role, SignedIn
from app.domain.text import format_vn_datetime, nfc
from app.services import authz
from app.services.workstation import Workstation
from app.storage.db import transaction
from app.storage.events import append_event
from app.storage.settings import get_setting, set_setting

# scrypt cost: 16 MiB and ~60 ms per check on a counter PC; stored with each hash so it can rise.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
# What verify accepts from the database: weaker settings would make a stolen file cheap to crack,
# stronger ones beyond this would let an edited row make every sign-in eat the machine's memory.
_MIN_N, _MAX_N = 2**14, 2**20
_MAX_R, _MAX_P = 32, 16
_MAX_MEM = 256 * 2**20

MIN_PIN_DIGITS = 6
MIN_PASSWORD_CHARS = 8
MAX_SECRET_CHARS = 128
MAX_FAILED = 5
LOCK_MINUTES = 15

IDLE_LOCK_MINUTES = 10  # the default; the setting below overrides it
IDLE_LOCK_KEY = "accounts.idle_lock_minutes"
IDLE_LOCK_RANGE = (1, 60)

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
_DIGITS = re.compile(r"[0-9]+")

WRONG_SECRET = (
    "Tên đăng nhập hoặc mã PIN/mật khẩu không đúng. Kiểm tra lại (bộ gõ tiếng Việt, phím Caps "
    f"Lock) rồi nhập lại; sai {MAX_FAILED} lần liên tiếp thì tài khoản bị khóa {LOCK_MINUTES} phút."
)


class SecretKind(StrEnum):
    PIN = "pin"
    PASSWORD = "password"

    @property
    def label(self) -> str:
        return "mã PIN" if self is SecretKind.PIN else "mật khẩu"


class AuthenticationFailed(DomainError):
    """Unknown user or wrong secret (one message for both), or an account that may not sign in."""


class AccountLocked(AuthenticationFailed):
    def __init__(self, username: str, until: datetime, message: str) -> None:
        super().__init__(message)
        self.username = username
        self.until = until


@dataclass(frozen=True)
class AccountInfo:
    """An account as people may see it: no secret, no hash."""

    username: str
    display_name: str
    role: Role
    active: bool
    failed: int
    locked_until: datetime | None
    created_at: datetime

    def locked_at(self, moment: datetime) -> bool:
        return self.locked_until is not None and moment < self.locked_until

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.value,
            "role_label": self.role.label,
            "active": self.active,
            "failed": self.failed,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "created_at": self.created_at.isoformat(),
        }


# ---------------------------------------------------------------- hashing


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _secret_bytes(secret: str) -> bytes:
    # NFC: the same password typed with Telex/VNI (composed or not) must hash the same.
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        _secret_bytes(secret), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=_MAX_MEM
    )


def hash_secret(secret: str) -> str:
    """``scrypt$n$r$p$salt_b64$hash_b64`` with a fresh 16-byte random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


@dataclass(frozen=True)
class _Params:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def _parse(stored: str) -> _Params | None:
    """The stored string's parameters, or None when it is malformed or outside safe bounds."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None
    power_of_two = n & (n - 1) == 0
    if not (power_of_two and _MIN_N <= n <= _MAX_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    if 128 * r * (n + p) > _MAX_MEM or len(salt) < SALT_BYTES or len(digest) < HASH_BYTES:
        return None
    return _Params(n, r, p, salt, digest)


def verify_secret(secret: str, stored: str) -> bool:
    """True when ``secret`` matches; False for a wrong secret or a malformed/unsafe hash."""
    params = _parse(stored)
    if params is None:
        return False
    candidate = _scrypt(secret, params.salt, params.n, params.r, params.p, len(params.digest))
    return hmac.compare_digest(candidate, params.digest)


def needs_rehash(stored: str) -> bool:
    """The hash was made with other settings than today's (rehashed at the next sign-in)."""
    params = _parse(stored)
    return params is None or (params.n, params.r, params.p, len(params.salt)) != (
        SCRYPT_N,
        SCRYPT_R,
        SCRYPT_P,
        SALT_BYTES,
    )


@cache
def _decoy_hash() -> str:
    return hash_secret(secrets.token_hex(16))


def _spend_like_a_check(secret: str) -> None:
    """Take as long as a real check, so timing does not tell which usernames exist."""
    verify_secret(secret, _decoy_hash())


# ---------------------------------------------------------------- validation


def _field(name: str, label: str, message: str) -> FieldError:
    return FieldError(name, label, message)


def secret_problem(secret: str, kind: SecretKind | str | None = None) -> FieldError | None:
    """Why ``secret`` cannot be used, or None. ``kind`` None: all digits = PIN, else password."""
    kind = SecretKind(kind) if kind is not None else None
    if kind is None:
        kind = SecretKind.PIN if _DIGITS.fullmatch(secret) else SecretKind.PASSWORD
    label = "Mã PIN" if kind is SecretKind.PIN else "Mật khẩu"
    if len(secret) > MAX_SECRET_CHARS:
        return _field("secret", label, f"Dài quá {MAX_SECRET_CHARS} ký tự. Chọn mã ngắn hơn.")
    if kind is SecretKind.PIN:
        if not _DIGITS.fullmatch(secret):
            return _field("secret", label, "Chỉ gồm chữ số 0–9. Nhập lại.")
        if len(secret) < MIN_PIN_DIGITS:
            return _field("secret", label, f"Cần ít nhất {MIN_PIN_DIGITS} chữ số. Nhập lại.")
        if _guessable_pin(secret):
            return _field(
                "secret",
                label,
                "Quá dễ đoán (các số giống nhau hoặc liên tiếp như 123456). Chọn dãy số khác.",
            )
        return None
    if len(secret) < MIN_PASSWORD_CHARS:
        return _field("secret", label, f"Cần ít nhất {MIN_PASSWORD_CHARS} ký tự. Nhập lại.")
    if not secret.strip():
        return _field("secret", label, "Không được chỉ gồm dấu cách. Nhập lại.")
    return None


def _guessable_pin(pin: str) -> bool:
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps in ({0}, {1}, {9})


def validate_secret(secret: str, kind: SecretKind | str | None = None) -> None:
    problem = secret_problem(secret, kind)
    if problem is not None:
        raise ValidationFailed([problem])


def normalize_username(username: str) -> str:
    return nfc(username).lower()


# Names the event log uses for the system itself (the hub's feed is recorded as actor "hub"):
# a person may not take them, or their events would pass as the system's.
RESERVED_NAMES = frozenset({"hub", "system", "demo"})


def username_problem(username: str) -> FieldError | None:
    """Why ``username`` cannot be used (reserved, wrong characters), or None (also the wizard)."""
    if username in RESERVED_NAMES:
        return _field("username", "Tên đăng nhập", "Tên này dành cho hệ thống; chọn tên khác.")
    if _USERNAME.fullmatch(username):
        return None
    return _field(
        "username",
        "Tên đăng nhập",
        "Gồm 2–32 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang, "
        "bắt đầu bằng chữ hoặc số (ví dụ: lan.nguyen).",
    )


def _role(role: Role | str) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        return None


def _role_problem() -> FieldError:
    choices = ", ".join(f"{r.value} ({label})" for r, label in ROLE_LABELS.items())
    return _field("role", "Vai trò", f"Chọn một trong: {choices}.")


# ---------------------------------------------------------------- rows

_SELECT = (
    "SELECT username, display_name, role, active, failed, locked_until, created_at, secret_hash"
    " FROM accounts"
)


@dataclass(frozen=True)
class _Row:
    info: AccountInfo
    secret_hash: str


def _row(values: tuple) -> _Row:
    username, display_name, role, active, failed, locked_until, created_at, secret_hash = values
    info = AccountInfo(
        username=username,
        display_name=display_name,
        role=Role(role),
        active=bool(active),
        failed=int(failed),
        locked_until=datetime.fromisoformat(locked_until) if locked_until else None,
        created_at=datetime.fromisoformat(created_at),
    )
    return _Row(info, secret_hash)


def _load(ws: Workstation, username: str) -> _Row | None:
    values = ws.db.execute(f"{_SELECT} WHERE username = ?", [username]).fetchone()
    return _row(values) if values else None


def _load_or_refuse(ws: Workstation, username: str) -> _Row:
    row = _load(ws, normalize_username(username))
    if row is None:
        raise DomainError(
            f"Không có tài khoản {username!r}. Xem danh sách tài khoản rồi nhập đúng tên đăng nhập."
        )
    return row


def get_account(ws: Workstation, username: str) -> AccountInfo | None:
    row = _load(ws, normalize_username(username))
    return row.info if row else None


def list_accounts(ws: Workstation) -> list[AccountInfo]:
    """Every account, without secrets (open to all: the sign-in screen lists the names)."""
    rows = ws.db.execute(f"{_SELECT} ORDER BY active DESC, username").fetchall()
    return [_row(v).info for v in rows]


def needs_first_admin(ws: Workstation) -> bool:
    """No account exists yet: the next one created is the administrator, with no sign-in."""
    return ws.db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is None


def _entity(username: str) -> str:
    return f"account:{username}"


def _event(ws: Workstation, type_: str, entity: str, payload: dict[str, Any], actor: str) -> None:
    # Payloads carry names, roles and reasons only: never a secret, never a hash.
    append_event(
        ws.db,
        device_id=ws.device_id,
        type=type_,
        entity_id=entity,
        payload=payload,
        at=ws.now(),
        actor=actor,
    )


def _other_admins(ws: Workstation, username: str) -> list[str]:
    rows = ws.db.execute(
        "SELECT display_name FROM accounts WHERE role = 'admin' AND active = 1 AND username <> ?"
        " ORDER BY display_name",
        [username],
    ).fetchall()
    return [r[0] for r in rows]


def _locked_message(ws: Workstation, username: str, until: datetime) -> str:
    admins = _other_admins(ws, username)
    who = (
        f"hoặc nhờ quản trị viên ({', '.join(admins)}) mở khóa."
        if admins
        else "vì không có quản trị viên nào khác để mở khóa sớm hơn."
    )
    return (
        f"Tài khoản {username} bị khóa đến {format_vn_datetime(until)} vì nhập sai mã PIN/mật "
        f"khẩu {MAX_FAILED} lần liên tiếp. Chờ đến lúc đó rồi đăng nhập lại, {who}"
    )


# ---------------------------------------------------------------- creating accounts


def authorize_create(ws: Workstation, role: Role | None) -> bool:
    """May an account with ``role`` be created now? True: yes, as the bootstrap admin.

    False: yes, by the signed-in administrator. Raises PermissionDenied (no MANAGE_ACCOUNTS) or
    DomainError (the first account must be an admin). The window can call it to offer the form.
    """
    if not needs_first_admin(ws):
        authz.require(ws, Permission.MANAGE_ACCOUNTS)
        return False
    if role is not None and role is not Role.ADMIN:
        raise DomainError(
            "Chưa có tài khoản nào: tài khoản đầu tiên phải là quản trị viên (admin). "
            "Tạo tài khoản quản trị trước, rồi dùng nó để tạo các tài khoản khác."
        )
    return True


def create_account(
    ws: Workstation,
    username: str,
    display_name: str,
    role: Role | str,
    secret: str,
    *,
    kind: SecretKind | str | None = None,
) -> AccountInfo:
    """Create an account; requires MANAGE_ACCOUNTS (an administrator signed in).

    Bootstrap: while no account exists at all, the very first one may be created by anyone at the
    machine, and it must be an administrator (role ``admin``); every later one needs an
    administrator signed in. ``kind`` forces PIN or password rules; None infers it (all digits is
    a PIN). Raises ValidationFailed listing every bad field, PermissionDenied, or DomainError.
    """
    name = normalize_username(username)
    shown = nfc(display_name)
    chosen = _role(role)
    authorize_create(ws, chosen)  # refuse early, before spending a hash on it
    errors = [
        e
        for e in (
            username_problem(name),
            None
            if 0 < len(shown) <= 80 and shown.strip().lower() not in RESERVED_NAMES
            else _field("display_name", "Họ và tên", "Nhập họ và tên (tối đa 80 ký tự)."),
            None if chosen is not None else _role_problem(),
            secret_problem(secret, kind),
        )
        if e is not None
    ]
    if errors:
        raise ValidationFailed(errors)
    assert chosen is not None
    secret_hash = hash_secret(secret)
    now = ws.now()
    with transaction(ws.db):
        bootstrap = authorize_create(ws, chosen)  # again, inside the write lock: no race
        if _load(ws, name) is not None:
            raise DomainError(f"Tên đăng nhập {name} đã có. Chọn tên khác.")
        ws.db.execute(
            "INSERT INTO accounts(username, display_name, role, secret_hash, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [name, shown, chosen.value, secret_hash, now.isoformat()],
        )
        _event(
            ws,
            "account.created",
            _entity(name),
            {
                "username": name,
                "display_name": shown,
                "role": chosen.value,
                "bootstrap": bootstrap,
            },
            shown if bootstrap else ws.staff,
        )
    created = get_account(ws, name)
    assert created is not None
    return created


# ---------------------------------------------------------------- signing in and out


def _register_failure(
    ws: Workstation, username: str, via: str, reason: str
) -> AuthenticationFailed:
    """Count one wrong secret (locking at MAX_FAILED); record it; return the error to raise."""
    now = ws.now()
    with transaction(ws.db):
        ws.db.execute(
            "UPDATE accounts SET failed = failed + 1, locked_until = NULL WHERE username = ?",
            [username],
        )
        (failed,) = ws.db.execute(
            "SELECT failed FROM accounts WHERE username = ?", [username]
        ).fetchone()
        entity = _entity(username)
        _event(
            ws,
            "auth.failed",
            entity,
            {"username": username, "reason": reason, "failed": failed, "via": via},
            ws.staff,
        )
        if failed < MAX_FAILED:
            return AuthenticationFailed(WRONG_SECRET)
        until = now + timedelta(minutes=LOCK_MINUTES)
        # The count starts again after the lock: another MAX_FAILED tries once it expires.
        ws.db.execute(
            "UPDATE accounts SET failed = 0, locked_until = ? WHERE username = ?",
            [until.isoformat(), username],
        )
        _event(
            ws,
            "auth.locked",
            entity,
            {"username": username, "until": until.isoformat(), "failed": failed, "via": via},
            ws.staff,
        )
        message = _locked_message(ws, username, until)
    if ws.session is not None and ws.session.username == username:
        sign_out(ws, reason="locked")
    return AccountLocked(username, until, message)


def sign_in(ws: Workstation, username: str, secret: str, *, via: str = "app") -> SignedIn:
    """Check the secret and make the account the one working at this counter (``ws.session``).

    An unknown username gets the very same message as a wrong secret. ``MAX_FAILED`` wrong secrets
    in a row lock the account for ``LOCK_MINUTES`` (AccountLocked says until when and who can
    unlock); a success resets the count. ``via`` ("app", "cli") is recorded with the event.
    """
    name = normalize_username(username)
    row = _load(ws, name) if _USERNAME.fullmatch(name) else None
    now = ws.now()
    if row is None:
        _spend_like_a_check(secret)
        with transaction(ws.db):
            # No username in the payload: people type their password in that box by mistake.
            _event(ws, "auth.failed", "", {"reason": "unknown_user", "via": via}, ws.staff)
        raise AuthenticationFailed(WRONG_SECRET)
    info = row.info
    if info.locked_at(now):
        assert info.locked_until is not None
        _spend_like_a_check(secret)
        with transaction(ws.db):
            _event(
                ws,
                "auth.failed",
                _entity(name),
                {"username": name, "reason": "locked", "via": via},
                ws.staff,
            )
            message = _locked_message(ws, name, info.locked_until)
        raise AccountLocked(name, info.locked_until, message)
    if not verify_secret(secret, row.secret_hash):
        raise _register_failure(ws, name, via, "wrong_secret")
    if not info.active:
        with transaction(ws.db):
            _event(
                ws,
                "auth.failed",
                _entity(name),
                {"username": name, "reason": "inactive", "via": via},
                ws.staff,
            )
        raise AuthenticationFailed(
            f"Tài khoản {name} đã ngừng hoạt động. Nhờ quản trị viên mở lại nếu cần làm việc."
        )
    fresh_hash = hash_secret(secret) if needs_rehash(row.secret_hash) else None
    previous = ws.session
    with transaction(ws.db):
        if previous is not None and previous.username != name:
            _event(
                ws,
                "auth.signed_out",
                _entity(previous.username),
                {"username": previous.username, "reason": "switch", "via": via},
                ws.staff,
            )
        ws.db.execute(
            "UPDATE accounts SET failed = 0, locked_until = NULL,"
            " secret_hash = coalesce(?, secret_hash) WHERE username = ?",
            [fresh_hash, name],
        )
        _event(
            ws,
            "auth.signed_in",
            _entity(name),
            {"username": name, "role": info.role.value, "via": via},
            info.display_name,
        )
    ws.session = SignedIn(name, info.display_name, info.role, now)
    return ws.session


def sign_out(ws: Workstation, *, reason: str = "user") -> None:
    """End the session (``reason``: user, idle, cli, locked); nothing to do when nobody is in."""
    session = ws.session
    if session is None:
        return
    with transaction(ws.db):
        _event(
            ws,
            "auth.signed_out",
            _entity(session.username),
            {"username": session.username, "reason": reason},
            ws.staff,
        )
    ws.session = None


# ---------------------------------------------------------------- changing accounts


def _changed(ws: Workstation, username: str, changes: dict[str, Any]) -> None:
    _event(
        ws,
        "account.changed",
        _entity(username),
        {"username": username, **changes},
        ws.staff,
    )


def unlock(ws: Workstation, username: str) -> AccountInfo:
    """Lift a lock-out and clear the failure count (MANAGE_ACCOUNTS)."""
    authz.require(ws, Permission.MANAGE_ACCOUNTS)
    with transaction(ws.db):
        row = _load_or_refuse(ws, username)
        name = row.info.username
        ws.db.execute(
            "UPDATE accounts SET failed = 0, locked_until = NULL WHERE username = ?", [name]
        )
        _changed(
            ws,
            name,
            {"changes": ["unlocked"], "was_locked": row.info.locked_at(ws.now())},
        )
    info = get_account(ws, name)
    assert info is not None
    return info


def change_secret(
    ws: Workstation,
    username: str,
    old: str | None,
    new: str,
    *,
    kind: SecretKind | str | None = None,
) -> None:
    """Change a PIN or password.

    Your own: sign in first and give the old secret (a wrong one counts toward the lock-out).
    Someone else's: an administrator (MANAGE_ACCOUNTS) resets it without the old one, which also
    lifts any lock-out.
    """
    session = ws.session
    if session is None:
        raise PermissionDenied(
            Permission.MANAGE_ACCOUNTS,
            "Cần đăng nhập để đổi mã PIN/mật khẩu. Đăng nhập bằng tài khoản của mình rồi làm lại.",
        )
    row = _load_or_refuse(ws, username)
    name = row.info.username
    own = session.username == name
    if own:
        if old is None:
            raise DomainError("Nhập mã PIN/mật khẩu đang dùng trước khi đặt mã mới.")
        if not verify_secret(old, row.secret_hash):
            raise _register_failure(ws, name, "change_secret", "wrong_old_secret")
        if old == new:
            raise DomainError("Mã mới phải khác mã đang dùng. Chọn mã khác.")
    else:
        authz.require(ws, Permission.MANAGE_ACCOUNTS)
    validate_secret(new, kind)
    secret_hash = hash_secret(new)
    with transaction(ws.db):
        ws.db.execute(
            "UPDATE accounts SET secret_hash = ?, failed = 0, locked_until = NULL"
            " WHERE username = ?",
            [secret_hash, name],
        )
        _changed(ws, name, {"changes": ["secret"], "reset_by_admin": not own})


def _active_admins(ws: Workstation) -> int:
    return int(
        ws.db.execute(
            "SELECT count(*) FROM accounts WHERE role = 'admin' AND active = 1"
        ).fetchone()[0]
    )


def _refuse_self(ws: Workstation, username: str, what: str) -> None:
    if ws.session is not None and ws.session.username == username:
        raise DomainError(f"Không tự {what} tài khoản của mình được. Nhờ quản trị viên khác làm.")


def _refuse_last_admin(ws: Workstation, row: _Row) -> None:
    if row.info.role is Role.ADMIN and row.info.active and _active_admins(ws) <= 1:
        raise DomainError(
            f"{row.info.username} là quản trị viên cuối cùng còn hoạt động. "
            "Tạo thêm một quản trị viên trước, rồi làm lại."
        )


def set_active(ws: Workstation, username: str, active: bool) -> AccountInfo:
    """Stop (or resume) an account; its history stays. MANAGE_ACCOUNTS."""
    authz.require(ws, Permission.MANAGE_ACCOUNTS)
    with transaction(ws.db):
        row = _load_or_refuse(ws, username)
        name = row.info.username
        if not active:
            _refuse_self(ws, name, "ngừng")
            _refuse_last_admin(ws, row)
        if row.info.active != active:
            ws.db.execute("UPDATE accounts SET active = ? WHERE username = ?", [int(active), name])
            _changed(ws, name, {"changes": ["active"], "active": active})
    info = get_account(ws, name)
    assert info is not None
    return info


def set_role(ws: Workstation, username: str, role: Role | str) -> AccountInfo:
    """Give an account another role. MANAGE_ACCOUNTS; the last active admin keeps the role."""
    authz.require(ws, Permission.MANAGE_ACCOUNTS)
    chosen = _role(role)
    if chosen is None:
        raise ValidationFailed([_role_problem()])
    with transaction(ws.db):
        row = _load_or_refuse(ws, username)
        name = row.info.username
        if row.info.role is not chosen:
            _refuse_self(ws, name, "đổi vai trò")
            if chosen is not Role.ADMIN:
                _refuse_last_admin(ws, row)
            ws.db.execute("UPDATE accounts SET role = ? WHERE username = ?", [chosen.value, name])
            _changed(
                ws, name, {"changes": ["role"], "role": chosen.value, "was": row.info.role.value}
            )
    info = get_account(ws, name)
    assert info is not None
    return info


# ---------------------------------------------------------------- idle lock (the window applies it)


def idle_lock_minutes(ws: Workstation) -> int:
    """Minutes without input after which the window locks the session (default 10)."""
    value = get_setting(ws.db, IDLE_LOCK_KEY, IDLE_LOCK_MINUTES)
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return IDLE_LOCK_MINUTES
    low, high = IDLE_LOCK_RANGE
    return minutes if low <= minutes <= high else IDLE_LOCK_MINUTES


def set_idle_lock_minutes(ws: Workstation, minutes: int) -> None:
    """Change the idle lock (MANAGE_ACCOUNTS); it cannot be switched off, only set 1–60 minutes."""
    authz.require(ws, Permission.MANAGE_ACCOUNTS)
    low, high = IDLE_LOCK_RANGE
    if not low <= minutes <= high:
        raise ValidationFailed(
            [
                _field(
                    "idle_lock_minutes",
                    "Tự khóa khi không dùng",
                    f"Chọn từ {low} đến {high} phút.",
                )
            ]
        )
    with transaction(ws.db):
        set_setting(ws.db, IDLE_LOCK_KEY, minutes)
        _event(
            ws,
            "account.settings_changed",
            ws.device_id,
            {"key": IDLE_LOCK_KEY, "value": minutes},
            ws.staff,
        )


def idle_expired(ws: Workstation, last_activity: datetime) -> bool:
    """True when the session has been idle for the configured minutes (the window then locks)."""
    return ws.now() - last_activity >= timedelta(minutes=idle_lock_minutes(ws))
