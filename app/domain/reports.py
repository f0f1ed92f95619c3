"""The TT 17/2017 reports and the tracking book (Mẫu 06), as pure figures over dossiers' histories.

A dossier's history comes in as :class:`DossierFacts` (read from the records by the storage layer);
everything counted here is a function of those facts, a period and the working-day calendar.

On time (trước hạn / đúng hạn / quá hạn). A result counts as delivered when it was at the
citizen's disposal: at the counter for a counter pickup (the citizen may come later), handed over
or first tried at the door for home delivery. That day is compared with the appointment in force:
the one printed at intake, or the one recomputed when the agency signed the hand-over (the legal
filing time, QĐ 45 Art 7(4)). A new date given with an apology (Mẫu 04) never moves it: the apology
admits the lateness. An appointment that falls on a day off runs to the end of the next working day
(Civil Code 2015 Art 148(5)), so a result that day is still on time.

Flow figures (received, returned, fees…) count what happened in a period and add up; the "open at
the end" figures are a snapshot at the period's end (or now, if earlier) and do not add up: the
total of a report takes the snapshot at the end of the whole period.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from itertools import accumulate

from app.domain.calendar import WorkCalendar
from app.domain.dossier import DossierStatus as S
from app.domain.dossier import ReturnMethod
from app.domain.errors import DomainError
from app.domain.lifecycle import CLOSED, WAITING_FOR_CITIZEN

# ---------------------------------------------------------------- on time


class Timeliness(StrEnum):
    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn

    @property
    def label(self) -> str:
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


@dataclass(frozen=True)
class OnTime:
    timeliness: Timeliness
    working_days: int  # how far ahead (EARLY) or behind (LATE), in working days; 0 when on time

    @property
    def label(self) -> str:
        if self.timeliness is Timeliness.ON_TIME or self.working_days == 0:
            return f"Trả {self.timeliness.label.lower()}"
        return f"Trả {self.timeliness.label.lower()} {self.working_days} ngày làm việc"


def classify(done_at: datetime, due_at: datetime, calendar: WorkCalendar) -> OnTime:
    """Trước hạn / đúng hạn / quá hạn of a result delivered at ``done_at`` against ``due_at``.

    Days are compared in the appointment's time zone; the time of day does not matter (the
    receipt promises a day). A due day that is a day off stretches to the next working day.
    """
    done_day = done_at.astimezone(due_at.tzinfo).date()
    due_day = due_at.date()
    last_day = calendar.on_or_after(due_day)
    if done_day < due_day:
        return OnTime(Timeliness.EARLY, calendar.working_days_between(done_day, due_day))
    if done_day <= last_day:
        return OnTime(Timeliness.ON_TIME, 0)
    # A result handed over on a day off (the post office opens on Saturdays) counts from the
    # next working day, so a late result is always at least one working day late.
    late = calendar.working_days_between(last_day, calendar.on_or_after(done_day))
    return OnTime(Timeliness.LATE, late)


# ---------------------------------------------------------------- what happened to a dossier


class IncidentKind(StrEnum):
    LOST = "lost"  # thất lạc
    DAMAGED = "damaged"  # hư hỏng

    @property
    def label(self) -> str:
        return {"lost": "Thất lạc", "damaged": "Hư hỏng"}[self.value]


@dataclass(frozen=True)
class Step:
    """A status the dossier reached after intake, when the counter recorded it."""

    at: datetime
    status: S


@dataclass(frozen=True)
class DueChange:
    """An appointment in force from ``at`` on: intake's, or one recomputed at the agency's
    signature."""

    at: datetime
    due: datetime


@dataclass(frozen=True)
class Incident:
    at: datetime
    kind: IncidentKind


@dataclass(frozen=True)
class DossierFacts:
    id: str
    code: str
    procedure_code: str
    procedure_name: str
    return_method: ReturnMethod
    received_at: datetime
    dues: tuple[DueChange, ...]  # in the order they were set; the first is intake's
    steps: tuple[Step, ...] = ()  # in the order they were recorded
    returned_at: datetime | None = None
    collected: int = 0  # money collected when the result was handed over
    delivery_attempts: tuple[datetime, ...] = ()
    incidents: tuple[Incident, ...] = ()
    rescheduled_to: tuple[datetime, ...] = ()  # new dates given with an apology (Mẫu 04)
    fees: int = 0  # phí, lệ phí collected at intake
    postage: int = 0

    def __post_init__(self) -> None:
        if not self.dues:
            raise DomainError(f"Hồ sơ {self.code} không có ngày hẹn trả; kiểm tra lại dữ liệu.")

    def first(self, status: S) -> datetime | None:
        return next((s.at for s in self.steps if s.status is status), None)

    @property
    def closed_at(self) -> datetime | None:
        return next((s.at for s in self.steps if s.status in CLOSED), None)

    @property
    def status(self) -> S:
        return self.steps[-1].status if self.steps else S.RECEIVED

    @property
    def due(self) -> datetime:
        """The appointment in force now."""
        return self.dues[-1].due

    def status_at(self, moment: datetime) -> S | None:
        """The status at ``moment`` (what was recorded up to it); None if not yet received."""
        if self.received_at > moment:
            return None
        status = S.RECEIVED
        for step in self.steps:
            if step.at > moment:
                break
            status = step.status
        return status

    def due_at(self, moment: datetime) -> datetime:
        due = self.dues[0].due
        for change in self.dues[1:]:
            if change.at > moment:
                break
            due = change.due
        return due

    @property
    def done_at(self) -> datetime | None:
        """When the result was at the citizen's disposal (only known once it was handed over)."""
        if self.returned_at is None:
            return None
        if self.return_method is ReturnMethod.POST:
            return min((self.returned_at, *self.delivery_attempts))
        ready = self.first(S.RESULT_AT_COUNTER)
        return min(ready, self.returned_at) if ready is not None else self.returned_at

    def overdue_spans(self) -> list[tuple[datetime, bool, datetime | None]]:
        """The moments at which ``overdue_at`` holds, as (from, from excluded?, until) spans."""
        points = sorted(
            {
                self.received_at,
                *(s.at for s in self.steps if s.at > self.received_at),
                *(d.at for d in self.dues[1:] if d.at > self.received_at),
            }
        )
        spans: list[tuple[datetime, bool, datetime | None]] = []
        for i, point in enumerate(points):
            status = self.status_at(point)
            if status is None or status in CLOSED:
                break
            if status in WAITING_FOR_CITIZEN:
                continue
            until = points[i + 1] if i + 1 < len(points) else None
            due = self.due_at(point)
            spans.append((due, True, until) if due >= point else (point, False, until))
        return spans

    def on_time(self, calendar: WorkCalendar) -> OnTime | None:
        done = self.done_at
        if done is None:
            return None
        return classify(done, self.due_at(done), calendar)

    def overdue_at(self, moment: datetime) -> bool:
        """Still owed to the citizen at ``moment`` and past its appointment (as is_overdue)."""
        status = self.status_at(moment)
        if status is None or status in CLOSED or status in WAITING_FOR_CITIZEN:
            return False
        return moment > self.due_at(moment)


