"""The hub over real HTTP (uvicorn on a free local port), and what it writes to its logs."""

from __future__ import annotations

import gzip
import json
import logging
import socket
import threading
import uuid
from collections.abc import Iterator

import pytest
import requests
import sqlalchemy as sa
import uvicorn
from hub_helpers import OFFICE, OFFICE_NAME, Counter, batch

from hub.app import create_app
from hub.db import devices


@pytest.fixture
def live(db_url: str, clock) -> Iterator[tuple[str, object]]:
    """A uvicorn server in a thread; its socket is listening before the thread starts, so the
    first request simply waits in the backlog instead of racing the start-up."""
    app = create_app(db_url, clock=clock)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    # log_config=None: keep pytest's logging, so uvicorn's access lines reach caplog too.
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", app.state.hub
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        assert not thread.is_alive()


def _post_gzip(url: str, token: str, body: dict) -> requests.Response:
    return requests.post(
        url,
        data=gzip.compress(json.dumps(body, ensure_ascii=False).encode("utf-8")),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
        },
        timeout=30,
    )


def test_sync_round_trip_over_real_http(live):
    base, hub = live
    with requests.Session() as http:
        health = http.get(f"{base}/api/v1/health", timeout=30)
        assert health.status_code == 200
        assert health.headers["X-Motcua-Protocol"] == "1"
        assert health.headers["Content-Type"].startswith("application/json")
        assert health.json()["status"] == "ok"

        counter = Counter(device_id=str(uuid.uuid4()))
        code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
        enrolled = http.post(
            f"{base}/api/v1/enroll",
            json={"code": code, "device_id": counter.device_id, "counter_name": "Quầy 1"},
            timeout=30,
        ).json()
        counter.token = enrolled["token"]

        body = batch(counter.device_id, counter.events(200))
        ack = _post_gzip(f"{base}/api/v1/events", counter.token, body)
        assert ack.status_code == 200
        assert ack.json() == {
            "protocol": 1,
            "acked_seq": 200,
            "accepted": 200,
            "duplicates": 0,
            "refused": [],
        }
        again = _post_gzip(f"{base}/api/v1/events", counter.token, body)
        assert again.json()["duplicates"] == 200

        hub.publish_range(OFFICE, counter.device_id, "s10", 1, 1000, prefix="RA")
        feed = http.get(
            f"{base}/api/v1/feed",
            params={"after": 0},
            headers={"Authorization": f"Bearer {counter.token}"},
            timeout=30,
        )
        assert feed.json()["items"][0]["data"]["prefix"] == "RA"

        missing = http.get(f"{base}/api/v1/nowhere", timeout=30)
        assert missing.status_code == 404
        assert missing.headers["X-Motcua-Protocol"] == "1"
        assert missing.json()["protocol"] == 1
        assert missing.json()["error"] == "not_found"

        spec = http.get(f"{base}/openapi.json", timeout=30).json()
        ack_schema = spec["paths"]["/api/v1/events"]["post"]["responses"]["200"]
        assert ack_schema["content"]["application/json"]["schema"]["$ref"].endswith("/Ack")


def test_tokens_never_reach_the_logs_or_the_database(live, caplog):
    caplog.set_level(logging.DEBUG)
    base, hub = live
    counter = Counter(device_id=str(uuid.uuid4()))
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    token = requests.post(
        f"{base}/api/v1/enroll",
        json={"code": code, "device_id": counter.device_id},
        timeout=30,
    ).json()["token"]
    counter.token = token
    assert _post_gzip(f"{base}/api/v1/events", token, batch(counter.device_id, counter.events(3)))
    forked = Counter(device_id=counter.device_id, seq=2, last_hash=counter.log[1]["hash"])
    conflict = _post_gzip(
        f"{base}/api/v1/events", token, batch(counter.device_id, forked.events(1))
    )
    assert conflict.status_code == 409
    # A token pasted where the code goes, and a malformed body: neither may be echoed to logs.
    requests.post(f"{base}/api/v1/enroll", json={"code": token[:60], "device_id": "x"}, timeout=30)
    requests.post(f"{base}/api/v1/enroll", json={"code": token, "device_id": 5}, timeout=30)
    hub.revoke(counter.device_id)
    refused = requests.get(
        f"{base}/api/v1/devices/me", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert refused.status_code == 401

    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "POST /api/v1/events" in logged  # the access log was captured
    assert "conflicting event" in logged
    assert token not in logged
    assert token[:16] not in logged
    assert code.replace("-", "") not in logged.replace("-", "")
    with hub.engine.connect() as conn:
        rows = [tuple(map(str, r)) for r in conn.execute(sa.select(devices))]
    assert rows
    assert not any(token in value for row in rows for value in row)
