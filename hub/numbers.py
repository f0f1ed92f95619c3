"""Number ranges: the hub hands a device a block of S10 serials or dossier-code sequence numbers.

Guarantees: a range is refused if it overlaps one that could repeat a number: for S10, any
earlier range with the same indicator anywhere (S10 identifiers are national); for dossier codes,
the block each other counter of the unit uses now. A range is recorded and published to the
device's feed in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.domain.dossier_code import SequenceBlock, default_block
from app.domain.s10 import SerialRange, validate_indicator
from hub.common import HubError, _domain, _iso, known_office
from hub.db import devices, ranges
from hub.feed import _publish


def publish_range(
    engine: Engine,
    clock: Callable[[], datetime],
    office_code: str,
    device_id: str,
    kind: str,
    lo: int,
    hi: int,
    prefix: str = "",
) -> int:
    """Hand a device a block of numbers, refusing any overlap that could repeat a number."""
    office = known_office(engine, office_code)
    if kind == "s10":
        prefix = _domain(validate_indicator, prefix)
        _domain(SerialRange, lo, hi)
    elif kind == "code_seq":
        prefix = ""
        _domain(SequenceBlock, lo, hi)
    else:
        raise HubError(400, "invalid_request", "Loại dải số phải là s10 hoặc code_seq.")
    with engine.begin() as conn:
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
        _refuse_overlap(conn, kind, prefix, office, device_id, lo, hi)
        data: dict[str, Any] = {"kind": kind, "lo": lo, "hi": hi}
        if kind == "s10":
            data["prefix"] = prefix
        cursor = _publish(conn, clock, "number_range", data, office, device_id)
        conn.execute(
            ranges.insert().values(
                kind=kind,
                prefix=prefix,
                office_code=office,
                device_id=device_id,
                lo=lo,
                hi=hi,
                feed_cursor=cursor,
                created_at=_iso(clock()),
            )
        )
    return cursor


def _refuse_overlap(
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


def _overlap(prefix: str, lo: int, hi: int, olo: int, ohi: int, other: str) -> HubError:
    label = f"{prefix} " if prefix else ""
    return HubError(
        409,
        "overlap",
        f"Dải số {label}{lo}–{hi} trùng với dải {label}{olo}–{ohi} của quầy {other}. "
        "Hãy chọn một dải số khác.",
    )