# ---------------------------------------------------------------- periods


class Grouping(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"

    @property
    def label(self) -> str:
        return {"day": "Theo ngày", "month": "Theo tháng", "quarter": "Theo quý"}[self.value]


_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def periods(start: date, end: date, grouping: Grouping) -> tuple[Period, ...]:
    """The periods covering [start, end], the first and last cut to the range."""
    check_range(start, end)
    out: list[Period] = []
    cursor = start
    while cursor <= end:
        if grouping is Grouping.DAY:
            nxt = cursor + timedelta(days=1)
            label = f"{cursor:%d/%m/%Y}"
        elif grouping is Grouping.MONTH:
            nxt = _next_month(cursor)
            label = f"Tháng {cursor:%m/%Y}"
        else:
            quarter = (cursor.month - 1) // 3
            nxt = date(cursor.year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1)
            label = f"Quý {_ROMAN[quarter]}/{cursor.year}"
        last = min(nxt - timedelta(days=1), end)
        out.append(Period(cursor, last, label))
        cursor = last + timedelta(days=1)
    return tuple(out)


def check_range(start: date, end: date) -> None:
    if end < start:
        raise DomainError(
            f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}; "
            "hãy đổi lại khoảng thời gian báo cáo."
        )


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figures:
    received: int = 0  # tiếp nhận
    handed_over: int = 0  # đã chuyển đến cơ quan giải quyết
    returned: int = 0  # đã trả kết quả = early + on_time + late
    early: int = 0
    on_time: int = 0
    late: int = 0
    refused: int = 0  # cơ quan từ chối (Mẫu 03)
    withdrawn: int = 0
    returned_to_agency: int = 0  # không đến nhận, chuyển lại cơ quan
    lost: int = 0
    damaged: int = 0
    open_at_end: int = 0  # snapshot: still being dealt with at the end
    overdue_at_end: int = 0  # snapshot: of which past their appointment
    fees: int = 0  # phí, lệ phí collected at intake (VND)
    postage: int = 0  # cước collected at intake
    collected: int = 0  # collected when handing the result over

    @property
    def money(self) -> int:
        return self.fees + self.postage + self.collected

    @property
    def on_time_rate(self) -> float | None:
        """Share of results delivered early or on time, in %; None when nothing was returned."""
        if not self.returned:
            return None
        return round((self.early + self.on_time) * 100 / self.returned, 1)


