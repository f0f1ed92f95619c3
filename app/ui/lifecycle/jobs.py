"""The lifecycle screens' jobs for the database thread.

Services are imported inside the jobs, on that thread: they pull in reportlab and the storage
stack, which the window does not need in order to appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.domain.lifecycle import Action

if TYPE_CHECKING:
    from app.domain.dossier import Dossier
    from app.domain.lifecycle import InvitationState
    from app.services.handover import BatchItem, BatchRow
    from app.services.lifecycle import ActionLists
    from app.services.lifecycle_ui_support import DossierActions, HandoverOverview, ResultScan
    from app.services.workstation import Workstation


def dossier_actions(ws: Workstation, code: str) -> DossierActions:
    from app.services.lifecycle_ui_support import dossier_actions as load

    return load(ws, code)


def action_lists(ws: Workstation) -> ActionLists:
    from app.services.lifecycle import action_lists as lists

    return lists(ws)


def action_lists_now(ws: Workstation) -> tuple[datetime, ActionLists]:
    """The lists with the moment they were read (the home screen shows it)."""
    now = ws.now()
    return now, action_lists(ws)


def scan_result(ws: Workstation, code: str) -> ResultScan:
    from app.services.lifecycle_ui_support import scan_result as scan

    return scan(ws, code)


# ---------------------------------------------------------------- hand-over


def handover_overview(ws: Workstation) -> HandoverOverview:
    from app.services.lifecycle_ui_support import handover_overview as overview

    return overview(ws)


def batch_items(ws: Workstation, batch_id: str) -> list[BatchItem]:
    from app.services.handover import batch_items as items

    return items(ws, batch_id)


def scan_into_draft(ws: Workstation, agency: str, code: str) -> tuple[BatchRow, BatchItem]:
    from app.services.lifecycle_ui_support import scan_into_draft as scan

    return scan(ws, agency, code)


def remove_from_batch(ws: Workstation, batch_id: str, code: str) -> None:
    from app.services.handover import remove_from_batch as remove

    remove(ws, batch_id, code)


def discard_batch(ws: Workstation, batch_id: str) -> None:
    from app.services.handover import discard_batch as discard

    discard(ws, batch_id)


def seal_and_print(ws: Workstation, batch_id: str) -> tuple[BatchRow, bytes]:
    from app.services.handover import seal_and_print as seal

    return seal(ws, batch_id)


# ---------------------------------------------------------------- one dossier's moves


def render_form(ws: Workstation, kind: str, code: str) -> bytes:
    from app.services.lifecycle_documents import render_form as render

    return render(ws, kind, code)


def move(ws: Workstation, action: Action, code: str, note: str) -> Dossier:
    """One of the counter's simple moves (the ones that take at most a note)."""
    from app.services import lifecycle

    moves = {
        Action.SUPPLEMENT: lifecycle.record_supplement,
        Action.SEND_FOR_DELIVERY: lifecycle.send_for_delivery,
        Action.RETURN_TO_AGENCY: lifecycle.return_to_agency,
        Action.WITHDRAW: lifecycle.withdraw,
    }
    return moves[action](ws, code, note)


@dataclass(frozen=True)
class Printed:
    """A move that was recorded, and the paper that goes with it (or why it did not render)."""

    pdf: bytes | None
    problem: str = ""  # Vietnamese; the move itself is recorded either way


def _render_after_move(ws: Workstation, kind: str, code: str) -> Printed:
    from app.domain.errors import DomainError
    from app.services.lifecycle_documents import render_form as render

    try:
        return Printed(render(ws, kind, code))
    except DomainError as exc:
        return Printed(None, exc.message)


@dataclass(frozen=True)
class Invited:
    state: InvitationState
    letter: Printed | None  # the printed invitation, for a letter


def record_invitation(
    ws: Workstation, code: str, method: str, on: date, note: str, print_letter: bool
) -> Invited:
    from app.services.lifecycle import record_invitation as record

    state = record(ws, code, method, on=on, note=note)
    letter = _render_after_move(ws, "invitation", code) if print_letter else None
    return Invited(state, letter)


def reschedule(ws: Workstation, code: str, new_at: datetime, reason: str) -> Printed:
    """The new date and its apology (Mẫu 04), rendered at once: the citizen takes it home."""
    from app.services.lifecycle import reschedule as move_date

    move_date(ws, code, new_at, reason)
    return _render_after_move(ws, "apology", code)


@dataclass(frozen=True)
class ReturnInput:
    id_number: str
    proxy: bool
    name: str
    authorisation: str
    amount: int


def return_to_citizen(ws: Workstation, code: str, given: ReturnInput) -> Dossier:
    from app.services.lifecycle import Receiver
    from app.services.lifecycle import return_to_citizen as hand_over

    receiver = Receiver(given.id_number, given.name, given.proxy, given.authorisation)
    return hand_over(ws, code, receiver, amount_collected=given.amount)
