"""The retention policy: what thinning keeps, and the backup file names."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.backup_policy import (
    VN_TZ,
    RetentionPolicy,
    backup_name,
    keep,
    parse_backup_name,
    policy_from,
)

NOW = datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ)
POLICY = RetentionPolicy()

moments = st.lists(
    st.integers(min_value=-3 * 60, max_value=2 * 366 * 24 * 60).map(
        lambda minutes: NOW - timedelta(minutes=minutes)
    ),
    max_size=300,
)
policies = st.builds(
    RetentionPolicy,
    recent_days=st.integers(0, 5),
    daily=st.integers(0, 20),
    weekly=st.integers(0, 10),
    monthly=st.integers(0, 14),
)


@settings(max_examples=300)
@given(moments, policies)
def test_thinning_never_deletes_the_newest_and_is_idempotent(taken, rules) -> None:
    kept = keep(taken, NOW, rules)
    assert kept <= set(taken)
    if taken:
        assert max(taken) in kept
    assert keep(kept, NOW, rules) == kept


@settings(max_examples=300)
@given(moments, policies)
def test_thinning_keeps_recent_ones_and_bounds_the_older(taken, rules) -> None:
    kept = keep(taken, NOW, rules)
    recent = {m for m in taken if NOW - m < timedelta(days=rules.recent_days)}
    assert recent <= kept
    older = kept - recent - {max(taken, default=NOW)}
    assert len(older) <= rules.max_older


def test_a_year_of_hourly_backups_thins_to_the_documented_shape() -> None:
    hourly = [NOW - timedelta(hours=h) for h in range(366 * 24)]
    kept = sorted(keep(hourly, NOW, POLICY), reverse=True)
    assert all(m in kept for m in hourly[:48])  # every one of the last two days
    days = {m.date() for m in kept}
    assert len(days) >= 14
    # one per day within two weeks: the newest of the day (23:00 for days before today)
    two_weeks_ago = [m for m in kept if m.date() == (NOW - timedelta(days=10)).date()]
    assert [m.hour for m in two_weeks_ago] == [23]
    assert len(kept) <= 48 + POLICY.max_older
    assert min(kept) > NOW - timedelta(days=366)  # nothing past the twelfth month


def test_future_backups_are_kept() -> None:
    later = NOW + timedelta(days=30)
    assert later in keep([later, NOW - timedelta(days=400)], NOW, POLICY)


def test_names_sort_by_time_and_parse_back() -> None:
    moment = datetime(2027, 2, 3, 3, 4, 5, tzinfo=VN_TZ)
    name = backup_name(moment)
    assert name == "motcua-20270203-030405.sqlite3"
    assert parse_backup_name(name) == (moment, 1)
    assert parse_backup_name(backup_name(moment, 3)) == (moment, 3)
    utc = moment.astimezone(VN_TZ).astimezone(tz=None)
    assert backup_name(utc) == name  # always named in Vietnam's time
    assert backup_name(moment + timedelta(seconds=1)) > name
    for other in ("motcua.sqlite3", "motcua-2027-0203.sqlite3", "motcua-20271332-000000.sqlite3"):
        assert parse_backup_name(other) is None


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_every_name_parses_back(moment) -> None:
    local = moment.replace(microsecond=0, tzinfo=VN_TZ)
    assert parse_backup_name(backup_name(local)) == (local, 1)


def test_policy_from_settings_ignores_unusable_values() -> None:
    rules = policy_from(
        {"backup.keep_daily": 30, "backup.keep_weekly": "x", "backup.keep_monthly": -1}
    )
    assert rules == RetentionPolicy(daily=30)
    assert "30 ngày" in rules.describe()
