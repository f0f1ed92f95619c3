"""Helpers shared by the sync tests."""

from __future__ import annotations

import gzip
import json
from typing import Any

from app.services.workstation import Workstation


def local_events(ws: Workstation) -> list[dict[str, Any]]:
    """This device's events as (seq, id, hash), the way the hub must hold them."""
    rows = ws.db.execute(
        "SELECT seq, id, hash FROM events WHERE device_id = ? ORDER BY seq", [ws.device_id]
    ).fetchall()
    return [{"seq": s, "id": i, "hash": h} for s, i, h in rows]


def batch_of(raw_body: bytes) -> dict[str, Any]:
    """An upload body as the proxy saw it on the wire."""
    return json.loads(gzip.decompress(raw_body))
