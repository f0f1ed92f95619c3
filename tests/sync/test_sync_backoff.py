"""Exponential backoff with full jitter and a cap, made deterministic with a seeded RNG."""

from __future__ import annotations

import random

import pytest

from app.sync.backoff import MAX_RETRY_AFTER, Backoff


def test_delays_are_full_jitter_under_an_exponential_ceiling():
    backoff = Backoff(base=2.0, cap=300.0, rng=random.Random(7))
    reference = random.Random(7)
    for attempt in range(12):
        ceiling = min(300.0, 2.0 * 2**attempt)
        assert backoff.ceiling(attempt) == ceiling
        expected = reference.uniform(0.0, ceiling)
        assert backoff.next_delay() == expected
        assert 0.0 <= expected <= ceiling


def test_the_same_seed_gives_the_same_delays():
    a = Backoff(rng=random.Random(42))
    b = Backoff(rng=random.Random(42))
    assert [a.next_delay() for _ in range(20)] == [b.next_delay() for _ in range(20)]


def test_the_cap_holds_even_after_a_very_long_outage():
    backoff = Backoff(base=2.0, cap=300.0, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(500)]
    assert max(delays) <= 300.0
    assert backoff.ceiling(10_000) == 300.0
    late = delays[100:]
    # Full jitter spreads retries over the whole window: mean near cap / 2, wide range.
    assert 120.0 < sum(late) / len(late) < 180.0
    assert min(late) < 30.0 and max(late) > 270.0


def test_retry_after_is_a_floor_and_is_itself_capped():
    backoff = Backoff(base=2.0, cap=300.0, rng=random.Random(3))
    assert backoff.next_delay(retry_after=7) >= 7
    assert backoff.next_delay(retry_after=10 * MAX_RETRY_AFTER) == MAX_RETRY_AFTER
    assert backoff.next_delay(retry_after=0) <= backoff.ceiling(2)


def test_reset_starts_again_from_the_base():
    backoff = Backoff(base=2.0, cap=300.0, rng=random.Random(5))
    for _ in range(8):
        backoff.next_delay()
    assert backoff.attempts == 8
    backoff.reset()
    assert backoff.attempts == 0
    assert backoff.next_delay() <= 2.0


@pytest.mark.parametrize(("base", "cap"), [(0, 10), (-1, 10), (5, 2)])
def test_nonsense_parameters_are_refused(base, cap):
    with pytest.raises(ValueError):
        Backoff(base=base, cap=cap)
