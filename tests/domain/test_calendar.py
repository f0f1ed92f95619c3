from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.calendar import CalendarOverride, WorkCalendar
from app.domain.errors import DomainError

# 2026-08-22 (Sat) is worked in exchange for 2026-08-31 (Mon); the package knows only the latter.
SWAP_SATURDAY = CalendarOverride(date(2026, 8, 22), working=True, note="Làm bù cho ngày 31/8")
LOCAL_DAY_OFF = CalendarOverride(date(2026, 3, 10), working=False, note="Nghỉ lễ hội địa phương")


@pytest.fixture(scope="module")
def plain() -> WorkCalendar:
    return WorkCalendar()


@pytest.fixture(scope="module")
def local() -> WorkCalendar:
    return WorkCalendar([SWAP_SATURDAY, LOCAL_DAY_OFF])


def test_ordinary_weekdays_and_weekends(plain):
    assert plain.is_working_day(date(2026, 3, 3))  # Tuesday
    assert not plain.is_working_day(date(2026, 3, 7))  # Saturday
    assert not plain.is_working_day(date(2026, 3, 8))  # Sunday
    assert plain.day_off_reason(date(2026, 3, 3)) is None
    assert plain.day_off_reason(date(2026, 3, 7)) == "Thứ Bảy"
    assert plain.day_off_reason(date(2026, 3, 8)) == "Chủ nhật"


def test_tet_2027_is_off_from_4_to_10_february(plain):
    off = [date(2027, 2, d) for d in range(4, 11)]
    assert all(not plain.is_working_day(d) for d in off)
    assert plain.is_working_day(date(2027, 2, 3))
    assert plain.is_working_day(date(2027, 2, 11))
    assert plain.next_working_day(date(2027, 2, 3)) == date(2027, 2, 11)
    assert plain.on_or_after(date(2027, 2, 5)) == date(2027, 2, 11)
    assert plain.working_days_between(date(2027, 2, 3), date(2027, 2, 11)) == 1
    assert "Tết" in (plain.day_off_reason(date(2027, 2, 8)) or "")


def test_holiday_name_is_vietnamese_and_wins_over_weekend(plain):
    assert plain.day_off_reason(date(2026, 9, 2)) == "Quốc khánh"
    # 1/5/2027 is a Saturday: the holiday says more than "Thứ Bảy".
    assert plain.day_off_reason(date(2027, 5, 1)) == "Ngày Quốc tế Lao động"


def test_swapped_saturday_needs_the_override(plain, local):
    sat = date(2026, 8, 22)
    assert not plain.is_working_day(sat)
    assert local.is_working_day(sat)
    assert local.day_off_reason(sat) is None
    # The day off it pays for is known to the package either way.
    assert not plain.is_working_day(date(2026, 8, 31))
    assert not local.is_working_day(date(2026, 8, 31))
    assert plain.next_working_day(date(2026, 8, 21)) == date(2026, 8, 24)
    assert local.next_working_day(date(2026, 8, 21)) == sat
    # 31/8, 1/9 and 2/9 are off: Friday 28/8 → Thursday 3/9.
    assert local.next_working_day(date(2026, 8, 28)) == date(2026, 9, 3)


def test_extra_local_day_off(plain, local):
    day = LOCAL_DAY_OFF.day  # a Tuesday
    assert plain.is_working_day(day)
    assert not local.is_working_day(day)
    assert local.day_off_reason(day) == "Nghỉ lễ hội địa phương"
    assert local.add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 11)


def test_override_without_note_still_gives_a_reason():
    cal = WorkCalendar([CalendarOverride(date(2026, 3, 11), working=False)])
    assert cal.day_off_reason(date(2026, 3, 11)) == "Ngày nghỉ theo lịch của địa phương"


def test_override_can_reopen_a_public_holiday():
    cal = WorkCalendar([CalendarOverride(date(2026, 11, 24), working=True)])
    assert not WorkCalendar().is_working_day(date(2026, 11, 24))
    assert cal.is_working_day(date(2026, 11, 24))


def test_contradictory_overrides_are_refused():
    with pytest.raises(DomainError, match="hai dòng trái ngược"):
        WorkCalendar(
            [
                CalendarOverride(date(2026, 3, 10), working=True),
                CalendarOverride(date(2026, 3, 10), working=False),
            ]
        )


def test_overrides_listed_in_date_order(local):
    assert local.overrides == (LOCAL_DAY_OFF, SWAP_SATURDAY)


def test_add_working_days_counts_strictly_after(plain):
    friday = date(2026, 3, 6)
    assert plain.add_working_days(friday, 0) == friday
    assert plain.add_working_days(friday, 1) == date(2026, 3, 9)
    assert plain.add_working_days(friday, 5) == date(2026, 3, 13)
    # n = 0 leaves even a day off unchanged.
    assert plain.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    with pytest.raises(ValueError):
        plain.add_working_days(friday, -1)


def test_working_days_between_is_half_open_and_signed(plain):
    mon, fri = date(2026, 3, 2), date(2026, 3, 6)
    assert plain.working_days_between(mon, fri) == 4
    assert plain.working_days_between(mon, mon) == 0
    assert plain.working_days_between(fri, mon) == -4
    assert plain.working_days_between(fri, date(2026, 3, 8)) == 0  # weekend only


def test_endless_days_off_raise_instead_of_looping():
    start = date(2026, 1, 1)
    all_off = [
        CalendarOverride(date.fromordinal(start.toordinal() + i), False) for i in range(2000)
    ]
    cal = WorkCalendar(all_off)
    with pytest.raises(DomainError, match="Không tìm thấy ngày làm việc"):
        cal.next_working_day(start)


DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
CALENDARS = st.sampled_from([WorkCalendar(), WorkCalendar([SWAP_SATURDAY, LOCAL_DAY_OFF])])


@given(cal=CALENDARS, day=DAYS, n=st.integers(min_value=1, max_value=40))
def test_add_working_days_lands_on_a_working_day(cal, day, n):
    result = cal.add_working_days(day, n)
    assert result > day
    assert cal.is_working_day(result)


@given(cal=CALENDARS, day=DAYS, n=st.integers(min_value=0, max_value=40))
def test_add_working_days_is_monotonic_and_inverse_of_between(cal, day, n):
    here = cal.add_working_days(day, n)
    there = cal.add_working_days(day, n + 1)
    assert there > here
    assert cal.working_days_between(day, here) == n
    assert cal.working_days_between(day, there) == n + 1


@given(cal=CALENDARS, day=DAYS)
def test_on_or_after_and_next_working_day(cal, day):
    nxt = cal.next_working_day(day)
    assert nxt > day and cal.is_working_day(nxt)
    assert cal.working_days_between(day, nxt) == 1
    first = cal.on_or_after(day)
    assert first == (day if cal.is_working_day(day) else nxt)
    assert (cal.day_off_reason(day) is None) == cal.is_working_day(day)
