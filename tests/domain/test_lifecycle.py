from __future__ import annotations

import unicodedata
from collections import deque
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.calendar import CalendarOverride, WorkCalendar
from app.domain.dossier import STATUS_LABELS
from app.domain.dossier import DossierStatus as S
from app.domain.errors import DomainError
from app.domain.lifecycle import (
    AGENCY_ACTION_FOR_STATUS,
    Action,
    Actor,
    IllegalTransition,
    InvitationState,
    agency_schedule,
    allowed_actions,
    check_return_to_agency,
    invitation_state,
    is_open,
    is_overdue,
    next_status,
)

A = Action
VN = timezone(timedelta(hours=7))
CODE = "000.00.04.H40-260306-0007"
NOON = time(14, 0)

PLAIN = WorkCalendar()
# 22/8/2026 (Sat) is worked in exchange for 31/8 (Mon); only the override knows the Saturday.
WITH_SWAP = WorkCalendar([CalendarOverride(date(2026, 8, 22), working=True, note="Làm bù")])
# A province extending Tết 2027 by one day.
LONGER_TET = WorkCalendar([CalendarOverride(date(2027, 2, 11), working=False, note="Nghỉ thêm")])

# Written out from QĐ 45 Art 7–10 / TT 17 Art 5 (module docstring, /work/shared/domain.md), not
# read back from MOVES: every legal (status, action) and where it leads.
EXPECTED: dict[tuple[S, Action], S] = {
    (S.RECEIVED, A.HAND_OVER): S.IN_TRANSIT,
    (S.RECEIVED, A.WITHDRAW): S.WITHDRAWN,
    (S.IN_TRANSIT, A.CONFIRM_RECEIPT): S.AT_AGENCY,
    (S.IN_TRANSIT, A.WITHDRAW): S.WITHDRAWN,
    (S.AT_AGENCY, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.AT_AGENCY, A.REFUSE): S.REFUSED,
    (S.AT_AGENCY, A.MARK_READY): S.RESULT_READY,
    (S.AT_AGENCY, A.WITHDRAW): S.WITHDRAWN,
    (S.SUPPLEMENT_REQUESTED, A.SUPPLEMENT): S.SUPPLEMENTED,
    (S.SUPPLEMENT_REQUESTED, A.REFUSE): S.REFUSED,
    (S.SUPPLEMENT_REQUESTED, A.WITHDRAW): S.WITHDRAWN,
    (S.SUPPLEMENTED, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.SUPPLEMENTED, A.REFUSE): S.REFUSED,
    (S.SUPPLEMENTED, A.MARK_READY): S.RESULT_READY,
    (S.SUPPLEMENTED, A.WITHDRAW): S.WITHDRAWN,
    (S.REFUSED, A.RESULT_RECEIVED): S.RESULT_AT_COUNTER,
    (S.RESULT_READY, A.RESULT_RECEIVED): S.RESULT_AT_COUNTER,
    (S.RESULT_AT_COUNTER, A.SEND_FOR_DELIVERY): S.OUT_FOR_DELIVERY,
    (S.RESULT_AT_COUNTER, A.RETURN): S.RETURNED,
    (S.RESULT_AT_COUNTER, A.RETURN_TO_AGENCY): S.RETURNED_TO_AGENCY,
    (S.OUT_FOR_DELIVERY, A.RETURN): S.RETURNED,
    (S.OUT_FOR_DELIVERY, A.RETURN_TO_AGENCY): S.RETURNED_TO_AGENCY,
}

