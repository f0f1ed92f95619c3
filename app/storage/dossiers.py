"""Dossier rows: the current state of each dossier, kept beside its events for cheap reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from app.domain.dossier import (
    Applicant,
    DocumentLine,
    Dossier,
    DossierStatus,
    FeeLine,
    ReturnMethod,
    Sex,
)
from app.domain.procedure import DocumentKind
from app.domain.text import fold
from app.storage.connection import Database

_DOSSIER_COLUMNS = (
    "id", "code", "s10", "procedure_code", "procedure_name", "agency", "status", "received_at",
    "received_day", "code_seq", "appointment_at", "handover_due", "processing_days",
    "return_method", "delivery_address", "full_name", "id_number", "date_of_birth", "sex", "phone",
    "address", "email", "pages", "copies", "sets", "fees_total", "postage", "note", "staff",
    "device_id",
)  # fmt: skip
_INSERT_DOSSIER = (
    f"INSERT INTO dossiers ({', '.join(_DOSSIER_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in _DOSSIER_COLUMNS)})"
)
_INSERT_DOCUMENT = (
    "INSERT INTO dossier_documents(dossier_id, position, name, kind, count) VALUES (?, ?, ?, ?, ?)"
)
_INSERT_FEE = (
    "INSERT INTO dossier_fees(dossier_id, position, code, name, amount) VALUES (?, ?, ?, ?, ?)"
)
_INSERT_SEARCH = (
    "INSERT INTO dossier_search(rowid, code, s10, name, id_number, phone) VALUES (?, ?, ?, ?, ?, ?)"
)


def dossier_row(d: Dossier, code_seq: int) -> list[object]:
    a = d.applicant
    return [
        d.id, d.code, d.s10, d.procedure_code, d.procedure_name, d.agency, d.status.value,
        d.received_at.isoformat(), d.received_at.date().isoformat(), code_seq,
        d.appointment_at.isoformat(), d.handover_due.isoformat(), d.processing_days,
        d.return_method.value, d.delivery_address, a.full_name, a.id_number,
        a.date_of_birth.isoformat(), a.sex.value, a.phone, a.address, a.email, d.pages, d.copies,
        d.sets, d.fees_total, d.postage, d.note, d.staff, d.device_id,
    ]  # fmt: skip


def search_row(rowid: int, d: Dossier) -> list[object]:
    a = d.applicant
    return [rowid, d.code.lower(), d.s10.lower(), fold(a.full_name), a.id_number, a.phone]


def insert_dossier(db: Database, d: Dossier, code_seq: int) -> None:
    """Insert a dossier with its documents, fees and search entry. Call inside a transaction."""
    conn = db.conn
    cur = conn.execute(_INSERT_DOSSIER, dossier_row(d, code_seq))
    conn.execute(_INSERT_SEARCH, search_row(int(cur.lastrowid or 0), d))
    conn.executemany(
        _INSERT_DOCUMENT,
        [(d.id, i, doc.name, doc.kind.value, doc.count) for i, doc in enumerate(d.documents, 1)],
    )
    conn.executemany(
        _INSERT_FEE, [(d.id, i, f.code, f.name, f.amount) for i, f in enumerate(d.fees, 1)]
    )


def insert_many(db: Database, items: Iterable[tuple[Dossier, int]]) -> int:
    """Bulk insert (demo data, benchmarks). Call inside a transaction."""
    count = 0
    for d, code_seq in items:
        insert_dossier(db, d, code_seq)
        count += 1
    return count


def _from_row(db: Database, row: dict) -> Dossier:
    r = dict(row)
    documents = tuple(
        DocumentLine(name, DocumentKind(kind), count)
        for name, kind, count in db.execute(
            "SELECT name, kind, count FROM dossier_documents WHERE dossier_id = ?"
            " ORDER BY position",
            [r["id"]],
        )
    )
    fees = tuple(
        FeeLine(code, name, amount)
        for code, name, amount in db.execute(
            "SELECT code, name, amount FROM dossier_fees WHERE dossier_id = ? ORDER BY position",
            [r["id"]],
        )
    )
    applicant = Applicant(
        full_name=r["full_name"],
        id_number=r["id_number"],
        date_of_birth=date.fromisoformat(r["date_of_birth"]),
        sex=Sex(r["sex"]),
        phone=r["phone"],
        address=r["address"],
        email=r["email"],
    )
    return Dossier(
        id=r["id"],
        code=r["code"],
        s10=r["s10"],
        procedure_code=r["procedure_code"],
        procedure_name=r["procedure_name"],
        agency=r["agency"],
        applicant=applicant,
        received_at=datetime.fromisoformat(r["received_at"]),
        appointment_at=datetime.fromisoformat(r["appointment_at"]),
        handover_due=date.fromisoformat(r["handover_due"]),
        processing_days=r["processing_days"],
        return_method=ReturnMethod(r["return_method"]),
        documents=documents,
        fees=fees,
        postage=r["postage"],
        status=DossierStatus(r["status"]),
        delivery_address=r["delivery_address"],
        pages=r["pages"],
        copies=r["copies"],
        note=r["note"],
        staff=r["staff"],
        device_id=r["device_id"],
        sets=r["sets"],
    )


def _one(db: Database, where: str, value: str) -> Dossier | None:
    cur = db.execute(f"SELECT * FROM dossiers WHERE {where} = ?", [value])
    names = [c[0] for c in cur.description]
    row = cur.fetchone()
    return _from_row(db, dict(zip(names, row, strict=True))) if row else None


def get_by_code(db: Database, code: str) -> Dossier | None:
    return _one(db, "code", code)


def get_by_s10(db: Database, s10: str) -> Dossier | None:
    return _one(db, "s10", s10)


def get_by_id(db: Database, dossier_id: str) -> Dossier | None:
    return _one(db, "id", dossier_id)


def count_dossiers(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM dossiers").fetchone()[0])


def summaries_by_rowid(db: Database, rowids: Sequence[int]) -> list[dict[str, object]]:
    """Light rows for result lists, in the order of ``rowids``."""
    if not rowids:
        return []
    marks = ",".join("?" for _ in rowids)
    cur = db.execute(
        "SELECT rowid, code, s10, procedure_code, procedure_name, status, received_at,"
        f" appointment_at, full_name, id_number, phone FROM dossiers WHERE rowid IN ({marks})",
        list(rowids),
    )
    names = [c[0] for c in cur.description]
    by_id = {row[0]: dict(zip(names, row, strict=True)) for row in cur}
    return [by_id[r] for r in rowids if r in by_id]
