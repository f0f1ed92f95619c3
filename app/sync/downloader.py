"""Pulling the hub's downstream feed and applying it, page by page.

Each page's items and the new cursor are saved in ONE transaction: after a crash the page is
either fully applied with its cursor, or not at all and fetched again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.storage import sync_state
from app.storage.connection import Database
from app.storage.db import transaction
from app.storage.downstream import APPLIED, FAILED, KEPT, apply_item
from app.sync.client import HubClient, HubUnknown

log = logging.getLogger("motcua.sync")

PAGE = 500


@dataclass
class DownloadResult:
    applied: int = 0
    kept: int = 0
    failed: int = 0
    catalog_changed: bool = False
    calendar_changed: bool = False
    problems: list[str] = field(default_factory=list)  # Vietnamese, one per failed item


def _malformed() -> HubUnknown:
    return HubUnknown(
        "Máy chủ tỉnh trả lời sai định dạng khi gửi thông tin mới (feed). Quầy sẽ thử lại sau; "
        "nếu lỗi lặp lại, hãy báo bưu điện tỉnh."
    )


def pull_feed(
    db: Database,
    device_id: str,
    client: HubClient,
    *,
    now: Callable[[], datetime],
    limit: int = PAGE,
    should_stop: Callable[[], bool] = lambda: False,
) -> DownloadResult:
    """Fetch and apply feed pages until the hub says there is no more."""
    result = DownloadResult()
    while not should_stop():
        cursor = sync_state.feed_cursor(db)
        answer = client.feed(after=cursor, limit=limit)
        items: Any = answer.get("items")
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise _malformed()
        new_cursor = answer.get("cursor")
        if items and (isinstance(new_cursor, bool) or not isinstance(new_cursor, int)):
            raise _malformed()
        if not items:
            break
        moment = now()
        with transaction(db):
            for item in items:
                applied = apply_item(db, item, device_id=device_id, now=moment)
                if applied.outcome == APPLIED:
                    result.applied += 1
                elif applied.outcome == KEPT:
                    result.kept += 1
                elif applied.outcome == FAILED:
                    result.failed += 1
                    result.problems.append(applied.message)
                result.catalog_changed |= applied.changes_catalog
                result.calendar_changed |= applied.changes_calendar
            sync_state.set_feed_cursor(db, new_cursor)
        log.info("feed: %d items up to cursor %s", len(items), new_cursor)
        if not answer.get("more") or new_cursor <= cursor:
            break
    return result
