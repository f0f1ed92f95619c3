"""Finding dossiers: by code, S10 or ID exactly, else full-text with diacritics folded."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.dossier import Dossier
from app.domain.dossier_code import is_dossier_code
from app.domain.errors import DomainError
from app.domain.procedure import Procedure
from app.domain.s10 import is_valid_s10
from app.domain.text import fold
from app.services.workstation import Workstation
from app.storage.dossiers import get_by_code, get_by_s10, summaries_by_rowid
from app.storage.events import Event, events_for

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    procedure: Procedure | None
    events: list[Event]


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression for what a person typed: every word, as a prefix, all required."""
    tokens = _TOKEN.findall(fold(text))
    if not tokens:
        return None
    return " AND ".join(f'"{t}"*' for t in tokens)


def find_dossier(ws: Workstation, text: str) -> Dossier | None:
    """The one dossier a scanned or typed code, S10 or item number names, if any."""
    value = text.strip()
    if is_dossier_code(value):
        return get_by_code(ws.db, value.upper())
    if is_valid_s10(value):
        return get_by_s10(ws.db, value.replace(" ", "").upper())
    return None


def search(ws: Workstation, text: str, limit: int = 50) -> list[dict[str, object]]:
    """Newest first. A full code or S10 returns that dossier alone."""
    exact = find_dossier(ws, text)
    if exact is not None:
        row = ws.db.execute("SELECT rowid FROM dossiers WHERE id = ?", [exact.id]).fetchone()
        return summaries_by_rowid(ws.db, [row[0]])
    query = fts_query(text)
    if query is None:
        return []
    rowids = [
        r[0]
        for r in ws.db.execute(
            "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?"
            " ORDER BY rowid DESC LIMIT ?",
            [query, limit],
        )
    ]
    return summaries_by_rowid(ws.db, rowids)


def show(ws: Workstation, code: str) -> DossierDetail:
    dossier = find_dossier(ws, code) or get_by_code(ws.db, code.strip().upper())
    if dossier is None:
        raise DomainError(
            f"Không tìm thấy hồ sơ «{code.strip()}». Kiểm tra lại mã hồ sơ hoặc số hiệu bưu gửi."
        )
    return DossierDetail(
        dossier, ws.catalog.procedure(dossier.procedure_code), events_for(ws.db, dossier.id)
    )
