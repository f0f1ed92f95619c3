"""Number leases: ask the hub for the blocks this counter is due and record every active lease.

Runs in each sync, after re-hydration and before the upload. The counter says what it knows that
the hub cannot (numbers handed out but not synced yet, and whether a restore abandoned its
blocks); the hub decides and answers with all the device's active leases, which are applied
idempotently (app/storage/numbers.py ``apply_lease``). A counter about to run out says so days
ahead (``numbers_outlook``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.storage import number_journal, numbers
from app.storage.connection import Database
from app.storage.db import transaction
from app.storage.events import last_event
from app.storage.settings import delete_setting, get_setting
from app.sync.client import HubClient, HubUnknown

log = logging.getLogger("motcua.sync")

SOURCE = "hub"


@dataclass(frozen=True)
class LeaseResult:
    added: int = 0
    problems: tuple[str, ...] = ()


def _request(db: Database, device_id: str, today: date) -> dict[str, Any]:
    outlook = numbers.outlook(db, today)
    return {
        "today": today.isoformat(),
        "last_seq": last_event(db, device_id)[0],
        "s10_remaining": outlook.s10_remaining,
        "code_days_left": outlook.code_days_left,
        "restart": bool(get_setting(db, numbers.RESTART, False)),
    }


def refresh_leases(db: Database, device_id: str, client: HubClient, now: datetime) -> LeaseResult:
    answer = client.leases(_request(db, device_id, now.date()))
    leases = answer.get("leases")
    problems = answer.get("problems") or []
    if not isinstance(leases, list) or not isinstance(problems, list):
        raise HubUnknown("Câu trả lời của máy chủ tỉnh về dải số không đúng định dạng.")
    added = 0
    with transaction(db):
        for lease in leases:
            if isinstance(lease, dict) and numbers.apply_hub_lease(db, lease, now=now):
                added += 1
        delete_setting(db, numbers.RESTART)
        number_journal.set_leases(db, [x for x in leases if isinstance(x, dict)])
    if added:
        log.info("%d new number lease(s) from the hub", added)
    return LeaseResult(added, tuple(str(p) for p in problems))
