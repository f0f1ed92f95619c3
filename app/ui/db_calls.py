"""Small jobs for the database thread that gather what the window shows around the screens.

Each function takes the workstation and runs inside ``TaskRunner.db``, never on the GUI thread.
Their imports happen there too: the storage and sync stacks are not needed to show the window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.sync import SyncHealth
    from app.services.workstation import Workstation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShellInfo:
    """Who and where, the language, and how sync is doing."""

    office_name: str
    unit_code: str
    staff: str
    language: str
    sync: SyncHealth | None  # None: the sync state could not be read (logged); show offline


def save_setting(ws: Workstation, key: str, value: Any) -> None:
    ws.save_settings({key: value})


def shell_info(ws: Workstation) -> ShellInfo:
    office = ws.office
    try:
        from app.services.sync import sync_health  # requests, keyring: not needed to start

        health: SyncHealth | None = sync_health(ws)
    except Exception:  # the office and clerk must show even when the sync state is unreadable
        log.exception("reading the sync state failed")
        health = None
    return ShellInfo(
        office_name=office.name,
        unit_code=office.unit_code,
        staff=ws.staff,
        language=str(ws.setting("ui.language", "vi")),
        sync=health,
    )
