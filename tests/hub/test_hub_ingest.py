"""Upload: idempotency, gaps, conflicts, manifests, office boundaries, limits."""

from __future__ import annotations

import gzip
import json
import threading

import sqlalchemy as sa
from hub_helpers import OTHER_NAME, OTHER_OFFICE, batch, enroll, upload

from app.storage.events import event_hash
from hub.db import conflicts, events
from hub.service import MAX_BYTES


def _stored(hub, device_id):
    with hub.engine.connect() as conn:
        return conn.execute(
            sa.select(events.c.seq, events.c.hash)
            .where(events.c.device_id == device_id)
            .order_by(events.c.seq)
        ).all()


def test_same_batch_twice_is_acknowledged_twice_and_stored_once(client, hub):
    counter = enroll(client, hub)
    body = batch(counter.device_id, counter.events(5))
    first = upload(client, counter, body)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "protocol": 1,
        "acked_seq": 5,
        "accepted": 5,
        "duplicates": 0,
        "refused": [],
    }
    assert first.headers["X-Motcua-Protocol"] == "1"
    again = upload(client, counter, body)
    assert again.json() == {
        "protocol": 1,
        "acked_seq": 5,
        "accepted": 0,
        "duplicates": 5,
        "refused": [],
    }
    stored = _stored(hub, counter.device_id)
    assert [s.seq for s in stored] == [1, 2, 3, 4, 5]
    assert [s.hash for s in stored] == [e["hash"] for e in body["events"]]


def test_overlapping_batch_stores_only_the_new_events(client, hub):
    counter = enroll(client, hub)
    upload(client, counter, batch(counter.device_id, counter.events(3)))
    overlap = counter.log[1:3] + counter.events(2)  # seqs 2..5
    r = upload(client, counter, batch(counter.device_id, overlap))
    assert r.json() == {
        "protocol": 1,
        "acked_seq": 5,
        "accepted": 2,
        "duplicates": 2,
        "refused": [],
    }
    old = upload(client, counter, batch(counter.device_id, counter.log[:2]))
    assert old.json()["acked_seq"] == 5  # the device's mark, not the batch's last seq
    assert len(_stored(hub, counter.device_id)) == 5


def test_plain_json_body_is_accepted_too(client, hub):
    counter = enroll(client, hub)
    r = client.post(
        "/api/v1/events",
        json=batch(counter.device_id, counter.events(2)),
        headers=counter.auth,
    )
    assert r.status_code == 200
    assert r.json()["acked_seq"] == 2
    empty = client.post("/api/v1/events", json=batch(counter.device_id, []), headers=counter.auth)
    assert empty.json() == {
        "protocol": 1,
        "acked_seq": 2,
        "accepted": 0,
        "duplicates": 0,
        "refused": [],
    }


def test_gap_is_refused_with_the_expected_seq(client, hub):
    counter = enroll(client, hub)
    upload(client, counter, batch(counter.device_id, counter.events(3)))
    counter.events(2)  # seqs 4, 5 never sent
    r = upload(client, counter, batch(counter.device_id, counter.events(2)))
    assert r.status_code == 422
    assert r.json()["error"] == "gap"
    assert r.json()["expected_seq"] == 4
    assert r.json()["protocol"] == 1
    resend = upload(client, counter, batch(counter.device_id, counter.log[3:]))
    assert resend.json()["acked_seq"] == 7


def test_conflict_is_refused_recorded_for_review_and_nothing_of_the_batch_applied(client, hub):
    counter = enroll(client, hub)
    upload(client, counter, batch(counter.device_id, counter.events(3)))
    # The counter lost its last event (restored backup) and wrote another seq 3, then seq 4.
    counter.seq, counter.last_hash = 2, counter.log[1]["hash"]
    forked = counter.events(2)
    body = batch(counter.device_id, forked)
    r = upload(client, counter, body)
    assert r.status_code == 409
    assert r.json()["error"] == "conflict"
    assert r.json()["seq"] == 3
    assert r.json()["kind"] == "hash_differs"
    stored = _stored(hub, counter.device_id)
    assert [s.seq for s in stored] == [1, 2, 3]  # seq 4 of the batch was not applied
    assert stored[2].hash != forked[0]["hash"]
    upload(client, counter, body)  # the same batch again: still one review row
    with hub.engine.connect() as conn:
        rows = conn.execute(sa.select(conflicts)).mappings().all()
    assert len(rows) == 1
    assert rows[0]["device_id"] == counter.device_id
    assert rows[0]["stored_hash"] == stored[2].hash
    assert json.loads(rows[0]["received_event"])["hash"] == forked[0]["hash"]
    assert hub.stats()["conflicts"] == 1


def test_chain_that_does_not_follow_the_stored_event_is_a_conflict(client, hub):
    counter = enroll(client, hub)
    upload(client, counter, batch(counter.device_id, counter.events(2)))
    counter.last_hash = "f" * 64  # seq 3 claims another predecessor
    r = upload(client, counter, batch(counter.device_id, counter.events(1)))
    assert r.status_code == 409
    assert r.json()["kind"] == "chain_fork"
    assert len(_stored(hub, counter.device_id)) == 2


