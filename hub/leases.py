"""Number leases: the hub hands each counter blocks of S10 serials and slices of the daily dossier
sequence ahead of time, and checks every received dossier's numbers against them.

Guarantees (docs/sync-protocol.md, "Numbers"):

* an S10 block is leased once in the province, from the province's serial space (the number
  settings), never from the provisional space of counters that were never enrolled;
* a code slice is leased for a span of days; no two devices of an office (revoked ones included)
  hold overlapping slices on any day, so two counters never share a day's sequence;
* a device's ``dossier.received`` events after ``provisional_until_seq`` must carry numbers from
  its own leases; before it (made before the device had leases) any number that no other device
  holds; always the sender's own unit code, and never a code or S10 number another dossier has.
  Anything else is refused and recorded as a conflict for the operator.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain import numbering
from app.domain.dossier_code import default_block, parse_dossier_code
from app.domain.errors import DomainError
from app.domain.s10 import SERIAL_MAX, make_s10, parse_s10, validate_indicator
from hub.db import devices, dossiers, number_settings, ranges

# Devices enrolled before leases existed: no mark yet (hub/migrations 0004).
UNLEASED = 2**62
MAX_S10_AHEAD = 2  # blocks a device may hold unused at once: a rogue counter cannot hoard


@dataclass(frozen=True)
class NumberSettings:
    indicator: str = "RA"
    s10_lo: int = 0
    s10_hi: int = numbering.HUB_S10_MAX
    s10_block: int = numbering.S10_BLOCK
    code_block: int = numbering.CODE_BLOCK
    lease_days: int = numbering.LEASE_DAYS
    refill_days: int = numbering.REFILL_DAYS

    def check(self) -> NumberSettings:
        validate_indicator(self.indicator)
        if not 0 <= self.s10_lo < self.s10_hi <= numbering.HUB_S10_MAX:
            raise DomainError(
                f"Dải sê-ri S10 của tỉnh phải nằm trong 00000000–{numbering.HUB_S10_MAX:08d} "
                f"(từ {numbering.PROVISIONAL_S10.lo:08d} dành cho quầy chưa ghi danh)."
            )
        if not 100 <= self.s10_block <= self.s10_hi - self.s10_lo + 1:
            raise DomainError("Cỡ khối S10 phải từ 100 đến cỡ cả dải sê-ri của tỉnh.")
        if not 10 <= self.code_block <= numbering.HUB_CODES.size:
            raise DomainError(
                f"Cỡ dải mã hồ sơ mỗi ngày phải từ 10 đến {numbering.HUB_CODES.size}."
            )
        if not 1 <= self.refill_days < self.lease_days <= 92:
            raise DomainError("Cần 1 ≤ số ngày cấp bổ sung < số ngày mỗi lần cấp ≤ 92.")
        return self


def settings(conn: Connection) -> NumberSettings:
    stored = {r.key: r.value for r in conn.execute(sa.select(number_settings))}
    known = {k: v for k, v in stored.items() if k in NumberSettings.__dataclass_fields__}
    return NumberSettings(**known)


def change_settings(conn: Connection, **changes: Any) -> NumberSettings:
    """Validate and store the province's number settings (what is not named stays)."""
    updated = replace(settings(conn), **changes).check()
    for key, value in asdict(updated).items():
        conn.execute(number_settings.delete().where(number_settings.c.key == key))
        conn.execute(number_settings.insert().values(key=key, value=value))
    return updated


# -- leasing -------------------------------------------------------------------------------------


def counter_day(said: object, hub_today: date) -> tuple[date, list[str]]:
    """The day to lease code slices from: the counter's own (its codes carry it) when it is within
    a day of the hub's, else the hub's, with a word about the counter's clock."""
    try:
        day = date.fromisoformat(str(said)) if said else hub_today
    except ValueError:
        day = hub_today
    if abs((day - hub_today).days) <= 1:
        return day, []
    return hub_today, [
        f"Đồng hồ của quầy đang là ngày {day:%d/%m/%Y}, khác ngày của bưu điện tỉnh "
        f"({hub_today:%d/%m/%Y}). Hãy chỉnh lại ngày giờ của máy tính."
    ]


def _lease(row: Any) -> dict[str, Any]:
    lease: dict[str, Any] = {
        "lease_id": str(row.id),
        "kind": row.kind,
        "lo": int(row.lo),
        "hi": int(row.hi),
    }
    if row.kind == "s10":
        lease["prefix"] = row.prefix
    else:
        lease["valid_from"] = row.valid_from
        lease["valid_to"] = row.valid_to
    return lease


