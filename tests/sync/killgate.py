"""An ASGI gate in front of the real hub that holds one chosen upload until the test lets it go.

The crash test kills the counter's process while the gate holds the N-th upload of a run, so every
kill lands at a point of the upload's progress chosen in advance — never at a moment of the wall
clock that a fast machine has already passed or a slow one has not reached yet.

Stages at which the held upload is stopped:

* ``drop``: before the hub reads the request; after the kill the hub never sees it;
* ``late``: before the hub reads it; after the kill the hub handles it anyway (it may store the
  events of a client that is gone: the outcome the client never learns);
* ``answer``: after the hub has committed the batch, before its answer leaves.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UPLOAD_PATH = "/api/v1/events"
STAGES = ("drop", "late", "answer")


@dataclass
class _Arming:
    at: int | None = None
    stage: str = "answer"
    seen: int = 0
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class KillGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._arming = _Arming()

    def arm(self, at: int, stage: str) -> _Arming:
        """Hold the ``at``-th upload (1 = the next one) at ``stage``; returns its events."""
        if stage not in STAGES or at < 1:
            raise ValueError(f"bad arming {at} {stage}")
        with self._lock:
            self._arming.release.set()  # never leave an earlier request waiting
            self._arming = _Arming(at=at, stage=stage)
            return self._arming

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != UPLOAD_PATH:
            await self.app(scope, receive, send)
            return
        with self._lock:
            arming = self._arming
            arming.seen += 1
            hold = arming.seen == arming.at
        if not hold:
            await self.app(scope, receive, send)
            return
        if arming.stage != "answer":
            arming.reached.set()
            await anyio.to_thread.run_sync(arming.release.wait)
            if arming.stage == "late":
                await self.app(scope, receive, send)
            return

        async def held(message: Message) -> None:
            if message["type"] == "http.response.start":
                arming.reached.set()
                await anyio.to_thread.run_sync(arming.release.wait)
            await send(message)

        await self.app(scope, receive, held)