# Who may make each move: the agency decides, the counter carries and hands back.
ACTOR_OF: dict[Action, Actor] = {
    A.HAND_OVER: Actor.COUNTER,
    A.CONFIRM_RECEIPT: Actor.AGENCY,
    A.REQUEST_SUPPLEMENT: Actor.AGENCY,
    A.SUPPLEMENT: Actor.COUNTER,
    A.REFUSE: Actor.AGENCY,
    A.MARK_READY: Actor.AGENCY,
    A.RESULT_RECEIVED: Actor.COUNTER,
    A.SEND_FOR_DELIVERY: Actor.COUNTER,
    A.RETURN: Actor.COUNTER,
    A.RETURN_TO_AGENCY: Actor.COUNTER,
    A.WITHDRAW: Actor.COUNTER,
}
OTHER = {Actor.COUNTER: Actor.AGENCY, Actor.AGENCY: Actor.COUNTER}

CLOSED_STATES = {S.RETURNED, S.RETURNED_TO_AGENCY, S.WITHDRAWN}
ALL_PAIRS = [(s, a) for s in S for a in Action]
ILLEGAL_PAIRS = [p for p in ALL_PAIRS if p not in EXPECTED]


def pair_id(value: object) -> str:
    """Readable test ids: ``at_agency-refuse`` for a pair, the value for a status."""
    if isinstance(value, tuple):
        return "-".join(str(v) for v in value)
    return str(value)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --- the state machine ------------------------------------------------------------------------


def test_the_tables_cover_every_status_and_action():
    assert len(ALL_PAIRS) == 12 * 11
    assert set(ACTOR_OF) == set(Action)
    assert {a for _, a in EXPECTED} == set(Action)  # no action is dead
    assert all(s in STATUS_LABELS for s in S)


@pytest.mark.parametrize(("pair", "target"), list(EXPECTED.items()), ids=pair_id)
def test_legal_move_reaches_its_target(pair, target):
    status, action = pair
    assert next_status(CODE, status, action, ACTOR_OF[action]) is target
    # Without an actor (e.g. replaying the log) only the state is checked.
    assert next_status(CODE, status, action) is target


@pytest.mark.parametrize("pair", ILLEGAL_PAIRS, ids=pair_id)
def test_illegal_move_is_refused_with_code_and_status_label(pair):
    status, action = pair
    for actor in (ACTOR_OF[action], None):
        with pytest.raises(IllegalTransition) as info:
            next_status(CODE, status, action, actor)
        err = info.value
        assert isinstance(err, DomainError)
        assert (err.code, err.status, err.action) == (CODE, status, action)
        assert CODE in err.message
        assert f"«{STATUS_LABELS[status]}»" in err.message
        assert f"«{action.label}»" in err.message
        assert is_nfc(err.message)


def test_illegal_message_says_when_the_move_is_possible():
    with pytest.raises(IllegalTransition) as info:
        next_status(CODE, S.RECEIVED, A.RETURN, Actor.COUNTER)
    message = info.value.message
    assert message.startswith(f"Hồ sơ {CODE} đang ở trạng thái «Đã tiếp nhận»")
    assert "«Trả kết quả»" in message
    assert "«Kết quả đã về quầy»" in message
    assert "«Đang phát tận nhà»" in message
    assert "«Đã rút hồ sơ»" not in message


@pytest.mark.parametrize(("pair", "target"), list(EXPECTED.items()), ids=pair_id)
def test_move_by_the_wrong_side_is_refused(pair, target):
    status, action = pair
    right = ACTOR_OF[action]
    with pytest.raises(IllegalTransition) as info:
        next_status(CODE, status, action, OTHER[right])
    err = info.value
    assert (err.code, err.status, err.action) == (CODE, status, action)
    assert CODE in err.message
    assert f"«{action.label}»" in err.message
    who = "cơ quan giải quyết" if right is Actor.AGENCY else "quầy bưu điện"
    assert who in err.message
    assert is_nfc(err.message)


def expected_allowed(status: S, actor: Actor | None) -> list[Action]:
    return [
        a
        for a in Action  # the order of Action, as the UI shows the buttons
        if (status, a) in EXPECTED and (actor is None or ACTOR_OF[a] is actor)
    ]


@pytest.mark.parametrize("status", list(S), ids=pair_id)
def test_allowed_actions_match_the_table(status):
    for actor in (None, Actor.COUNTER, Actor.AGENCY):
        assert allowed_actions(status, actor) == expected_allowed(status, actor)


