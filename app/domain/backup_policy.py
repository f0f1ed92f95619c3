"""Which database backups to keep, and how backup files are named. Pure: no files touched here.

The policy (docs/backups.md), counted back from "now" in Vietnam's time (UTC+7):

* every backup of the last ``recent_days`` days (2 by default) — the ones most likely needed;
* the newest backup of each calendar day, for the last ``daily`` days (14);
* the newest of each ISO week (Monday–Sunday), for the last ``weekly`` weeks (8);
* the newest of each month, for the last ``monthly`` months (12);
* and always the newest backup of all, however old, so thinning never leaves none.

A backup dated in the future (the clock was wrong when it was taken) is kept: nothing about it
can be reasoned from the clock. Keeping the newest of each bucket makes thinning idempotent:
thinning what it kept keeps all of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))
PREFIX = "motcua-"
SUFFIX = ".sqlite3"
# motcua-20270203-143005.sqlite3, or motcua-20270203-143005-2.sqlite3 for a second one that second
_NAME = re.compile(r"^motcua-(\d{8})-(\d{6})(?:-(\d{1,4}))?\.sqlite3$")


@dataclass(frozen=True)
class RetentionPolicy:
    recent_days: int = 2
    daily: int = 14
    weekly: int = 8
    monthly: int = 12

    def describe(self) -> str:
        """The policy in one Vietnamese sentence (shown in the settings page and the CLI)."""
        return (
            f"Giữ mọi bản của {self.recent_days} ngày gần nhất, mỗi ngày một bản trong "
            f"{self.daily} ngày, mỗi tuần một bản trong {self.weekly} tuần, mỗi tháng một bản "
            f"trong {self.monthly} tháng; bản mới nhất luôn được giữ."
        )

    @property
    def max_older(self) -> int:
        """At most this many backups older than ``recent_days`` are kept (plus the newest)."""
        return self.daily + self.weekly + self.monthly


def policy_from(values: dict[str, object]) -> RetentionPolicy:
    """A policy from settings values (missing or unusable values fall back to the defaults)."""
    default = RetentionPolicy()

    def number(key: str, fallback: int) -> int:
        value = values.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
            return value
        return fallback

    return RetentionPolicy(
        recent_days=number("backup.keep_recent_days", default.recent_days),
        daily=number("backup.keep_daily", default.daily),
        weekly=number("backup.keep_weekly", default.weekly),
        monthly=number("backup.keep_monthly", default.monthly),
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def keep(moments: Iterable[datetime], now: datetime, policy: RetentionPolicy) -> set[datetime]:
    """The backup moments to keep; every other one may be deleted."""
    items = sorted(set(moments), reverse=True)  # newest first: the first seen in a bucket wins
    if not items:
        return set()
    now = now.astimezone(VN_TZ)
    today = now.date()
    kept = {items[0]}
    days: set[date] = set()
    weeks: set[date] = set()
    months: set[tuple[int, int]] = set()
    for moment in items:
        local = moment.astimezone(VN_TZ)
        day = local.date()
        if local > now or now - local < timedelta(days=policy.recent_days):
            kept.add(moment)
        if (today - day).days < policy.daily and day not in days:
            days.add(day)
            kept.add(moment)
        week = _monday(day)
        if (_monday(today) - week).days // 7 < policy.weekly and week not in weeks:
            weeks.add(week)
            kept.add(moment)
        month = (day.year, day.month)
        if (today.year - day.year) * 12 + today.month - day.month < policy.monthly and (
            month not in months
        ):
            months.add(month)
            kept.add(moment)
    return kept


def backup_name(moment: datetime, serial: int = 1) -> str:
    """The file name of a backup taken at ``moment`` (Vietnam time), sortable by time."""
    local = moment.astimezone(VN_TZ)
    extra = f"-{serial}" if serial > 1 else ""
    return f"{PREFIX}{local:%Y%m%d-%H%M%S}{extra}{SUFFIX}"


def parse_backup_name(name: str) -> tuple[datetime, int] | None:
    """``(moment, serial)`` for a backup file name, or None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").replace(tzinfo=VN_TZ)
    except ValueError:
        return None
    return moment, int(match[3] or 1)
