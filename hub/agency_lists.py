"""What the agency's pages show: status counts, dossier and batch lists, one dossier in full.

Guarantees: read-only; every query is limited to what the signed-in user may see
(:func:`hub.agency_auth.scope`: its agency, and its office when it has one; the operator's
command line, ``user=None``, sees everything). A dossier still at the counter (``received``) is
not the agency's yet; dossier lists come in pages of ``PAGE_SIZE``, earliest appointment first.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.dossier import DossierStatus
from app.domain.lifecycle import CLOSED, Actor, allowed_actions
from hub.agency_auth import AgencyUser, scope
from hub.db import dossiers, events, handover_batches, offices, status_log
from hub.projection import parse_payload
from hub.service import Hub

PAGE_SIZE = 100
# Statuses an agency's list shows: handed over (a dossier still at the counter is not theirs yet).
OPEN_FOR_AGENCY = tuple(
    s.value for s in DossierStatus if s not in CLOSED and s is not DossierStatus.RECEIVED
)


def _label(value: str) -> str:
    try:
        return DossierStatus(value).label
    except ValueError:
        return value


def _history(conn: Connection, code: str) -> list[dict[str, Any]]:
    """The applied status changes of a dossier, oldest first, each with its label."""
    rows = (
        conn.execute(
            sa.select(
                status_log.c.status,
                status_log.c.action,
                status_log.c.note,
                status_log.c.at,
                status_log.c.by,
            )
            .where(status_log.c.code == code, status_log.c.applied.is_(True))
            .order_by(status_log.c.id)
        )
        .mappings()
        .all()
    )
    return [{**r, "status_label": _label(r["status"])} for r in rows]


class AgencyLists:
    """The agency pages' read models over a :class:`Hub`'s database."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.engine = hub.engine

    def status_counts(self, user: AgencyUser) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(dossiers.c.status, sa.func.count().label("n"))
                .where(*scope(user, dossiers))
                .group_by(dossiers.c.status)
            ).all()
        return {r.status: int(r.n) for r in rows}

    def list_dossiers(
        self, user: AgencyUser, status: str | None = None, page: int = 0
    ) -> tuple[list[dict[str, Any]], bool]:
        """The user's dossiers (open ones by default), earliest appointment first, and whether
        another page follows."""
        where = scope(user, dossiers)
        if status == "all":
            where.append(dossiers.c.status != DossierStatus.RECEIVED.value)
        elif status:
            where.append(dossiers.c.status == status)
        else:
            where.append(dossiers.c.status.in_(OPEN_FOR_AGENCY))
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    sa.select(
                        dossiers.c.code,
                        dossiers.c.procedure_name,
                        dossiers.c.status,
                        dossiers.c.received_at,
                        dossiers.c.appointment_at,
                        dossiers.c.applicant_name,
                        offices.c.name.label("office_name"),
                        handover_batches.c.number.label("batch_number"),
                    )
                    .select_from(
                        dossiers.outerjoin(
                            offices, offices.c.code == dossiers.c.office_code
                        ).outerjoin(handover_batches, handover_batches.c.id == dossiers.c.batch_id)
                    )
                    .where(*where)
                    .order_by(dossiers.c.appointment_at, dossiers.c.code)
                    .limit(PAGE_SIZE + 1)
                    .offset(max(page, 0) * PAGE_SIZE)
                )
                .mappings()
                .all()
            )
        items = [{**r, "status_label": _label(r["status"])} for r in rows[:PAGE_SIZE]]
        return items, len(rows) > PAGE_SIZE

    def list_batches(self, user: AgencyUser, limit: int = 30) -> list[dict[str, Any]]:
        """The user's hand-over batches, those still waiting for a signature first."""
        waiting = (
            sa.select(sa.func.count())
            .where(
                dossiers.c.batch_id == handover_batches.c.id,
                dossiers.c.status == DossierStatus.IN_TRANSIT.value,
            )
            .scalar_subquery()
        )
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    sa.select(
                        handover_batches,
                        offices.c.name.label("office_name"),
                        waiting.label("in_transit"),
                    )
                    .select_from(
                        handover_batches.outerjoin(
                            offices, offices.c.code == handover_batches.c.office_code
                        )
                    )
                    .where(*scope(user, handover_batches))
                    .order_by(
                        handover_batches.c.confirmed_at.is_not(None),
                        handover_batches.c.sealed_at.desc(),
                    )
                    .limit(limit)
                )
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    def dossier(self, user: AgencyUser | None, code: str) -> dict[str, Any] | None:
        """Everything the agency may see of one of its dossiers, with its history."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    sa.select(
                        dossiers,
                        offices.c.name.label("office_name"),
                        handover_batches.c.number.label("batch_number"),
                    )
                    .select_from(
                        dossiers.outerjoin(
                            offices, offices.c.code == dossiers.c.office_code
                        ).outerjoin(handover_batches, handover_batches.c.id == dossiers.c.batch_id)
                    )
                    .where(dossiers.c.code == code.strip(), *scope(user, dossiers))
                )
                .mappings()
                .first()
            )
            if row is None:
                return None
            history = _history(conn, row["code"])
            payload = conn.execute(
                sa.select(events.c.payload).where(
                    events.c.device_id == row["device_id"], events.c.seq == row["received_seq"]
                )
            ).scalar()
        received = parse_payload(payload or "")
        applicant = received.get("applicant")
        documents = received.get("documents")
        data = dict(row)
        data["applicant"] = applicant if isinstance(applicant, dict) else {}
        data["documents"] = documents if isinstance(documents, list) else []
        data["status_label"] = _label(data["status"])
        data["history"] = history
        try:
            status = DossierStatus(data["status"])
            data["actions"] = [a.value for a in allowed_actions(status, Actor.AGENCY)]
        except ValueError:
            data["actions"] = []
        return data
