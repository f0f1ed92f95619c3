"""Hub databases for tests: a SQLite file, or a throw-away schema in the test PostgreSQL.

Shared by the hub's and the sync client's suites (a module, not a conftest, so both can import it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from hub.db import normalize_url


def pg_url() -> str:
    """The test PostgreSQL: required in CI, skipped (with the command to run) elsewhere."""
    url = os.environ.get("MOTCUA_TEST_PG_URL", "")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("MOTCUA_TEST_PG_URL is not set in CI: run the suite through ./test")
    pytest.skip('PostgreSQL not configured: export MOTCUA_TEST_PG_URL="$(scripts/ensure-postgres)"')


def temporary_hub_db(kind: str, tmp_path: Path, prefix: str) -> Iterator[str]:
    """Yield a database URL for the hub; a PostgreSQL schema is dropped afterwards."""
    if kind == "sqlite":
        yield str(tmp_path / "hub.sqlite3")
        return
    base = normalize_url(pg_url())
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
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
