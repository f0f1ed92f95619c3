"""Exponential backoff with full jitter and a cap.

Full jitter (a uniform draw between 0 and the exponential ceiling) spreads the retries of many
counters that lost the link at the same moment, so they do not hit the hub together when it
comes back.
"""

from __future__ import annotations

import random

DEFAULT_BASE = 2.0
DEFAULT_CAP = 300.0
# A hub asking for more than an hour is honoured only up to an hour: the operator still
# expects the counter to try again within the working day.
MAX_RETRY_AFTER = 3600.0


class Backoff:
    def __init__(
        self,
        base: float = DEFAULT_BASE,
        cap: float = DEFAULT_CAP,
        rng: random.Random | None = None,
    ) -> None:
        if base <= 0 or cap < base:
            raise ValueError("backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.rng = rng or random.Random()
        self.attempts = 0

    def ceiling(self, attempt: int) -> float:
        """The largest delay the ``attempt``-th retry (0-based) may draw."""
        # min() before the power would overflow for a long outage: cap the exponent.
        return min(self.cap, self.base * 2 ** min(attempt, 64))

    def next_delay(self, retry_after: float | None = None) -> float:
        """Seconds to wait before the next try; a hub's Retry-After is a floor, not a hint."""
        delay = self.rng.uniform(0.0, self.ceiling(self.attempts))
        self.attempts += 1
        if retry_after is not None and retry_after > 0:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
        return delay

    def reset(self) -> None:
        self.attempts = 0
