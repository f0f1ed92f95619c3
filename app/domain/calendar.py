"""Working-day calendar: weekends, Vietnamese public holidays and local overrides.

Public holidays come from the PyPI package ``holidays`` (lunar dates, observed days and
government-announced swap days off). The package does not list the Saturdays worked in exchange
for a swap, and its list may differ from what a province announces, so a table of
:class:`CalendarOverride` rows (edited locally, distributed by the province) wins over it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.errors import DomainError
from app.domain.text import format_vn_date, nfc

# More than any real run of days off; reaching it means the override table is wrong.
_MAX_STEPS = 366 * 5

_SATURDAY = 5
_SUNDAY = 6


@dataclass(frozen=True)
class CalendarOverride:
    """A local exception: an extra day off (``working=False``) or a day worked (``working=True``),
    e.g. the Saturday worked in exchange for a bridge day off."""

    day: date
    working: bool
    note: str = ""


class WorkCalendar:
    """Answers "is this a working day?" and counts working days.

    Order of precedence: overrides, then public holidays, then weekends (Saturday, Sunday).
    """

    def __init__(self, overrides: Iterable[CalendarOverride] = ()) -> None:
        table: dict[date, CalendarOverride] = {}
        for item in overrides:
            known = table.get(item.day)
            if known is not None and known.working != item.working:
                raise DomainError(
                    f"Bảng ngày nghỉ có hai dòng trái ngược cho ngày {format_vn_date(item.day)} "
                    "(một dòng là ngày làm việc, một dòng là ngày nghỉ). "
                    "Hãy xóa một trong hai dòng rồi lưu lại."
                )
            table[item.day] = item
        self._overrides = table
        self._holidays: dict[int, dict[date, str]] = {}

    @property
    def overrides(self) -> tuple[CalendarOverride, ...]:
        return tuple(self._overrides[d] for d in sorted(self._overrides))

    def _holiday_name(self, day: date) -> str | None:
        year_table = self._holidays.get(day.year)
        if year_table is None:
            # Computed lazily and copied into a plain dict: the package object would otherwise
            # grow silently with every year it is asked about.
            import holidays  # ~70 ms to import: only once dates are asked for

            found = holidays.country_holidays("VN", years=day.year, language="vi")
            year_table = {d: str(name) for d, name in found.items()}
            self._holidays[day.year] = year_table
        return year_table.get(day)

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        if self._holiday_name(day) is not None:
            return False
        return day.weekday() not in (_SATURDAY, _SUNDAY)

    def day_off_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, in Vietnamese; ``None`` when it is a working day.

        A holiday's name wins over "Thứ Bảy"/"Chủ nhật" because it says more (1/5 on a Saturday).
        """
        override = self._overrides.get(day)
        if override is not None:
            if override.working:
                return None
            return nfc(override.note) or "Ngày nghỉ theo lịch của địa phương"
        name = self._holiday_name(day)
        if name is not None:
            return name
        if day.weekday() == _SATURDAY:
            return "Thứ Bảy"
        if day.weekday() == _SUNDAY:
            return "Chủ nhật"
        return None

    def on_or_after(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day."""
        if self.is_working_day(day):
            return day
        return self.next_working_day(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        current = day
        for _ in range(_MAX_STEPS):
            current += timedelta(days=1)
            if self.is_working_day(current):
                return current
        raise DomainError(
            f"Không tìm thấy ngày làm việc nào trong 5 năm sau ngày {format_vn_date(day)}. "
            "Hãy kiểm tra lại bảng ngày nghỉ (có thể đã khai quá nhiều ngày nghỉ)."
        )

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (J+n); ``n == 0`` returns ``day``."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        current = day
        for _ in range(n):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]; negative when ``end < start``.

        The sign lets a caller measure lateness with the same call (result day vs. promised day).
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
