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


def fts_queries(text: str) -> list[str]:
    """FTS5 MATCH expressions for what a person typed, tried in order.

    Whole words first (fast, and "nguyen van an" should find An, not every Anh); then the last
    word as a prefix, for names typed half-way. Other words stay whole: prefix terms make FTS5
    merge the postings of every matching word, which costs tens of milliseconds at 1M dossiers.
    """
    tokens = _TOKEN.findall(fold(text))
    if not tokens:
        return []
    whole = " AND ".join(f'"{t}"' for t in tokens)
    return [whole, f"{whole}*"]


def fts_query(text: str) -> str | None:
    """The broadest expression (every word a prefix): what a naive search would run."""
    tokens = _TOKEN.findall(fold(text))
    return " AND ".join(f'"{t}"*' for t in tokens) if tokens else None


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
    rowids: list[int] = []
    for query in fts_queries(text):
        rowids = [
            r[0]
            for r in ws.db.execute(
                "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?"
                " ORDER BY rowid DESC LIMIT ?",
                [query, limit],
            )
        ]
        if len(rowids) >= limit:
            break  # whole words filled the page; the prefix query would only add near-misses
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