def test_allowed_actions_examples():
    assert allowed_actions(S.AT_AGENCY) == [
        A.REQUEST_SUPPLEMENT,
        A.REFUSE,
        A.MARK_READY,
        A.WITHDRAW,
    ]
    assert allowed_actions(S.AT_AGENCY, Actor.COUNTER) == [A.WITHDRAW]
    assert allowed_actions(S.SUPPLEMENT_REQUESTED, Actor.AGENCY) == [A.REFUSE]
    assert allowed_actions(S.RESULT_READY, Actor.AGENCY) == []
    assert allowed_actions(S.OUT_FOR_DELIVERY) == [A.RETURN, A.RETURN_TO_AGENCY]
    assert allowed_actions(S.IN_TRANSIT, Actor.AGENCY) == [A.CONFIRM_RECEIPT]


@pytest.mark.parametrize("status", list(S), ids=pair_id)
def test_is_open_and_closed_states_are_dead_ends(status):
    closed = status in CLOSED_STATES
    assert is_open(status) is not closed
    # An open dossier always has a way forward; a closed one has none.
    assert (allowed_actions(status) == []) is closed


def test_every_status_is_reachable_from_received():
    seen = {S.RECEIVED}
    queue = deque([S.RECEIVED])
    while queue:
        status = queue.popleft()
        for action in allowed_actions(status):
            target = next_status(CODE, status, action, ACTOR_OF[action])
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert seen == set(S)


def test_agency_action_for_status():
    assert AGENCY_ACTION_FOR_STATUS == {
        S.AT_AGENCY: A.CONFIRM_RECEIPT,
        S.SUPPLEMENT_REQUESTED: A.REQUEST_SUPPLEMENT,
        S.REFUSED: A.REFUSE,
        S.RESULT_READY: A.MARK_READY,
    }
    # Applying a reported state from the hub feed lands exactly on that state.
    assert next_status(CODE, S.IN_TRANSIT, AGENCY_ACTION_FOR_STATUS[S.AT_AGENCY], Actor.AGENCY) is (
        S.AT_AGENCY
    )
    for reported, action in AGENCY_ACTION_FOR_STATUS.items():
        assert ACTOR_OF[action] is Actor.AGENCY
        sources = [s for (s, a) in EXPECTED if a is action]
        assert all(next_status(CODE, s, action, Actor.AGENCY) is reported for s in sources)


def test_labels_are_vietnamese_distinct_and_nfc():
    status_labels = [s.label for s in S]
    action_labels = [a.label for a in Action]
    assert len(set(status_labels)) == len(status_labels)
    assert len(set(action_labels)) == len(action_labels)
    assert all(is_nfc(t) and t != "" for t in status_labels + action_labels)
    assert S.RESULT_AT_COUNTER.label == "Kết quả đã về quầy"
    assert S("withdrawn") is S.WITHDRAWN  # values are what the events and the hub carry


# --- overdue ----------------------------------------------------------------------------------

PROMISED = datetime(2026, 3, 11, 14, 0, tzinfo=VN)
LATER = PROMISED + timedelta(minutes=1)
# Still owed to the citizen past the promised time → late. Results waiting for the citizen are
# not late (the post office has done its part); closed dossiers never are. Nor is a dossier
# waiting for the citizen's supplement: the agency's time runs again from the complete dossier.
OVERDUE_AFTER_PROMISE: dict[S, bool] = {
    S.RECEIVED: True,
    S.IN_TRANSIT: True,
    S.AT_AGENCY: True,
    S.SUPPLEMENT_REQUESTED: False,
    S.SUPPLEMENTED: True,
    S.REFUSED: True,
    S.RESULT_READY: True,
    S.RESULT_AT_COUNTER: False,
    S.OUT_FOR_DELIVERY: False,
    S.RETURNED: False,
    S.RETURNED_TO_AGENCY: False,
    S.WITHDRAWN: False,
}


