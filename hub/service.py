"""What the hub does, independent of HTTP: the :class:`Hub` front over one database.

``Hub`` keeps the public methods the HTTP API, the CLI and the agency pages call, and holds the
operator's read-only commands (export, stats, conflicts) and the projection catch-up; the work is
done by its parts, each with its own guarantees (docs/sync-protocol.md):

- ``hub.enrollment``: one-time enrollment codes, tokens, revocation (digests only, never logged);
- ``hub.numbers``: number ranges handed to devices, refused on any overlap;
- ``hub.ingest``: a batch stored whole or not at all, acknowledged only after COMMIT;
- ``hub.feed``: downstream items and the pages a device reads (its office's only);
- ``hub.common``: the refusal type, hashing, time and the small records.

The names callers import from here (``HubError``, ``Device``, ``MAX_BYTES``, ``too_large`` …) are
re-exported from those modules.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.domain.backup_policy import VN_TZ
from hub import enrollment, ingest, leases, numbers
from hub import feed as feed_items
from hub.common import (
    GENESIS,
    Ack,
    Device,
    EnrollCode,
    HubError,
    _domain,
    _iso,
    canonical_json,
    event_hash,
    known_office,
    lock,
    sha256_hex,
    unauthorized,
    utc_now,
)
from hub.db import conflicts, devices, events, feed, make_engine, offices, upgrade
from hub.enrollment import (
    ENROLL_CODE_DAYS,
    MAX_COUNTERS,
    format_enroll_code,
    normalize_enroll_code,
)
from hub.feed import FEED_LIMIT, FeedPage
from hub.ingest import EVENT_KEYS, MAX_BYTES, MAX_EVENTS, check_batch, manifest_sha256, too_large
from hub.projection import catch_up

__all__ = [
    "ENROLL_CODE_DAYS",
    "EVENT_KEYS",
    "FEED_LIMIT",
    "GENESIS",
    "MAX_BYTES",
    "MAX_COUNTERS",
    "MAX_EVENTS",
    "Ack",
    "Device",
    "EnrollCode",
    "FeedPage",
    "Hub",
    "HubError",
    "_iso",
    "canonical_json",
    "check_batch",
    "event_hash",
    "format_enroll_code",
    "manifest_sha256",
    "normalize_enroll_code",
    "sha256_hex",
    "too_large",
    "unauthorized",
    "utc_now",
]

log = logging.getLogger("motcua.hub")


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
        """The query with a row lock where the database needs one (the agency uses it too)."""
        return lock(conn, query)

    # -- operator commands -------------------------------------------------------------

    def create_enroll_code(
        self, office_code: str, office_name: str, valid_days: int = ENROLL_CODE_DAYS
    ) -> EnrollCode:
        """Register (or rename) the office and return a one-time code for one counter."""
        return enrollment.create_enroll_code(
            self.engine, self.clock, office_code, office_name, valid_days
        )

    def revoke(self, device_id: str) -> bool:
        """Revoke a device's token; False if no such device is enrolled (or it already was)."""
        return enrollment.revoke(self.engine, self.clock, device_id)

    def publish(
        self,
        kind: str,
        data: Mapping[str, Any],
        office_code: str | None = None,
        device_id: str | None = None,
    ) -> int:
        """Append one downstream item; returns its cursor. ``None`` office: every office."""
        return feed_items.publish(self.engine, self.clock, kind, data, office_code, device_id)

    def _publish(
        self,
        conn: Connection,
        kind: str,
        data: Mapping[str, Any],
        office_code: str | None,
        device_id: str | None,
    ) -> int:
        """``publish`` inside the caller's transaction (the agency's decisions use it)."""
        return feed_items._publish(conn, self.clock, kind, data, office_code, device_id)

    def publish_calendar(
        self, day: date, working: bool, note: str = "", office_code: str | None = None
    ) -> int:
        return feed_items.publish_calendar(self.engine, self.clock, day, working, note, office_code)

    def publish_catalog(self, catalog: object) -> int:
        """Validate with the counter's own loader first: a broken catalog never goes out."""
        return feed_items.publish_catalog(self.engine, self.clock, catalog)

    def publish_range(
        self, office_code: str, device_id: str, kind: str, lo: int, hi: int, prefix: str = ""
    ) -> int:
        """Hand a device a block of numbers, refusing any overlap that could repeat a number."""
        return numbers.publish_range(
            self.engine, self.clock, office_code, device_id, kind, lo, hi, prefix
        )

    def _known_office(self, office_code: str) -> str:
        return known_office(self.engine, office_code)

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

    def enroll(
        self,
        code: str,
        device_id: str,
        counter_name: str,
        *,
        attempt: str | None = None,
        previous_token: str | None = None,
        client: str = "",
        guard: enrollment.EnrollGuard | None = None,
    ) -> dict[str, Any]:
        """Redeem a one-time code (see :func:`hub.enrollment.enroll`)."""
        return enrollment.enroll(
            self.engine, self.clock, code, device_id, counter_name, attempt=attempt,
            previous_token=previous_token, client=client, guard=guard,
        )  # fmt: skip

    def enroll_history(self, limit: int = 200) -> list[dict[str, Any]]:
        return enrollment.enroll_history(self.engine, limit)

    # -- numbers -------------------------------------------------------------------------

    def number_settings(self) -> leases.NumberSettings:
        with self.engine.connect() as conn:
            return leases.settings(conn)

    def change_number_settings(self, **changes: Any) -> leases.NumberSettings:
        with self.engine.begin() as conn:
            return _domain(lambda: leases.change_settings(conn, **changes))

    def lease(self, device: Device, request: Mapping[str, Any]) -> dict[str, Any]:
        """Lease the device what it is due, under its row lock; every active lease."""
        with self.engine.begin() as conn:
            row = conn.execute(
                self._lock(conn, sa.select(devices).where(devices.c.id == device.id))
            ).one()
            today, skew = leases.counter_day(request.get("today"), vn_today(self.clock))
            active, problems = leases.grant(conn, row, request, today, self._now())
        return {"protocol": 1, "leases": active, "problems": [*skew, *problems]}

    def device_events(
        self, device: Device, after: int, limit: int = FEED_LIMIT, chain: str | None = None
    ) -> dict[str, Any]:
        """The hub's copy of the device's events after ``after`` (re-hydration after a restore);
        ``chain``: a device this one replaces (the same counter enrolled again), never another."""
        limit = max(1, min(limit, FEED_LIMIT))
        with self.engine.connect() as conn:
            chain = chain or device.id
            if chain not in leases.lineage(conn, device.id):
                raise HubError(403, "forbidden", "Quầy chỉ đọc được dữ liệu của chính mình.")
            rows = conn.execute(
                sa.select(*(events.c[k] for k in EVENT_KEYS))
                .where(events.c.device_id == chain, events.c.seq > after)
                .order_by(events.c.seq)
                .limit(limit + 1)
            ).mappings()
            found = [dict(r) for r in rows]
            acked = conn.execute(
                sa.select(devices.c.acked_seq).where(devices.c.id == chain)
            ).scalar_one()
        return {
            "protocol": 1,
            "events": found[:limit],
            "acked_seq": int(acked),
            "more": len(found) > limit,
        }

    def authenticate(self, token: str | None) -> Device:
        return enrollment.authenticate(self.engine, token)

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
        """Store one batch all-or-nothing; see :mod:`hub.ingest` for the rules."""
        return ingest.ingest(
            self.engine,
            self.clock,
            device,
            device_id=device_id,
            batch_id=batch_id,
            manifest_count=manifest_count,
            manifest_sha256_=manifest_sha256_,
            events_=events_,
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
        return feed_items.feed(self.engine, device, after, limit)


def vn_today(clock: Callable[[], datetime]) -> date:
    """The counters' calendar day (Vietnam, UTC+7): code slices are leased by it."""
    return clock().astimezone(VN_TZ).date()


def _json_object(text: str) -> dict[str, Any]:
    # The hub stores payloads as sent (their hash covers them); a reader must not trip on one.
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