class ColumnKind(StrEnum):
    COUNT = "count"  # adds up over periods
    SNAPSHOT = "snapshot"  # at the period's end: the total is the value at the report's end
    RATE = "rate"  # recomputed from the totals
    MONEY = "money"  # VND, adds up


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = ColumnKind.COUNT

    def value(self, figures: Figures) -> int | float | None:
        return getattr(figures, self.key)  # type: ignore[no-any-return]


COLUMNS: tuple[Column, ...] = (
    Column("received", "Tiếp nhận"),
    Column("handed_over", "Đã chuyển cơ quan"),
    Column("returned", "Đã trả kết quả"),
    Column("early", "Trả trước hạn"),
    Column("on_time", "Trả đúng hạn"),
    Column("late", "Trả quá hạn"),
    Column("on_time_rate", "Tỉ lệ đúng hạn (%)", ColumnKind.RATE),
    Column("refused", "Cơ quan từ chối"),
    Column("withdrawn", "Rút hồ sơ"),
    Column("returned_to_agency", "Chuyển lại cơ quan"),
    Column("lost", "Thất lạc"),
    Column("damaged", "Hư hỏng"),
    Column("open_at_end", "Đang giải quyết cuối kỳ", ColumnKind.SNAPSHOT),
    Column("overdue_at_end", "Trong đó quá hạn", ColumnKind.SNAPSHOT),
    Column("fees", "Phí, lệ phí (đ)", ColumnKind.MONEY),
    Column("postage", "Cước (đ)", ColumnKind.MONEY),
    Column("collected", "Thu khi trả (đ)", ColumnKind.MONEY),
    Column("money", "Tổng thu (đ)", ColumnKind.MONEY),
)


# Printed under every report (PDF) and on its own sheet (XLSX): how the figures are counted.
EXPLANATION = (
    "Trước hạn / đúng hạn / quá hạn: so ngày kết quả sẵn sàng cho người dân (về quầy; hoặc phát "
    "tận nhà, kể cả lần phát không gặp) với ngày hẹn trả có hiệu lực (ngày hẹn khi tiếp nhận, "
    "tính lại khi cơ quan ký nhận hồ sơ); hẹn lại kèm phiếu xin lỗi (Mẫu 04) không đổi ngày hẹn "
    "để tính. Ngày hẹn rơi vào ngày nghỉ được kéo đến hết ngày làm việc tiếp theo. "
    "Tỉ lệ đúng hạn = (trước hạn + đúng hạn) / số đã trả. Cột «Cuối kỳ» là số hồ sơ chưa kết thúc "
    "tại cuối mỗi kỳ (hoặc tại thời điểm lập báo cáo nếu kỳ chưa hết); dòng tổng cộng lấy số tại "
    "cuối cả khoảng báo cáo, không cộng dồn. Tiền thu: phí, lệ phí và cước thu khi tiếp nhận "
    "(theo ngày tiếp nhận), tiền thu khi trả kết quả (theo ngày trả)."
)


