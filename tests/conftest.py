"""Shared fixtures: a workstation in a temporary folder with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sample_data import applicant

from app.services.workstation import VN_TZ, Workstation, open_workstation


class Clock:
    """A settable clock, so tests decide what "now" is."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ))  # a Wednesday, just before Tết 2027


@pytest.fixture
def ws(tmp_path: Path, clock: Clock) -> Iterator[Workstation]:
    station = open_workstation(tmp_path / "home", clock=clock)
    yield station
    station.close()


def complete_documents(ws: Workstation, procedure_code: str) -> list[dict[str, Any]]:
    procedure = ws.catalog.procedure(procedure_code)
    assert procedure is not None
    return [
        {"name": d.name, "kind": d.kind.value, "count": d.count}
        for d in procedure.documents
        if not d.optional
    ]


@pytest.fixture
def request_for(ws: Workstation) -> Callable[..., dict[str, Any]]:
    """A complete, valid intake request for a procedure, with overrides."""

    def make(procedure_code: str = "1.001193", **overrides: Any) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "procedure": procedure_code,
            "applicant": applicant(),
            "documents": complete_documents(ws, procedure_code),
            "return_method": "counter",
        }
        if any(f.rule == "per_page" for f in ws.catalog.procedures[procedure_code].fees):
            raw["pages"] = 3
        raw.update(overrides)
        return raw

    return make
