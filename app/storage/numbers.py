"""Number blocks owned by this device: S10 serials and daily slices of dossier sequences.

Blocks are handed out ahead of time — leased by the hub, or provisional for a counter that was
never enrolled (app/domain/numbering.py) — so two counters never issue the same number while
offline. Every number handed out is first covered by the numbers journal
(app/storage/number_journal.py), which a restore from an old backup cannot rewind. Take numbers
only inside a transaction that also stores what uses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.dossier_code import SequenceBlock, make_dossier_code
from app.domain.errors import DomainError
from app.domain.numbering import WARN_DAYS, provisional_code_block, provisional_s10_block
from app.domain.s10 import SerialRange, make_s10, validate_indicator
from app.storage import number_journal as journal
from app.storage.connection import Database
from app.storage.settings import get_setting, set_setting

# UPU S10: a number must not be reused within 12 months.
S10_REUSE_WINDOW = timedelta(days=366)
PROVISIONAL = "provisional"
CODE_FLOORS = "numbers.code_floors"  # {journal code key: the highest seq handed out}
RESTART = "numbers.restart"  # a restore abandoned the blocks: ask the hub for fresh ones
# Blocks a counter set up for itself before it had hub leases (this version and older ones):
# retired when the hub's first lease of the same kind arrives.
LOCAL_SOURCES = (PROVISIONAL, "local-default", "hub-enroll", "local")


@dataclass(frozen=True)
class Block:
    id: int
    kind: str  # s10 | code_seq
    prefix: str
    lo: int
    hi: int
    next: int  # s10: the next serial to use
    source: str
    lease_id: str | None
    valid_from: date | None
    valid_to: date | None

    @property
    def remaining(self) -> int:
        return self.hi - self.next + 1


_BLOCK_COLUMNS = "id, kind, prefix, lo, hi, next, source, lease_id, valid_from, valid_to"


def _block(row: tuple) -> Block:
    vf, vt = row[8], row[9]
    return Block(
        int(row[0]), str(row[1]), str(row[2]), int(row[3]), int(row[4]), int(row[5]),
        str(row[6]), row[7], date.fromisoformat(vf) if vf else None,
        date.fromisoformat(vt) if vt else None,
    )  # fmt: skip


def blocks(db: Database, kind: str | None = None) -> list[Block]:
    sql = f"SELECT {_BLOCK_COLUMNS} FROM number_ranges"
    rows = db.execute(sql + (" WHERE kind = ? ORDER BY id" if kind else " ORDER BY id"),
                      [kind] if kind else [])  # fmt: skip
    return [_block(r) for r in rows]


def _check_s10_reuse(db: Database, indicator: str, serials: SerialRange, now: datetime) -> None:
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


def add_s10_range(
    db: Database,
    indicator: str,
    serials: SerialRange,
    *,
    now: datetime,
    source: str = "local",
    lease_id: str | None = None,
) -> int:
    """Record a new S10 block; refuse one that overlaps a block used within 12 months.

    Its first serial is past the journal's mark for it: a block leased again after a restore
    resumes where the counter really got to.
    """
    indicator = validate_indicator(indicator)
    _check_s10_reuse(db, indicator, serials, now)
    mark = journal.mark(db, "s10", journal.s10_key(indicator, serials.lo, serials.hi))
    start = serials.lo if mark is None else min(serials.hi + 1, max(serials.lo, mark + 1))
    cur = db.execute(
        "INSERT INTO number_ranges(kind, prefix, lo, hi, next, source, created_at, lease_id)"
        " VALUES ('s10', ?, ?, ?, ?, ?, ?, ?)",
        [indicator, serials.lo, serials.hi, start, source, now.isoformat(), lease_id],
    )
    return int(cur.lastrowid or 0)


def take_s10(db: Database, *, now: datetime | None = None) -> str:
    """The next unused S10 identifier of this device (oldest block first).

    A counter never enrolled draws a new provisional block when its blocks run out.
    """
    row = db.execute(
        "SELECT id, prefix, lo, hi, next FROM number_ranges WHERE kind = 's10' AND next <= hi"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None and now is not None and not has_hub_leases(db, "s10"):
        prefix = db.execute(
            "SELECT prefix FROM number_ranges WHERE kind = 's10' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if prefix is not None:
            add_s10_range(db, prefix[0], provisional_s10_block(), now=now, source=PROVISIONAL)
            return take_s10(db)
    if row is None:
        raise DomainError(
            "Đã hết số hiệu bưu gửi (S10) được cấp cho quầy này. Hãy đồng bộ với bưu điện tỉnh "
            "để nhận dải số mới, hoặc nhờ quản trị viên nhập dải số được cấp."
        )
    range_id, prefix, lo, hi, serial = row
    journal.reserve(db, "s10", journal.s10_key(prefix, lo, hi), int(serial), int(hi))
    db.execute("UPDATE number_ranges SET next = next + 1 WHERE id = ?", [range_id])
    return make_s10(prefix, int(serial))


def s10_remaining(db: Database) -> int:
    row = db.execute(
        "SELECT coalesce(sum(hi - next + 1), 0) FROM number_ranges WHERE kind = 's10'"
    ).fetchone()
    return int(row[0])


def has_hub_leases(db: Database, kind: str) -> bool:
    placeholders = ",".join("?" * len(LOCAL_SOURCES))
    row = db.execute(
        f"SELECT 1 FROM number_ranges WHERE kind = ? AND source NOT IN ({placeholders}) LIMIT 1",
        [kind, *LOCAL_SOURCES],
    ).fetchone()
    return row is not None


def set_code_block(
    db: Database,
    block: SequenceBlock,
    *,
    now: datetime,
    source: str = "local",
    lease_id: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> None:
    """Add a slice of daily dossier sequences this device may use (on the days it is valid)."""
    db.execute(
        "INSERT INTO number_ranges(kind, prefix, lo, hi, next, source, created_at, lease_id,"
        " valid_from, valid_to) VALUES ('code_seq', '', ?, ?, ?, ?, ?, ?, ?, ?)",
        [block.lo, block.hi, block.lo, source, now.isoformat(), lease_id,
         valid_from.isoformat() if valid_from else None,
         valid_to.isoformat() if valid_to else None],
    )  # fmt: skip


def provisional_blocks(db: Database, indicator: str, counter_no: int, *, now: datetime) -> None:
    """The blocks of a counter that was never enrolled (first run)."""
    set_code_block(db, provisional_code_block(counter_no), now=now, source=PROVISIONAL)
    add_s10_range(db, indicator, provisional_s10_block(), now=now, source=PROVISIONAL)


def code_blocks(db: Database, day: date) -> list[Block]:
    """The code slices valid on ``day``, in the order they are used (oldest first)."""
    d = day.isoformat()
    rows = db.execute(
        f"SELECT {_BLOCK_COLUMNS} FROM number_ranges WHERE kind = 'code_seq'"
        " AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?)"
        " ORDER BY id",
        [d, d],
    )
    return [_block(r) for r in rows]


def code_block(db: Database) -> SequenceBlock:
    """The newest code slice (whatever its days); for status and the tests of older APIs."""
    row = db.execute(
        "SELECT lo, hi FROM number_ranges WHERE kind = 'code_seq' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise DomainError(
            "Quầy chưa được cấp dải số hồ sơ. Hãy chạy thiết lập ban đầu hoặc đồng bộ với "
            "bưu điện tỉnh."
        )
    return SequenceBlock(int(row[0]), int(row[1]))


def _last_used(db: Database, day: date, lo: int, hi: int) -> int | None:
    row = db.execute(
        "SELECT max(code_seq) FROM dossiers WHERE received_day = ? AND code_seq BETWEEN ? AND ?",
        [day.isoformat(), lo, hi],
    ).fetchone()
    used = int(row[0]) if row and row[0] is not None else None
    # After a restore: the journal's mark, copied here, covers the codes handed out after the
    # backup this database came from (resume_past_journal).
    floor = (get_setting(db, CODE_FLOORS, None) or {}).get(journal.code_key(day, lo, hi))
    found = [v for v in (used, floor) if isinstance(v, int)]
    return max(found) if found else None


def take_dossier_code(db: Database, unit_code: str, day: date) -> tuple[str, int]:
    """The next dossier code of this device for ``day`` and its sequence number."""
    valid = code_blocks(db, day)
    for block in valid:
        last = _last_used(db, day, block.lo, block.hi)
        seq = block.lo if last is None else last + 1
        if seq <= block.hi:
            journal.reserve(db, "codes", journal.code_key(day, block.lo, block.hi), seq, block.hi)
            return make_dossier_code(unit_code, day, seq), seq
    if not valid:
        raise DomainError(
            "Quầy chưa có dải số hồ sơ cho hôm nay. Hãy đồng bộ với bưu điện tỉnh để nhận dải "
            "số mới (cần kết nối mạng), hoặc báo quản trị viên."
        )
    spans = ", ".join(f"{b.lo:04d}–{b.hi:04d}" for b in valid)
    raise DomainError(
        f"Đã hết số hồ sơ trong ngày của quầy này (dải {spans}). "
        "Hãy đồng bộ để nhận dải số mới hoặc báo quản trị viên cấp thêm số."
    )


def retire_local_blocks(db: Database, kind: str, prefix: str = "") -> None:
    """The hub's first lease of ``kind`` arrived: blocks the counter set up for itself stop
    where they got to (an untouched S10 block is removed; its row cannot hold an empty one)."""
    placeholders = ",".join("?" * len(LOCAL_SOURCES))
    if kind == "s10":
        db.execute(
            f"DELETE FROM number_ranges WHERE kind = 's10' AND prefix = ? AND next = lo"
            f" AND source IN ({placeholders})",
            [prefix, *LOCAL_SOURCES],
        )
        db.execute(
            f"UPDATE number_ranges SET hi = next - 1 WHERE kind = 's10' AND prefix = ?"
            f" AND next <= hi AND source IN ({placeholders})",
            [prefix, *LOCAL_SOURCES],
        )
    else:
        db.execute(
            f"DELETE FROM number_ranges WHERE kind = 'code_seq' AND source IN ({placeholders})",
            LOCAL_SOURCES,
        )


def apply_lease(
    db: Database,
    *,
    kind: str,
    lo: int,
    hi: int,
    now: datetime,
    source: str,
    prefix: str = "",
    lease_id: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> bool:
    """Record a block the hub gave this device; False when it is already recorded."""
    if kind == "s10":
        prefix = validate_indicator(prefix)
        serials = SerialRange(lo, hi)
        same = db.execute(
            "SELECT 1 FROM number_ranges WHERE kind = 's10' AND prefix = ? AND lo = ? AND hi = ?"
            " AND source = ?",
            [prefix, serials.lo, serials.hi, source],
        ).fetchone()
        if same:
            return False
        retire_local_blocks(db, "s10", prefix)
        add_s10_range(db, prefix, serials, now=now, source=source, lease_id=lease_id)
        return True
    if kind == "code_seq":
        block = SequenceBlock(lo, hi)
        same = db.execute(
            "SELECT 1 FROM number_ranges WHERE kind = 'code_seq' AND lo = ? AND hi = ?"
            " AND source = ? AND coalesce(lease_id, '') = ? AND coalesce(valid_from, '') = ?",
            [block.lo, block.hi, source, lease_id or "",
             valid_from.isoformat() if valid_from else ""],
        ).fetchone()  # fmt: skip
        if same:
            return False
        retire_local_blocks(db, "code_seq")
        set_code_block(db, block, now=now, source=source, lease_id=lease_id,
                       valid_from=valid_from, valid_to=valid_to)  # fmt: skip
        return True
    raise DomainError(f"Loại dải số «{kind}» chưa được hỗ trợ.")


def resume_past_journal(db: Database) -> int:
    """After a restore: move every block past the journal's marks; how many S10 blocks moved.

    S10 blocks move their ``next``; the codes' marks become floors that ``take_dossier_code``
    keeps above (the code of a day is otherwise the day's highest stored one plus one).
    """
    codes = journal.read(journal.journal_path(db))["codes"]
    floors = {k: v for k, v in codes.items() if isinstance(v, int) and not isinstance(v, bool)}
    set_setting(db, CODE_FLOORS, {**(get_setting(db, CODE_FLOORS, None) or {}), **floors})
    moved = 0
    for b in blocks(db, "s10"):
        mark = journal.mark(db, "s10", journal.s10_key(b.prefix, b.lo, b.hi))
        if mark is not None and mark >= b.next:
            db.execute("UPDATE number_ranges SET next = ? WHERE id = ?",
                       [min(b.hi + 1, mark + 1), b.id])  # fmt: skip
            moved += 1
    return moved


def abandon_blocks(db: Database, today: date) -> None:
    """A restore with no journal (a new disk): numbers handed out after the backup cannot be
    known, so no block held before is used again — S10 blocks end where they are, code slices
    end yesterday. The hub leases fresh blocks on the next sync."""
    set_setting(db, RESTART, True)
    db.execute("UPDATE number_ranges SET next = hi + 1 WHERE kind = 's10'")
    db.execute(
        "UPDATE number_ranges SET valid_to = ? WHERE kind = 'code_seq'"
        " AND (valid_to IS NULL OR valid_to >= ?)",
        [(today - timedelta(days=1)).isoformat(), today.isoformat()],
    )


@dataclass(frozen=True)
class AfterRestore:
    journal: bool  # the numbers journal was there: numbering resumes past its marks
    moved: int  # S10 blocks moved past the journal's mark
    kept_closed: tuple[date, ...]  # days closed after the backup, kept closed


def after_restore(db: Database, *, today: date, enrolled: bool, counter_no: int,
                  now: datetime) -> AfterRestore:  # fmt: skip
    """Make a restored database safe to number from; call inside ``transaction(db)``.

    With the journal, numbering resumes past its marks and the days it lists as closed stay
    closed. Without it (the restore happens on another disk), no block held before the restore is
    used again: an enrolled counter waits for the hub's next leases; one never enrolled draws a
    new provisional S10 block and takes no dossier code before tomorrow.
    """
    path = journal.journal_path(db)
    present = path is not None and path.exists()
    moved = 0
    kept: list[date] = []
    if present:
        for lease in journal.leases(db):  # leased after the backup: held again, past the marks
            apply_hub_lease(db, lease, now=now)
        moved = resume_past_journal(db)
        for day in journal.closed_days(db):
            closed = db.execute("SELECT 1 FROM day_closes WHERE day = ?", [day.isoformat()])
            if closed.fetchone() is None:
                db.execute(
                    "INSERT OR IGNORE INTO closed_days_kept(day, kept_at) VALUES (?, ?)",
                    [day.isoformat(), now.isoformat()],
                )
                kept.append(day)
    else:
        abandon_blocks(db, today)
        if not enrolled:
            set_code_block(db, provisional_code_block(counter_no), now=now, source=PROVISIONAL,
                           valid_from=today + timedelta(days=1))  # fmt: skip
    return AfterRestore(present, moved, tuple(kept))


def kept_closed(db: Database, day: date) -> bool:
    """A day closed after the backup this database was restored from."""
    row = db.execute("SELECT 1 FROM closed_days_kept WHERE day = ?", [day.isoformat()])
    return row.fetchone() is not None


def apply_hub_lease(db: Database, lease: Mapping[str, Any], *, now: datetime) -> bool:
    """Record one lease as the hub's /leases answer gives it; False when already recorded."""
    kind = str(lease.get("kind", ""))
    vf, vt = lease.get("valid_from"), lease.get("valid_to")
    lo, hi = lease.get("lo"), lease.get("hi")
    if not isinstance(lo, int) or not isinstance(hi, int):
        raise DomainError("Dải số từ bưu điện tỉnh thiếu số đầu hoặc số cuối.")
    if kind == "s10":
        # Already held under its lease id (it may have been retired since): nothing to do.
        held = db.execute(
            "SELECT 1 FROM number_ranges WHERE lease_id = ?", [str(lease.get("lease_id"))]
        ).fetchone()
        if held:
            return False
    return apply_lease(
        db,
        kind=kind,
        prefix=str(lease.get("prefix") or ""),
        lo=lo,
        hi=hi,
        now=now,
        source="hub",
        lease_id=str(lease.get("lease_id") or "") or None,
        valid_from=date.fromisoformat(str(vf)) if vf else None,
        valid_to=date.fromisoformat(str(vt)) if vt else None,
    )


@dataclass(frozen=True)
class Outlook:
    s10_remaining: int
    code_days_left: int | None  # days today and after covered by a code slice; None: no end
    daily_rate: float  # dossiers a working day, over the last two weeks
    warnings: tuple[str, ...]


def outlook(db: Database, today: date) -> Outlook:
    """How long the numbers last, and the warnings to show days before they run out."""
    s10_left = s10_remaining(db)
    since = (today - timedelta(days=14)).isoformat()
    row = db.execute(
        "SELECT count(*), count(DISTINCT received_day) FROM dossiers WHERE received_day >= ?",
        [since],
    ).fetchone()
    rate = int(row[0]) / max(1, int(row[1]))
    days: int | None = 0
    cover = today
    while True:
        valid = code_blocks(db, cover)
        if not valid:
            break
        if any(b.valid_to is None for b in valid):
            days = None
            break
        cover += timedelta(days=1)
        days = (days or 0) + 1
        if days > 400:
            break
    warnings = []
    if rate and s10_left < rate * WARN_DAYS:
        warnings.append(
            f"Quầy chỉ còn {s10_left} số hiệu bưu gửi (S10), đủ khoảng "
            f"{s10_left / rate:.0f} ngày. Hãy kết nối mạng để bưu điện tỉnh cấp thêm."
        )
    if days is not None and days < WARN_DAYS:
        warnings.append(
            f"Dải mã hồ sơ của quầy chỉ còn dùng được {days} ngày. Hãy kết nối mạng để bưu điện "
            "tỉnh cấp thêm."
        )
    return Outlook(s10_left, days, rate, tuple(warnings))