@pytest.mark.parametrize(("status", "late"), list(OVERDUE_AFTER_PROMISE.items()), ids=pair_id)
def test_is_overdue_after_the_promised_time(status, late):
    assert is_overdue(status, PROMISED, LATER) is late
    assert is_overdue(status, PROMISED, PROMISED + timedelta(days=30)) is late


@pytest.mark.parametrize("status", list(S), ids=pair_id)
def test_nothing_is_overdue_before_or_at_the_promised_time(status):
    assert not is_overdue(status, PROMISED, PROMISED)
    assert not is_overdue(status, PROMISED, PROMISED - timedelta(days=2))


def test_is_overdue_compares_instants_not_wall_clocks():
    # 07:30 UTC is 14:30 in Hà Nội: half an hour late.
    assert is_overdue(S.AT_AGENCY, PROMISED, datetime(2026, 3, 11, 7, 30, tzinfo=UTC))
    assert not is_overdue(S.AT_AGENCY, PROMISED, datetime(2026, 3, 11, 6, 30, tzinfo=UTC))


# --- the agency's dates -----------------------------------------------------------------------


def schedule(
    confirmed_on: date, days: int, transit: int = 0, calendar: WorkCalendar = PLAIN
) -> tuple[date, datetime]:
    return agency_schedule(confirmed_on, days, transit, calendar, appointment_time=NOON, tz=VN)


def test_friday_confirmation_with_three_days_lands_on_wednesday():
    result_day, appointment = schedule(date(2026, 3, 6), 3)  # Friday
    assert result_day == date(2026, 3, 11)  # Wednesday
    assert appointment == datetime(2026, 3, 11, 14, 0, tzinfo=VN)
    assert appointment.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("day_off", [date(2026, 3, 7), date(2026, 3, 8)], ids=["sat", "sun"])
def test_weekend_confirmation_counts_from_monday(day_off):
    # Signed on a day off = signed on Monday 9/3: three days → Thursday.
    assert schedule(day_off, 3)[0] == date(2026, 3, 12)
    assert schedule(day_off, 3)[0] == schedule(date(2026, 3, 9), 3)[0]
    assert schedule(day_off, 0)[0] == date(2026, 3, 9)


def test_same_day_procedure():
    assert schedule(date(2026, 3, 10), 0) == (
        date(2026, 3, 10),
        datetime(2026, 3, 10, 14, 0, tzinfo=VN),
    )
    # Same-day from a holiday: the first working day after Tết 2027.
    assert schedule(date(2027, 2, 5), 0)[0] == date(2027, 2, 11)


def test_around_tet_2027():
    # Wed 3/2 → Tết 4–10/2 off → Thu 11, Fri 12, Mon 15.
    assert schedule(date(2027, 2, 3), 3)[0] == date(2027, 2, 15)
    # Signed on mùng 3 (Mon 8/2): counts from Thu 11/2 → 12, 15, 16.
    assert schedule(date(2027, 2, 8), 3)[0] == date(2027, 2, 16)
    # A province that adds 11/2 as a day off pushes both.
    assert schedule(date(2027, 2, 3), 3, calendar=LONGER_TET)[0] == date(2027, 2, 16)
    assert schedule(date(2027, 2, 8), 0, calendar=LONGER_TET)[0] == date(2027, 2, 12)


def test_around_30_4_and_1_5_2027():
    # Wed 28/4 → Thu 29/4; 30/4 Fri, 1/5 Sat, 2/5 Sun and Mon 3/5 (in lieu of 1/5) off → 4/5, 5/5.
    assert schedule(date(2027, 4, 28), 3)[0] == date(2027, 5, 5)
    assert schedule(date(2027, 4, 30), 1)[0] == date(2027, 5, 5)


