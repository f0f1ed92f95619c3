"""A small HTTP/1.1 proxy on 127.0.0.1 that injects network faults between the counter and the hub.

Each request takes the next queued fault whose path prefix matches (else it passes through):

* ``drop_before``: close the connection before anything reaches the hub;
* ``drop_after``:  forward, let the hub answer (and commit), then close without forwarding it;
* ``delay``:       hold the request ``delay`` seconds before forwarding (the client times out,
                   the hub still commits later);
* ``proxy_503``:   answer a proxy's HTML 503 page (never reaches the hub);
* ``html_200``:    answer a captive portal's HTML login page with status 200;
* ``json_200``:    a 200 JSON body without the protocol header (a proxy that rewrites answers);
* ``busy_429``:    a hub-shaped 429 with ``Retry-After`` (never reaches the hub);
* ``truncate``:    forward, then send the hub's headers and only half of its body;
* ``pass``:        forward unchanged.

Every connection is handled by its own thread and uses ``Connection: close`` on both legs, so one
connection carries one request.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque
from dataclasses import dataclass

FAULTS = frozenset(
    {"pass", "drop_before", "drop_after", "delay", "proxy_503", "html_200", "json_200",
     "busy_429", "truncate"}
)  # fmt: skip

_PORTAL = (
    b"<!DOCTYPE html><html><head><title>Dang nhap Wi-Fi</title></head>"
    b"<body><form action='/login'>Vui long dang nhap</form></body></html>"
)


@dataclass
class Seen:
    method: str
    path: str
    fault: str
    reached_hub: bool
    body: bytes


def _read_request(conn: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return head, rest[:length]


def _with_close(head: bytes) -> bytes:
    lines = [
        line
        for line in head.split(b"\r\n")
        if line.split(b":", 1)[0].strip().lower() not in (b"connection", b"keep-alive")
    ]
    return b"\r\n".join([*lines, b"Connection: close"])


def _response(status: str, content_type: str, body: bytes, extra: str = "") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


class FaultProxy:
    def __init__(self, upstream_port: int, *, delay: float = 1.0) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.delay = delay
        self._queue: deque[tuple[str, str]] = deque()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.seen: list[Seen] = []
        self._acceptor = threading.Thread(target=self._accept, name="faultproxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._acceptor.start()
        return self

    def push(self, *faults: str, path: str = "") -> None:
        """Queue faults for the next requests whose path starts with ``path``."""
        for fault in faults:
            if fault not in FAULTS:
                raise ValueError(fault)
        with self._lock:
            self._queue.extend((fault, path) for fault in faults)

    def uploads(self) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.method == "POST" and s.path == "/api/v1/events"]

    def pending_faults(self) -> int:
        with self._lock:
            return len(self._queue)

    def _take(self, path: str) -> str:
        with self._lock:
            for i, (fault, prefix) in enumerate(self._queue):
                if path.startswith(prefix):
                    del self._queue[i]
                    return fault
        return "pass"

    def join_connections(self, timeout: float = 30.0) -> None:
        """Wait until every connection so far (delayed ones included) is finished."""
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(timeout)

    def stop(self) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        self._listener.close()
        self._acceptor.join(5)
        self.join_connections(10)

    # ------------------------------------------------------------ internals

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            t = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            with self._lock:
                self._threads.append(t)
            t.start()

    def _handle(self, conn: socket.socket) -> None:
        # OSError: the client gave up (it timed out), exactly what some faults provoke.
        with conn, contextlib.suppress(OSError):
            self._serve(conn)

    def _serve(self, conn: socket.socket) -> None:
        request = _read_request(conn)
        if request is None:
            return
        head, body = request
        method, path = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")[:2]
        fault = self._take(path)
        reached = fault in ("pass", "drop_after", "delay", "truncate")
        with self._lock:
            self.seen.append(Seen(method, path, fault, reached, body))
        if fault == "drop_before":
            return
        if fault == "html_200":
            conn.sendall(_response("200 OK", "text/html; charset=utf-8", _PORTAL))
            return
        if fault == "json_200":
            conn.sendall(_response("200 OK", "application/json", b'{"status":"ok"}'))
            return
        if fault == "proxy_503":
            conn.sendall(_response("503 Service Unavailable", "text/html", b"<h1>Bad gateway</h1>"))
            return
        if fault == "busy_429":
            conn.sendall(
                _response(
                    "429 Too Many Requests",
                    "application/json",
                    '{"protocol":1,"error":"busy","message":"Máy chủ đang bận."}'.encode(),
                    "X-Motcua-Protocol: 1\r\nRetry-After: 7\r\n",
                )
            )
            return
        if fault == "delay" and self._stopping.wait(self.delay):
            return
        answer = self._forward(_with_close(head) + b"\r\n\r\n" + body)
        if fault == "drop_after":
            return
        if fault == "truncate":
            top, _, rest = answer.partition(b"\r\n\r\n")
            conn.sendall(top + b"\r\n\r\n" + rest[: len(rest) // 2])
            return
        conn.sendall(answer)

    def _forward(self, raw: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=30) as up:
            up.sendall(raw)
            chunks = []
            while chunk := up.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)
