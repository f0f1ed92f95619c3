"""Browser tests of the hub's pages: a real hub served by uvicorn on 127.0.0.1 and headless
Chromium driven by the ``playwright`` package.

Chromium is the distribution's (scripts/ensure-chromium installs it; ``playwright install`` is
not used). Without it the browser tests are skipped locally and FAIL in CI (env CI=true).
Set MOTCUA_HUB_SCREENSHOTS=DIR to save the pages the tests visit as DIR/<name>.png.

Test modules import the fixtures: ``from browser import browser_fixture, live_hub_fixture,
page_fixture``; tests then ask for ``browser``, ``live_hub`` and ``page``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from hub.app import create_app
from hub.service import Hub

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START = datetime(2027, 2, 4, 1, 30, tzinfo=UTC)  # 08:30 in Vietnam
PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._ready.set()  # also on failure, so start() never hangs


class LiveHub:
    """The real hub application (hub.app.create_app) on a free port of 127.0.0.1."""

    def __init__(self, db_url: str, start: datetime = START) -> None:
        # The hub's clock runs from ``start`` (the morning after the simulated counters' day),
        # so the agency's decisions come after the dossiers they concern.
        began = time.monotonic()
        self.app = create_app(
            db_url, clock=lambda: start + timedelta(seconds=time.monotonic() - began)
        )
        self.hub: Hub = self.app.state.hub
        self.agency = self.app.state.agency
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._ready = threading.Event()
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, timeout_graceful_shutdown=2
        )
        self._server = _Server(config, self._ready)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self.http = httpx.Client(base_url=self.url, timeout=30)  # for the simulated counters

    def start(self) -> LiveHub:
        self._thread.start()
        if not self._ready.wait(30) or not self._server.started:
            raise RuntimeError("the hub did not start")
        return self

    def stop(self) -> None:
        self.http.close()
        self._server.should_exit = True
        self._thread.join(30)


def chromium_path() -> str:
    """The browser, or skip (locally) / fail (CI) with the command that installs it."""
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}: run scripts/ensure-chromium (as root)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


# Named fixtures (``*_fixture`` in Python): a test module imports them under these names without
# its parameters shadowing an import.
@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Any]:
    # Per module, not per session: Playwright's sync API marks an asyncio loop as running in this
    # thread while it lives, so it must be stopped before another module (or asyncio code) runs.
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(name="page")
def page_fixture(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, locale="vi-VN")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(name="live_hub")
def live_hub_fixture(db_url: str) -> Iterator[LiveHub]:
    server = LiveHub(db_url).start()
    yield server
    server.stop()


def screenshot(page: Any, name: str) -> None:
    """Save the whole page as MOTCUA_HUB_SCREENSHOTS/<name>.png when that is set."""
    folder = os.environ.get("MOTCUA_HUB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
