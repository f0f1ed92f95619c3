from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.appointment import compute_schedule
from app.domain.calendar import CalendarOverride, WorkCalendar
from app.domain.procedure import AgencyLevel, Procedure, Route

VN = timezone(timedelta(hours=7))
PLAIN = WorkCalendar()
WITH_SWAP = WorkCalendar([CalendarOverride(date(2026, 8, 22), working=True, note="Làm bù")])

AT_COUNTER = Route("xa", "Tại bộ phận một cửa xã", transit_days=0, transit_days_with_slip=0)
IN_PROVINCE = Route("tinh", "Trong tỉnh", transit_days=2, transit_days_with_slip=4)
NEAR = Route("gan", "Trong huyện cũ", transit_days=1, transit_days_with_slip=2)


def proc(processing_days: int, cutoff_15h: bool) -> Procedure:
    return Procedure(
        code="1.001193",
        name="Thủ tục thử",
        short_name="Thử",
        field="Hộ tịch",
        agency="UBND xã",
        agency_level=AgencyLevel.COMMUNE,
        by_post=True,
        processing_days=processing_days,
        route=AT_COUNTER.code,
        cutoff_15h=cutoff_15h,
    )


BIRTH = proc(0, cutoff_15h=True)  # same day, after 15:00 → next working day
SAME_DAY = proc(0, cutoff_15h=False)
THREE_DAYS = proc(3, cutoff_15h=False)


def at(y: int, m: int, d: int, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=VN)


def sched(received: datetime, procedure: Procedure, route: Route, by_post: bool = False, cal=PLAIN):
    return compute_schedule(received, procedure, route, by_post, cal)


@pytest.mark.parametrize(
    ("hh", "mm", "ss", "result"),
    [
        (14, 59, 0, date(2026, 3, 3)),
        (15, 0, 0, date(2026, 3, 3)),  # 15:00 exactly is not "after 15:00"
        (15, 0, 40, date(2026, 3, 3)),  # the receipt prints 15 giờ 00 phút
        (15, 1, 0, date(2026, 3, 4)),
    ],
)
def test_fifteen_hundred_rule(hh, mm, ss, result):
    s = sched(at(2026, 3, 3, hh, mm, ss), BIRTH, AT_COUNTER)  # Tuesday
    assert s.j_day == s.handover_due == date(2026, 3, 3)
    assert s.agency_start == result
    assert s.result_day == result
    assert s.appointment_at == datetime.combine(result, time(16, 0), tzinfo=VN)


def test_fifteen_hundred_rule_on_friday_goes_to_monday():
    s = sched(at(2026, 3, 6, 15, 1), BIRTH, AT_COUNTER)
    assert s.result_day == date(2026, 3, 9)


def test_fifteen_hundred_rule_respects_custom_cutoff():
    s = compute_schedule(
        at(2026, 3, 3, 14, 31), BIRTH, AT_COUNTER, False, PLAIN, cutoff=time(14, 30)
    )
    assert s.result_day == date(2026, 3, 4)


def test_fifteen_hundred_rule_only_when_the_counter_is_the_one_stop():
    s = sched(at(2026, 3, 3, 15, 30), BIRTH, NEAR)
    assert s.handover_due == s.agency_start == s.result_day == date(2026, 3, 4)


def test_fifteen_hundred_rule_not_for_procedures_without_it():
    s = sched(at(2026, 3, 3, 15, 30), SAME_DAY, AT_COUNTER)
    assert s.result_day == date(2026, 3, 3)
    assert s.appointment_at == at(2026, 3, 3, 16, 0)


@pytest.mark.parametrize(("hh", "mm"), [(16, 0), (16, 30)])
def test_appointment_never_at_or_before_receipt(hh, mm):
    s = sched(at(2026, 3, 3, hh, mm), SAME_DAY, AT_COUNTER)
    assert s.agency_start == date(2026, 3, 3)
    assert s.result_day == date(2026, 3, 4)
    assert s.appointment_at == at(2026, 3, 4, 16, 0)


