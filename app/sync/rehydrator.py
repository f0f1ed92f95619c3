"""Re-hydration: after a restore, bring back from the hub what this counter had synced after the
backup's point, then chain the events made since the restore (held aside until then).

The hub holds every event it acknowledged, so the restored database's chain is continued with the
hub's own copy, verified link by link (app/storage/rehydrate.py); the counter's acknowledged mark
becomes the hub's again, and nothing is sent twice or forked. Until this has run, no event joins
the chain (app/storage/events.py, ``HOLD``) and nothing is uploaded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.storage import sync_state
from app.storage.connection import Database
from app.storage.db import transaction
from app.storage.events import HOLD, chain_held, holding
from app.storage.rehydrate import apply_hub_events
from app.storage.settings import delete_setting, set_setting
from app.sync.client import HubClient, HubUnknown

log = logging.getLogger("motcua.sync")

PAGE = 500


@dataclass(frozen=True)
class RehydrateResult:
    events: int = 0  # events brought back from the hub
    dossiers: int = 0  # dossiers among them
    chained: int = 0  # events made since the restore, now in the chain
    acked_seq: int = 0


def rehydrate(
    db: Database, device_id: str, client: HubClient, *, chain: str | None = None
) -> RehydrateResult:
    """Fetch and apply the hub's events of this device after the local chain; one transaction
    per page, the held events chained in the last. A no-op when nothing waits for it.

    ``chain``: the client is a newer device of this counter (enrolled again) and ``device_id``
    the one it replaces, whose copy is asked for under the new token."""
    if not holding(db):
        return RehydrateResult(acked_seq=sync_state.acked_seq(db))
    events = dossiers = 0
    acked = 0
    while True:
        head = int(
            db.execute(
                "SELECT coalesce(max(seq), 0) FROM events WHERE device_id = ?", [device_id]
            ).fetchone()[0]
        )
        page = client.device_events(head, PAGE, chain)
        items = page.get("events")
        acked = page.get("acked_seq")
        if not isinstance(items, list) or isinstance(acked, bool) or not isinstance(acked, int):
            raise HubUnknown(
                "Câu trả lời của máy chủ tỉnh về dữ liệu cũ của quầy không đúng định dạng. "
                "Quầy sẽ thử lại."
            )
        with transaction(db):
            done = apply_hub_events(db, device_id, items)
            events += done.events
            dossiers += done.dossiers
            last_page = not page.get("more") or not items
            if last_page:
                delete_setting(db, HOLD)
                chained = chain_held(db, device_id)
                # For the backup page and the sync health: what the restore got back.
                set_setting(db, sync_state.REHYDRATED, {"events": events, "dossiers": dossiers})
                sync_state.set_acked_seq(db, acked)
                sync_state.set_inflight(db, None)
        if last_page:
            break
    log.info("re-hydrated %d events (%d dossiers) from the hub; %d held events chained",
             events, dossiers, chained)  # fmt: skip
    return RehydrateResult(events, dossiers, chained, acked)
