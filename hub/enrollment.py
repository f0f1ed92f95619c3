"""Enrollment: one-time codes for an office's counters, redeeming them, tokens, revocation.

Guarantees (docs/sync-protocol.md): tokens and enrollment codes are kept only as SHA-256 digests
and never logged; a code serves one device, which may redeem it again until it expires (its
first answer may have been lost); a device never moves to another office; an office has at most
``MAX_COUNTERS`` active counters, and a counter number never used in the office is handed out
before a revoked counter's.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.domain.dossier_code import validate_unit_code
from hub.common import (
    Device,
    EnrollCode,
    HubError,
    _domain,
    _iso,
    _refused,
    lock,
    sha256_hex,
    unauthorized,
)
from hub.db import devices, enroll_codes, offices

log = logging.getLogger("motcua.hub")

MAX_COUNTERS = 9
ENROLL_CODE_DAYS = 7
# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LEN = 10


def normalize_enroll_code(code: str) -> str:
    """Upper-case, drop spaces and dashes, read O as 0 and I/L as 1 (Crockford)."""
    value = "".join(code.split()).replace("-", "").upper()
    return value.translate(str.maketrans("OIL", "011"))


def format_enroll_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# -- operator commands ---------------------------------------------------------------------


def create_enroll_code(
    engine: Engine,
    clock: Callable[[], datetime],
    office_code: str,
    office_name: str,
    valid_days: int = ENROLL_CODE_DAYS,
) -> EnrollCode:
    """Register (or rename) the office and return a one-time code for one counter."""
    unit = _domain(validate_unit_code, office_code)
    name = " ".join(office_name.split())
    if not name:
        raise HubError(400, "invalid_request", "Hãy nhập tên bưu điện văn hóa xã (--name).")
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LEN))
    now = clock()
    expires = now + timedelta(days=valid_days)
    with engine.begin() as conn:
        _upsert_office(conn, clock, unit, name)
        conn.execute(
            enroll_codes.insert().values(
                code_sha256=sha256_hex(code),
                office_code=unit,
                created_at=_iso(now),
                expires_at=_iso(expires),
            )
        )
    log.info("enrollment code created for office %s, valid until %s", unit, _iso(expires))
    return EnrollCode(format_enroll_code(code), unit, name, expires)


def _upsert_office(conn: Connection, clock: Callable[[], datetime], unit: str, name: str) -> None:
    found = conn.execute(sa.select(offices.c.name).where(offices.c.code == unit)).first()
    if found is None:
        conn.execute(offices.insert().values(code=unit, name=name, created_at=_iso(clock())))
    elif found.name != name:
        conn.execute(offices.update().where(offices.c.code == unit).values(name=name))


def revoke(engine: Engine, clock: Callable[[], datetime], device_id: str) -> bool:
    """Revoke a device's token; False if no such device is enrolled (or it already was)."""
    with engine.begin() as conn:
        done = conn.execute(
            devices.update()
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=_iso(clock()))
        ).rowcount
    if done:
        log.info("device %s revoked", device_id)
    return bool(done)


# -- device API ------------------------------------------------------------------------------


def enroll(
    engine: Engine,
    clock: Callable[[], datetime],
    code: str,
    device_id: str,
    counter_name: str,
) -> dict[str, Any]:
    """Redeem a one-time code. The same device may redeem its own code again until the code
    expires (its first answer may have been lost); the token is then replaced."""
    digest = sha256_hex(normalize_enroll_code(code))
    now = _iso(clock())
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = conn.execute(
            lock(conn, sa.select(enroll_codes).where(enroll_codes.c.code_sha256 == digest))
        ).first()
        if row is None:
            raise _refused("Mã ghi danh không đúng. Hãy kiểm tra lại từng ký tự của mã.")
        if now >= row.expires_at:
            raise _refused("Mã ghi danh đã hết hạn. Hãy xin bưu điện tỉnh một mã mới.")
        if row.used_at is not None and row.device_id != device_id:
            raise _refused(
                "Mã ghi danh đã được dùng cho một quầy khác. Mỗi mã chỉ dùng một lần: "
                "hãy xin bưu điện tỉnh một mã mới."
            )
        office = conn.execute(
            lock(conn, sa.select(offices).where(offices.c.code == row.office_code))
        ).one()
        existing = conn.execute(sa.select(devices).where(devices.c.id == device_id)).first()
        if existing is not None and existing.office_code != office.code:
            raise _refused(
                f"Quầy này đã ghi danh với đơn vị {existing.office_code}, không thể chuyển "
                f"sang {office.code}. Hãy báo quản trị viên bưu điện tỉnh."
            )
        name = " ".join(counter_name.split())
        if existing is not None:
            counter_no = int(existing.counter_no)
            conn.execute(
                devices.update()
                .where(devices.c.id == device_id)
                .values(
                    token_sha256=sha256_hex(token),
                    name=name or existing.name,
                    enrolled_at=now,
                    revoked_at=None,
                )
            )
        else:
            counter_no = _free_counter_no(conn, office.code)
            conn.execute(
                devices.insert().values(
                    id=device_id,
                    office_code=office.code,
                    counter_no=counter_no,
                    name=name or f"Quầy {counter_no}",
                    token_sha256=sha256_hex(token),
                    enrolled_at=now,
                    acked_seq=0,
                )
            )
        if row.used_at is None:
            conn.execute(
                enroll_codes.update()
                .where(enroll_codes.c.code_sha256 == digest)
                .values(used_at=now, device_id=device_id)
            )
    log.info("device %s enrolled at office %s as counter %d", device_id, office.code, counter_no)
    return {
        "protocol": 1,
        "device_id": device_id,
        "token": token,
        "office": {"unit_code": office.code, "name": office.name},
        "counter_no": counter_no,
    }


def _free_counter_no(conn: Connection, office_code: str) -> int:
    # A number never used in the office first: a revoked counter may still hold codes
    # issued from its default block today. Then a revoked counter's number.
    held = conn.execute(
        sa.select(devices.c.counter_no, devices.c.revoked_at).where(
            devices.c.office_code == office_code
        )
    ).all()
    ever = {r.counter_no for r in held}
    active = {r.counter_no for r in held if r.revoked_at is None}
    for pool in (ever, active):
        for n in range(1, MAX_COUNTERS + 1):
            if n not in pool:
                return n
    raise _refused(
        f"Đơn vị {office_code} đã có đủ {MAX_COUNTERS} quầy đang hoạt động. Hãy thu hồi "
        "một quầy không còn dùng (`motcua-hub revoke`) rồi ghi danh lại."
    )


def authenticate(engine: Engine, token: str | None) -> Device:
    if not token:
        raise unauthorized()
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(devices).where(devices.c.token_sha256 == sha256_hex(token))
        ).first()
    if row is None or row.revoked_at is not None:
        raise unauthorized()
    return Device(row.id, row.office_code, row.counter_no, row.name, int(row.acked_seq))