def _s10_used(conn: Connection, device_id: str, prefix: str, lo: int, hi: int) -> int:
    """How many of the device's dossiers at the hub carry a serial of ``lo``..``hi``."""
    first, last = make_s10(prefix, lo)[:10], make_s10(prefix, hi)[:10]
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(dossiers)
            .where(
                dossiers.c.device_id == device_id,
                sa.func.substr(dossiers.c.s10, 1, 10).between(first, last),
            )
        ).scalar_one()
    )


def active_leases(conn: Connection, device_id: str, today: date) -> list[dict[str, Any]]:
    """Every S10 block of the device from the last 12 months and every code slice not ended."""
    since = (today - timedelta(days=366)).isoformat()
    rows = conn.execute(
        sa.select(ranges)
        .where(
            ranges.c.device_id == device_id,
            sa.or_(
                sa.and_(ranges.c.kind == "s10", ranges.c.created_at >= since),
                sa.and_(
                    ranges.c.kind == "code_seq",
                    sa.or_(ranges.c.valid_to.is_(None), ranges.c.valid_to >= today.isoformat()),
                ),
            ),
        )
        .order_by(ranges.c.id)
    ).all()
    return [_lease(r) for r in rows]


def _s10_remaining(conn: Connection, device_id: str, prefix: str) -> tuple[int, int]:
    """(serials left, blocks not used up) of the device's S10 leases, as far as the hub knows."""
    left = blocks = 0
    for r in conn.execute(
        sa.select(ranges.c.lo, ranges.c.hi).where(
            ranges.c.device_id == device_id, ranges.c.kind == "s10", ranges.c.prefix == prefix
        )
    ):
        size = int(r.hi) - int(r.lo) + 1
        free = size - _s10_used(conn, device_id, prefix, int(r.lo), int(r.hi))
        if free > 0:
            left += free
            blocks += 1
    return left, blocks


def _highest_s10_used(conn: Connection, prefix: str, lo: int, hi: int) -> int | None:
    first, last = make_s10(prefix, lo)[:10], make_s10(prefix, hi)[:10]
    found = conn.execute(
        sa.select(sa.func.max(sa.func.substr(dossiers.c.s10, 1, 10))).where(
            sa.func.substr(dossiers.c.s10, 1, 10).between(first, last)
        )
    ).scalar_one()
    return int(found[2:]) if found else None


def _grant_s10(
    conn: Connection, device: Any, cfg: NumberSettings, now: str
) -> dict[str, Any] | None:
    highest = conn.execute(
        sa.select(sa.func.max(ranges.c.hi)).where(
            ranges.c.kind == "s10",
            ranges.c.prefix == cfg.indicator,
            ranges.c.hi <= cfg.s10_hi,
        )
    ).scalar_one()
    lo = max(cfg.s10_lo, int(highest) + 1 if highest is not None else cfg.s10_lo)
    while True:
        hi = min(lo + cfg.s10_block - 1, cfg.s10_hi, SERIAL_MAX)
        if lo > cfg.s10_hi:
            return None  # the province's space is used up: the operator must widen it
        # Serials a dossier here already carries (a counter of an older version numbered from a
        # fixed local block inside this space): the block starts after them.
        used = _highest_s10_used(conn, cfg.indicator, lo, hi)
        if used is None:
            break
        lo = used + 1
    return _record(conn, device, now, kind="s10", prefix=cfg.indicator, lo=lo, hi=hi)


def _record(conn: Connection, device: Any, now: str, **lease: Any) -> dict[str, Any]:
    """Write one lease (a ranges row leased through /leases: no feed item)."""
    cursor = conn.execute(
        ranges.insert().values(
            office_code=device.office_code,
            device_id=device.id,
            feed_cursor=0,
            created_at=now,
            **lease,
        )
    )
    return {"lease_id": str(cursor.inserted_primary_key[0]), "kind": lease["kind"]}


