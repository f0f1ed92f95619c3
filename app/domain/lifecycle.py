"""A dossier's life after intake: the legal moves, who makes them, and the dates they change.

QĐ 45/2016 Art 7–10 and TT 17/2017: the post office carries the dossier to the agency with a
signed Biên bản giao nhận (the agency's time starts then), the agency may ask for a supplement
(Mẫu 02), refuse (Mẫu 03) or produce the result, which the post office brings back to the counter
or to the citizen's home. A home delivery that fails twice, two working days apart, sends the
result back to the agency. Overdue is not a state: it is a dossier still open past its date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from app.domain.calendar import WorkCalendar
from app.domain.dossier import DossierStatus as S
from app.domain.errors import DomainError


class Actor(StrEnum):
    COUNTER = "counter"  # the post office's counter staff
    AGENCY = "agency"  # the deciding agency's staff (on the hub's agency page)


class Action(StrEnum):
    HAND_OVER = "hand_over"  # sealed into a printed hand-over batch
    CONFIRM_RECEIPT = "confirm_receipt"  # the agency signs the Biên bản giao nhận
    REQUEST_SUPPLEMENT = "request_supplement"  # Mẫu 02
    SUPPLEMENT = "supplement"  # the citizen brought the missing papers to the counter
    REFUSE = "refuse"  # Mẫu 03
    MARK_READY = "mark_ready"  # the agency has the result
    RESULT_RECEIVED = "result_received"  # the result (or the refused papers) reached the counter
    SEND_FOR_DELIVERY = "send_for_delivery"  # given to the postman for home delivery
    RETURN = "return"  # handed to the citizen after the ID check
    RETURN_TO_AGENCY = "return_to_agency"  # not collected after two invitations
    WITHDRAW = "withdraw"  # the citizen withdraws the dossier

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[Action, str] = {
    Action.HAND_OVER: "Bàn giao cho cơ quan",
    Action.CONFIRM_RECEIPT: "Cơ quan xác nhận đã nhận",
    Action.REQUEST_SUPPLEMENT: "Yêu cầu bổ sung",
    Action.SUPPLEMENT: "Nhận hồ sơ bổ sung",
    Action.REFUSE: "Từ chối giải quyết",
    Action.MARK_READY: "Có kết quả",
    Action.RESULT_RECEIVED: "Nhận kết quả về quầy",
    Action.SEND_FOR_DELIVERY: "Giao bưu tá phát tận nhà",
    Action.RETURN: "Trả kết quả",
    Action.RETURN_TO_AGENCY: "Chuyển lại cơ quan",
    Action.WITHDRAW: "Rút hồ sơ",
}


@dataclass(frozen=True)
class Move:
    sources: frozenset[S]
    target: S
    actor: Actor


def _move(sources: Sequence[S], target: S, actor: Actor) -> Move:
    return Move(frozenset(sources), target, actor)


_WITH_AGENCY = (S.AT_AGENCY, S.SUPPLEMENTED)
MOVES: dict[Action, Move] = {
    Action.HAND_OVER: _move([S.RECEIVED], S.IN_TRANSIT, Actor.COUNTER),
    Action.CONFIRM_RECEIPT: _move([S.IN_TRANSIT], S.AT_AGENCY, Actor.AGENCY),
    Action.REQUEST_SUPPLEMENT: _move(_WITH_AGENCY, S.SUPPLEMENT_REQUESTED, Actor.AGENCY),
    Action.SUPPLEMENT: _move([S.SUPPLEMENT_REQUESTED], S.SUPPLEMENTED, Actor.COUNTER),
    Action.REFUSE: _move([*_WITH_AGENCY, S.SUPPLEMENT_REQUESTED], S.REFUSED, Actor.AGENCY),
    Action.MARK_READY: _move(_WITH_AGENCY, S.RESULT_READY, Actor.AGENCY),
    Action.RESULT_RECEIVED: _move([S.RESULT_READY, S.REFUSED], S.RESULT_AT_COUNTER, Actor.COUNTER),
    Action.SEND_FOR_DELIVERY: _move([S.RESULT_AT_COUNTER], S.OUT_FOR_DELIVERY, Actor.COUNTER),
    Action.RETURN: _move([S.RESULT_AT_COUNTER, S.OUT_FOR_DELIVERY], S.RETURNED, Actor.COUNTER),
    Action.RETURN_TO_AGENCY: _move(
        [S.RESULT_AT_COUNTER, S.OUT_FOR_DELIVERY], S.RETURNED_TO_AGENCY, Actor.COUNTER
    ),
    Action.WITHDRAW: _move(
        [S.RECEIVED, S.IN_TRANSIT, S.AT_AGENCY, S.SUPPLEMENT_REQUESTED, S.SUPPLEMENTED],
        S.WITHDRAWN,
        Actor.COUNTER,
    ),
}

# The agency's page reports states, the counter applies them: which action each reported state is.
AGENCY_ACTION_FOR_STATUS: dict[S, Action] = {
    MOVES[a].target: a for a in Action if MOVES[a].actor is Actor.AGENCY
}

CLOSED: frozenset[S] = frozenset({S.RETURNED, S.RETURNED_TO_AGENCY, S.WITHDRAWN})
# Nobody owes the citizen anything here: the citizen holds it up (a supplement asked for: the
# agency's time starts again from the complete dossier) or the result waits for them.
WAITING_FOR_CITIZEN: frozenset[S] = frozenset(
    {S.SUPPLEMENT_REQUESTED, S.RESULT_AT_COUNTER, S.OUT_FOR_DELIVERY}
)


class IllegalTransition(DomainError):
    """A move the law or the dossier's state does not allow; nothing is changed."""

    def __init__(self, code: str, status: S, action: Action, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.action = action


def next_status(code: str, status: S, action: Action, actor: Actor | None = None) -> S:
    """The state after ``action``; raises IllegalTransition with a sentence saying what to do."""
    move = MOVES[action]
    if actor is not None and actor is not move.actor:
        who = "cơ quan giải quyết" if move.actor is Actor.AGENCY else "quầy bưu điện"
        raise IllegalTransition(
            code,
            status,
            action,
            f"«{action.label}» do {who} thực hiện, không làm được ở đây (hồ sơ {code}).",
        )
    if status not in move.sources:
        allowed = ", ".join(sorted(f"«{s.label}»" for s in move.sources))
        raise IllegalTransition(
            code,
            status,
            action,
            f"Hồ sơ {code} đang ở trạng thái «{status.label}», không thể «{action.label}». "
            f"Chỉ làm được khi hồ sơ ở trạng thái {allowed}.",
        )
    return move.target


def allowed_actions(status: S, actor: Actor | None = None) -> list[Action]:
    """The actions possible from ``status`` (for one side, or both), in the order of Action."""
    return [
        a for a, m in MOVES.items() if status in m.sources and (actor is None or m.actor is actor)
    ]


def is_open(status: S) -> bool:
    return status not in CLOSED


def is_overdue(status: S, appointment_at: datetime, now: datetime) -> bool:
    """Still owed to the citizen after the promised time (nothing waiting on the citizen is)."""
    return is_open(status) and status not in WAITING_FOR_CITIZEN and now > appointment_at


def agency_schedule(
    confirmed_on: date,
    processing_days: int,
    return_transit_days: int,
    calendar: WorkCalendar,
    *,
    appointment_time: time,
    tz: object,
) -> tuple[date, datetime]:
    """Dates once the agency signed the hand-over: (agency's result day, new appointment).

    The agency's time runs from the hand-over (QĐ 45 Art 7(4)); a signature on a day off counts
    from the next working day. ``return_transit_days`` is 0 when the result is collected at the
    counter, else the route's transit back.
    """
    start = calendar.on_or_after(confirmed_on)
    result_day = calendar.add_working_days(start, processing_days) if processing_days else start
    back = calendar.add_working_days(result_day, return_transit_days)
    return result_day, datetime.combine(back, appointment_time, tzinfo=tz)  # type: ignore[arg-type]


# The invitation rule for results not collected / not delivered (TT 17/2017 Art 10): at least two
# invitations, at least two working days apart, before the result may go back to the agency.
MIN_INVITATIONS = 2
MIN_WORKING_DAYS_APART = 2


@dataclass(frozen=True)
class InvitationState:
    count: int
    next_allowed: date | None  # earliest day the next invitation counts; None: none made yet
    may_return_to_agency: bool


def invitation_state(invited_on: Sequence[date], calendar: WorkCalendar) -> InvitationState:
    """What the invitations made so far allow. Invitations closer than two working days to the
    previous counted one do not count (a second call the next morning is not a second chance)."""
    counted: list[date] = []
    for day in sorted(invited_on):
        if not counted or calendar.working_days_between(counted[-1], day) >= (
            MIN_WORKING_DAYS_APART
        ):
            counted.append(day)
    next_allowed = (
        calendar.add_working_days(counted[-1], MIN_WORKING_DAYS_APART) if counted else None
    )
    return InvitationState(len(counted), next_allowed, len(counted) >= MIN_INVITATIONS)


def check_return_to_agency(
    code: str,
    invited_on: Sequence[date],
    calendar: WorkCalendar,
    status: S = S.RESULT_AT_COUNTER,
) -> None:
    state = invitation_state(invited_on, calendar)
    if not state.may_return_to_agency:
        when = (
            f" Lần mời tiếp theo từ ngày {state.next_allowed:%d/%m/%Y}."
            if state.next_allowed
            else ""
        )
        raise IllegalTransition(
            code,
            status,
            Action.RETURN_TO_AGENCY,
            f"Hồ sơ {code} mới có {state.count} lần mời hợp lệ; cần ít nhất {MIN_INVITATIONS} "
            f"lần, cách nhau ít nhất {MIN_WORKING_DAYS_APART} ngày làm việc, trước khi chuyển lại "
            f"cơ quan.{when}",
        )
