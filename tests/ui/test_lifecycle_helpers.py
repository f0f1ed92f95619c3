"""Helpers shared by the lifecycle and home-screen UI tests (this module holds no tests).

Setup writes go through the task runner, as every database write of the window does, so a test
never uses the connection from two threads at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, TypeVar

from sample_data import applicant
from ui_helpers import wait_idle

from app.domain.dossier import Dossier
from app.services import handover, intake
from app.services.workstation import Workstation
from app.storage.db import transaction
from app.storage.downstream import APPLIED, apply_item
from app.ui.tasks import TaskRunner

T = TypeVar("T")

APPLICANT_ID = applicant()["id_number"]  # 042190001234, Nguyễn Thị Hồng Nhung
# The same person's chip card as its QR reads (ID|old ID|name|birth|sex|address|issued).
APPLICANT_CARD = (
    "042190001234||Nguyễn Thị Hồng Nhung|12051990|Nữ|Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh|15082021"
)
OTHER_ID = "001099012345"  # a valid ID of someone else (Hà Nội, man born 1999)
OTHER_CARD = "001099012345||Trần Văn Bình|05061999|Nam|Số 1 Hàng Bạc, Hà Nội|01012022"
STATUS_AT = "2027-02-03T11:00:00+07:00"

_cursor = itertools.count(1)


def on_db(
    qtbot: Any, runner: TaskRunner, fn: Callable[[Workstation], T], changes: str | None = None
) -> T:
    """Run ``fn(ws)`` on the database thread, wait, and return its result (or raise).

    ``changes`` makes the runner announce the write, as the window's own writes do.
    """
    box: dict[str, Any] = {}
    runner.db(
        fn,
        lambda r: box.setdefault("result", r),
        lambda e: box.setdefault("error", e),
        changes=changes,
    )
    wait_idle(qtbot, runner)
    if "error" in box:
        raise box["error"]
    return box["result"]


def request(ws: Workstation, procedure: str = "1.004873", **overrides: Any) -> dict[str, Any]:
    """A complete intake request (default: a 3-working-day UBND xã procedure)."""
    p = ws.catalog.procedure(procedure)
    assert p is not None
    raw: dict[str, Any] = {
        "procedure": procedure,
        "applicant": applicant(),
        "documents": [
            {"name": d.name, "kind": d.kind.value, "count": d.count}
            for d in p.documents
            if not d.optional
        ],
        "return_method": "counter",
    }
    raw.update(overrides)
    return raw


def receive(qtbot: Any, runner: TaskRunner, procedure: str = "1.004873", **kw: Any) -> Dossier:
    return on_db(
        qtbot,
        runner,
        lambda ws: intake.receive_dossier(ws, request(ws, procedure, **kw)),
        changes="dossiers",
    )


def hand_over(qtbot: Any, runner: TaskRunner, *dossiers: Dossier) -> None:
    def seal(ws: Workstation) -> None:
        batch = handover.create_batch(ws, dossiers[0].agency, [d.code for d in dossiers])
        handover.seal_and_print(ws, batch.id)

    on_db(qtbot, runner, seal, changes="dossiers")


def agency_says(qtbot: Any, runner: TaskRunner, code: str, status: str, note: str = "") -> None:
    """The hub's feed brings an agency decision (as app.storage.downstream applies it)."""

    def apply(ws: Workstation) -> None:
        item = {
            "cursor": next(_cursor),
            "kind": "status",
            "data": {"dossier_code": code, "status": status, "at": STATUS_AT, "note": note},
        }
        with transaction(ws.db):
            applied = apply_item(ws.db, item, device_id=ws.device_id, now=ws.now())
        assert applied.outcome == APPLIED, applied.message

    on_db(qtbot, runner, apply, changes="dossiers")


def status_of(qtbot: Any, runner: TaskRunner, code: str) -> str:
    return on_db(
        qtbot,
        runner,
        lambda ws: ws.db.execute("SELECT status FROM dossiers WHERE code = ?", [code]).fetchone()[
            0
        ],
    )


def result_at_counter(qtbot: Any, runner: TaskRunner, **kw: Any) -> Dossier:
    """A dossier handed over, decided by the agency and brought back: waiting to be collected."""
    from app.services.lifecycle import record_result

    dossier = receive(qtbot, runner, **kw)
    hand_over(qtbot, runner, dossier)
    agency_says(qtbot, runner, dossier.code, "at_agency")
    agency_says(qtbot, runner, dossier.code, "result_ready")
    on_db(qtbot, runner, lambda ws: record_result(ws, dossier.code), changes="dossiers")
    return dossier
