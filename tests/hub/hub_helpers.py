"""Helpers for the hub tests: a simulated counter, batches, gzip, enrollment over HTTP."""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from app.domain.s10 import make_s10
from app.storage.events import GENESIS, canonical_json, event_hash
from hub.service import Hub

OFFICE = "000.00.04.H42"
OFFICE_NAME = "Bưu điện văn hóa xã Kỳ Bắc"
OTHER_OFFICE = "000.00.04.H40"
OTHER_NAME = "Bưu điện văn hóa xã Nghi Lộc"


@dataclass
class Counter:
    """A simulated counter: its identity, token and event chain, built with the counter's own
    hashing code (app.storage.events) so the hub is checked against the real client rules."""

    device_id: str
    token: str = ""
    counter_no: int = 0
    office: str = OFFICE
    seq: int = 0
    last_hash: str = GENESIS
    log: list[dict[str, Any]] = field(default_factory=list)

    def s10(self, n: int) -> str:
        """The ``n``-th S10 number of this simulated counter: a block of its own (derived from
        its id), as a counter numbering before it had leases would hold."""
        base = uuid.UUID(self.device_id).int % 8_000 * 10_000
        return make_s10("RA", base + n)

    def code(self, n: int, office: str = "") -> str:
        """Its ``n``-th dossier code: counter k numbers from k·1000 (k = 0 before enrolling)."""
        return f"{office or self.office}-270203-{self.counter_no * 1000 + n:04d}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def events(self, n: int, type_: str = "dossier.received") -> list[dict[str, Any]]:
        out = []
        for _ in range(n):
            self.seq += 1
            entity = str(uuid.uuid4())
            payload = canonical_json(
                {
                    "id": entity,
                    "code": self.code(self.seq),
                    "s10": self.s10(self.seq),
                    "received_at": f"2027-02-03T10:{self.seq % 60:02d}:00+07:00",
                    "applicant": {"full_name": "Nguyễn Thị Hồng Nhung"},
                }
            )
            e = {
                "device_id": self.device_id,
                "seq": self.seq,
                "id": str(uuid.uuid4()),
                "type": type_,
                "entity_id": entity,
                "payload": payload,
                "at": "2027-02-03T10:00:00+07:00",
                "actor": "Lê Văn Tâm",
                "prev_hash": self.last_hash,
            }
            e["hash"] = event_hash(
                e["prev_hash"], e["device_id"], e["seq"], e["id"], e["type"],
                e["entity_id"], e["payload"], e["at"], e["actor"],
            )  # fmt: skip
            self.last_hash = e["hash"]
            out.append(e)
        self.log.extend(out)
        return out


def batch(
    device_id: str, events: list[dict[str, Any]], batch_id: str | None = None
) -> dict[str, Any]:
    digest = hashlib.sha256(canonical_json(events).encode("utf-8")).hexdigest()
    return {
        "protocol": 1,
        "device_id": device_id,
        "batch_id": batch_id or str(uuid.uuid4()),
        "manifest": {"count": len(events), "sha256": digest},
        "events": events,
    }


def gzipped(body: dict[str, Any]) -> bytes:
    return gzip.compress(json.dumps(body, ensure_ascii=False).encode("utf-8"))


def enroll(client: TestClient, hub: Hub, office: str = OFFICE, name: str = OFFICE_NAME) -> Counter:
    counter = Counter(device_id=str(uuid.uuid4()), office=office)
    code = hub.create_enroll_code(office, name).code
    r = client.post(
        "/api/v1/enroll",
        json={"code": code, "device_id": counter.device_id, "counter_name": "Quầy 1"},
    )
    assert r.status_code == 200, r.text
    counter.token = r.json()["token"]
    counter.counter_no = r.json()["counter_no"]
    return counter


def upload(client: TestClient, counter: Counter, body: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/events",
        content=gzipped(body),
        headers={**counter.auth, "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
