"""Hub fixtures: every test runs on SQLite and on PostgreSQL, each in a clean schema.

PostgreSQL comes from env MOTCUA_TEST_PG_URL (``./test`` sets it with scripts/ensure-postgres).
Without it the PostgreSQL half is skipped locally and FAILS in CI (env CI=true).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hub_databases import temporary_hub_db

from hub.app import create_app
from hub.common import RateLimit
from hub.enrollment import EnrollGuard
from hub.service import Hub


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **kwargs: float) -> None:
        self.moment += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 2, 3, 3, 0, tzinfo=UTC))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from temporary_hub_db(request.param, tmp_path, "hubtest")


@pytest.fixture
def client(db_url: str, clock: Clock) -> Iterator[TestClient]:
    # The tests enroll many counters from one client: the production limits (10 a minute per
    # client, 30 an hour per office) are tested on their own in test_hub_enroll.py.
    roomy = EnrollGuard(RateLimit(10_000, 60.0), RateLimit(10_000, 3600.0))
    with TestClient(create_app(db_url, clock=clock, enroll_limits=roomy)) as test_client:
        yield test_client


@pytest.fixture
def hub(client: TestClient) -> Hub:
    """The same hub the client talks to, for operator commands."""
    return client.app.state.hub  # type: ignore[attr-defined,no-any-return]
