"""On-time classification, periods and report figures, as pure functions of dossiers' histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import CalendarOverride, WorkCalendar
from app.domain.dossier import DossierStatus as S
from app.domain.dossier import ReturnMethod
from app.domain.errors import DomainError
from app.domain.lifecycle import CLOSED
from app.domain.reports import (
    COLUMNS,
    ColumnKind,
    DossierFacts,
    DueChange,
    Figures,
    Grouping,
    Incident,
    IncidentKind,
    OnTime,
    Step,
    Timeliness,
    book_notes,
    classify,
    compute_report,
    periods,
    total_of,
)

VN = timezone(timedelta(hours=7))
EARLY, ON_TIME, LATE = Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE
# Friday 5/3/2027 declared a local day off after the appointments were given.
CALENDAR = WorkCalendar([CalendarOverride(date(2027, 3, 5), working=False, note="Lễ hội")])


def vn(day: str, hm: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}:00+07:00")


@pytest.mark.parametrize(
    ("done", "due", "expected"),
    [
        # Wed 3/2/2027 16:00, the day before the Tết holidays (Thu 4/2 – Wed 10/2).
        (vn("2027-02-02"), vn("2027-02-03", "16:00"), OnTime(EARLY, 1)),
        (vn("2027-02-01"), vn("2027-02-03", "16:00"), OnTime(EARLY, 2)),
        (vn("2027-02-03", "08:00"), vn("2027-02-03", "16:00"), OnTime(ON_TIME, 0)),
        # The receipt promises a day: a result at 17:30 that day is on time.
        (vn("2027-02-03", "17:30"), vn("2027-02-03", "16:00"), OnTime(ON_TIME, 0)),
        # The first working day after Tết is one working day late, not eight calendar days.
        (vn("2027-02-11"), vn("2027-02-03", "16:00"), OnTime(LATE, 1)),
        (vn("2027-02-15"), vn("2027-02-03", "16:00"), OnTime(LATE, 3)),
        # Handed over on the Saturday after a Friday due day: late, counted as Monday.
        (vn("2027-01-30"), vn("2027-01-29", "16:00"), OnTime(LATE, 1)),
        # Early across a weekend: Fri before a Monday due day is one working day early.
        (vn("2027-02-12"), vn("2027-02-15", "16:00"), OnTime(EARLY, 1)),
        # A due day that became a day off (Fri 5/3) runs to the next working day (Mon 8/3).
        (vn("2027-03-04"), vn("2027-03-05", "16:00"), OnTime(EARLY, 0)),
        (vn("2027-03-05"), vn("2027-03-05", "16:00"), OnTime(ON_TIME, 0)),
        (vn("2027-03-08", "15:59"), vn("2027-03-05", "16:00"), OnTime(ON_TIME, 0)),
        (vn("2027-03-09"), vn("2027-03-05", "16:00"), OnTime(LATE, 1)),
        # Labour Day Sat 1/5 is made up on Mon 3/5: due Fri 30/4 (a holiday too) → Tue 4/5.
        (vn("2027-05-04"), vn("2027-04-30", "16:00"), OnTime(ON_TIME, 0)),
        (vn("2027-05-05"), vn("2027-04-30", "16:00"), OnTime(LATE, 1)),
        # Days are compared on the counter's clock: 18:30 UTC on 2/2 is 01:30 on 3/2 in Vietnam.
        (
            datetime(2027, 2, 2, 18, 30, tzinfo=UTC),
            vn("2027-02-03", "16:00"),
            OnTime(ON_TIME, 0),
        ),
    ],
)
def test_classification_against_the_appointment(done, due, expected):
    assert classify(done, due, CALENDAR) == expected


def test_labels_say_it_in_vietnamese():
    assert OnTime(EARLY, 2).label == "Trả trước hạn 2 ngày làm việc"
    assert OnTime(ON_TIME, 0).label == "Trả đúng hạn"
    assert OnTime(LATE, 1).label == "Trả quá hạn 1 ngày làm việc"
    assert OnTime(EARLY, 0).label == "Trả trước hạn"


def test_periods_cover_the_range_and_cut_the_ends():
    months = periods(date(2027, 1, 15), date(2027, 3, 10), Grouping.MONTH)
    assert [(p.start, p.end, p.label) for p in months] == [
        (date(2027, 1, 15), date(2027, 1, 31), "Tháng 01/2027"),
        (date(2027, 2, 1), date(2027, 2, 28), "Tháng 02/2027"),
        (date(2027, 3, 1), date(2027, 3, 10), "Tháng 03/2027"),
    ]
    quarters = periods(date(2026, 11, 1), date(2027, 7, 1), Grouping.QUARTER)
    assert [p.label for p in quarters] == [
        "Quý IV/2026",
        "Quý I/2027",
        "Quý II/2027",
        "Quý III/2027",
    ]
    assert quarters[0].end == date(2026, 12, 31) and quarters[2].end == date(2027, 6, 30)
    days = periods(date(2028, 2, 27), date(2028, 3, 1), Grouping.DAY)  # a leap year
    assert [p.label for p in days] == ["27/02/2028", "28/02/2028", "29/02/2028", "01/03/2028"]
    with pytest.raises(DomainError, match="trước ngày bắt đầu"):
        periods(date(2027, 2, 1), date(2027, 1, 31), Grouping.DAY)


def facts(
    code: str,
    received: datetime,
    due: datetime,
    steps: list[tuple[datetime, S]] = (),  # type: ignore[assignment]
    *,
    procedure: str = "1.004873",
    method: ReturnMethod = ReturnMethod.COUNTER,
    dues: list[tuple[datetime, datetime]] = (),  # type: ignore[assignment]
    **extra,
) -> DossierFacts:
    return DossierFacts(
        id=code,
        code=code,
        procedure_code=procedure,
        procedure_name=f"Thủ tục {procedure}",
        return_method=method,
        received_at=received,
        dues=(DueChange(received, due), *(DueChange(a, d) for a, d in dues)),
        steps=tuple(Step(a, s) for a, s in steps),
        **extra,
    )


NOW = vn("2027-01-20", "12:00")


def test_a_recomputed_appointment_counts_but_an_apology_does_not():
    signed = vn("2027-01-06", "09:00")
    f = facts(
        "X",
        vn("2027-01-04"),
        vn("2027-01-08", "16:00"),  # intake's date
        [
            (signed, S.AT_AGENCY),
            (vn("2027-01-12"), S.RESULT_AT_COUNTER),
            (vn("2027-01-12"), S.RETURNED),
        ],
        dues=[(signed, vn("2027-01-11", "16:00"))],  # the agency signed: new legal date
        returned_at=vn("2027-01-12"),
        rescheduled_to=(vn("2027-01-15", "16:00"),),  # Mẫu 04 admits the lateness
    )
    assert f.due_at(vn("2027-01-05")) == vn("2027-01-08", "16:00")
    assert f.due == vn("2027-01-11", "16:00")
    assert f.on_time(CALENDAR) == OnTime(LATE, 1)
    assert book_notes(f, CALENDAR, NOW) == (
        "Trả quá hạn 1 ngày làm việc",
        "Hẹn lại ngày 15/01/2027 (Mẫu 04)",
    )


def test_home_delivery_counts_from_the_first_attempt():
    f = facts(
        "P",
        vn("2027-01-04"),
        vn("2027-01-12", "16:00"),
        [(vn("2027-01-11"), S.RESULT_AT_COUNTER), (vn("2027-01-11"), S.OUT_FOR_DELIVERY)],
        method=ReturnMethod.POST,
        returned_at=vn("2027-01-14"),
        delivery_attempts=(vn("2027-01-12", "12:00"),),
    )
    assert f.done_at == vn("2027-01-12", "12:00")
    assert f.on_time(CALENDAR) == OnTime(ON_TIME, 0)
    # At the counter, a result is delivered when it is ready there, even if collected later.
    g = facts(
        "Q",
        vn("2027-01-04"),
        vn("2027-01-12", "16:00"),
        [(vn("2027-01-11"), S.RESULT_AT_COUNTER), (vn("2027-01-18"), S.RETURNED)],
        returned_at=vn("2027-01-18"),
    )
    assert g.on_time(CALENDAR) == OnTime(EARLY, 1)


def test_report_counts_flows_in_their_periods_and_snapshots_at_each_end():
    waiting = facts(  # result at the counter since 11/1, never collected: open, not overdue
        "W",
        vn("2027-01-04"),
        vn("2027-01-08", "16:00"),
        [(vn("2027-01-05"), S.IN_TRANSIT), (vn("2027-01-11"), S.RESULT_AT_COUNTER)],
        fees=50_000,
        postage=12_000,
    )
    late_open = facts(  # still with the agency after its date: overdue from 13/1
        "L",
        vn("2027-01-06"),
        vn("2027-01-12", "16:00"),
        [(vn("2027-01-07"), S.IN_TRANSIT), (vn("2027-01-08"), S.AT_AGENCY)],
        incidents=(Incident(vn("2027-01-14"), IncidentKind.DAMAGED),),
    )
    returned = facts(
        "R",
        vn("2026-12-30"),  # received before the report: counts only by what happened in it
        vn("2027-01-05", "16:00"),
        [(vn("2027-01-05"), S.RESULT_AT_COUNTER), (vn("2027-01-07"), S.RETURNED)],
        returned_at=vn("2027-01-07"),
        collected=30_000,
        procedure="2.000815",
    )
    withdrawn = facts(
        "X", vn("2027-01-13"), vn("2027-01-18", "16:00"), [(vn("2027-01-14"), S.WITHDRAWN)]
    )
    report = compute_report(
        [waiting, late_open, returned, withdrawn],
        date(2027, 1, 1),
        date(2027, 1, 31),
        Grouping.DAY,
        CALENDAR,
        now=NOW,
    )

    assert report.end == date(2027, 1, 20)  # cut at today
    day = {r.period.start.day: r.figures for r in report.rows}
    assert day[4].received == 1 and day[4].fees == 50_000 and day[4].postage == 12_000
    # R was ready at the counter on its due day (5/1) and collected on 7/1: on time.
    assert day[7].returned == day[7].on_time == 1 and day[7].collected == 30_000
    assert (day[8].open_at_end, day[8].overdue_at_end) == (2, 1)  # W past 8/1 16:00
    assert (day[11].open_at_end, day[11].overdue_at_end) == (2, 0)  # W waits for its citizen
    assert (day[12].open_at_end, day[12].overdue_at_end) == (2, 1)  # L past 12/1 16:00
    assert (day[13].open_at_end, day[13].overdue_at_end) == (3, 1)  # X arrived
    assert day[14].withdrawn == 1 and day[14].damaged == 1 and day[14].open_at_end == 2
    assert (report.totals.open_at_end, report.totals.overdue_at_end) == (2, 1)
    assert report.totals.received == 3 and report.totals.returned == 1
    assert report.totals.on_time_rate == 100.0
    assert [p.code for p in report.by_procedure] == ["1.004873", "2.000815"]
    assert book_notes(waiting, CALENDAR, NOW) == ("Kết quả chờ trả",)
    assert book_notes(late_open, CALENDAR, NOW) == (
        "Quá hạn, chưa có kết quả",
        "Hư hỏng ngày 14/01/2027",
    )
    assert book_notes(withdrawn, CALENDAR, NOW) == ("Đã rút hồ sơ",)


def test_a_report_cannot_start_after_today():
    with pytest.raises(DomainError, match="sau hôm nay"):
        compute_report([], date(2027, 1, 21), date(2027, 1, 31), Grouping.DAY, CALENDAR, now=NOW)


@st.composite
def histories(draw: st.DrawFn) -> DossierFacts:
    start = vn("2027-01-01", "08:00")
    offsets = sorted(draw(st.lists(st.integers(0, 60 * 24 * 40), min_size=1, max_size=5)))
    moments = [start + timedelta(minutes=m) for m in offsets]
    path = [S.IN_TRANSIT, S.AT_AGENCY, S.RESULT_READY, S.RESULT_AT_COUNTER, S.RETURNED]
    ending = draw(st.sampled_from(["path", "withdrawn", "refused", "supplement"]))
    if ending == "withdrawn":
        path = [S.IN_TRANSIT, S.WITHDRAWN]
    elif ending == "refused":
        path = [S.IN_TRANSIT, S.AT_AGENCY, S.REFUSED, S.RESULT_AT_COUNTER, S.RETURNED]
    elif ending == "supplement":
        path = [S.IN_TRANSIT, S.AT_AGENCY, S.SUPPLEMENT_REQUESTED, S.SUPPLEMENTED]
    steps = list(zip(moments[1:], path, strict=False))
    returned = next((a for a, s in steps if s is S.RETURNED), None)
    due = start + timedelta(days=draw(st.integers(0, 20)))
    # The agency's signature (second step) may set a new date, earlier or later.
    moved = draw(st.integers(-5, 15))
    dues = [(steps[1][0], due + timedelta(days=moved))] if len(steps) > 1 else []
    return facts(
        f"D{offsets[0]}",
        moments[0],
        due.replace(hour=16, minute=0),
        steps,
        dues=dues,
        procedure=draw(st.sampled_from(["1.004873", "CA.LLTP"])),
        returned_at=returned,
        fees=draw(st.integers(0, 200_000)),
        postage=draw(st.sampled_from([0, 12_000, 24_000])),
        collected=draw(st.integers(0, 50_000)) if returned else 0,
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(histories(), max_size=12), st.sampled_from(list(Grouping)))
def test_the_rows_add_up_to_the_totals_whatever_the_histories(history, grouping):
    now = vn("2027-03-01", "09:00")
    report = compute_report(
        history, date(2027, 1, 1), date(2027, 2, 28), grouping, CALENDAR, now=now
    )
    rows = [r.figures for r in report.rows]
    for column in COLUMNS:
        assert total_of(column, rows, report.totals) == column.value(report.totals), column.key
        if column.kind is ColumnKind.SNAPSHOT:
            assert column.value(rows[-1]) == column.value(report.totals)
    # The snapshot spans agree with asking each dossier about each period's last moment.
    for row in report.rows:
        moment = min(datetime.combine(row.period.end, time.max, tzinfo=VN), now)
        states = [f.status_at(moment) for f in history]
        assert row.figures.open_at_end == sum(1 for s in states if s and s not in CLOSED)
        assert row.figures.overdue_at_end == sum(1 for f in history if f.overdue_at(moment))
    t = report.totals
    assert t.returned == t.early + t.on_time + t.late
    assert t.received == sum(1 for f in history if f.received_at.date() <= date(2027, 2, 28))
    assert sum(p.figures.received for p in report.by_procedure) == t.received
    assert all(p.figures != Figures() for p in report.by_procedure)
