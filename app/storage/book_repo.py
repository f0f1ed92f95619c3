"""Rows behind the tracking book (Mẫu 06) and the TT 17/2017 reports.

Book numbers are given per year in received order, once: ``assign_missing`` numbers the year's
dossiers that have none after the year's highest number, so a number never changes and a dossier
recorded late (with an earlier receipt time) takes the next free number. A dossier's history for
the reports is read from the event log (statuses with the time the counter recorded them, the
appointments in force) plus the returns, contacts and incidents tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from app.domain.dossier import DossierStatus, ReturnMethod
from app.domain.reports import DossierFacts, DueChange, Incident, IncidentKind, Step
from app.storage.connection import Database

_KNOWN = frozenset(s.value for s in DossierStatus)


def assign_missing(db: Database, year: int) -> int:
    """Number the year's dossiers that have no book number yet; return how many got one.

    One statement: the highest number so far plus the rank in received order. Call inside
    ``transaction(db)`` so two prints cannot hand out the same numbers.
    """
    cur = db.execute(
        """
        INSERT INTO book_numbers (dossier_id, year, number)
        SELECT d.id, :year,
               (SELECT coalesce(max(b.number), 0) FROM book_numbers b WHERE b.year = :year)
               + row_number() OVER (ORDER BY d.received_at, d.code_seq, d.code)
        FROM dossiers d
        WHERE d.received_day BETWEEN :first AND :last
          AND NOT EXISTS (SELECT 1 FROM book_numbers b WHERE b.dossier_id = d.id)
        """,
        {"year": year, "first": f"{year:04d}-01-01", "last": f"{year:04d}-12-31"},
    )
    return int(cur.rowcount)


def years_with_unnumbered(db: Database, first: date, last: date) -> list[int]:
    rows = db.execute(
        "SELECT DISTINCT CAST(substr(received_day, 1, 4) AS INTEGER) FROM dossiers d"
        " WHERE received_day BETWEEN ? AND ?"
        " AND NOT EXISTS (SELECT 1 FROM book_numbers b WHERE b.dossier_id = d.id)",
        [first.isoformat(), last.isoformat()],
    )
    return sorted(int(r[0]) for r in rows)


def book_number(db: Database, dossier_id: str) -> tuple[int, int] | None:
    row = db.execute(
        "SELECT year, number FROM book_numbers WHERE dossier_id = ?", [dossier_id]
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


# ---------------------------------------------------------------- incidents


def insert_incident(
    db: Database, dossier_id: str, kind: IncidentKind, at: datetime, note: str, staff: str
) -> int:
    cur = db.execute(
        "INSERT INTO dossier_incidents (dossier_id, kind, at, note, staff) VALUES (?, ?, ?, ?, ?)",
        [dossier_id, kind.value, at.isoformat(), note, staff],
    )
    return int(cur.lastrowid or 0)


# ---------------------------------------------------------------- dossiers' histories


def report_facts(db: Database, start: date, end: date) -> list[DossierFacts]:
    """Every dossier that can count in [start, end]: received by its end and not closed before
    its start (or with an incident in it)."""
    where = (
        "d.received_day <= :end AND (d.status NOT IN ('returned', 'returned_to_agency',"
        " 'withdrawn') OR d.status_at >= :start OR EXISTS (SELECT 1 FROM dossier_incidents i"
        " WHERE i.dossier_id = d.id AND i.at >= :start))"
    )
    return _facts(db, where, {"start": start.isoformat(), "end": end.isoformat()})


@dataclass(frozen=True)
class BookLine:
    """A book row's own columns; its history comes with it as facts."""

    number: int
    year: int
    code: str
    s10: str
    procedure_name: str
    sets: int
    full_name: str
    address: str
    phone: str
    agency: str
    receiver_name: str
    proxy: bool
    facts: DossierFacts


def book_lines(db: Database, year: int, start: date, end: date) -> list[BookLine]:
    """The numbered dossiers of ``year`` received in [start, end], by book number."""
    params = {"year": year, "start": start.isoformat(), "end": end.isoformat()}
    where = (
        "d.received_day BETWEEN :start AND :end AND EXISTS (SELECT 1 FROM book_numbers b"
        " WHERE b.dossier_id = d.id AND b.year = :year)"
    )
    facts = {f.id: f for f in _facts(db, where, params)}
    cur = db.execute(
        "SELECT b.number, b.year, d.id, d.code, d.s10, d.procedure_name, d.sets, d.full_name,"
        " d.address, d.phone, d.agency, coalesce(r.receiver_name, ''), coalesce(r.proxy, 0)"
        " FROM book_numbers b JOIN dossiers d ON d.id = b.dossier_id"
        " LEFT JOIN dossier_returns r ON r.dossier_id = d.id"
        f" WHERE b.year = :year AND {where} ORDER BY b.number",
        params,
    )
    lines: list[BookLine] = []
    for row in cur.fetchall():
        number, yr, dossier_id, code, s10, proc, sets, name, address, phone, agency, rn, px = row
        lines.append(
            BookLine(
                int(number),
                int(yr),
                str(code),
                str(s10),
                str(proc),
                int(sets),
                str(name),
                str(address),
                str(phone),
                str(agency),
                str(rn),
                bool(px),
                facts[str(dossier_id)],
            )
        )
    return lines


