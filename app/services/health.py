"""`motcua check`: is the local database healthy, and what does it hold."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.workstation import Workstation
from app.storage.db import integrity_check, schema_version
from app.storage.dossiers import count_dossiers
from app.storage.events import count_events
from app.storage.migrations import SCHEMA_VERSION
from app.storage.numbers import s10_remaining


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    problems: list[str]
    schema_version: int
    schema_expected: int
    dossiers: int
    events: int
    procedures: int
    catalog_version: str
    s10_remaining: int
    database: str

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def check(ws: Workstation) -> HealthReport:
    problems = integrity_check(ws.db)
    version = schema_version(ws.db)
    if version != SCHEMA_VERSION:
        problems.append(f"phiên bản cơ sở dữ liệu {version}, cần {SCHEMA_VERSION}")
    return HealthReport(
        ok=not problems,
        problems=problems,
        schema_version=version,
        schema_expected=SCHEMA_VERSION,
        dossiers=count_dossiers(ws.db),
        events=count_events(ws.db),
        procedures=len(ws.catalog.procedures),
        catalog_version=ws.catalog.version,
        s10_remaining=s10_remaining(ws.db),
        database=str(ws.home),
    )