def test_around_2_9():
    # 2027: Thu 2/9 and Fri 3/9 off. Wed 1/9 + 2 → Mon 6, Tue 7.
    assert schedule(date(2027, 9, 1), 2)[0] == date(2027, 9, 7)
    # 2026: Mon 31/8, Tue 1/9, Wed 2/9 off. Fri 28/8 + 3 → Thu 3, Fri 4, Mon 7.
    assert schedule(date(2026, 8, 28), 3, calendar=WITH_SWAP)[0] == date(2026, 9, 7)


def test_swapped_working_saturday_counts():
    friday = date(2026, 8, 21)
    assert schedule(friday, 3)[0] == date(2026, 8, 26)  # Mon 24, Tue 25, Wed 26
    assert schedule(friday, 3, calendar=WITH_SWAP)[0] == date(2026, 8, 25)  # Sat 22, 24, 25
    # Signed on that Saturday: a working day, its own start.
    assert schedule(date(2026, 8, 22), 0, calendar=WITH_SWAP)[0] == date(2026, 8, 22)
    assert schedule(date(2026, 8, 22), 0)[0] == date(2026, 8, 24)


def test_return_transit_days_are_added_after_the_result_day():
    result_day, appointment = schedule(date(2026, 3, 6), 3, transit=2)
    assert result_day == date(2026, 3, 11)
    assert appointment == datetime(2026, 3, 13, 14, 0, tzinfo=VN)  # Thu 12, Fri 13
    # Transit over a weekend and a holiday: result Tue 2/2/2027, back Wed 3, Thu 11, Fri 12.
    result_day, appointment = schedule(date(2027, 2, 1), 1, transit=3)
    assert result_day == date(2027, 2, 2)
    assert appointment.date() == date(2027, 2, 12)
    # Same day at the agency, result by post: only the transit.
    assert schedule(date(2026, 3, 6), 0, transit=1)[1].date() == date(2026, 3, 9)


@given(
    confirmed_on=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    days=st.integers(min_value=0, max_value=20),
    transit=st.integers(min_value=0, max_value=8),
)
def test_schedule_counts_exactly_the_working_days(confirmed_on, days, transit):
    result_day, appointment = schedule(confirmed_on, days, transit, WITH_SWAP)
    start = WITH_SWAP.on_or_after(confirmed_on)
    assert WITH_SWAP.is_working_day(result_day)
    assert WITH_SWAP.working_days_between(start, result_day) == days
    assert WITH_SWAP.working_days_between(result_day, appointment.date()) == transit
    assert appointment.time() == NOON
    assert appointment.tzinfo is VN


# --- invitations before the result goes back to the agency ------------------------------------

MON, TUE, WED, THU, FRI = (date(2026, 3, d) for d in (9, 10, 11, 12, 13))
NEXT_MON, NEXT_TUE = date(2026, 3, 16), date(2026, 3, 17)


def test_no_invitation_yet():
    assert invitation_state([], PLAIN) == InvitationState(0, None, False)


def test_two_invitations_two_working_days_apart_allow_the_return():
    state = invitation_state([MON, WED], PLAIN)
    assert state == InvitationState(2, date(2026, 3, 13), True)
    check_return_to_agency(CODE, [MON, WED], PLAIN)  # does not raise


def test_consecutive_working_days_do_not_count_twice():
    state = invitation_state([MON, TUE], PLAIN)
    assert state == InvitationState(1, WED, False)
    with pytest.raises(IllegalTransition):
        check_return_to_agency(CODE, [MON, TUE], PLAIN)


def test_the_same_day_twice_counts_once():
    assert invitation_state([MON, MON], PLAIN) == InvitationState(1, WED, False)


def test_a_weekend_between_counts_working_days_only():
    # Fri → Mon is one working day: not yet. Fri → Tue is two.
    assert invitation_state([FRI, NEXT_MON], PLAIN) == InvitationState(1, NEXT_TUE, False)
    assert invitation_state([FRI, NEXT_TUE], PLAIN).may_return_to_agency
    # Three calendar days but a single working day.
    assert (NEXT_MON - FRI).days == 3