def _dt(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _facts(db: Database, where: str, params: dict[str, Any]) -> list[DossierFacts]:
    """Histories of the dossiers matching ``where`` (SQL over ``dossiers d``), in received order."""
    ids = f"SELECT d.id FROM dossiers d WHERE {where}"
    base = db.execute(
        "SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.return_method, d.received_at,"
        " d.appointment_at, d.fees_total, d.postage, r.returned_at,"
        " coalesce(r.amount_collected, 0)"
        " FROM dossiers d LEFT JOIN dossier_returns r ON r.dossier_id = d.id"
        f" WHERE {where} ORDER BY d.received_at, d.code",
        params,
    ).fetchall()
    if not base:
        return []
    steps: dict[str, list[Step]] = defaultdict(list)
    dues: dict[str, list[DueChange]] = defaultdict(list)
    first_due: dict[str, datetime] = {}
    reschedules: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    # Insertion order is the order the counter learned things in (an agency's decision is
    # recorded when the feed brings it).
    events = db.execute(
        "SELECT entity_id, type, at, json_extract(payload, '$.status'),"
        " json_extract(payload, '$.appointment_at'), json_extract(payload, '$.previous')"
        " FROM events WHERE type IN ('dossier.received', 'dossier.transition',"
        " 'dossier.status_changed', 'dossier.rescheduled')"
        f" AND entity_id IN ({ids}) ORDER BY rowid",
        params,
    )
    for entity, type_, at, status, appointment, previous in events:
        if type_ == "dossier.received":
            if appointment and entity not in first_due:
                first_due[entity] = _dt(appointment)
        elif type_ == "dossier.rescheduled":
            if appointment:
                reschedules[entity].append((_dt(appointment), _dt(previous or appointment)))
        else:
            if status in _KNOWN:
                steps[entity].append(Step(_dt(at), DossierStatus(status)))
            if appointment:
                dues[entity].append(DueChange(_dt(at), _dt(appointment)))
    attempts: dict[str, list[datetime]] = defaultdict(list)
    for dossier_id, on_day, at in db.execute(
        "SELECT dossier_id, on_day, at FROM dossier_contacts WHERE method = 'delivery_attempt'"
        f" AND dossier_id IN ({ids}) ORDER BY on_day, id",
        params,
    ):
        moment = _dt(at)
        # The day the postman tried is what counts (it may be recorded later); noon of that day
        # keeps the moment inside it whatever the time zone.
        attempts[dossier_id].append(
            datetime.combine(date.fromisoformat(on_day), time(12), tzinfo=moment.tzinfo)
        )
    incidents: dict[str, list[Incident]] = defaultdict(list)
    for dossier_id, at, kind in db.execute(
        f"SELECT dossier_id, at, kind FROM dossier_incidents WHERE dossier_id IN ({ids})"
        " ORDER BY at, id",
        params,
    ):
        incidents[dossier_id].append(Incident(_dt(at), IncidentKind(kind)))

    out: list[DossierFacts] = []
    for row in base:
        dossier_id, code, proc_code, proc_name, method, received, current, fees, postage = row[:9]
        returned_at, collected = row[9], row[10]
        received_at = _dt(received)
        moved = reschedules.get(dossier_id, [])
        # Without its intake event (data imported from elsewhere) the first appointment is the
        # one before any apology, else the one on the row.
        initial = first_due.get(dossier_id) or (moved[0][1] if moved else _dt(current))
        out.append(
            DossierFacts(
                id=dossier_id,
                code=code,
                procedure_code=proc_code,
                procedure_name=proc_name,
                return_method=ReturnMethod(method),
                received_at=received_at,
                dues=(DueChange(received_at, initial), *dues.get(dossier_id, [])),
                steps=tuple(steps.get(dossier_id, [])),
                returned_at=_dt(returned_at) if returned_at else None,
                collected=int(collected),
                delivery_attempts=tuple(attempts.get(dossier_id, [])),
                incidents=tuple(incidents.get(dossier_id, [])),
                rescheduled_to=tuple(new for new, _old in moved),
                fees=int(fees),
                postage=int(postage),
            )
        )
    return out


def facts_by_ids(db: Database, ids: Sequence[str]) -> list[DossierFacts]:
    """Histories of the given dossiers (for one-off checks and the tests)."""
    if not ids:
        return []
    marks = ", ".join(f":id{i}" for i in range(len(ids)))
    return _facts(db, f"d.id IN ({marks})", {f"id{i}": v for i, v in enumerate(ids)})
