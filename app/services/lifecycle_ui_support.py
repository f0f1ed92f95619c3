"""What the counter screens of the dossier lifecycle ask in one go (issue 5).

Each function gathers, or does, one screen step in a single call on the database thread: the
state of one dossier with the moves the counter may make, a scan into the current hand-over
draft, a scan at the results counter. The rules stay in app.domain.lifecycle and the moves in
app.services.handover / app.services.lifecycle; this module only puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.dossier import DossierStatus, ReturnMethod
from app.domain.lifecycle import CLOSED, Action, Actor, allowed_actions, is_overdue
from app.services import handover, lifecycle
from app.services.handover import BatchItem, BatchRow
from app.services.lifecycle_documents import FormKind
from app.services.lookup import show
from app.services.workstation import VN_TZ, Workstation

# The agency's decisions whose note the counter must read out (the list to add, the reason).
_DECISIONS = (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.REFUSED)


@dataclass(frozen=True)
class DossierActions:
    """One dossier as the counter sees it after intake, with what may be done to it now."""

    code: str
    s10: str
    full_name: str
    phone: str
    procedure_name: str
    agency: str
    status: DossierStatus
    appointment_at: datetime  # aware, +07:00
    overdue: bool  # still owed to the citizen after the promised time
    return_method: ReturnMethod
    delivery_address: str
    actions: tuple[Action, ...]  # allowed_actions(status, Actor.COUNTER)
    invitations: int  # invitations that count (two working days apart)
    next_invitation: date | None  # earliest day the next one counts; None: none made yet
    may_return_to_agency: bool
    agency_note: str  # the agency's last word: the supplement list or the refusal reason
    forms: frozenset[FormKind]  # the forms whose content is on record
    batch_number: str  # the hand-over batch the dossier went in, "" if none
    today: date

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    def may(self, action: Action) -> bool:
        if action is Action.RETURN_TO_AGENCY:
            return action in self.actions and self.may_return_to_agency
        return action in self.actions

    @property
    def may_invite(self) -> bool:
        return self.status in (DossierStatus.RESULT_AT_COUNTER, DossierStatus.OUT_FOR_DELIVERY)


def dossier_actions(ws: Workstation, code_or_s10: str) -> DossierActions:
    """The dossier named by a code or S10 (DomainError in Vietnamese if unknown)."""
    detail = show(ws, code_or_s10)
    d, events = detail.dossier, detail.events
    _contacts, state = lifecycle.invitations(ws, d.code)
    note = ""
    decided: set[DossierStatus] = set()
    for e in events:
        if e.type != "dossier.status_changed":
            continue
        status = str(e.payload.get("status", ""))
        for decision in _DECISIONS:
            if status == decision.value:
                decided.add(decision)
                note = str(e.payload.get("note") or "")
    forms = {FormKind.CONTROL}
    if DossierStatus.SUPPLEMENT_REQUESTED in decided:
        forms.add(FormKind.SUPPLEMENT)
    if DossierStatus.REFUSED in decided:
        forms.add(FormKind.REFUSAL)
    if any(e.type == "dossier.rescheduled" for e in events):
        forms.add(FormKind.APOLOGY)
    if _contacts:
        forms.add(FormKind.INVITATION)
    batch = next((str(e.payload.get("batch_id")) for e in events if e.payload.get("batch_id")), "")
    batch_number = handover.get_batch(ws, batch).number if batch else ""
    return DossierActions(
        code=d.code,
        s10=d.s10,
        full_name=d.applicant.full_name,
        phone=d.applicant.phone,
        procedure_name=d.procedure_name,
        agency=d.agency,
        status=d.status,
        appointment_at=d.appointment_at.astimezone(VN_TZ),
        overdue=is_overdue(d.status, d.appointment_at, ws.now()),
        return_method=d.return_method,
        delivery_address=d.delivery_address,
        actions=tuple(allowed_actions(d.status, Actor.COUNTER)),
        invitations=state.count,
        next_invitation=state.next_allowed,
        may_return_to_agency=state.may_return_to_agency,
        agency_note=note,
        forms=frozenset(forms),
        batch_number=batch_number,
        today=ws.now().date(),
    )


# ---------------------------------------------------------------- hand-over screen


@dataclass(frozen=True)
class AgencyChoice:
    name: str  # as in the catalog, e.g. "UBND xã"
    waiting: int  # dossiers at the counter for it and in no batch
    draft: BatchRow | None  # its newest unsealed batch, if any


@dataclass(frozen=True)
class HandoverOverview:
    agencies: list[AgencyChoice]
    recent: list[BatchRow]  # newest first, drafts included


def draft_for(ws: Workstation, agency: str) -> BatchRow | None:
    """The newest unsealed batch of ``agency`` (the one scans go into)."""
    drafts = [b for b in handover.list_batches(ws, open_only=True) if b.agency == agency]
    return drafts[0] if drafts else None


def handover_overview(ws: Workstation, recent: int = 30) -> HandoverOverview:
    names = sorted({p.agency for p in ws.catalog.procedures.values()})
    waiting = {n: len(handover.waiting_for_handover(ws, n)) for n in names}
    batches = handover.list_batches(ws)
    drafts: dict[str, BatchRow] = {}
    for b in batches:  # newest first: the first draft seen of an agency is its newest
        if not b.sealed:
            drafts.setdefault(b.agency, b)
    return HandoverOverview(
        [AgencyChoice(n, waiting[n], drafts.get(n)) for n in names], batches[:recent]
    )


def scan_into_draft(ws: Workstation, agency: str, code_or_s10: str) -> tuple[BatchRow, BatchItem]:
    """Add a scanned dossier to the agency's draft batch, opening one with the first scan.

    A refused first scan opens no batch (create_batch takes its dossiers all or none).
    """
    draft = draft_for(ws, agency)
    if draft is None:
        batch = handover.create_batch(ws, agency, [code_or_s10])
        return batch, handover.batch_items(ws, batch.id)[-1]
    item = handover.add_to_batch(ws, draft.id, code_or_s10)
    return handover.get_batch(ws, draft.id), item


# ---------------------------------------------------------------- results counter


class ScanOutcome(StrEnum):
    RECORDED = "recorded"  # the result (or the refused papers) was just booked in at the counter
    AT_COUNTER = "at_counter"  # already here: the citizen has come to collect it
    OTHER = "other"  # anything else: shown, nothing changed


@dataclass(frozen=True)
class ResultScan:
    outcome: ScanOutcome
    previous: DossierStatus
    dossier: DossierActions


def scan_result(ws: Workstation, code_or_s10: str) -> ResultScan:
    """A label scanned at the results counter: book the result in, or say it is waiting."""
    ref = lifecycle.find(ws, code_or_s10)
    if Action.RESULT_RECEIVED in allowed_actions(ref.status, Actor.COUNTER):
        lifecycle.record_result(ws, ref.code)
        outcome = ScanOutcome.RECORDED
    elif ref.status is DossierStatus.RESULT_AT_COUNTER:
        outcome = ScanOutcome.AT_COUNTER
    else:
        outcome = ScanOutcome.OTHER
    return ResultScan(outcome, ref.status, dossier_actions(ws, ref.code))
