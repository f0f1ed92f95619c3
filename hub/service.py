"""What the hub does, independent of HTTP: enrollment, ingest, the feed, and operator commands.

Guarantees (docs/sync-protocol.md): a batch is stored whole or not at all, in one transaction,
and acknowledged only after COMMIT; (device_id, seq) and the event id are unique; a resent batch
is acknowledged again without storing anything twice; a different event under a stored key is a
conflict recorded for review and never overwrites; a device reads and writes only its office's
data. Tokens and enrollment codes are kept only as SHA-256 digests and never logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from app.domain.catalog_format import parse_catalog
from app.domain.dossier_code import SequenceBlock, default_block, validate_unit_code
from app.domain.errors import DomainError
from app.domain.s10 import SerialRange, validate_indicator
from hub.db import (
    bulk_insert,
    conflicts,
    devices,
    enroll_codes,
    events,
    feed,
    is_postgres,
    make_engine,
    offices,
    ranges,
    upgrade,
)
from hub.projection import catch_up, project

log = logging.getLogger("motcua.hub")

GENESIS = "0" * 64
MAX_EVENTS = 1000
MAX_BYTES = 5 * 1024 * 1024
MAX_COUNTERS = 9
ENROLL_CODE_DAYS = 7
FEED_LIMIT = 500
# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LEN = 10
EVENT_KEYS = (
    "device_id",
    "seq",
    "id",
    "type",
    "entity_id",
    "payload",
    "at",
    "actor",
    "prev_hash",
    "hash",
)


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


def manifest_sha256(events_: Sequence[Mapping[str, Any]]) -> str:
    return hashlib.sha256(canonical_json(list(events_)).encode("utf-8")).hexdigest()


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def normalize_enroll_code(code: str) -> str:
    """Upper-case, drop spaces and dashes, read O as 0 and I/L as 1 (Crockford)."""
    value = "".join(code.split()).replace("-", "").upper()
    return value.translate(str.maketrans("OIL", "011"))


def format_enroll_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


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


@dataclass(frozen=True)
class FeedPage:
    items: list[dict[str, Any]]
    cursor: int
    more: bool


def check_batch(device_id: str, events_: Sequence[Mapping[str, Any]]) -> None:
    """Checks that need no database: one device, consecutive seqs, an unbroken hash chain.

    Raises HubError 403 for another device's events and 400 ``invalid_batch`` otherwise; the
    message names the event so the counter's operator can find it.
    """
    for e in events_:
        if e["device_id"] != device_id:
            raise HubError(
                403,
                "forbidden",
                "Gói dữ liệu có sự kiện của quầy khác; mỗi quầy chỉ được gửi sự kiện của chính "
                "mình. Hãy báo quản trị viên kiểm tra cài đặt mã quầy.",
            )
    seen_ids: set[str] = set()
    previous: Mapping[str, Any] | None = None
    for e in events_:
        seq = e["seq"]
        if previous is not None and seq != previous["seq"] + 1:
            raise _invalid(seq, f"số thứ tự {seq} không liền sau {previous['seq']}")
        if previous is not None and e["prev_hash"] != previous["hash"]:
            raise _invalid(seq, f"sự kiện số {seq} không nối với sự kiện số {previous['seq']}")
        if seq == 1 and e["prev_hash"] != GENESIS:
            raise _invalid(seq, "sự kiện số 1 phải mở đầu chuỗi")
        if event_hash(e) != e["hash"]:
            raise _invalid(seq, f"mã băm của sự kiện số {seq} không khớp nội dung")
        if e["id"] in seen_ids:
            raise _invalid(seq, f"sự kiện số {seq} trùng mã sự kiện với một sự kiện khác")
        seen_ids.add(e["id"])
        previous = e


def _invalid(seq: int, what: str) -> HubError:
    return HubError(
        400,
        "invalid_batch",
        f"Gói dữ liệu không hợp lệ: {what}. Hãy chạy kiểm tra dữ liệu của quầy "
        "và báo quản trị viên; không gửi lại gói này.",
        seq=seq,
    )


class Hub:
    """The hub over one database. Thread-safe: each call uses its own connection."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock

    @classmethod
    def open(cls, url: str, clock: Callable[[], datetime] = utc_now) -> Hub:
        engine = make_engine(url)
        upgrade(engine)
        hub = cls(engine, clock)
        hub.catch_up_projection()
        return hub

    def catch_up_projection(self) -> int:
        """Fold events stored before the dossier projection existed (a hub upgraded from schema
        0001) into it; returns how many devices were behind. A no-op once caught up."""
        with self.engine.connect() as conn:
            behind = (
                conn.execute(
                    sa.select(devices.c.id).where(devices.c.projected_seq < devices.c.acked_seq)
                )
                .scalars()
                .all()
            )
        for device_id in behind:
            with self.engine.begin() as conn:
                # Under the device's lock, like an upload: two workers starting together, or an
                # upload arriving meanwhile, never fold the same events twice.
                row = conn.execute(
                    self._lock(
                        conn,
                        sa.select(
                            devices.c.acked_seq, devices.c.projected_seq, devices.c.office_code
                        ).where(devices.c.id == device_id),
                    )
                ).one()
                done, upto = int(row.projected_seq), int(row.acked_seq)
                if done < upto:
                    catch_up(conn, device_id, row.office_code, done, upto, self._now())
                    conn.execute(
                        devices.update().where(devices.c.id == device_id).values(projected_seq=upto)
                    )
                    log.info("device %s: events %d–%d folded into the projection", device_id,
                             done + 1, upto)  # fmt: skip
        return len(behind)

    def close(self) -> None:
        self.engine.dispose()

    def _now(self) -> str:
        return _iso(self.clock())

    def _lock(self, conn: Connection, query: sa.Select) -> sa.Select:
        # FOR UPDATE on PostgreSQL; on SQLite BEGIN IMMEDIATE already holds the write lock.
        return query.with_for_update() if is_postgres(conn) else query

    # -- operator commands -------------------------------------------------------------

    def create_enroll_code(
        self, office_code: str, office_name: str, valid_days: int = ENROLL_CODE_DAYS
    ) -> EnrollCode:
        """Register (or rename) the office and return a one-time code for one counter."""
        unit = _domain(validate_unit_code, office_code)
        name = " ".join(office_name.split())
        if not name:
            raise HubError(400, "invalid_request", "Hãy nhập tên bưu điện văn hóa xã (--name).")
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LEN))
        now = self.clock()
        expires = now + timedelta(days=valid_days)
        with self.engine.begin() as conn:
            self._upsert_office(conn, unit, name)
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

    def _upsert_office(self, conn: Connection, unit: str, name: str) -> None:
        found = conn.execute(sa.select(offices.c.name).where(offices.c.code == unit)).first()
        if found is None:
            conn.execute(offices.insert().values(code=unit, name=name, created_at=self._now()))
        elif found.name != name:
            conn.execute(offices.update().where(offices.c.code == unit).values(name=name))

    def revoke(self, device_id: str) -> bool:
        """Revoke a device's token; False if no such device is enrolled (or it already was)."""
        with self.engine.begin() as conn:
            done = conn.execute(
                devices.update()
                .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
                .values(revoked_at=self._now())
            ).rowcount
        if done:
            log.info("device %s revoked", device_id)
        return bool(done)

    def publish(
        self,
        kind: str,
        data: Mapping[str, Any],
        office_code: str | None = None,
        device_id: str | None = None,
    ) -> int:
        """Append one downstream item; returns its cursor. ``None`` office: every office."""
        with self.engine.begin() as conn:
            return self._publish(conn, kind, data, office_code, device_id)

    def _publish(
        self,
        conn: Connection,
        kind: str,
        data: Mapping[str, Any],
        office_code: str | None,
        device_id: str | None,
    ) -> int:
        if is_postgres(conn):
            # Cursors must become visible in increasing order, or a reader that already went
            # past a cursor would never see the item committed later under a smaller one.
            # Readers are not blocked by this lock; other publishers are.
            conn.exec_driver_sql("LOCK TABLE feed IN EXCLUSIVE MODE")
        result = conn.execute(
            feed.insert().values(
                office_code=office_code,
                device_id=device_id,
                kind=kind,
                data=dict(data),
                created_at=self._now(),
            )
        )
        cursor = int(result.inserted_primary_key[0])
        log.info("feed %d: %s for %s", cursor, kind, office_code or "all offices")
        return cursor

    def publish_calendar(
        self, day: date, working: bool, note: str = "", office_code: str | None = None
    ) -> int:
        office = self._known_office(office_code) if office_code else None
        data = {"day": day.isoformat(), "working": working, "note": note}
        return self.publish("calendar", data, office)

    def publish_catalog(self, catalog: object) -> int:
        """Validate with the counter's own loader first: a broken catalog never goes out."""
        _domain(parse_catalog, catalog)
        return self.publish("catalog", {"catalog": catalog})

    def publish_range(
        self, office_code: str, device_id: str, kind: str, lo: int, hi: int, prefix: str = ""
    ) -> int:
        """Hand a device a block of numbers, refusing any overlap that could repeat a number."""
        office = self._known_office(office_code)
        if kind == "s10":
            prefix = _domain(validate_indicator, prefix)
            _domain(SerialRange, lo, hi)
        elif kind == "code_seq":
            prefix = ""
            _domain(SequenceBlock, lo, hi)
        else:
            raise HubError(400, "invalid_request", "Loại dải số phải là s10 hoặc code_seq.")
        with self.engine.begin() as conn:
            dev = conn.execute(
                sa.select(devices.c.office_code).where(devices.c.id == device_id)
            ).first()
            if dev is None or dev.office_code != office:
                raise HubError(
                    404,
                    "not_found",
                    f"Không có quầy {device_id} thuộc đơn vị {office}. "
                    "Hãy kiểm tra mã quầy bằng lệnh `motcua-hub export` hoặc `stats`.",
                )
            self._refuse_overlap(conn, kind, prefix, office, device_id, lo, hi)
            data: dict[str, Any] = {"kind": kind, "lo": lo, "hi": hi}
            if kind == "s10":
                data["prefix"] = prefix
            cursor = self._publish(conn, "number_range", data, office, device_id)
            conn.execute(
                ranges.insert().values(
                    kind=kind,
                    prefix=prefix,
                    office_code=office,
                    device_id=device_id,
                    lo=lo,
                    hi=hi,
                    feed_cursor=cursor,
                    created_at=self._now(),
                )
            )
        return cursor

    def _refuse_overlap(
        self,
        conn: Connection,
        kind: str,
        prefix: str,
        office: str,
        device_id: str,
        lo: int,
        hi: int,
    ) -> None:
        if kind == "s10":
            # S10 identifiers are national: any earlier range with this indicator counts.
            clash = conn.execute(
                sa.select(ranges.c.device_id, ranges.c.lo, ranges.c.hi)
                .where(
                    ranges.c.kind == "s10",
                    ranges.c.prefix == prefix,
                    ranges.c.lo <= hi,
                    ranges.c.hi >= lo,
                )
                .limit(1)
            ).first()
            if clash is not None:
                raise _overlap(prefix, lo, hi, clash.lo, clash.hi, clash.device_id)
            return
        # Dossier codes: each other counter of the unit uses its newest block, or the default
        # block of its counter number until it has been given one.
        others = conn.execute(
            sa.select(devices.c.id, devices.c.counter_no).where(
                devices.c.office_code == office, devices.c.id != device_id
            )
        ).all()
        latest: dict[str, tuple[int, int]] = {}
        for r in conn.execute(
            sa.select(ranges.c.device_id, ranges.c.lo, ranges.c.hi)
            .where(ranges.c.kind == "code_seq", ranges.c.office_code == office)
            .order_by(ranges.c.id)
        ):
            latest[r.device_id] = (r.lo, r.hi)
        for other in others:
            if other.id in latest:
                olo, ohi = latest[other.id]
            else:
                block = default_block(other.counter_no)
                olo, ohi = block.lo, block.hi
            if olo <= hi and lo <= ohi:
                raise _overlap("", lo, hi, olo, ohi, other.id)

    def _known_office(self, office_code: str) -> str:
        unit = _domain(validate_unit_code, office_code)
        with self.engine.connect() as conn:
            if conn.execute(sa.select(offices.c.code).where(offices.c.code == unit)).first():
                return unit
        raise HubError(
            404,
            "not_found",
            f"Bưu điện tỉnh chưa có đơn vị {unit}. Hãy tạo mã ghi danh cho đơn vị này trước "
            "(`motcua-hub enroll --office … --name …`).",
        )

    def export(self, office_code: str) -> dict[str, Any]:
        """The dossiers an office's counters received, with each dossier's event count."""
        unit = self._known_office(office_code)
        office_devices = sa.select(devices.c.id).where(devices.c.office_code == unit)
        received = (
            sa.select(events.c.device_id, events.c.entity_id, events.c.payload)
            .where(events.c.type == "dossier.received", events.c.device_id.in_(office_devices))
            .order_by(events.c.device_id, events.c.seq)
        )
        counts = (
            sa.select(events.c.entity_id, sa.func.count().label("n"))
            .where(
                events.c.entity_id.in_(
                    sa.select(events.c.entity_id).where(
                        events.c.type == "dossier.received",
                        events.c.device_id.in_(office_devices),
                    )
                )
            )
            .group_by(events.c.entity_id)
        )
        with self.engine.connect() as conn:
            name = conn.execute(sa.select(offices.c.name).where(offices.c.code == unit)).scalar()
            n_events = {r.entity_id: int(r.n) for r in conn.execute(counts)}
            dossiers = []
            for r in conn.execute(received):
                p = _json_object(r.payload)
                dossiers.append(
                    {
                        "id": r.entity_id,
                        "code": p.get("code"),
                        "s10": p.get("s10"),
                        "received_at": p.get("received_at"),
                        "device_id": r.device_id,
                        "events": n_events.get(r.entity_id, 0),
                    }
                )
        dossiers.sort(key=lambda d: (str(d["received_at"]), str(d["code"])))
        return {
            "office": {"unit_code": unit, "name": name},
            "count": len(dossiers),
            "dossiers": dossiers,
        }

    def stats(self) -> dict[str, Any]:
        count = sa.func.count()
        with self.engine.connect() as conn:
            by_office = conn.execute(
                sa.select(
                    offices.c.code,
                    offices.c.name,
                    sa.select(count)
                    .where(devices.c.office_code == offices.c.code, devices.c.revoked_at.is_(None))
                    .scalar_subquery()
                    .label("devices"),
                    sa.select(sa.func.coalesce(sa.func.sum(devices.c.acked_seq), 0))
                    .where(devices.c.office_code == offices.c.code)
                    .scalar_subquery()
                    .label("events"),
                ).order_by(offices.c.code)
            ).all()
            active = conn.execute(
                sa.select(count).where(devices.c.revoked_at.is_(None))
            ).scalar_one()
            revoked = conn.execute(
                sa.select(count).where(devices.c.revoked_at.is_not(None))
            ).scalar_one()
            n_events = conn.execute(sa.select(count).select_from(events)).scalar_one()
            open_conflicts = conn.execute(
                sa.select(count).where(conflicts.c.resolved_at.is_(None))
            ).scalar_one()
            n_feed = conn.execute(sa.select(count).select_from(feed)).scalar_one()
        return {
            "offices": len(by_office),
            "devices": int(active),
            "devices_revoked": int(revoked),
            "events": int(n_events),
            "conflicts": int(open_conflicts),
            "feed_items": int(n_feed),
            "by_office": [
                {
                    "unit_code": r.code,
                    "name": r.name,
                    "devices": int(r.devices),
                    "events": int(r.events),
                }
                for r in by_office
            ],
        }

    def list_conflicts(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(conflicts)
                .where(conflicts.c.resolved_at.is_(None))
                .order_by(conflicts.c.id)
            ).mappings()
            return [dict(r) for r in rows]

    # -- device API ----------------------------------------------------------------------

    def enroll(self, code: str, device_id: str, counter_name: str) -> dict[str, Any]:
        """Redeem a one-time code. The same device may redeem its own code again until the code
        expires (its first answer may have been lost); the token is then replaced."""
        digest = sha256_hex(normalize_enroll_code(code))
        now = self._now()
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            row = conn.execute(
                self._lock(
                    conn, sa.select(enroll_codes).where(enroll_codes.c.code_sha256 == digest)
                )
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
                self._lock(conn, sa.select(offices).where(offices.c.code == row.office_code))
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
                counter_no = self._free_counter_no(conn, office.code)
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
        log.info(
            "device %s enrolled at office %s as counter %d", device_id, office.code, counter_no
        )
        return {
            "protocol": 1,
            "device_id": device_id,
            "token": token,
            "office": {"unit_code": office.code, "name": office.name},
            "counter_no": counter_no,
        }

    def _free_counter_no(self, conn: Connection, office_code: str) -> int:
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

    def authenticate(self, token: str | None) -> Device:
        if not token:
            raise unauthorized()
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(devices).where(devices.c.token_sha256 == sha256_hex(token))
            ).first()
        if row is None or row.revoked_at is not None:
            raise unauthorized()
        return Device(row.id, row.office_code, row.counter_no, row.name, int(row.acked_seq))

    def ingest(
        self,
        device: Device,
        *,
        device_id: str,
        batch_id: str,
        manifest_count: int,
        manifest_sha256_: str,
        events_: Sequence[Mapping[str, Any]],
    ) -> Ack:
        """Store one batch all-or-nothing; see the module docstring for the rules."""
        if device_id != device.id:
            raise HubError(
                403,
                "forbidden",
                "Khóa của quầy không khớp mã quầy trong gói dữ liệu. Hãy ghi danh lại quầy.",
            )
        if len(events_) > MAX_EVENTS:
            raise too_large()
        if manifest_count != len(events_) or manifest_sha256(events_) != manifest_sha256_:
            raise HubError(
                400,
                "manifest_mismatch",
                "Gói dữ liệu bị hỏng trên đường truyền (bảng kê không khớp). "
                "Quầy sẽ gửi lại; nếu lỗi lặp lại, hãy báo quản trị viên.",
            )
        check_batch(device.id, events_)
        for attempt in range(2):
            try:
                return self._store(device.id, batch_id, events_)
            except IntegrityError:
                # Another device stored one of these event ids between our check and insert;
                # the second pass sees it and reports the conflict.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _store(self, device_id: str, batch_id: str, batch: Sequence[Mapping[str, Any]]) -> Ack:
        now = self._now()
        failure: HubError | None = None
        with self.engine.begin() as conn:
            row = conn.execute(
                self._lock(
                    conn,
                    sa.select(
                        devices.c.acked_seq,
                        devices.c.projected_seq,
                        devices.c.office_code,
                        devices.c.revoked_at,
                    ).where(devices.c.id == device_id),
                )
            ).first()
            if row is None or row.revoked_at is not None:
                raise unauthorized()
            acked = int(row.acked_seq)
            if not batch:
                return Ack(acked, 0, 0)
            first, last = batch[0]["seq"], batch[-1]["seq"]
            if first > acked + 1:
                raise HubError(
                    422,
                    "gap",
                    f"Bưu điện tỉnh mới nhận đến sự kiện số {acked}; quầy cần gửi từ số "
                    f"{acked + 1}. Quầy sẽ tự gửi lại từ đó.",
                    expected_seq=acked + 1,
                )
            stored = conn.execute(
                sa.select(events.c.device_id, events.c.seq, events.c.id, events.c.hash).where(
                    sa.or_(
                        sa.and_(
                            events.c.device_id == device_id,
                            events.c.seq.between(first - 1, min(last, acked)),
                        ),
                        self._id_among(conn, [e["id"] for e in batch]),
                    )
                )
            ).all()
            by_seq = {r.seq: r for r in stored if r.device_id == device_id}
            by_id = {r.id: r for r in stored}
            problems: list[tuple[str, Mapping[str, Any], Any]] = []
            new: list[Mapping[str, Any]] = []
            for e in batch:
                had = by_seq.get(e["seq"])
                if had is not None:
                    if had.hash != e["hash"] or had.id != e["id"]:
                        problems.append(("hash_differs", e, had))
                elif e["id"] in by_id:
                    problems.append(("id_reused", e, by_id[e["id"]]))
                else:
                    new.append(e)
            if new and not problems and new[0]["seq"] > 1:
                before = by_seq[new[0]["seq"] - 1]
                if before.hash != new[0]["prev_hash"]:
                    problems.append(("chain_fork", new[0], before))
            if problems:
                self._record_conflicts(conn, device_id, batch_id, problems, now)
                failure = _conflict(problems[0])
            elif new:
                bulk_insert(
                    conn,
                    events,
                    [{**{k: e[k] for k in EVENT_KEYS}, "received_at": now} for e in new],
                )
                if int(row.projected_seq) < acked:  # events stored before the projection existed
                    catch_up(conn, device_id, row.office_code, int(row.projected_seq), acked, now)
                project(conn, device_id, row.office_code, new, now)
                acked = int(new[-1]["seq"])
                conn.execute(
                    devices.update()
                    .where(devices.c.id == device_id)
                    .values(acked_seq=acked, projected_seq=acked)
                )
        # Raised only now, so the review rows are committed while no event of the batch is.
        if failure is not None:
            raise failure
        log.debug(
            "device %s batch %s: %d new, %d again, acked %d",
            device_id,
            batch_id,
            len(new),
            len(batch) - len(new),
            acked,
        )
        return Ack(acked, len(new), len(batch) - len(new))

    def _id_among(self, conn: Connection, ids: list[str]) -> sa.ColumnElement[bool]:
        if is_postgres(conn):
            # One array parameter: the statement text stays the same for every batch, so it
            # is parsed once and prepared, instead of growing an IN list of up to 1000 ids.
            return events.c.id == sa.any_(sa.literal(ids, postgresql.ARRAY(sa.String)))
        return events.c.id.in_(ids)

    def _record_conflicts(
        self,
        conn: Connection,
        device_id: str,
        batch_id: str,
        problems: Iterable[tuple[str, Mapping[str, Any], Any]],
        now: str,
    ) -> None:
        problems = list(problems)
        seen = {
            (r.seq, r.kind, r.received_hash)
            for r in conn.execute(
                sa.select(conflicts.c.seq, conflicts.c.kind, conflicts.c.received_hash).where(
                    conflicts.c.device_id == device_id,
                    conflicts.c.seq.in_([e["seq"] for _, e, _ in problems]),
                )
            )
        }
        rows = [
            {
                "device_id": device_id,
                "seq": e["seq"],
                "kind": kind,
                "stored_event_id": had.id,
                "stored_hash": had.hash,
                "received_hash": e["hash"],
                "received_event": canonical_json({k: e[k] for k in EVENT_KEYS}),
                "batch_id": batch_id,
                "detected_at": now,
            }
            for kind, e, had in problems
            if (e["seq"], kind, e["hash"]) not in seen
        ]
        if rows:
            conn.execute(conflicts.insert(), rows)
            log.warning(
                "device %s: %d conflicting event(s) sent for review, first seq %d",
                device_id,
                len(rows),
                rows[0]["seq"],
            )

    def me(self, device: Device) -> dict[str, Any]:
        return {
            "protocol": 1,
            "device_id": device.id,
            "office_code": device.office_code,
            "acked_seq": device.acked_seq,
        }

    def feed(self, device: Device, after: int, limit: int = FEED_LIMIT) -> FeedPage:
        """Items for the device's office (or all offices) and for it (or all its office's
        devices), after ``after``; ``more`` says another page is waiting."""
        limit = max(1, min(limit, FEED_LIMIT))
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(feed.c.cursor, feed.c.kind, feed.c.data)
                .where(
                    feed.c.cursor > after,
                    sa.or_(feed.c.office_code.is_(None), feed.c.office_code == device.office_code),
                    sa.or_(feed.c.device_id.is_(None), feed.c.device_id == device.id),
                )
                .order_by(feed.c.cursor)
                .limit(limit + 1)
            ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        items = [{"cursor": int(r.cursor), "kind": r.kind, "data": r.data} for r in rows]
        return FeedPage(items, items[-1]["cursor"] if items else after, more)


