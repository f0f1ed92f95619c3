"""Moving dossiers along their life in tests: hand them over, and play the agency's decisions."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from app.domain.dossier import Dossier
from app.services import handover
from app.services.workstation import Workstation
from app.storage.db import transaction
from app.storage.downstream import Applied, apply_item

_cursor = itertools.count(1)


def hand_over(ws: Workstation, dossiers: Sequence[Dossier]) -> handover.BatchRow:
    """Put the dossiers (of one agency) in a batch and seal it by printing."""
    batch = handover.create_batch(ws, dossiers[0].agency, [d.code for d in dossiers])
    sealed, _pdf = handover.seal_and_print(ws, batch.id)
    return sealed


def agency_says(
    ws: Workstation, code: str, status: str, note: str = "", at: str | None = None
) -> Applied:
    """What the hub's feed brings when the agency acts on a dossier."""
    data = {"dossier_code": code, "status": status, "at": at or ws.now().isoformat(), "note": note}
    with transaction(ws.db):
        return apply_item(
            ws.db,
            {"cursor": next(_cursor), "kind": "status", "data": data},
            device_id=ws.device_id,
            now=ws.now(),
        )
