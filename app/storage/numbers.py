"""Number ranges owned by this device: S10 serials and the daily block of dossier sequences.

Ranges are handed out ahead of time (by the hub, or set up locally for an offline counter), so two
counters never issue the same number while offline. Take numbers only inside a transaction that
also stores what uses them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.domain.dossier_code import SequenceBlock, next_code
from app.domain.errors import DomainError
from app.domain.s10 import SerialRange, make_s10, validate_indicator
from app.storage.connection import Database

# UPU S10: a number must not be reused within 12 months.
S10_REUSE_WINDOW = timedelta(days=366)


def add_s10_range(
    db: Database,
    indicator: str,
    serials: SerialRange,
    *,
    now: datetime,
    source: str = "local",
) -> int:
    """Record a new S10 serial range; refuse one that overlaps a range used within 12 months."""
    indicator = validate_indicator(indicator)
    since = (now - S10_REUSE_WINDOW).isoformat()
    for lo, hi, created_at in db.execute(
        "SELECT lo, hi, created_at FROM number_ranges WHERE kind = 's10' AND prefix = ?",
        [indicator],
    ):
        if SerialRange(lo, hi).overlaps(serials) and created_at >= since:
            raise DomainError(
                f"Dải số {indicator} {serials.lo:08d}–{serials.hi:08d} trùng với dải "
                f"{lo:08d}–{hi:08d} đã cấp ngày {created_at[:10]}: số hiệu bưu gửi không được "
                "dùng lại trong 12 tháng. Hãy xin bưu điện tỉnh một dải số khác."
            )
    cur = db.execute(
        "INSERT INTO number_ranges(kind, prefix, lo, hi, next, source, created_at)"
        " VALUES ('s10', ?, ?, ?, ?, ?, ?)",
        [indicator, serials.lo, serials.hi, serials.lo, source, now.isoformat()],
    )
    return int(cur.lastrowid or 0)


def take_s10(db: Database) -> str:
    """The next unused S10 identifier of this device (oldest range first)."""
    row = db.execute(
        "SELECT id, prefix, next FROM number_ranges WHERE kind = 's10' AND next <= hi"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        raise DomainError(
            "Đã hết số hiệu bưu gửi (S10) được cấp cho quầy này. Hãy đồng bộ với bưu điện tỉnh "
            "để nhận dải số mới, hoặc nhờ quản trị viên nhập dải số được cấp."
        )
    range_id, prefix, serial = row
    db.execute("UPDATE number_ranges SET next = next + 1 WHERE id = ?", [range_id])
    return make_s10(prefix, int(serial))


def s10_remaining(db: Database) -> int:
    row = db.execute(
        "SELECT coalesce(sum(hi - next + 1), 0) FROM number_ranges WHERE kind = 's10'"
    ).fetchone()
    return int(row[0])


def set_code_block(
    db: Database, block: SequenceBlock, *, now: datetime, source: str = "local"
) -> None:
    """Make ``block`` this device's daily block of dossier sequence numbers from now on."""
    db.execute(
        "INSERT INTO number_ranges(kind, prefix, lo, hi, next, source, created_at)"
        " VALUES ('code_seq', '', ?, ?, ?, ?, ?)",
        [block.lo, block.hi, block.lo, source, now.isoformat()],
    )


def code_block(db: Database) -> SequenceBlock:
    row = db.execute(
        "SELECT lo, hi FROM number_ranges WHERE kind = 'code_seq' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise DomainError(
            "Quầy chưa được cấp dải số hồ sơ. Hãy chạy thiết lập ban đầu hoặc đồng bộ với "
            "bưu điện tỉnh."
        )
    return SequenceBlock(int(row[0]), int(row[1]))


def take_dossier_code(db: Database, unit_code: str, day: date) -> tuple[str, int]:
    """The next dossier code of this device for ``day`` and its sequence number."""
    block = code_block(db)
    row = db.execute(
        "SELECT max(code_seq) FROM dossiers WHERE received_day = ? AND code_seq BETWEEN ? AND ?",
        [day.isoformat(), block.lo, block.hi],
    ).fetchone()
    last = int(row[0]) if row and row[0] is not None else None
    return next_code(unit_code, day, block, last)
