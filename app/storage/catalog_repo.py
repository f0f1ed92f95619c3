"""The procedure catalog as stored locally, with the version it came from."""

from __future__ import annotations

import json

from app.domain.catalog_format import (
    procedure_from_dict,
    procedure_to_dict,
    route_from_dict,
    route_to_dict,
)
from app.domain.procedure import Catalog
from app.domain.text import fold
from app.storage.connection import Database
from app.storage.settings import get_setting, set_setting


def save_catalog(db: Database, catalog: Catalog) -> None:
    """Replace routes and procedures; call inside a transaction.

    Procedures that dossiers still refer to are updated in place, never deleted, so history keeps
    its foreign keys; a procedure dropped from the catalog stays for old dossiers.
    """
    db.execute("DELETE FROM routes")
    for route in catalog.routes.values():
        db.execute(
            "INSERT INTO routes(code, data) VALUES (?, ?)",
            [route.code, json.dumps(route_to_dict(route), ensure_ascii=False)],
        )
    for p in catalog.procedures.values():
        db.execute(
            """INSERT INTO procedures
                 (code, name, name_folded, field, agency, by_post, processing_days,
                  catalog_version, data)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(code) DO UPDATE SET
                 name = excluded.name, name_folded = excluded.name_folded, field = excluded.field,
                 agency = excluded.agency, by_post = excluded.by_post,
                 processing_days = excluded.processing_days,
                 catalog_version = excluded.catalog_version, data = excluded.data""",
            [
                p.code,
                p.name,
                fold(f"{p.code} {p.name} {p.short_name} {p.field}"),
                p.field,
                p.agency,
                int(p.by_post),
                p.processing_days,
                catalog.version,
                json.dumps(procedure_to_dict(p), ensure_ascii=False),
            ],
        )
    set_setting(db, "catalog.version", catalog.version)
    set_setting(db, "catalog.codes", sorted(catalog.procedures))


def load_catalog(db: Database) -> Catalog:
    """The current catalog (procedures dropped by a later import are left out)."""
    version = get_setting(db, "catalog.version", "")
    current = set(get_setting(db, "catalog.codes", []))
    routes = {
        code: route_from_dict(json.loads(data))
        for code, data in db.execute("SELECT code, data FROM routes ORDER BY code")
    }
    procedures = {
        code: procedure_from_dict(json.loads(data))
        for code, data in db.execute("SELECT code, data FROM procedures ORDER BY code")
        if code in current
    }
    return Catalog(version=version, routes=routes, procedures=procedures)
