"""Agency accounts: passwords, users, sessions and lock-out.

Guarantees: passwords are stored only as scrypt hashes (NFC-normalised first, so the same
Vietnamese password typed with another input method still matches), and an unknown user name
costs as much time as a wrong password. Five wrong passwords in a row lock the account for
``LOCK_MINUTES``; the failure count is committed before the refusal is raised. Session and CSRF
tokens are random; the session token is stored only as its SHA-256 and lives ``SESSION_HOURS``.
:func:`scope` is what a user may see: its agency's rows, of its office when it has one.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from app.domain.dossier_code import validate_unit_code
from app.domain.errors import DomainError
from hub.common import HubError, _iso, sha256_hex
from hub.db import agency_sessions, agency_users, offices
from hub.service import Hub

log = logging.getLogger("motcua.hub")

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8  # one working day
MIN_PASSWORD = 8
VN_TZ = timezone(timedelta(hours=7))
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
# scrypt at n=2^14, r=8: ~16 MB and a few tens of ms per try, which is what slows a guesser.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


# -- passwords ------------------------------------------------------------------------------


def _password_bytes(password: str) -> bytes:
    # NFC: the same Vietnamese password typed with another input method must still match.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        _password_bytes(password), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            _password_bytes(password),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except ValueError:
        return False
    return secrets.compare_digest(computed.hex(), digest)


# A hash of nothing anyone knows: an unknown user name costs as much time as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyUser:
    username: str
    display_name: str
    agency: str
    office_code: str | None  # None: every office

    @property
    def actor(self) -> str:
        return f"agency:{self.username}"


@dataclass(frozen=True)
class Session:
    user: AgencyUser
    csrf: str


def _user(row: Any) -> AgencyUser:
    return AgencyUser(row.username, row.display_name, row.agency, row.office_code)


def scope(user: AgencyUser | None, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    """What a user may see: its agency's dossiers, of its office when it has one."""
    if user is None:  # the operator's command line sees everything
        return []
    where = [table.c.agency == user.agency]
    if user.office_code is not None:
        where.append(table.c.office_code == user.office_code)
    return where


