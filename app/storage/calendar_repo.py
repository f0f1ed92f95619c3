"""Local calendar overrides: extra days off and swapped working Saturdays."""

from __future__ import annotations

from datetime import date

from app.domain.calendar import CalendarOverride
from app.storage.connection import Database


def load_overrides(db: Database) -> list[CalendarOverride]:
    return [
        CalendarOverride(date.fromisoformat(day), bool(working), note)
        for day, working, note in db.execute(
            "SELECT day, working, note FROM calendar_overrides ORDER BY day"
        )
    ]


def save_override(db: Database, override: CalendarOverride, source: str = "local") -> None:
    db.execute(
        "INSERT INTO calendar_overrides(day, working, note, source) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(day) DO UPDATE SET working = excluded.working, note = excluded.note,"
        " source = excluded.source",
        [override.day.isoformat(), int(override.working), override.note, source],
    )


def delete_override(db: Database, day: date) -> bool:
    cur = db.execute("DELETE FROM calendar_overrides WHERE day = ?", [day.isoformat()])
    return cur.rowcount > 0
