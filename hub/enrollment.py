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
    RateLimit,
    _domain,
    _iso,
    _refused,
    lock,
    sha256_hex,
    unauthorized,
)
from hub.db import devices, enroll_codes, enroll_log, offices

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
    """Revoke a device's token for good; False if no such device is enrolled (or it already
    was). A revoked device never comes back: the counter is enrolled again as a new device."""
    now = _iso(clock())
    with engine.begin() as conn:
        done = conn.execute(
            devices.update()
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
        if done:
            office = conn.execute(
                sa.select(devices.c.office_code).where(devices.c.id == device_id)
            ).scalar_one()
            _log(conn, now, "revoked", office, device_id)
    if done:
        log.info("device %s revoked", device_id)
    return bool(done)


def _log(
    conn: Connection,
    at: str,
    action: str,
    office: str | None,
    device_id: str | None,
    client: str = "",
    reason: str = "",
) -> None:
    conn.execute(
        enroll_log.insert().values(
            at=at,
            action=action,
            office_code=office,
            device_id=(device_id or "")[:100] or None,
            client=client[:100],
            reason=reason,
        )
    )


def too_many() -> HubError:
    return HubError(
        429,
        "too_many_requests",
        "Quá nhiều lần ghi danh trong một lúc. Hãy đợi vài phút rồi thử lại; nếu vẫn không được, "
        "hãy báo bưu điện tỉnh.",
    )


def enroll_history(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    """The newest enrollments, refusals and revocations, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(enroll_log).order_by(enroll_log.c.id.desc()).limit(limit)
        ).mappings()
        return [dict(r) for r in rows]


# -- device API ------------------------------------------------------------------------------


class EnrollGuard:
    """Enrollment attempts per client address and per office (per process): a code is 10
    characters from 32, and guessing it must not be cheap. Counted before the code is looked up,
    so a flood is refused without touching the database."""

    def __init__(self, per_client: RateLimit, per_office: RateLimit) -> None:
        self.per_client = per_client
        self.per_office = per_office


def enroll(
    engine: Engine,
    clock: Callable[[], datetime],
    code: str,
    device_id: str,
    counter_name: str,
    *,
    attempt: str | None = None,
    previous_token: str | None = None,
    client: str = "",
    guard: EnrollGuard | None = None,
) -> dict[str, Any]:
    """Redeem a one-time code, once ever; every attempt is logged (never the code).

    ``previous_token``: a counter enrolling again as a new device proves with its old token
    that it is the device it replaces (of the same office); the old device is revoked if it was
    not, and its leases become the new device's too (hub/leases.py).

    A device id already known to the hub (enrolled or revoked) is refused: nobody can take
    over a counter with a fresh code, and a revoked counter stays revoked. The one exception is
    the very attempt that spent the code, repeated because its answer was lost: the same code,
    device and attempt secret, the code unexpired and the device not revoked; the token is then
    replaced (the lost one was never seen by anyone).
    """
    now = _iso(clock())
    if guard is not None and not guard.per_client.allow(client or "unknown"):
        with engine.begin() as conn:
            _log(conn, now, "refused", None, device_id, client, "rate_limited_client")
        raise too_many()
    digest = sha256_hex(normalize_enroll_code(code))
    token = secrets.token_urlsafe(32)
    refusal: HubError | None = None
    with engine.begin() as conn:
        row = conn.execute(
            lock(conn, sa.select(enroll_codes).where(enroll_codes.c.code_sha256 == digest))
        ).first()
        office_code = row.office_code if row is not None else None
        if guard is not None and office_code and not guard.per_office.allow(office_code):
            refusal = too_many()
        elif row is None:
            refusal = _refused("Mã ghi danh không đúng. Hãy kiểm tra lại từng ký tự của mã.")
        elif now >= row.expires_at:
            refusal = _refused("Mã ghi danh đã hết hạn. Hãy xin bưu điện tỉnh một mã mới.")
        elif row.used_at is not None and not _same_attempt(row, device_id, attempt):
            refusal = _refused(
                "Mã ghi danh đã được dùng. Mỗi mã chỉ dùng một lần: hãy xin bưu điện tỉnh "
                "một mã mới."
            )
        existing = conn.execute(sa.select(devices).where(devices.c.id == device_id)).first()
        repeat = refusal is None and row is not None and row.used_at is not None
        if refusal is None and existing is not None and not (repeat and not existing.revoked_at):
            refusal = _refused(
                "Quầy này đã bị thu hồi quyền đồng bộ và không ghi danh lại được; hãy báo bưu "
                "điện tỉnh."
                if existing.revoked_at is not None
                else "Mã quầy này đã ghi danh với bưu điện tỉnh. Nếu đây là quầy mới, hãy cài "
                "lại phần mềm trên máy mới; nếu không, hãy báo bưu điện tỉnh."
            )
        predecessor = None
        if refusal is None and previous_token:
            predecessor = conn.execute(
                sa.select(devices.c.id, devices.c.office_code).where(
                    devices.c.token_sha256 == sha256_hex(previous_token)
                )
            ).first()
            if predecessor is None:
                refusal = _refused(
                    "Bưu điện tỉnh không nhận ra mã truy cập cũ của quầy. Hãy báo bưu điện tỉnh."
                )
            elif predecessor.office_code != office_code:
                refusal = _refused(
                    f"Quầy thuộc đơn vị {predecessor.office_code}, không chuyển sang "
                    f"{office_code} được. Hãy xin mã ghi danh của đúng đơn vị."
                )
        if refusal is not None:
            _log(conn, now, "refused", office_code, device_id, client, refusal.code + ": "
                 + refusal.message)  # fmt: skip
    if refusal is not None:
        log.warning("enrollment refused for office %s: %s", office_code or "?", refusal.code)
        raise refusal
    assert row is not None
    if repeat:
        return _repeat(engine, now, token, device_id, client)
    with engine.begin() as conn:
        # Spent first, under the code's lock: a second redeemer finds it used.
        spent = conn.execute(
            enroll_codes.update()
            .where(enroll_codes.c.code_sha256 == digest, enroll_codes.c.used_at.is_(None))
            .values(
                used_at=now,
                device_id=device_id,
                attempt_sha256=sha256_hex(attempt) if attempt else None,
            )
        ).rowcount
        if not spent:
            raise _refused("Mã ghi danh đã được dùng. Hãy xin bưu điện tỉnh một mã mới.")
        office = conn.execute(
            lock(conn, sa.select(offices).where(offices.c.code == row.office_code))
        ).one()
        name = " ".join(counter_name.split())
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
                replaces=predecessor.id if predecessor is not None else None,
            )
        )
        _log(conn, now, "enrolled", office.code, device_id, client,
             f"replaces {predecessor.id}" if predecessor is not None else "")  # fmt: skip
        if predecessor is not None:
            gone = conn.execute(
                devices.update()
                .where(devices.c.id == predecessor.id, devices.c.revoked_at.is_(None))
                .values(revoked_at=now)
            ).rowcount
            if gone:
                _log(conn, now, "revoked", office.code, predecessor.id, client,
                     f"replaced by {device_id}")  # fmt: skip
    log.info("device %s enrolled at office %s as counter %d", device_id, office.code, counter_no)
    return {
        "protocol": 1,
        "device_id": device_id,
        "token": token,
        "office": {"unit_code": office.code, "name": office.name},
        "counter_no": counter_no,
    }


def _same_attempt(row: Any, device_id: str, attempt: str | None) -> bool:
    return (
        attempt is not None
        and row.device_id == device_id
        and row.attempt_sha256 is not None
        and secrets.compare_digest(row.attempt_sha256, sha256_hex(attempt))
    )


def _repeat(engine: Engine, now: str, token: str, device_id: str, client: str) -> dict[str, Any]:
    """The attempt that spent the code, again: a new token for the same device."""
    with engine.begin() as conn:
        done = conn.execute(
            devices.update()
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(token_sha256=sha256_hex(token), enrolled_at=now)
        ).rowcount
        if not done:
            raise _refused("Quầy này đã bị thu hồi quyền đồng bộ; hãy báo bưu điện tỉnh.")
        dev = conn.execute(sa.select(devices).where(devices.c.id == device_id)).one()
        office = conn.execute(sa.select(offices).where(offices.c.code == dev.office_code)).one()
        _log(conn, now, "enrolled", office.code, device_id, client, "repeated attempt")
    log.info("device %s: enrollment attempt repeated, token replaced", device_id)
    return {
        "protocol": 1,
        "device_id": device_id,
        "token": token,
        "office": {"unit_code": office.code, "name": office.name},
        "counter_no": int(dev.counter_no),
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
