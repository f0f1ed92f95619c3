"""Filtered dossier lists for the lookup screen: rowid lists first, light rows a page at a time.

A screen over a million dossiers cannot hold the rows, so it holds the matching rowids only
(8 bytes each in an ``array('q')``) and asks for light rows of the part it shows.

The order is "newest first": by reception day, then by rowid (the order rows were recorded on
this device). The indexes (status, received_day) and (procedure_code, received_day) end with the
implicit rowid, so these filters read in that order straight from the index; through
(received_day, code_seq) SQLite sorts one day's rows at a time as it goes. A single filter reads no
table row, and no new index is needed.

Long queries can be abandoned: pass ``cancelled`` (checked by SQLite's progress handler) and the
query stops with :class:`QueryCancelled` as soon as it returns True, so a search the person has
already replaced by another does not hold the database thread.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from app.storage.connection import Database
from app.storage.dossiers import summaries_by_rowid

_ORDER = " ORDER BY received_day DESC, rowid DESC"
# A word with fewer than TOP_HITS hits is cheaper to rank hit by hit. One as common as "nguyen"
# (~40 % of all dossiers) has its first page among the newest FIRST_CHUNK rows.
TOP_HITS = 5000
FIRST_CHUNK = 2000
_PROGRESS_STEPS = 20_000  # SQLite VM steps between two cancellation checks

Cancelled = Callable[[], bool]


class QueryCancelled(Exception):
    """The query was abandoned because ``cancelled()`` became true."""


@dataclass(frozen=True)
class DossierQuery:
    """What to match; ``None`` means "any". Days are ISO ``YYYY-MM-DD``, both ends included.

    ``match`` is an FTS5 expression over ``dossier_search`` (build it with
    ``app.services.lookup.fts_query``); ``code`` and ``s10`` match exactly.
    """

    status: str | None = None
    procedure_code: str | None = None
    day_from: str | None = None
    day_to: str | None = None
    match: str | None = None
    code: str | None = None
    s10: str | None = None


def _where(q: DossierQuery, *extra: tuple[str, object]) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    for column, value in (
        ("code", q.code),
        ("s10", q.s10),
        ("status", q.status),
        ("procedure_code", q.procedure_code),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if q.day_from is not None:
        clauses.append("received_day >= ?")
        params.append(q.day_from)
    if q.day_to is not None:
        clauses.append("received_day <= ?")
        params.append(q.day_to)
    if q.match is not None:
        clauses.append("rowid IN (SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?)")
        params.append(q.match)
    for clause, value in extra:
        clauses.append(clause)
        params.append(value)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return where, params


@contextmanager
def _cancellable(db: Database, cancelled: Cancelled | None) -> Iterator[None]:
    if cancelled is None:
        yield
        return
    if cancelled():
        raise QueryCancelled
    db.conn.set_progress_handler(lambda: 1 if cancelled() else 0, _PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if cancelled():
            raise QueryCancelled from exc
        raise
    finally:
        db.conn.set_progress_handler(None, 0)


def _rowids(db: Database, sql: str, params: list[object]) -> array[int]:
    # Straight from the cursor into the array: no list of a million tuples in between.
    return array("q", (r for (r,) in db.execute(sql, params)))


def matching_rowids(
    db: Database,
    query: DossierQuery,
    limit: int | None = None,
    *,
    cancelled: Cancelled | None = None,
) -> array[int]:
    """The rowids of the matching dossiers, newest first, in one query."""
    where, params = _where(query)
    sql = f"SELECT rowid FROM dossiers{where}{_ORDER}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    with _cancellable(db, cancelled):
        return _rowids(db, sql, params)


def first_rowids(
    db: Database,
    query: DossierQuery,
    limit: int,
    *,
    cancelled: Cancelled | None = None,
    first_chunk: int = FIRST_CHUNK,
    top_hits: int = TOP_HITS,
) -> array[int]:
    """The first ``limit`` of ``matching_rowids``, fast even when the text matches most rows.

    Without text this is the same LIMITed query. With text, the plain plan reads every hit's row
    to sort it by day (~1 s for "nguyen" over a million dossiers). Instead, one pass over the
    full-text index takes the ``top_hits`` newest hits by rowid. Fewer than that: they are all
    the hits, ranked at once. More: the other filters' index is walked newest first, a chunk at
    a time, keeping the rows that are hits; the order is the index's, so the result is exact.
    Rows older (by rowid) than those hits are checked against the full-text index by range.
    """
    if query.match is None:
        return matching_rowids(db, query, limit, cancelled=cancelled)
    others = replace(query, match=None)
    with _cancellable(db, cancelled):
        hits = [
            r
            for (r,) in db.execute(
                "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?"
                " ORDER BY rowid DESC LIMIT ?",
                [query.match, top_hits],
            )
        ]
        if len(hits) < top_hits:
            # Every hit is known: rank them (each costs a row read, but there are few).
            where, params = _where(
                others, ("rowid IN (SELECT value FROM json_each(?))", json.dumps(hits))
            )
            return _rowids(
                db, f"SELECT rowid FROM dossiers{where}{_ORDER} LIMIT ?", [*params, limit]
            )
        known, floor = set(hits), hits[-1]
        where, params = _where(others)
        walk = db.execute(f"SELECT rowid FROM dossiers{where}{_ORDER}", params)
        try:
            found = array("q")
            chunk = first_chunk
            while len(found) < limit:
                rows = walk.fetchmany(chunk)
                if not rows:
                    break
                found.extend(_keep_matches(db, query.match, [r for (r,) in rows], known, floor))
                chunk *= 4
            return found[:limit]
        finally:
            walk.close()


def _keep_matches(
    db: Database, match: str, ids: list[int], known: set[int], floor: int
) -> array[int]:
    """The rowids of ``ids`` (in their order) that the full-text expression matches.

    ``known`` holds every hit from ``floor`` up; below it, the full-text index is asked for the
    hits within the span of the remaining rowids (FTS5 seeks to a rowid range).
    """
    below = [r for r in ids if r < floor]
    if below:
        known = known | {
            r
            for (r,) in db.execute(
                "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?"
                " AND rowid BETWEEN ? AND ?",
                [match, min(below), max(below)],
            )
        }
    return array("q", (r for r in ids if r in known))


def count_matching(db: Database, query: DossierQuery) -> int:
    where, params = _where(query)
    return int(db.execute(f"SELECT count(*) FROM dossiers{where}", params).fetchone()[0])


def rows_by_rowid(db: Database, rowids: Sequence[int]) -> list[dict[str, object]]:
    """Light rows (see ``summaries_by_rowid``) in the order given; deleted rowids are skipped."""
    return summaries_by_rowid(db, list(rowids))
