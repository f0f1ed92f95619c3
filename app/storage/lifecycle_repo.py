"""Rows of a dossier's life after intake: status moves, hand-over batches, contacts, returns.

Every function here runs inside the caller's ``transaction(db)`` and writes its event in it, so a
move and its record in the outbox are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.dossier import DossierStatus
from app.domain.lifecycle import Action
from app.storage.connection import Database
from app.storage.events import append_event


@dataclass(frozen=True)
class DossierRef:
    """The few columns a move needs."""

    id: str
    code: str
    s10: str
    status: DossierStatus
    agency: str
    procedure_code: str
    procedure_name: str
    full_name: str
    id_number: str
    return_method: str
    appointment_at: str
    sets: int


_REF_COLUMNS = (
    "id, code, s10, status, agency, procedure_code, procedure_name, full_name, id_number,"
    " return_method, appointment_at, sets"
)


def _ref(row: Sequence[Any]) -> DossierRef:
    return DossierRef(
        str(row[0]),
        str(row[1]),
        str(row[2]),
        DossierStatus(row[3]),
        str(row[4]),
        str(row[5]),
        str(row[6]),
        str(row[7]),
        str(row[8]),
        str(row[9]),
        str(row[10]),
        int(row[11]),
    )


def find_ref(db: Database, code_or_s10: str) -> DossierRef | None:
    """By dossier code or by the S10 number on its label (both are what a scanner types)."""
    key = code_or_s10.strip().upper()
    row = db.execute(
        f"SELECT {_REF_COLUMNS} FROM dossiers WHERE code = ? OR s10 = ?", [key, key]
    ).fetchone()
    return _ref(row) if row else None


def refs_by_ids(db: Database, ids: Sequence[str]) -> list[DossierRef]:
    out: list[DossierRef] = []
    for dossier_id in ids:
        row = db.execute(
            f"SELECT {_REF_COLUMNS} FROM dossiers WHERE id = ?", [dossier_id]
        ).fetchone()
        if row:
            out.append(_ref(row))
    return out


def set_status(
    db: Database,
    ref: DossierRef,
    target: DossierStatus,
    action: Action,
    *,
    at: datetime,
    actor: str,
    device_id: str,
    note: str = "",
    extra: Mapping[str, Any] | None = None,
    event_type: str = "dossier.transition",
) -> None:
    """Move one dossier and record the move as an event (the outbox)."""
    db.execute(
        "UPDATE dossiers SET status = ?, status_at = ? WHERE id = ?",
        [target.value, at.isoformat(), ref.id],
    )
    payload: dict[str, Any] = {
        "code": ref.code,
        "action": action.value,
        "status": target.value,
        "previous": ref.status.value,
        "at": at.isoformat(),
        "note": note,
    }
    payload.update(extra or {})
    append_event(
        db,
        device_id=device_id,
        type=event_type,
        entity_id=ref.id,
        payload=payload,
        at=at,
        actor=actor,
    )


def set_dates(db: Database, dossier_id: str, *, appointment_at: datetime, agency_due: date) -> None:
    db.execute(
        "UPDATE dossiers SET appointment_at = ?, agency_due = ? WHERE id = ?",
        [appointment_at.isoformat(), agency_due.isoformat(), dossier_id],
    )


def set_appointment(db: Database, dossier_id: str, appointment_at: datetime) -> None:
    db.execute(
        "UPDATE dossiers SET appointment_at = ? WHERE id = ?",
        [appointment_at.isoformat(), dossier_id],
    )


# ---------------------------------------------------------------- hand-over batches


@dataclass(frozen=True)
class BatchRow:
    id: str
    number: str
    agency: str
    created_at: str
    sealed_at: str | None
    prints: int
    staff: str
    count: int

    @property
    def sealed(self) -> bool:
        return self.sealed_at is not None


_BATCH_SELECT = (
    "SELECT b.id, b.number, b.agency, b.created_at, b.sealed_at, b.prints, b.staff,"
    " (SELECT count(*) FROM handover_items i WHERE i.batch_id = b.id)"
    " FROM handover_batches b"
)


def _batch(row: Sequence[Any]) -> BatchRow:
    return BatchRow(
        str(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        None if row[4] is None else str(row[4]),
        int(row[5]),
        str(row[6]),
        int(row[7]),
    )


def insert_batch(
    db: Database, batch_id: str, number: str, agency: str, created_at: datetime, staff: str
) -> None:
    db.execute(
        "INSERT INTO handover_batches (id, number, agency, created_at, staff)"
        " VALUES (?, ?, ?, ?, ?)",
        [batch_id, number, agency, created_at.isoformat(), staff],
    )


def next_batch_number(db: Database, day: date, counter: str) -> str:
    """BG-YYYYMMDD-NN-counter: unique on this counter, told apart from other counters by suffix."""
    prefix = f"BG-{day:%Y%m%d}-"
    used = db.execute(
        "SELECT count(*) FROM handover_batches WHERE number LIKE ?", [prefix + "%"]
    ).fetchone()[0]
    return f"{prefix}{int(used) + 1:02d}-{counter}"


def get_batch(db: Database, id_or_number: str) -> BatchRow | None:
    key = id_or_number.strip()
    row = db.execute(
        _BATCH_SELECT + " WHERE b.id = ? OR b.number = ?", [key, key.upper()]
    ).fetchone()
    return _batch(row) if row else None


def list_batches(db: Database, *, open_only: bool = False, limit: int = 200) -> list[BatchRow]:
    where = " WHERE b.sealed_at IS NULL" if open_only else ""
    rows = db.execute(
        _BATCH_SELECT + where + " ORDER BY b.created_at DESC LIMIT ?", [limit]
    ).fetchall()
    return [_batch(r) for r in rows]


def batch_of(db: Database, dossier_id: str) -> BatchRow | None:
    row = db.execute(
        _BATCH_SELECT + " JOIN handover_items h ON h.batch_id = b.id WHERE h.dossier_id = ?",
        [dossier_id],
    ).fetchone()
    return _batch(row) if row else None


def batch_dossier_ids(db: Database, batch_id: str) -> list[str]:
    return [
        str(r[0])
        for r in db.execute(
            "SELECT dossier_id FROM handover_items WHERE batch_id = ? ORDER BY position",
            [batch_id],
        )
    ]


def add_item(db: Database, batch_id: str, dossier_id: str) -> None:
    position = db.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM handover_items WHERE batch_id = ?", [batch_id]
    ).fetchone()[0]
    db.execute(
        "INSERT INTO handover_items (batch_id, dossier_id, position) VALUES (?, ?, ?)",
        [batch_id, dossier_id, int(position)],
    )


def remove_item(db: Database, batch_id: str, dossier_id: str) -> bool:
    cur = db.execute(
        "DELETE FROM handover_items WHERE batch_id = ? AND dossier_id = ?", [batch_id, dossier_id]
    )
    return cur.rowcount > 0


def seal_batch(db: Database, batch_id: str, at: datetime) -> None:
    db.execute(
        "UPDATE handover_batches SET sealed_at = ? WHERE id = ? AND sealed_at IS NULL",
        [at.isoformat(), batch_id],
    )


def count_print(db: Database, batch_id: str) -> None:
    db.execute("UPDATE handover_batches SET prints = prints + 1 WHERE id = ?", [batch_id])


def delete_batch(db: Database, batch_id: str) -> None:
    """Only an unsealed, empty draft may go."""
    db.execute(
        "DELETE FROM handover_batches WHERE id = ? AND sealed_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM handover_items WHERE batch_id = ?)",
        [batch_id, batch_id],
    )


# ---------------------------------------------------------------- contacts and returns


def add_contact(
    db: Database,
    dossier_id: str,
    method: str,
    on_day: date,
    at: datetime,
    note: str,
    staff: str,
) -> None:
    db.execute(
        "INSERT INTO dossier_contacts (dossier_id, method, on_day, at, note, staff)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [dossier_id, method, on_day.isoformat(), at.isoformat(), note, staff],
    )


def contact_days(db: Database, dossier_id: str) -> list[date]:
    return [
        date.fromisoformat(str(r[0]))
        for r in db.execute(
            "SELECT on_day FROM dossier_contacts WHERE dossier_id = ? ORDER BY on_day, id",
            [dossier_id],
        )
    ]


def contacts(db: Database, dossier_id: str) -> list[dict[str, str]]:
    cur = db.execute(
        "SELECT method, on_day, at, note, staff FROM dossier_contacts WHERE dossier_id = ?"
        " ORDER BY on_day, id",
        [dossier_id],
    )
    return [
        {"method": m, "on": on, "at": at, "note": note, "staff": staff}
        for m, on, at, note, staff in cur
    ]


def insert_return(
    db: Database,
    dossier_id: str,
    *,
    returned_at: datetime,
    receiver_name: str,
    receiver_id_number: str,
    proxy: bool,
    authorisation: str,
    amount_collected: int,
    staff: str,
) -> None:
    db.execute(
        "INSERT INTO dossier_returns (dossier_id, returned_at, receiver_name, receiver_id_number,"
        " proxy, authorisation, amount_collected, staff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            dossier_id,
            returned_at.isoformat(),
            receiver_name,
            receiver_id_number,
            int(proxy),
            authorisation,
            amount_collected,
            staff,
        ],
    )


def return_record(db: Database, dossier_id: str) -> dict[str, object] | None:
    cur = db.execute("SELECT * FROM dossier_returns WHERE dossier_id = ?", [dossier_id])
    names = [c[0] for c in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


# ---------------------------------------------------------------- lists that need action


def open_dossiers(db: Database, statuses: Sequence[str], limit: int = 500) -> list[dict[str, Any]]:
    """Dossiers in the given states, the oldest appointment first (for the home-screen lists)."""
    marks = ", ".join("?" for _ in statuses)
    cur = db.execute(
        "SELECT id, code, s10, status, full_name, phone, procedure_name, agency, appointment_at,"
        " return_method, status_at FROM dossiers"
        f" WHERE status IN ({marks}) ORDER BY appointment_at LIMIT ?",
        [*statuses, limit],
    )
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]
