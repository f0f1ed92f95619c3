"""Importing and listing the procedure catalog."""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.catalog_format import parse_catalog
from app.domain.errors import DomainError
from app.domain.procedure import Catalog
from app.services.workstation import Workstation
from app.storage.catalog_repo import save_catalog
from app.storage.db import transaction
from app.storage.events import append_event


def read_catalog_file(path: Path) -> Catalog:
    """Parse and validate a catalog file; every problem is reported by entry and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"Không đọc được tệp danh mục {path}: {exc.strerror}.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DomainError(
            f"Tệp danh mục {path} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): "
            f"{exc.msg}."
        ) from exc
    return parse_catalog(data)


def import_catalog(ws: Workstation, path: Path) -> Catalog:
    catalog = read_catalog_file(path)
    with transaction(ws.db):
        save_catalog(ws.db, catalog)
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="catalog.imported",
            entity_id=ws.device_id,
            payload={"version": catalog.version, "procedures": sorted(catalog.procedures)},
            at=ws.now(),
            actor=ws.staff,
        )
    ws.invalidate()
    return ws.catalog
