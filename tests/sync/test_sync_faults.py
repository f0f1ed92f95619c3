"""Network faults between the counter and the real hub (a fault-injection proxy on 127.0.0.1).

Whatever goes wrong, an unknown outcome leaves the counter's marks alone, the same batch (same
batch_id, same events) is sent again, and once the faults stop the hub holds every event
exactly once.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from synchelp import batch_of, local_events

from app.services import sync as sync_service
from app.storage import sync_state
from app.storage.db import transaction
from app.storage.downstream import downstream_log
from app.storage.settings import set_setting
from app.sync import credentials
from app.sync.client import CAPTIVE_PORTAL, HubUnknown
from app.sync.engine import Outcome

# What the operator reads for each fault (Vietnamese; each says the data will be resent).
SAYS = {
    "drop_before": "giữa chừng, chưa biết máy chủ đã nhận hay chưa",
    "drop_after": "giữa chừng, chưa biết máy chủ đã nhận hay chưa",
    "delay": "không trả lời kịp",
    "proxy_503": "máy trung gian trên mạng (proxy, tường lửa) trả lời thay máy chủ tỉnh (mã 503)",
    "html_200": "Mạng đang chuyển hướng (có thể cần đăng nhập Wi-Fi)",
    "json_200": "Mạng đang chuyển hướng (có thể cần đăng nhập Wi-Fi)",
    "truncate": "bị ngắt giữa chừng",
    "busy_429": "đang quá tải (mã 429): «Máy chủ đang bận.»",
}
FAULTS = list(SAYS)


def _setup(ws, hub_server, proxy_for, *, timeout: float = 0.5):
    proxy = proxy_for(hub_server, delay=timeout * 3)
    sync_service.enroll(ws, proxy.url, hub_server.enroll_code())
    with transaction(ws.db):
        set_setting(ws.db, sync_service.TIMEOUT, timeout)
    return proxy


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_is_an_unknown_outcome_and_the_same_batch_is_resent(
    fault, ws, hub_server, proxy_for, receive_many
):
    proxy = _setup(ws, hub_server, proxy_for)
    receive_many(30)
    everything = local_events(ws)
    proxy.push(fault, path="/api/v1/events")

    first = sync_service.sync_once(ws)

    assert first.outcome is Outcome.UNKNOWN
    assert first.pending == len(everything) and sync_state.acked_seq(ws.db) == 0
    assert sync_state.inflight(ws.db) is not None
    assert SAYS[fault] in first.message and "không bị trùng" in first.message
    if fault in ("html_200", "json_200"):
        assert first.message == CAPTIVE_PORTAL
    if fault == "busy_429":
        assert first.retry_after == 7
    health = sync_service.sync_health(ws)
    assert health.online is False and health.last_error == first.message
    assert health.last_success is None and health.pending == len(everything)

    proxy.join_connections()  # a delayed request reaches the hub (and commits) meanwhile
    reached = proxy.uploads()[0].reached_hub
    assert hub_server.events_of(ws.device_id) == (everything if reached else [])
    # The link is healthy again: the usual patience, not the 0.5 s that made the faults quick
    # (under a loaded test run the hub may take longer than that to store the batch).
    with transaction(ws.db):
        set_setting(ws.db, sync_service.TIMEOUT, 30.0)

    second = sync_service.sync_once(ws)

    assert second.ok, second.message
    sent = [batch_of(s.body) for s in proxy.uploads()]
    assert len(sent) == 2
    assert sent[0]["batch_id"] == sent[1]["batch_id"]
    assert sent[0]["events"] == sent[1]["events"]
    assert (second.uploaded, second.duplicates) == ((0, 30 + 2) if reached else (30 + 2, 0))
    assert hub_server.events_of(ws.device_id) == everything
    assert sync_state.inflight(ws.db) is None
    assert sync_service.sync_health(ws).last_error == ""


def test_a_storm_of_faults_then_the_outbox_drains_exactly_once(
    ws, hub_server, proxy_for, receive_many
):
    proxy = _setup(ws, hub_server, proxy_for, timeout=0.3)
    with transaction(ws.db):
        set_setting(ws.db, sync_service.BATCH_SIZE, 40)
    receive_many(300)
    hub_server.hub.publish_calendar(date(2027, 2, 13), True, "Làm bù")
    rng = random.Random(4)
    proxy.push(*(rng.choice(FAULTS) for _ in range(30)), path="/api/v1/")

    outcomes = []
    for _ in range(200):
        report = sync_service.sync_once(ws)
        outcomes.append(report.outcome)
        if report.ok and proxy.pending_faults() == 0:
            break
    proxy.join_connections()
    final = sync_service.sync_once(ws)

    assert final.ok, final.message
    assert Outcome.UNKNOWN in outcomes and Outcome.REJECTED not in outcomes
    assert hub_server.events_of(ws.device_id) == local_events(ws)
    assert hub_server.hub.list_conflicts() == []
    assert len(downstream_log(ws.db)) == 1  # the feed item applied once, whatever happened


def test_a_truncated_feed_page_applies_nothing_and_keeps_the_cursor(ws, hub_server, proxy_for):
    proxy = _setup(ws, hub_server, proxy_for)
    hub_server.hub.publish_calendar(date(2027, 2, 13), True, "Làm bù")
    proxy.push("truncate", path="/api/v1/feed")

    first = sync_service.sync_once(ws)

    assert first.outcome is Outcome.UNKNOWN
    assert sync_state.feed_cursor(ws.db) == 0 and downstream_log(ws.db) == []
    second = sync_service.sync_once(ws)
    assert second.ok and second.downstream_applied == 1
    assert ws.calendar.is_working_day(date(2027, 2, 13))
    assert len(downstream_log(ws.db)) == 1


def test_enrollment_answer_lost_after_the_hub_committed_can_be_retried(ws, hub_server, proxy_for):
    proxy = proxy_for(hub_server)
    code = hub_server.enroll_code()
    proxy.push("drop_after", path="/api/v1/enroll")
    with pytest.raises(HubUnknown):
        sync_service.enroll(ws, proxy.url, code)
    assert credentials.get_token(ws.device_id) is None

    result = sync_service.enroll(ws, proxy.url, code)  # the same one-time code, same device

    assert result.counter_no == 1
    assert sync_service.sync_once(ws).ok
    assert hub_server.events_of(ws.device_id) == local_events(ws)


def test_a_captive_portal_during_enrollment_is_named(ws, hub_server, proxy_for):
    proxy = proxy_for(hub_server)
    proxy.push("html_200", path="/api/v1/enroll")
    with pytest.raises(HubUnknown) as caught:
        sync_service.enroll(ws, proxy.url, hub_server.enroll_code())
    assert caught.value.message == CAPTIVE_PORTAL
    assert credentials.get_token(ws.device_id) is None
