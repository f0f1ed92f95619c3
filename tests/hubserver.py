"""The real hub (hub.app.create_app) served by uvicorn on 127.0.0.1 in a background thread."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import uvicorn
from starlette.types import ASGIApp

from hub.app import create_app
from hub.common import RateLimit
from hub.db import events as hub_events
from hub.enrollment import EnrollGuard
from hub.service import Hub, utc_now

OFFICE = "000.00.04.H42"
OFFICE_NAME = "Bưu điện văn hóa xã Kỳ Bắc"


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._ready.set()  # also on failure, so start() never hangs


class HubServer:
    def __init__(
        self,
        db_url: str,
        *,
        certfile: str | None = None,
        keyfile: str | None = None,
        wrap: Callable[[ASGIApp], ASGIApp] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        # ``clock``: the tests' simulated time, shared with the counters (leases follow days).
        # Every test counter enrolls from 127.0.0.1: the production limits (10 a minute per
        # client, 30 an hour per office) are tested on their own in tests/hub/test_hub_enroll.py.
        roomy = EnrollGuard(RateLimit(10_000, 60.0), RateLimit(10_000, 3600.0))
        self.app = create_app(
            db_url,
            clock=(lambda: clock().astimezone(UTC)) if clock else utc_now,
            enroll_limits=roomy,
        )
        self.hub: Hub = self.app.state.hub
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self._ready = threading.Event()
        self.scheme = "https" if certfile else "http"
        config = uvicorn.Config(
            wrap(self.app) if wrap else self.app,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
        )
        self._server = _Server(config, self._ready)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> HubServer:
        self._thread.start()
        if not self._ready.wait(30) or not self._server.started:
            raise RuntimeError("the hub did not start")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(30)

    # ------------------------------------------------------------ what tests ask the hub

    def enroll_code(self, office: str = OFFICE, name: str = OFFICE_NAME) -> str:
        return self.hub.create_enroll_code(office, name).code

    def events_of(self, device_id: str) -> list[dict[str, Any]]:
        """Every event the hub stores for ``device_id``, in seq order."""
        with self.hub.engine.connect() as conn:
            rows = conn.execute(
                sa.select(hub_events.c.seq, hub_events.c.id, hub_events.c.hash)
                .where(hub_events.c.device_id == device_id)
                .order_by(hub_events.c.seq)
            ).mappings()
            return [dict(r) for r in rows]