@dataclass(frozen=True)
class ReportRow:
    period: Period
    figures: Figures


@dataclass(frozen=True)
class ProcedureRow:
    code: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class Report:
    start: date
    end: date  # the range asked for, cut to the day the report was made
    grouping: Grouping
    as_of: datetime  # when it was made: the last period's snapshot is taken then
    rows: tuple[ReportRow, ...]
    totals: Figures
    by_procedure: tuple[ProcedureRow, ...]


def compute_report(
    facts: Iterable[DossierFacts],
    start: date,
    end: date,
    grouping: Grouping,
    calendar: WorkCalendar,
    *,
    now: datetime,
) -> Report:
    """The report over [start, end]: one row per period, totals, and one row per procedure.

    A range running past today stops today: figures for days to come are not figures yet.
    """
    check_range(start, end)
    today = now.date()
    if start > today:
        raise DomainError(
            f"Khoảng báo cáo bắt đầu ngày {start:%d/%m/%Y}, sau hôm nay: chưa có số liệu. "
            "Chọn ngày bắt đầu từ hôm nay trở về trước."
        )
    end = min(end, today)
    tz = now.tzinfo
    assert tz is not None, "now must be aware"
    # Everything a dossier adds is worked out once, then counted in the periods, the totals
    # and its procedure's line.
    events = [_events(f, calendar, tz) for f in facts]
    spans = periods(start, end, grouping)
    whole = (Period(start, end, "Tổng cộng"),)
    rows = _figures(events, spans, now)
    totals = _figures(events, whole, now)[0]
    groups: dict[str, list[_Events]] = defaultdict(list)
    names: dict[str, str] = {}
    for f, e in zip(facts, events, strict=True):
        groups[f.procedure_code].append(e)
        names[f.procedure_code] = f.procedure_name
    by_procedure = []
    for code, group in groups.items():
        figures = _figures(group, whole, now)[0]
        if figures != Figures():
            by_procedure.append(ProcedureRow(code, names[code], figures))
    by_procedure.sort(key=lambda r: (-r.figures.received, -r.figures.returned, r.code))
    return Report(
        start,
        end,
        grouping,
        now,
        tuple(ReportRow(p, f) for p, f in zip(spans, rows, strict=True)),
        totals,
        tuple(by_procedure),
    )


@dataclass(frozen=True)
class _Events:
    """What one dossier adds to a report: (day, figure, amount) flows and its snapshot spans."""

    flows: tuple[tuple[date, str, int], ...]
    opened: tuple[datetime, datetime | None]  # open from, until (None: still open)
    overdue: tuple[tuple[datetime, bool, datetime | None], ...]


def _events(f: DossierFacts, calendar: WorkCalendar, tz: tzinfo) -> _Events:
    flows: list[tuple[date, str, int]] = []

    def add(moment: datetime | None, key: str, amount: int = 1) -> None:
        if moment is not None:
            flows.append((moment.astimezone(tz).date(), key, amount))

    add(f.received_at, "received")
    add(f.received_at, "fees", f.fees)
    add(f.received_at, "postage", f.postage)
    for status, key in _FLOW_STATUSES:
        add(f.first(status), key)
    if f.returned_at is not None:
        verdict = f.on_time(calendar)
        assert verdict is not None
        add(f.returned_at, "returned")
        add(f.returned_at, verdict.timeliness.value)
        add(f.returned_at, "collected", f.collected)
    for incident in f.incidents:
        add(incident.at, incident.kind.value)
    return _Events(tuple(flows), (f.received_at, f.closed_at), tuple(f.overdue_spans()))


_FLOW_STATUSES = (
    (S.IN_TRANSIT, "handed_over"),
    (S.REFUSED, "refused"),
    (S.WITHDRAWN, "withdrawn"),
    (S.RETURNED_TO_AGENCY, "returned_to_agency"),
)


