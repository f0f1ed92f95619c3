"""The public tracking answer: where a dossier is, for anyone holding its receipt.

Guarantees: read-only, and it never shows a name (initials only), an ID number, phone, address,
nor the agency's notes (they may name the person's papers): only the dossier's procedure, agency,
dates, office and the statuses it went through with their moments.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.domain.dossier import DossierStatus
from hub.agency_lists import _history, _label
from hub.db import dossiers, offices
from hub.service import Hub


class AgencyTracking:
    """The public tracking lookup over a :class:`Hub`'s database."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.engine = hub.engine

    def track(self, code: str) -> dict[str, Any] | None:
        """What anyone holding the receipt may see: no name (initials only), no ID number,
        phone, address, nor the agency's notes (they may name the person's papers)."""
        code = code.strip().upper()
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    dossiers.c.code,
                    dossiers.c.status,
                    dossiers.c.procedure_code,
                    dossiers.c.procedure_name,
                    dossiers.c.agency,
                    dossiers.c.received_at,
                    dossiers.c.appointment_at,
                    dossiers.c.applicant_initials,
                    dossiers.c.office_code,
                    offices.c.name.label("office_name"),
                )
                .select_from(dossiers.outerjoin(offices, offices.c.code == dossiers.c.office_code))
                .where(dossiers.c.code == code)
            ).first()
            history = _history(conn, code) if row is not None else []
        if row is None:
            return None
        steps = [
            {
                "status": DossierStatus.RECEIVED.value,
                "status_label": DossierStatus.RECEIVED.label,
                "at": row.received_at,
            }
        ]
        steps += [{"status": h["status"], "status_label": h["status_label"], "at": h["at"]}
                  for h in history]  # fmt: skip
        return {
            "protocol": 1,
            "code": row.code,
            "status": row.status,
            "status_label": _label(row.status),
            "procedure_code": row.procedure_code,
            "procedure_name": row.procedure_name,
            "agency": row.agency,
            "received_at": row.received_at,
            "appointment_at": row.appointment_at,
            "applicant_initials": row.applicant_initials,
            "office": {"unit_code": row.office_code, "name": row.office_name or ""},
            "history": steps,
        }
