"""The appointment date promised at the counter (Giấy tiếp nhận hồ sơ và hẹn trả kết quả).

Promised date = post transit to the agency (J+n, TT 17/2017 Art 7) + the agency's processing time,
which runs from hand-over (QĐ 45/2016 Art 7(4)) + the return transit when the result comes back
by post (domain reference, "Working days and the appointment date").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from app.domain.calendar import WorkCalendar
from app.domain.procedure import Procedure, Route


@dataclass(frozen=True)
class Schedule:
    """The dates behind one appointment.

    ``j_day``: day J printed on the Phiếu gửi hồ sơ; ``handover_due``: latest day the dossier
    reaches the agency; ``agency_start``: first day of the agency's processing time;
    ``result_day``/``appointment_at``: what the citizen is told.
    """

    j_day: date
    handover_due: date
    agency_start: date
    result_day: date
    appointment_at: datetime


def compute_schedule(
    received_at: datetime,
    procedure: Procedure,
    route: Route,
    return_by_post: bool,
    calendar: WorkCalendar,
    *,
    appointment_time: time = time(16, 0),
    cutoff: time = time(15, 0),
) -> Schedule:
    """Compute the schedule for a dossier received at ``received_at`` (timezone-aware).

    The 15:00 rule (certification, civil status) applies only when the counter is the deciding
    one-stop itself (``route.transit_days == 0``, the Kỳ Bắc model), on a working day. It compares
    hours and minutes only: the receipt prints "15 giờ 00 phút", so a dossier stamped 15:00 must
    count as received by 15:00 even if the clock read 15:00:40.
    """
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    tz = received_at.tzinfo
    received_day = received_at.date()

    j_day = calendar.on_or_after(received_day)
    handover_due = calendar.add_working_days(j_day, route.transit_days)

    received_minute = received_at.time().replace(second=0, microsecond=0)
    late = (
        procedure.cutoff_15h
        and route.transit_days == 0
        and calendar.is_working_day(received_day)
        and received_minute > cutoff.replace(tzinfo=None)
    )
    agency_start = calendar.next_working_day(handover_due) if late else handover_due

    if procedure.processing_days == 0:
        result_day = agency_start
    else:
        result_day = calendar.add_working_days(agency_start, procedure.processing_days)
    if return_by_post:
        result_day = calendar.add_working_days(result_day, route.transit_days)

    slot = appointment_time.replace(tzinfo=None)
    appointment_at = datetime.combine(result_day, slot, tzinfo=tz)
    if appointment_at <= received_at:
        # Only possible when result_day is the day received (e.g. same-day procedure at 16:30):
        # the next working day is always later, so one step is enough.
        result_day = calendar.next_working_day(result_day)
        appointment_at = datetime.combine(result_day, slot, tzinfo=tz)

    return Schedule(
        j_day=j_day,
        handover_due=handover_due,
        agency_start=agency_start,
        result_day=result_day,
        appointment_at=appointment_at,
    )