def _figures(events: Sequence[_Events], spans: Sequence[Period], now: datetime) -> list[Figures]:
    tz = now.tzinfo
    assert tz is not None
    starts = [p.start for p in spans]
    first_day, last_day = spans[0].start, spans[-1].end
    # The moment each period's snapshot is taken: its last instant, or now if it is not over.
    moments = [min(_last_instant(p.end, tz), now) for p in spans]
    counts: list[dict[str, int]] = [defaultdict(int) for _ in spans]
    opened = [0] * (len(spans) + 1)  # +1 where a span starts, -1 where it ends
    overdue = [0] * (len(spans) + 1)
    for e in events:
        for day, key, amount in e.flows:
            if first_day <= day <= last_day:
                counts[bisect_right(starts, day) - 1][key] += amount
        # Snapshots, as spans of moments added to every period whose moment falls in them
        # (a running sum below), so a dossier open for months costs a few steps, not one a day.
        since, closed = e.opened
        _mark(opened, bisect_left(moments, since), _index(moments, closed))
        for lo, exclusive, hi in e.overdue:
            first = bisect_right(moments, lo) if exclusive else bisect_left(moments, lo)
            _mark(overdue, first, _index(moments, hi))
    running = zip(accumulate(opened[:-1]), accumulate(overdue[:-1]), strict=True)
    for count, (open_count, overdue_count) in zip(counts, running, strict=True):
        count["open_at_end"] = open_count
        count["overdue_at_end"] = overdue_count
    return [Figures(**c) for c in counts]


def _index(moments: Sequence[datetime], end: datetime | None) -> int:
    """The first period whose moment is at or after ``end`` (all of them if there is none)."""
    return len(moments) if end is None else bisect_left(moments, end)


def _mark(diff: list[int], first: int, stop: int) -> None:
    if first < stop:
        diff[first] += 1
        diff[stop] -= 1


def _last_instant(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.max, tzinfo=tz)


def total_of(column: Column, rows: Sequence[Figures], totals: Figures) -> int | float | None:
    """What a totals line shows for ``column``, worked out from the rows (exports check it)."""
    if column.kind is ColumnKind.SNAPSHOT:
        return column.value(rows[-1]) if rows else 0
    if column.kind is ColumnKind.RATE:
        return totals.on_time_rate
    return sum(column.value(r) or 0 for r in rows)


# ---------------------------------------------------------------- the tracking book (Mẫu 06)


@dataclass(frozen=True)
class BookEntry:
    """One line of the Sổ theo dõi hồ sơ. Carries personal data: export only with permission."""

    number: int  # the year's book number (STT), never reused
    year: int
    code: str
    s10: str
    procedure_name: str
    sets: int
    applicant_name: str
    address: str
    phone: str
    agency: str
    received_at: datetime
    appointment_at: datetime  # the appointment in force (see the module's note)
    handed_over_at: datetime | None
    result_at: datetime | None  # the result (or the refusal) back at the counter
    returned_at: datetime | None
    receiver_name: str
    proxy: bool
    status: S
    notes: tuple[str, ...]

    @property
    def note(self) -> str:
        return "; ".join(self.notes)


def book_notes(facts: DossierFacts, calendar: WorkCalendar, now: datetime) -> tuple[str, ...]:
    """The book's "Ghi chú": how the dossier ended, or why it is still open, in a few words."""
    notes: list[str] = []
    verdict = facts.on_time(calendar)
    if verdict is not None:
        notes.append(verdict.label)
    if facts.first(S.REFUSED) is not None:
        notes.append("Cơ quan từ chối giải quyết")
    if facts.status is S.WITHDRAWN:
        notes.append("Đã rút hồ sơ")
    if facts.status is S.RETURNED_TO_AGENCY:
        notes.append("Không đến nhận, đã chuyển lại cơ quan")
    if facts.status is S.SUPPLEMENT_REQUESTED:
        notes.append("Chờ bổ sung hồ sơ")
    if facts.status in (S.RESULT_AT_COUNTER, S.OUT_FOR_DELIVERY):
        notes.append("Kết quả chờ trả")
    if facts.overdue_at(now):
        notes.append("Quá hạn, chưa có kết quả")
    notes.extend(f"Hẹn lại ngày {d:%d/%m/%Y} (Mẫu 04)" for d in facts.rescheduled_to)
    notes.extend(f"{i.kind.label} ngày {i.at:%d/%m/%Y}" for i in facts.incidents)
    return tuple(notes)
