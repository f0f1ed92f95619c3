"""Shared fixtures: a workstation in a temporary folder with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sample_data import applicant

from app.domain.dossier_code import SequenceBlock
from app.domain.s10 import SerialRange
from app.services.workstation import VN_TZ, Workstation, open_workstation
from app.storage.db import transaction
from app.storage.numbers import add_s10_range, set_code_block


class Clock:
    """A settable clock, so tests decide what "now" is."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ))  # a Wednesday, just before Tết 2027


def local_blocks(ws: Workstation) -> None:
    """Give a fresh counter the blocks an administrator would set up for it by hand (source
    'local'): codes 0001–0999 every day and S10 RA 10000000–19999999, so the tests' numbers are
    known in advance. Like the provisional blocks they stand for, the hub's first leases retire
    them. (A fresh counter's own provisional numbering is tested in tests/storage/test_numbers.py.)
    """
    with transaction(ws.db):
        ws.db.execute("DELETE FROM number_ranges")
        set_code_block(ws.db, SequenceBlock(1, 999), now=ws.now(), source="local")
        add_s10_range(ws.db, "RA", SerialRange(10_000_000, 19_999_999), now=ws.now(),
                      source="local")  # fmt: skip


@pytest.fixture
def ws(tmp_path: Path, clock: Clock) -> Iterator[Workstation]:
    station = open_workstation(tmp_path / "home", clock=clock)
    local_blocks(station)
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
