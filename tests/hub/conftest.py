"""Hub fixtures: every test runs on SQLite and on PostgreSQL, each in a clean schema.

PostgreSQL comes from env MOTCUA_TEST_PG_URL (``./test`` sets it with scripts/ensure-postgres).
Without it the PostgreSQL half is skipped locally and FAILS in CI (env CI=true).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.db import normalize_url
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


def _pg_url() -> str:
    url = os.environ.get("MOTCUA_TEST_PG_URL", "")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("MOTCUA_TEST_PG_URL is not set in CI: run the suite through ./test")
    pytest.skip('PostgreSQL not configured: export MOTCUA_TEST_PG_URL="$(scripts/ensure-postgres)"')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "hub.sqlite3")
        return
    base = normalize_url(_pg_url())
    schema = f"hubtest_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def client(db_url: str, clock: Clock) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, clock=clock)) as test_client:
        yield test_client


@pytest.fixture
def hub(client: TestClient) -> Hub:
    """The same hub the client talks to, for operator commands."""
    return client.app.state.hub  # type: ignore[attr-defined,no-any-return]
