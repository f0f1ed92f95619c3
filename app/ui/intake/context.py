"""What the intake screen needs from the database, loaded once on the database thread.

With these the screen computes fees and the appointment on every keystroke without touching
the database: the calendar and the catalog are plain objects once loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING

from app.domain.procedure import Catalog, Procedure, Route

if TYPE_CHECKING:
    from app.domain.calendar import WorkCalendar
    from app.services.workstation import Workstation


@dataclass(frozen=True)
class IntakeContext:
    catalog: Catalog
    calendar: WorkCalendar
    appointment_time: time
    cutoff_time: time
    now: Callable[[], datetime]  # the workstation's clock (pure: no I/O)


def load_intake_context(ws: Workstation) -> IntakeContext:
    """Database thread."""
    return IntakeContext(
        catalog=ws.catalog,
        calendar=ws.calendar,
        appointment_time=ws.appointment_time,
        cutoff_time=ws.cutoff_time,
        now=ws.now,
    )


def appointment_at(
    context: IntakeContext, procedure: Procedure, route: Route, by_post: bool
) -> datetime:
    """The promised date for a dossier received now (pure: the calendar is already loaded)."""
    from app.domain.appointment import compute_schedule  # imported with the calendar

    schedule = compute_schedule(
        context.now(),
        procedure,
        route,
        by_post,
        context.calendar,
        appointment_time=context.appointment_time,
        cutoff=context.cutoff_time,
    )
    return schedule.appointment_at