def test_received_on_saturday_starts_on_monday_without_cutoff_shift():
    s = sched(at(2026, 3, 7, 16, 30), BIRTH, AT_COUNTER)
    assert s.j_day == s.agency_start == s.result_day == date(2026, 3, 9)
    assert s.appointment_at == at(2026, 3, 9, 16, 0)


def test_received_on_a_tet_holiday_starts_after_tet():
    s = sched(at(2027, 2, 5, 9, 0), THREE_DAYS, AT_COUNTER)
    assert s.j_day == date(2027, 2, 11)
    assert s.result_day == date(2027, 2, 16)  # 12, 15, 16 (13–14 weekend)


def test_three_working_days_across_tet_2027():
    s = sched(at(2027, 2, 3, 14, 0), THREE_DAYS, AT_COUNTER)
    assert s.j_day == s.agency_start == date(2027, 2, 3)
    assert s.result_day == date(2027, 2, 15)  # 11, 12, 15


def test_cutoff_then_three_days_across_tet():
    late = proc(3, cutoff_15h=True)
    s = sched(at(2027, 2, 3, 15, 30), late, AT_COUNTER)
    assert s.agency_start == date(2027, 2, 11)
    assert s.result_day == date(2027, 2, 16)


def test_return_by_post_with_and_without_the_swapped_saturday():
    received = at(2026, 8, 20, 10, 0)  # Thursday
    with_swap = sched(received, THREE_DAYS, IN_PROVINCE, by_post=True, cal=WITH_SWAP)
    assert with_swap.j_day == date(2026, 8, 20)
    assert with_swap.handover_due == with_swap.agency_start == date(2026, 8, 22)
    assert with_swap.result_day == date(2026, 8, 28)  # +3 → 26/8, +2 back → 28/8

    plain = sched(received, THREE_DAYS, IN_PROVINCE, by_post=True, cal=PLAIN)
    assert plain.handover_due == date(2026, 8, 24)
    # +3 → 27/8; back +2: 28/8, then 31/8, 1/9, 2/9 are off → 3/9.
    assert plain.result_day == date(2026, 9, 3)


def test_result_at_the_counter_skips_the_return_transit():
    s = sched(at(2026, 8, 20, 10, 0), THREE_DAYS, IN_PROVINCE, by_post=False, cal=WITH_SWAP)
    assert s.result_day == date(2026, 8, 26)


def test_extra_local_day_off_pushes_the_date():
    cal = WorkCalendar([CalendarOverride(date(2026, 3, 4), working=False, note="Nghỉ")])
    s = sched(at(2026, 3, 3, 15, 1), BIRTH, AT_COUNTER, cal=cal)
    assert s.result_day == date(2026, 3, 5)


def test_custom_appointment_time_and_timezone_kept():
    s = compute_schedule(
        at(2026, 3, 3, 9, 0), THREE_DAYS, AT_COUNTER, False, PLAIN, appointment_time=time(10, 30)
    )
    assert s.appointment_at == at(2026, 3, 6, 10, 30)
    assert s.appointment_at.tzinfo is VN


def test_naive_datetime_refused():
    with pytest.raises(ValueError):
        sched(datetime(2026, 3, 3, 9, 0), THREE_DAYS, AT_COUNTER)


@given(
    received=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
    procedure=st.sampled_from([BIRTH, SAME_DAY, THREE_DAYS, proc(5, cutoff_15h=True)]),
    route=st.sampled_from([AT_COUNTER, NEAR, IN_PROVINCE]),
    by_post=st.booleans(),
)
def test_schedule_is_ordered_and_after_receipt(received, procedure, route, by_post):
    received_at = received.replace(tzinfo=VN)
    s = compute_schedule(received_at, procedure, route, by_post, WITH_SWAP)
    assert received_at.date() <= s.j_day <= s.handover_due <= s.agency_start <= s.result_day
    assert s.appointment_at > received_at
    assert s.appointment_at.date() == s.result_day
    for day in (s.j_day, s.handover_due, s.agency_start, s.result_day):
        assert WITH_SWAP.is_working_day(day)
    assert WITH_SWAP.working_days_between(s.j_day, s.handover_due) == route.transit_days