def _taken_slices(
    conn: Connection, office: str, device_id: str, first: date, last: date
) -> list[tuple[int, int]]:
    """Sequence spans other devices of the office hold on any day of ``first``..``last``."""
    spans = [
        (int(r.lo), int(r.hi))
        for r in conn.execute(
            sa.select(ranges.c.lo, ranges.c.hi).where(
                ranges.c.kind == "code_seq",
                ranges.c.office_code == office,
                ranges.c.device_id != device_id,
                sa.or_(ranges.c.valid_from.is_(None), ranges.c.valid_from <= last.isoformat()),
                sa.or_(ranges.c.valid_to.is_(None), ranges.c.valid_to >= first.isoformat()),
            )
        )
    ]
    # Codes other devices already gave out on those days (an older version's fixed block, used
    # before its first lease), one span each.
    unit = office
    for (code,) in conn.execute(
        sa.select(dossiers.c.code).where(
            dossiers.c.office_code == office,
            dossiers.c.device_id != device_id,
            dossiers.c.code.between(f"{unit}-{first:%y%m%d}-0000", f"{unit}-{last:%y%m%d}-9999"),
        )
    ):
        seq = int(code[-4:]) if code[-4:].isdigit() else None
        if seq is not None:
            spans.append((seq, seq))
    # A counter of an older version (active, never asked for a lease) still numbers from its
    # counter number's fixed block: all of it stays out. This version's counters never use one.
    leased = sa.select(ranges.c.device_id).where(ranges.c.kind == "code_seq")
    for r in conn.execute(
        sa.select(devices.c.counter_no).where(
            devices.c.office_code == office,
            devices.c.id != device_id,
            devices.c.id.not_in(leased),
            devices.c.revoked_at.is_(None),
            devices.c.provisional_until_seq >= UNLEASED,
        )
    ):
        old = default_block(int(r.counter_no))
        spans.append((old.lo, old.hi))
    return spans


def _grant_code(
    conn: Connection, device: Any, cfg: NumberSettings, first: date, now: str
) -> dict[str, Any] | None:
    last = first + timedelta(days=cfg.lease_days - 1)
    taken = sorted(_taken_slices(conn, device.office_code, device.id, first, last))
    lo = numbering.HUB_CODES.lo
    while lo + cfg.code_block - 1 <= numbering.HUB_CODES.hi:
        hi = lo + cfg.code_block - 1
        clash = next((t for t in taken if t[0] <= hi and lo <= t[1]), None)
        if clash is None:
            return _record(
                conn, device, now, kind="code_seq", prefix="", lo=lo, hi=hi,
                valid_from=first.isoformat(), valid_to=last.isoformat(),
            )  # fmt: skip
        lo = clash[1] + 1
    return None