def test_distance_is_measured_from_the_last_counted_invitation():
    # Tue does not count, so Wed is two working days after Mon and does.
    assert invitation_state([MON, TUE, WED], PLAIN) == InvitationState(2, FRI, True)
    # Order of entry does not matter.
    assert invitation_state([WED, MON, TUE], PLAIN) == InvitationState(2, FRI, True)


def test_invitations_across_tet_and_a_swapped_saturday():
    # Wed 3/2/2027 → Thu 11/2/2027 is one working day after Tết.
    state = invitation_state([date(2027, 2, 3), date(2027, 2, 11)], PLAIN)
    assert state == InvitationState(1, date(2027, 2, 12), False)
    # Fri 21/8/2026 → Mon 24/8: one working day, or two with the worked Saturday 22/8.
    pair = [date(2026, 8, 21), date(2026, 8, 24)]
    assert not invitation_state(pair, PLAIN).may_return_to_agency
    assert invitation_state(pair, WITH_SWAP).may_return_to_agency
    assert invitation_state(pair[:1], WITH_SWAP).next_allowed == date(2026, 8, 24)


def test_refusal_message_says_how_many_and_when_next():
    with pytest.raises(IllegalTransition) as info:
        check_return_to_agency(CODE, [FRI, NEXT_MON], PLAIN)
    err = info.value
    assert (err.code, err.action) == (CODE, A.RETURN_TO_AGENCY)
    assert CODE in err.message
    assert "mới có 1 lần mời hợp lệ" in err.message
    assert "cần ít nhất 2 lần" in err.message
    assert "2 ngày làm việc" in err.message
    assert "Lần mời tiếp theo từ ngày 17/03/2026." in err.message
    assert is_nfc(err.message)


def test_refusal_message_without_any_invitation():
    with pytest.raises(IllegalTransition) as info:
        check_return_to_agency(CODE, [], PLAIN)
    assert "mới có 0 lần mời hợp lệ" in info.value.message
    assert "Lần mời tiếp theo" not in info.value.message


@given(st.lists(st.dates(min_value=date(2026, 8, 1), max_value=date(2026, 9, 30)), max_size=8))
def test_invitation_state_properties(days):
    state = invitation_state(days, WITH_SWAP)
    assert state.count <= len(set(days))
    assert state.may_return_to_agency is (state.count >= 2)
    assert (state.next_allowed is None) is (days == [])
    if days:
        # One invitation always counts; the next one counts from next_allowed onwards.
        assert state.count >= 1
        assert WITH_SWAP.is_working_day(state.next_allowed)
        assert invitation_state([*days, state.next_allowed], WITH_SWAP).count == state.count + 1


# --- random walks -----------------------------------------------------------------------------


@given(st.data())
def test_random_sequences_only_move_through_next_status(data):
    status = S.RECEIVED
    history = [status]
    for _ in range(data.draw(st.integers(min_value=1, max_value=40), label="steps")):
        legal = allowed_actions(status)
        # Mostly legal moves so that walks get deep; the rest anything at all.
        pool = legal if legal and data.draw(st.booleans(), label="legal?") else list(Action)
        action = data.draw(st.sampled_from(pool), label="action")
        actor = data.draw(st.sampled_from([None, Actor.COUNTER, Actor.AGENCY]), label="actor")
        try:
            new = next_status(CODE, status, action, actor)
        except IllegalTransition as err:
            assert (status, action) not in EXPECTED or actor is OTHER[ACTOR_OF[action]]
            assert action not in allowed_actions(status, actor)
            assert err.status is status
            continue
        assert new is EXPECTED[(status, action)]
        assert action in allowed_actions(status, actor)
        status = new
        history.append(status)
        if not is_open(status):
            assert allowed_actions(status) == []
            for action in Action:
                with pytest.raises(IllegalTransition):
                    next_status(CODE, status, action)
    edges = {(source, target) for (source, _), target in EXPECTED.items()}
    assert all(step in edges for step in pairwise(history))
