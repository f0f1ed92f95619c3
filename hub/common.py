"""What every part of the hub shares: the refusal type, hashing, time and the small records.

Pure helpers, plus two that take a connection or engine and only read: ``lock`` (the row-lock
spelling per database) and ``known_office``. Nothing here writes to the database.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.domain.dossier_code import validate_unit_code
from app.domain.errors import DomainError
from hub.db import is_postgres, offices

GENESIS = "0" * 64


class HubError(Exception):
    """A refusal with its HTTP status, protocol error code and a Vietnamese message."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"protocol": 1, "error": self.code, "message": self.message, **self.extra}


def unauthorized() -> HubError:
    return HubError(
        401,
        "unauthorized",
        "Quầy chưa được ghi danh với bưu điện tỉnh, hoặc khóa của quầy đã bị thu hồi. "
        "Hãy xin mã ghi danh mới và ghi danh lại quầy.",
    )


def _refused(message: str) -> HubError:
    return HubError(403, "enroll_refused", message)


def _domain(fn: Callable[..., Any], *args: Any) -> Any:
    """Call a domain validator, turning its DomainError into a 400 with the same message."""
    try:
        return fn(*args)
    except DomainError as exc:
        raise HubError(400, "invalid_request", exc.message) from exc


def canonical_json(value: object) -> str:
    """Same spelling as app.storage.events.canonical_json (a test checks they agree)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(e: Mapping[str, Any]) -> str:
    """The counter's chain hash of one event (app.storage.events.event_hash)."""
    body = canonical_json(
        [
            e["prev_hash"],
            e["device_id"],
            e["seq"],
            e["id"],
            e["type"],
            e["entity_id"],
            e["payload"],
            e["at"],
            e["actor"],
        ]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def lock(conn: Connection, query: sa.Select) -> sa.Select:
    # FOR UPDATE on PostgreSQL; on SQLite BEGIN IMMEDIATE already holds the write lock.
    return query.with_for_update() if is_postgres(conn) else query


def known_office(engine: Engine, office_code: str) -> str:
    """The validated unit code of an office the hub has; 404 otherwise."""
    unit = _domain(validate_unit_code, office_code)
    with engine.connect() as conn:
        if conn.execute(sa.select(offices.c.code).where(offices.c.code == unit)).first():
            return unit
    raise HubError(
        404,
        "not_found",
        f"Bưu điện tỉnh chưa có đơn vị {unit}. Hãy tạo mã ghi danh cho đơn vị này trước "
        "(`motcua-hub enroll --office … --name …`).",
    )


@dataclass(frozen=True)
class Device:
    id: str
    office_code: str
    counter_no: int
    name: str
    acked_seq: int


@dataclass(frozen=True)
class EnrollCode:
    code: str  # shown once, as XXXXX-XXXXX; only its digest is stored
    office_code: str
    office_name: str
    expires_at: datetime


@dataclass(frozen=True)
class Ack:
    acked_seq: int
    accepted: int
    duplicates: int
    # Stored but not applied: dossiers whose numbers are not the sender's (hub/leases.py).
    refused: tuple[dict[str, Any], ...] = ()


class RateLimit:
    """At most ``limit`` requests per ``window`` seconds per client address (per process)."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            if len(self._hits) > 10_000:  # a flood of addresses must not grow memory for ever
                self._hits = {k: v for k, v in self._hits.items() if now - v[0] < self.window}
            start, count = self._hits.get(key, (now, 0))
            if now - start >= self.window:
                start, count = now, 0
            self._hits[key] = (start, count + 1)
            return count < self.limit
