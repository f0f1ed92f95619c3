"""The numbers journal: the high-water marks of every number this counter has handed out, kept in a
small file beside the database (``motcua-numbers.json``) and never inside a backup.

A backup is an old copy: restoring it rewinds the database, and a counter that trusted its
database alone would hand out again the dossier codes and S10 numbers it gave to citizens after
the backup. The journal is not rewound by a restore, so the counter resumes past its marks.

Marks are *reserved ahead* (``RESERVE`` numbers at a time, written and fsynced before the first
of them is used): a restore then skips at most ``RESERVE`` numbers, and only every
``RESERVE``-th number costs a disk flush. A mark is kept per block (a block's numbers are not in
order with other blocks'), and for dossier codes per day. Closed days are listed too: a restore
never reopens a day a supervisor closed.

The file is replaced atomically (temporary file, fsync, rename), so a power cut leaves the old
marks or the new ones, never a torn file. A missing or unreadable file means "no marks".
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.storage.connection import Database
from app.storage.disk_errors import raise_for_oserror

log = logging.getLogger("motcua.numbers")

FILE = "motcua-numbers.json"
RESERVE = 50  # measured: 2 % of receipts pay a flush (docs/performance.md)
KEEP_DAYS = 7  # code marks of older days are dropped (a code carries its day)

_cache: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}
# Reservations made inside ``batch()`` on this thread: written once when it ends.
_batched = threading.local()


def journal_path(db: Database) -> Path | None:
    """The journal beside the database file; None for a database with no file."""
    for _seq, name, file in db.conn.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file).with_name(FILE)
    return None


def s10_key(prefix: str, lo: int, hi: int) -> str:
    return f"{prefix}:{lo:08d}-{hi:08d}"


def code_key(day: date, lo: int, hi: int) -> str:
    return f"{day.isoformat()}:{lo:04d}-{hi:04d}"


def read(path: Path | None) -> dict[str, Any]:
    """The journal's content ({"s10": {...}, "codes": {...}, "closed_days": [...]})."""
    empty: dict[str, Any] = {"s10": {}, "codes": {}, "closed_days": []}
    if path is None:
        return empty
    try:
        st = path.stat()
    except OSError:
        return empty
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("numbers journal unreadable (%s); treated as empty", exc)
        return empty
    if not isinstance(data, dict):
        return empty
    for key, kind in (("s10", dict), ("codes", dict), ("closed_days", list)):
        if not isinstance(data.get(key), kind):
            data[key] = kind()
    _cache[path] = (stamp, data)
    return data


def _write(path: Path, data: dict[str, Any]) -> None:
    try:
        _replace(path, data)
    except OSError as exc:
        # A full or read-only disk refuses the number like it refuses the dossier's rows.
        raise_for_oserror(exc, path)


def _replace(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    if hasattr(os, "O_DIRECTORY"):  # the rename itself survives a power cut (POSIX)
        fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    _cache.pop(path, None)


def mark(db: Database, section: str, key: str) -> int | None:
    """The highest number reserved under ``key`` (None: nothing recorded)."""
    value = read(journal_path(db))[section].get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@contextmanager
def batch(db: Database) -> Iterator[None]:
    """Numbers taken together (a dossier's code and S10 number): one write for all their marks,
    made when the block ends — inside the caller's transaction, so still before its commit."""
    if getattr(_batched, "path", None) is not None:
        yield  # already batching: the outer block writes
        return
    _batched.path, _batched.data = journal_path(db), None
    try:
        yield
        path, data = _batched.path, _batched.data
        if path is not None and data is not None:
            _write(path, data)
    finally:
        _batched.path = _batched.data = None


def reserve(db: Database, section: str, key: str, number: int, limit: int) -> None:
    """Make sure ``number`` is covered by the mark of ``key`` before it is handed out.

    Writes (and flushes) only when ``number`` passes the mark, reserving up to ``RESERVE``
    numbers ahead (never past ``limit``, the block's last number); inside ``batch()``, once for
    the whole batch.
    """
    path = journal_path(db)
    if path is None:
        return
    pending = getattr(_batched, "data", None) if getattr(_batched, "path", None) == path else None
    data = pending if pending is not None else read(path)
    current = data[section].get(key)
    if isinstance(current, int) and current >= number:
        return
    updated = {**data, section: dict(data[section])}
    updated[section][key] = min(limit, number + RESERVE - 1)
    if section == "codes":
        oldest = (date.fromisoformat(key[:10]) - timedelta(days=KEEP_DAYS)).isoformat()
        updated["codes"] = {k: v for k, v in updated["codes"].items() if k[:10] >= oldest}
    if getattr(_batched, "path", None) == path:
        _batched.data = updated
        return
    _write(path, updated)


def set_enrollment(db: Database, facts: dict[str, Any]) -> None:
    """The enrollment (hub address, office, counter number), so that restoring a backup from
    before it does not leave the counter unenrolled."""
    path = journal_path(db)
    if path is None:
        return
    _write(path, {**read(path), "enrollment": dict(facts)})


def set_leases(db: Database, leases: list[dict[str, Any]]) -> None:
    """The hub's active leases as last answered (a restore re-applies them: numbering from an
    old backup's provisional blocks after the hub had leased others would be refused)."""
    path = journal_path(db)
    if path is None or read(path).get("leases") == leases:
        return
    _write(path, {**read(path), "leases": leases})


def leases(db: Database) -> list[dict[str, Any]]:
    value = read(journal_path(db)).get("leases")
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def enrollment(db: Database) -> dict[str, Any] | None:
    return enrollment_in(journal_path(db))


def enrollment_in(path: Path | None) -> dict[str, Any] | None:
    """The enrollment the journal at ``path`` keeps (for a restore, before a database is open)."""
    value = read(path).get("enrollment")
    return value if isinstance(value, dict) and value.get("hub_url") else None


def add_closed_day(db: Database, day: date) -> None:
    path = journal_path(db)
    if path is None:
        return
    data = read(path)
    if day.isoformat() in data["closed_days"]:
        return
    days = sorted({*data["closed_days"], day.isoformat()})[-400:]  # a year of closes is enough
    _write(path, {**data, "closed_days": days})


def closed_days(db: Database) -> list[date]:
    out = []
    for text in read(journal_path(db))["closed_days"]:
        try:
            out.append(date.fromisoformat(text))
        except (TypeError, ValueError):
            continue
    return out