def grant(
    conn: Connection,
    device: Any,
    request: Mapping[str, Any],
    today: date,
    now: str,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Lease what the device is due (under its row lock); its active leases, and problems.

    ``request``: ``last_seq`` (the device's newest event), ``s10_remaining`` and
    ``code_days_left`` as the counter counts them (it knows of numbers not synced yet), and
    ``restart`` after a restore that abandoned its blocks.
    """
    cfg = settings(conn)
    problems: list[str] = []
    if int(device.provisional_until_seq) >= UNLEASED:
        # The first lease request: events up to here were numbered before leases.
        mark = max(int(request.get("last_seq") or 0), int(device.acked_seq))
        conn.execute(
            devices.update().where(devices.c.id == device.id).values(provisional_until_seq=mark)
        )
    left, unused = _s10_remaining(conn, device.id, cfg.indicator)
    says = request.get("s10_remaining")
    counted = min(left, says) if isinstance(says, int) and not isinstance(says, bool) else left
    wants_s10 = counted < numbering.S10_REFILL or bool(request.get("restart"))
    if wants_s10 and unused < MAX_S10_AHEAD and _grant_s10(conn, device, cfg, now) is None:
        problems.append(
            "Dải sê-ri S10 của tỉnh đã cấp hết: quản trị viên hãy mở rộng dải "
            "(`motcua-hub numbers --s10-hi …`)."
        )
    ends = conn.execute(
        sa.select(sa.func.max(ranges.c.valid_to)).where(
            ranges.c.device_id == device.id, ranges.c.kind == "code_seq"
        )
    ).scalar_one()
    covered_to = date.fromisoformat(ends) if ends else today - timedelta(days=1)
    days_left = max(0, (covered_to - today).days + 1)
    if request.get("restart"):
        first: date | None = today  # today's slice was abandoned: a new one from today
    elif days_left < cfg.refill_days:
        first = max(today, covered_to + timedelta(days=1))
    else:
        first = None
    if first is not None and _grant_code(conn, device, cfg, first, now) is None:
        problems.append(
            f"Đơn vị {device.office_code} đã dùng hết dải mã hồ sơ cho những ngày này. Hãy thu "
            "hồi các quầy không còn dùng hoặc giảm cỡ dải mỗi quầy."
        )
    return active_leases(conn, device.id, today), problems


# -- checking what a device sends --------------------------------------------------------------


def lineage(conn: Connection, device_id: str) -> set[str]:
    """The device and those it replaces (the same counter enrolled again): their leases are its."""
    family = {device_id}
    current: str | None = device_id
    for _ in range(100):  # a counter enrolled again a hundred times is a question for people
        current = conn.execute(
            sa.select(devices.c.replaces).where(devices.c.id == current)
        ).scalar_one_or_none()
        if not current or current in family:
            break
        family.add(current)
    return family


@dataclass(frozen=True)
class NumberProblem:
    kind: str  # wrong_unit | number_taken | outside_lease
    event: Mapping[str, Any]
    message: str  # Vietnamese, for the counter and the operator


def _payload(e: Mapping[str, Any]) -> Mapping[str, Any]:
    value = e.get("payload")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, Mapping) else {}


def check_numbers(
    conn: Connection, device: Any, batch: Sequence[Mapping[str, Any]]
) -> list[NumberProblem]:
    """Problems with the numbers of the batch's new ``dossier.received`` events."""
    problems: list[NumberProblem] = []
    received = [e for e in batch if e.get("type") == "dossier.received"]
    if not received:
        return problems
    own = conn.execute(sa.select(ranges).where(ranges.c.office_code == device.office_code)).all()
    province_s10 = conn.execute(
        sa.select(ranges.c.device_id, ranges.c.prefix, ranges.c.lo, ranges.c.hi).where(
            ranges.c.kind == "s10"
        )
    ).all()
    family = lineage(conn, device.id)
    in_batch: set[str] = set()
    for e in received:
        data = _payload(e)
        code, s10 = str(data.get("code", "")), str(data.get("s10", ""))
        if code in in_batch or s10 in in_batch:
            problems.append(NumberProblem(
                "number_taken", e, f"Hồ sơ {code} ({s10}) lặp lại số của một hồ sơ khác trong gói.",
            ))  # fmt: skip
            continue
        in_batch.update((code, s10))
        try:
            parsed = parse_dossier_code(code)
            label = parse_s10(s10)
        except DomainError as exc:
            problems.append(NumberProblem("outside_lease", e, exc.message))
            continue
        if parsed.unit_code != device.office_code:
            problems.append(NumberProblem(
                "wrong_unit", e,
                f"Hồ sơ {code} mang mã đơn vị {parsed.unit_code}, không phải đơn vị của quầy "
                f"({device.office_code}).",
            ))  # fmt: skip
            continue
        day = parsed.day.isoformat()
        clash = conn.execute(
            sa.select(dossiers.c.code, dossiers.c.id).where(
                sa.or_(dossiers.c.code == code, dossiers.c.s10 == s10),
                dossiers.c.id != str(data.get("id", "")),
            )
        ).first()
        if clash is not None:
            problems.append(NumberProblem(
                "number_taken", e,
                f"Mã hồ sơ {code} hoặc số hiệu {s10} đã thuộc hồ sơ {clash.code} ở bưu điện tỉnh.",
            ))  # fmt: skip
            continue

        def code_in(r: Any, day: str = day, seq: int = parsed.seq) -> bool:
            return (
                r.kind == "code_seq"
                and int(r.lo) <= seq <= int(r.hi)
                and (r.valid_from is None or r.valid_from <= day)
                and (r.valid_to is None or r.valid_to >= day)
            )

        def s10_in(r: Any, label: Any = label) -> bool:
            return r.prefix == label.indicator and int(r.lo) <= label.serial <= int(r.hi)

        if int(e["seq"]) > int(device.provisional_until_seq):
            mine = [r for r in own if r.device_id in family]
            ok = any(code_in(r) for r in mine) and any(r.kind == "s10" and s10_in(r) for r in mine)
            if not ok:
                problems.append(NumberProblem(
                    "outside_lease", e,
                    f"Hồ sơ {code} ({s10}) mang số ngoài các dải bưu điện tỉnh đã cấp cho quầy.",
                ))  # fmt: skip
            continue
        # Numbered before leases: fine unless another device holds the number.
        held = any(code_in(r) for r in own if r.device_id not in family) or any(
            s10_in(r) for r in province_s10 if r.device_id not in family
        )
        if held:
            problems.append(NumberProblem(
                "outside_lease", e,
                f"Hồ sơ {code} ({s10}) mang số thuộc dải đã cấp cho quầy khác.",
            ))  # fmt: skip
    return problems