def test_event_id_stored_under_another_key_is_a_conflict(client, hub):
    a = enroll(client, hub)
    b = enroll(client, hub)
    upload(client, a, batch(a.device_id, a.events(1)))
    stolen = b.events(1)[0]
    stolen["id"] = a.log[0]["id"]
    stolen["hash"] = event_hash(
        stolen["prev_hash"], stolen["device_id"], 1, stolen["id"], stolen["type"],
        stolen["entity_id"], stolen["payload"], stolen["at"], stolen["actor"],
    )  # fmt: skip
    r = upload(client, b, batch(b.device_id, [stolen]))
    assert r.status_code == 409
    assert r.json()["kind"] == "id_reused"


def test_manifest_mismatch_is_refused(client, hub):
    counter = enroll(client, hub)
    evs = counter.events(3)
    wrong_count = batch(counter.device_id, evs)
    wrong_count["manifest"]["count"] = 2
    wrong_sum = batch(counter.device_id, evs)
    wrong_sum["events"] = evs[:2]
    wrong_sum["manifest"]["count"] = 2
    for body in (wrong_count, wrong_sum):
        r = upload(client, counter, body)
        assert r.status_code == 400
        assert r.json()["error"] == "manifest_mismatch"
    assert _stored(hub, counter.device_id) == []


def test_broken_chain_inside_a_batch_is_refused(client, hub):
    counter = enroll(client, hub)
    evs = counter.events(3)
    tampered = [dict(e) for e in evs]
    tampered[1]["actor"] = "Người khác"  # content changed, hash kept
    skipped = [evs[0], evs[2]]
    same_id = [dict(e) for e in evs[:2]]
    same_id[1]["id"] = same_id[0]["id"]
    same_id[1]["hash"] = event_hash(
        same_id[1]["prev_hash"], counter.device_id, 2, same_id[1]["id"], same_id[1]["type"],
        same_id[1]["entity_id"], same_id[1]["payload"], same_id[1]["at"], same_id[1]["actor"],
    )  # fmt: skip
    for bad in (tampered, skipped, same_id):
        r = upload(client, counter, batch(counter.device_id, bad))
        assert r.status_code == 400
        assert r.json()["error"] == "invalid_batch"
        assert r.json()["seq"] in (2, 3)
        assert r.json()["message"].startswith("Gói dữ liệu không hợp lệ")
    assert _stored(hub, counter.device_id) == []


def test_device_writes_only_its_own_events(client, hub):
    mine = enroll(client, hub)
    other = enroll(client, hub, OTHER_OFFICE, OTHER_NAME)
    as_other = upload(client, mine, batch(other.device_id, other.events(1)))
    assert as_other.status_code == 403
    assert as_other.json()["error"] == "forbidden"
    smuggled = upload(client, mine, batch(mine.device_id, other.events(1)))
    assert smuggled.status_code == 403
    assert _stored(hub, other.device_id) == []


def test_missing_or_unknown_token_is_unauthorized(client, hub):
    counter = enroll(client, hub)
    body = batch(counter.device_id, counter.events(1))
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic x"}):
        r = client.post("/api/v1/events", json=body, headers=headers)
        assert r.status_code == 401
        assert r.json()["error"] == "unauthorized"
    # Without a token the hub says nothing about the body.
    assert client.post("/api/v1/events", json={"x": 1}).status_code == 401


def test_too_many_events_or_bytes_are_refused(client, hub):
    counter = enroll(client, hub)
    many = counter.events(1001)
    r = upload(client, counter, batch(counter.device_id, many))
    assert r.status_code == 413
    assert r.json()["error"] == "too_large"
    bomb = gzip.compress(b" " * (MAX_BYTES + 10))  # a few kB that inflate past the limit
    r = client.post(
        "/api/v1/events",
        content=bomb,
        headers={**counter.auth, "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    broken = client.post(
        "/api/v1/events",
        content=b"\x1f\x8b not gzip",
        headers={**counter.auth, "Content-Encoding": "gzip"},
    )
    assert broken.status_code == 400


def test_malformed_bodies_are_400_with_protocol_error(client, hub):
    counter = enroll(client, hub)
    good = batch(counter.device_id, counter.events(1))
    bad_seq = json.loads(json.dumps(good))
    bad_seq["events"][0]["seq"] = "1"  # strings are not numbers here
    extra = json.loads(json.dumps(good))
    extra["events"][0]["note"] = "x"
    nul = json.loads(json.dumps(good))
    nul["events"][0]["actor"] = "a\x00b"
    for body in (bad_seq, extra, nul):
        r = client.post("/api/v1/events", json=body, headers=counter.auth)
        assert r.status_code == 400
        assert r.json()["error"] == "invalid_request"
        assert r.headers["X-Motcua-Protocol"] == "1"
    not_json = client.post("/api/v1/events", content=b"<html>", headers=counter.auth)
    assert not_json.status_code == 400


def test_concurrent_uploads_of_one_batch_store_it_once(client, hub):
    counter = enroll(client, hub)
    body = batch(counter.device_id, counter.events(50))
    device = hub.authenticate(counter.token)
    acks, errors = [], []

    def send():
        try:
            acks.append(
                hub.ingest(
                    device,
                    device_id=counter.device_id,
                    batch_id=body["batch_id"],
                    manifest_count=50,
                    manifest_sha256_=body["manifest"]["sha256"],
                    events_=body["events"],
                )
            )
        except Exception as exc:  # collected so the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(a.accepted for a in acks) == [0, 0, 0, 0, 0, 50]
    assert {a.acked_seq for a in acks} == {50}
    assert len(_stored(hub, counter.device_id)) == 50