def _json_object(text: str) -> dict[str, Any]:
    # The hub stores payloads as sent (their hash covers them); a reader must not trip on one.
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def too_large() -> HubError:
    return HubError(
        413,
        "too_large",
        f"Gói dữ liệu quá lớn (tối đa {MAX_EVENTS} sự kiện, {MAX_BYTES // (1024 * 1024)} MB). "
        "Quầy sẽ chia nhỏ gói; nếu lỗi lặp lại, hãy báo quản trị viên.",
    )


def _refused(message: str) -> HubError:
    return HubError(403, "enroll_refused", message)


def _conflict(problem: tuple[str, Mapping[str, Any], Any]) -> HubError:
    kind, e, _had = problem
    return HubError(
        409,
        "conflict",
        f"Sự kiện số {e['seq']} của quầy khác với bản bưu điện tỉnh đã lưu; gói này chưa được "
        "nhận. Hãy báo quản trị viên bưu điện tỉnh xử lý (danh sách xung đột).",
        seq=e["seq"],
        event_id=e["id"],
        kind=kind,
    )


def _overlap(prefix: str, lo: int, hi: int, olo: int, ohi: int, other: str) -> HubError:
    label = f"{prefix} " if prefix else ""
    return HubError(
        409,
        "overlap",
        f"Dải số {label}{lo}–{hi} trùng với dải {label}{olo}–{ohi} của quầy {other}. "
        "Hãy chọn một dải số khác.",
    )


def _domain(fn: Callable[..., Any], *args: Any) -> Any:
    """Call a domain validator, turning its DomainError into a 400 with the same message."""
    try:
        return fn(*args)
    except DomainError as exc:
        raise HubError(400, "invalid_request", exc.message) from exc
