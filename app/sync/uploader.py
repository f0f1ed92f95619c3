"""Uploading the outbox: this device's events after the hub's acknowledged mark, in batches.

Each batch has three possible outcomes:

* **acknowledged**: a real hub answer (200) → the acked mark moves to the hub's ``acked_seq``;
* **rejected**: the hub said no (4xx) → the batch stops and the hub's message is shown; a 422 gap
  re-reads the acked mark from ``/devices/me`` and continues from there;
* **unknown**: timeout, dropped connection, 5xx, captive portal, truncated answer → nothing
  changes locally, and the *same* batch (same ``batch_id``, same events) is sent next time.

The batch in flight is saved (committed) *before* it is sent, so a restart after a crash or a
SIGKILL resends the same batch too; the hub acknowledges duplicates without storing them twice.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.storage import sync_state
from app.storage.connection import Database
from app.storage.db import transaction
from app.storage.events import canonical_json
from app.sync.client import PROTOCOL, HubClient, HubRefused, HubUnknown

log = logging.getLogger("motcua.sync")

MAX_BATCH = 500
# Level 1 already shrinks a batch ~10×; higher levels cost CPU for a few percent more.
GZIP_LEVEL = 1


class BatchOutcome(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    REJECTED = "rejected"
    UNKNOWN = "unknown"


@dataclass
class UploadResult:
    outcome: BatchOutcome = BatchOutcome.ACKNOWLEDGED
    batches: int = 0  # batches acknowledged
    accepted: int = 0
    duplicates: int = 0
    acked_seq: int = 0
    message: str = ""  # Vietnamese, empty when everything was acknowledged
    code: str = ""  # the hub's error code when it refused
    retry_after: float | None = None
    # Dossiers the hub stored but did not apply (numbers not this counter's), in its words.
    refused: list[str] = field(default_factory=list)


def build_body(device_id: str, batch_id: str, events: list[dict[str, Any]]) -> bytes:
    """The upload body (uncompressed), manifest included.

    The events are serialized once: the manifest's checksum is over exactly that text, and the
    body is assembled around it (its key order matches the canonical form anyway).
    """
    events_json = canonical_json(events).encode("utf-8")
    digest = hashlib.sha256(events_json).hexdigest()
    manifest = canonical_json({"count": len(events), "sha256": digest})
    head = f'{{"batch_id":{canonical_json(batch_id)},"device_id":{canonical_json(device_id)},'
    tail = f',"manifest":{manifest},"protocol":{PROTOCOL}}}'
    return b"".join([f'{head}"events":'.encode(), events_json, tail.encode()])


def _next_batch(
    db: Database, device_id: str, batch_size: int
) -> tuple[sync_state.InFlight, list[dict[str, Any]]] | None:
    """The batch to send: the one in flight if any (unchanged), else a new one from the mark."""
    current = sync_state.inflight(db)
    if current is not None:
        events = sync_state.outbox_range(db, device_id, current.first_seq, current.last_seq)
        if len(events) == current.last_seq - current.first_seq + 1:
            return current, events
        # Cannot happen with an append-only log; start afresh rather than send a torn batch.
        log.warning("batch in flight %s no longer matches the log; dropped", current.batch_id)
    acked = sync_state.acked_seq(db)
    events = sync_state.outbox(db, device_id, acked, batch_size)
    if not events:
        if current is not None:
            with transaction(db):
                sync_state.set_inflight(db, None)
        return None
    batch = sync_state.InFlight(str(uuid.uuid4()), events[0]["seq"], events[-1]["seq"])
    with transaction(db):
        # Committed before the first byte leaves: a crash after this resends this very batch.
        sync_state.set_inflight(db, batch)
    return batch, events


def encode_batch(device_id: str, batch_id: str, events: list[dict[str, Any]]) -> bytes:
    return gzip.compress(build_body(device_id, batch_id, events), GZIP_LEVEL)


def upload_outbox(
    db: Database,
    device_id: str,
    client: HubClient,
    *,
    batch_size: int = MAX_BATCH,
    should_stop: Callable[[], bool] = lambda: False,
) -> UploadResult:
    """Send batches until the outbox is empty or a batch is rejected or has an unknown outcome.

    While one batch travels, the next one is read and encoded on a helper thread (JSON and gzip
    would otherwise double the client's time on a fast link); it becomes the batch in flight in
    the same transaction that records the previous acknowledgement.
    """
    batch_size = max(1, min(batch_size, MAX_BATCH))
    result = UploadResult(acked_seq=sync_state.acked_seq(db))
    gaps = 0
    prepared: tuple[sync_state.InFlight, Future[bytes]] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="motcua-sync-encode") as pool:
        while not should_stop():
            if prepared is not None:
                batch, encoded = prepared
                body = encoded.result()
                prepared = None
            else:
                nxt = _next_batch(db, device_id, batch_size)
                if nxt is None:
                    break
                batch, events = nxt
                body = encode_batch(device_id, batch.batch_id, events)
            upcoming = sync_state.outbox(db, device_id, batch.last_seq, batch_size)
            following = None
            if upcoming:
                following = sync_state.InFlight(
                    str(uuid.uuid4()), upcoming[0]["seq"], upcoming[-1]["seq"]
                )
                encoding = pool.submit(encode_batch, device_id, following.batch_id, upcoming)
            try:
                answer = client.upload(body)
                acked = _acked_seq(answer)
            except HubUnknown as exc:
                log.info("batch %s: outcome unknown (status %s)", batch.batch_id, exc.status)
                return _failed(result, exc)
            except HubRefused as exc:
                # A definite "no": nothing of the batch was applied, so it may be rebuilt.
                with transaction(db):
                    sync_state.set_inflight(db, None)
                if exc.code == "gap" and gaps < 3:
                    # The hub lacks events before this batch (say its database was restored):
                    # ask where it stands and continue from there.
                    gaps += 1
                    try:
                        acked = _acked_seq(client.me())
                    except (HubUnknown, HubRefused) as inner:
                        return _failed(result, inner)
                    with transaction(db):
                        sync_state.set_acked_seq(db, acked)
                    result.acked_seq = acked
                    continue
                if exc.code == "too_large" and batch_size > 1:
                    batch_size = max(1, batch_size // 2)
                    continue
                log.warning("batch %s rejected: %s", batch.batch_id, exc.code)
                return _failed(result, exc)
            carry_on = following is not None and acked == batch.last_seq and not should_stop()
            with transaction(db):
                sync_state.set_acked_seq(db, acked)
                # The next batch is in flight from this commit on: one commit per batch.
                sync_state.set_inflight(db, following if carry_on else None)
            if carry_on and following is not None:
                prepared = (following, encoding)
            result.batches += 1
            result.accepted += int(answer.get("accepted", 0) or 0)
            result.duplicates += int(answer.get("duplicates", 0) or 0)
            for item in answer.get("refused") or []:
                if isinstance(item, dict):
                    log.warning("event %s refused by the hub: %s", item.get("seq"),
                                item.get("kind"))  # fmt: skip
                    result.refused.append(
                        f"Bưu điện tỉnh không nhận hồ sơ (sự kiện số {item.get('seq')}): "
                        f"{item.get('message', '')}"
                    )
            result.acked_seq = acked
            if acked < batch.last_seq:
                # The hub acknowledged less than it was sent without saying why: stop instead
                # of sending the same events in a loop.
                result.outcome = BatchOutcome.REJECTED
                result.message = (
                    f"Máy chủ tỉnh chỉ xác nhận đến sự kiện số {acked}, ít hơn số đã gửi "
                    f"({batch.last_seq}). Hãy báo bưu điện tỉnh kiểm tra máy chủ."
                )
                return result
    return result


def _failed(result: UploadResult, exc: HubUnknown | HubRefused) -> UploadResult:
    unknown = isinstance(exc, HubUnknown)
    result.outcome = BatchOutcome.UNKNOWN if unknown else BatchOutcome.REJECTED
    result.message, result.code, result.retry_after = exc.message, exc.code, exc.retry_after
    return result


def _acked_seq(answer: dict[str, Any]) -> int:
    value = answer.get("acked_seq")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise HubUnknown(
            "Câu trả lời của máy chủ tỉnh thiếu số xác nhận (acked_seq). Dữ liệu sẽ được gửi lại "
            "tự động, không bị trùng."
        )
    return value
