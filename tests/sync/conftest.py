"""Sync fixtures: an in-memory keyring, the real hub over HTTP on 127.0.0.1 (SQLite, and
PostgreSQL when MOTCUA_TEST_PG_URL is set; in CI a missing URL fails), a fault proxy, and
helpers that fill a counter's outbox with real dossiers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from faultproxy import FaultProxy
from hub_databases import temporary_hub_db
from hubserver import HubServer
from sync_keyring import MemoryKeyring

from app.services.intake import receive_dossier
from app.services.workstation import Workstation
from app.storage.db import transaction


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _db_url(kind: str, tmp_path: Path) -> Iterator[str]:
    yield from temporary_hub_db(kind, tmp_path, "synctest")


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _db_url(request.param, tmp_path)


def _serve(url: str, clock: Any) -> Iterator[HubServer]:
    server = HubServer(url, clock=clock).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hub_server(hub_db_url: str, clock: Any) -> Iterator[HubServer]:
    """The real hub on SQLite and on PostgreSQL (each test runs on both), on the tests' clock."""
    yield from _serve(hub_db_url, clock)


@pytest.fixture
def sqlite_hub(tmp_path: Path, clock: Any) -> Iterator[HubServer]:
    """The real hub on SQLite only (for the slow tests), on the tests' clock."""
    yield from _serve(str(tmp_path / "hub.sqlite3"), clock)


@pytest.fixture
def proxy_for() -> Iterator[Callable[..., FaultProxy]]:
    proxies: list[FaultProxy] = []

    def make(server: HubServer, delay: float = 1.0) -> FaultProxy:
        proxy = FaultProxy(server.port, delay=delay).start()
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.stop()


@pytest.fixture
def receive_many(
    ws: Workstation, request_for: Callable[..., dict[str, Any]], clock: Any
) -> Callable[[int], None]:
    """Receive ``n`` real dossiers (each with its event) in one transaction, moving the clock
    to the next day every 900 dossiers (a counter's daily block holds 999)."""

    def make(n: int) -> None:
        raw = request_for()
        with transaction(ws.db):
            for i in range(n):
                if i and i % 900 == 0:
                    clock.moment += timedelta(days=1)
                receive_dossier(ws, raw)

    return make