class AgencyAuth:
    """Agency accounts and sessions over a :class:`Hub`'s database."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.engine = hub.engine

    def _now(self) -> datetime:
        return self.hub.clock()

    # -- accounts ---------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        agency: str,
        office_code: str | None = None,
        display_name: str = "",
    ) -> AgencyUser:
        name = username.strip().lower()
        if not _USERNAME.fullmatch(name):
            raise HubError(
                400,
                "invalid_request",
                "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang "
                "hoặc gạch dưới (ví dụ ubnd.kybac).",
            )
        agency_name = " ".join(unicodedata.normalize("NFC", agency).split())
        if not agency_name:
            raise HubError(
                400, "invalid_request", "Hãy nhập tên cơ quan đúng như danh mục (--agency)."
            )
        if len(password) < MIN_PASSWORD:
            raise HubError(
                400,
                "invalid_request",
                f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự. Hãy chọn mật khẩu dài hơn.",
            )
        office = self._office(office_code) if office_code else None
        shown = " ".join(unicodedata.normalize("NFC", display_name).split()) or name
        with self.engine.begin() as conn:
            exists = conn.execute(
                sa.select(agency_users.c.username).where(agency_users.c.username == name)
            ).first()
            if exists is not None:
                raise HubError(
                    409,
                    "exists",
                    f"Đã có tài khoản {name}. Hãy chọn tên đăng nhập khác.",
                )
            conn.execute(
                agency_users.insert().values(
                    username=name,
                    display_name=shown,
                    agency=agency_name,
                    office_code=office,
                    password_hash=hash_password(password),
                    failed_count=0,
                    created_at=_iso(self._now()),
                )
            )
        log.info("agency user %s added for %s (%s)", name, agency_name, office or "every office")
        return AgencyUser(name, shown, agency_name, office)

    def _office(self, office_code: str) -> str:
        try:
            unit = validate_unit_code(office_code)
        except DomainError as exc:
            raise HubError(400, "invalid_request", exc.message) from exc
        with self.engine.connect() as conn:
            if conn.execute(sa.select(offices.c.code).where(offices.c.code == unit)).first():
                return unit
        raise HubError(
            404,
            "not_found",
            f"Bưu điện tỉnh chưa có đơn vị {unit}. Hãy kiểm tra mã đơn vị, hoặc ghi danh một "
            "quầy của đơn vị này trước.",
        )

    def list_users(self) -> list[AgencyUser]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(agency_users).order_by(agency_users.c.username)).all()
        return [_user(r) for r in rows]

    def unlock(self, username: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                agency_users.update()
                .where(agency_users.c.username == username.strip().lower())
                .values(failed_count=0, locked_until=None)
            ).rowcount
        return bool(done)

    # -- sessions ---------------------------------------------------------------------------

    def login(self, username: str, password: str) -> tuple[str, Session]:
        """A new session token (to put in the cookie) and its session; refusals are HubErrors
        whose message says what to do. Five wrong passwords in a row lock the account."""
        name = username.strip().lower()
        now = self._now()
        locked: str | None = None
        with self.engine.begin() as conn:
            row = conn.execute(
                self.hub._lock(conn, sa.select(agency_users).where(agency_users.c.username == name))
            ).first()
            if row is None:
                verify_password(password, _DUMMY_HASH)
                raise _wrong_password()
            failures = int(row.failed_count)
            if row.locked_until is not None:
                if _iso(now) < row.locked_until:
                    raise _locked(row.locked_until)
                failures = 0  # the lock ran out: a fresh start
            if not verify_password(password, row.password_hash):
                failures += 1
                if failures >= MAX_FAILURES:
                    locked = _iso(now + timedelta(minutes=LOCK_MINUTES))
                conn.execute(
                    agency_users.update()
                    .where(agency_users.c.username == name)
                    .values(failed_count=failures, locked_until=locked)
                )
            else:
                token = secrets.token_urlsafe(32)
                csrf = secrets.token_urlsafe(32)
                conn.execute(
                    agency_users.update()
                    .where(agency_users.c.username == name)
                    .values(failed_count=0, locked_until=None)
                )
                conn.execute(
                    agency_sessions.delete().where(agency_sessions.c.expires_at < _iso(now))
                )
                conn.execute(
                    agency_sessions.insert().values(
                        token_sha256=sha256_hex(token),
                        username=name,
                        csrf_token=csrf,
                        expires_at=_iso(now + timedelta(hours=SESSION_HOURS)),
                    )
                )
                log.info("agency user %s logged in", name)
                return token, Session(_user(row), csrf)
        # Raised after COMMIT, so the failure count is kept.
        log.warning("agency user %s: wrong password (%d in a row)", name, failures)
        if locked is not None:
            raise _locked(locked)
        raise _wrong_password()

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(agency_users, agency_sessions.c.csrf_token, agency_sessions.c.expires_at)
                .join(agency_sessions, agency_sessions.c.username == agency_users.c.username)
                .where(agency_sessions.c.token_sha256 == sha256_hex(token))
            ).first()
        if row is None or row.expires_at <= _iso(self._now()):
            return None
        return Session(_user(row), row.csrf_token)

    def logout(self, token: str | None) -> None:
        if token:
            with self.engine.begin() as conn:
                conn.execute(
                    agency_sessions.delete().where(
                        agency_sessions.c.token_sha256 == sha256_hex(token)
                    )
                )


def _wrong_password() -> HubError:
    return HubError(
        401,
        "login_failed",
        f"Tên đăng nhập hoặc mật khẩu không đúng. Hãy nhập lại; sau {MAX_FAILURES} lần sai liên "
        f"tiếp, tài khoản bị khóa {LOCK_MINUTES} phút.",
    )


def _locked(until: str) -> HubError:
    local = vn_time(until)
    return HubError(
        423,
        "locked",
        f"Tài khoản tạm khóa {LOCK_MINUTES} phút vì nhập sai mật khẩu {MAX_FAILURES} lần liên "
        f"tiếp. Hãy thử lại sau {local}, hoặc nhờ quản trị viên bưu điện tỉnh mở khóa.",
    )


def vn_time(iso: str | None, *, date_only: bool = False) -> str:
    """An ISO moment as Vietnam reads it: "14:05 ngày 03/02/2027" (or "03/02/2027")."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return f"{moment:%d/%m/%Y}" if date_only else f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"
