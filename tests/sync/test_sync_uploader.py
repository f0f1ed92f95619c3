"""The upload body: canonical JSON, its manifest over exactly the events sent."""

from __future__ import annotations

import gzip
import hashlib
import json

from app.services.intake import receive_dossier
from app.storage import sync_state
from app.storage.events import canonical_json
from app.sync.uploader import build_body, encode_batch


def test_an_upload_body_is_canonical_json_with_a_matching_manifest(ws, request_for):
    receive_dossier(ws, request_for())
    events = sync_state.outbox(ws.db, ws.device_id, 0, 10)
    body = build_body(ws.device_id, "batch-1", events)
    parsed = json.loads(body)
    assert body == canonical_json(parsed).encode("utf-8")
    assert parsed["events"] == events and parsed["protocol"] == 1
    digest = hashlib.sha256(canonical_json(events).encode("utf-8")).hexdigest()
    assert parsed["manifest"] == {"count": len(events), "sha256": digest}


def test_the_encoded_batch_is_the_gzipped_body(ws, receive_many):
    receive_many(20)
    events = sync_state.outbox(ws.db, ws.device_id, 0, 500)
    encoded = encode_batch(ws.device_id, "batch-2", events)
    assert gzip.decompress(encoded) == build_body(ws.device_id, "batch-2", events)
    assert len(encoded) < len(build_body(ws.device_id, "batch-2", events)) / 4
