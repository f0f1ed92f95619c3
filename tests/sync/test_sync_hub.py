"""The counter against the real hub over HTTP on 127.0.0.1 (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hubserver import OFFICE, HubServer
from synchelp import batch_of, local_events

from app.domain.catalog_format import catalog_to_dict
from app.services import sync as sync_service
from app.services.intake import receive_dossier
from app.services.workstation import Workstation, open_workstation, shipped_catalog
from app.storage import sync_state
from app.storage.db import transaction
from app.storage.downstream import downstream_log
from app.storage.events import event_hash
from app.storage.numbers import code_block
from app.storage.settings import all_settings, set_setting
from app.sync import credentials
from app.sync.client import HubRefused
from app.sync.engine import Outcome


def enroll(ws: Workstation, server: HubServer) -> sync_service.Enrollment:
    return sync_service.enroll(ws, server.url, server.enroll_code())


def test_enroll_then_sync_stores_every_event_exactly_once(ws, hub_server, receive_many):
    result = enroll(ws, hub_server)
    assert result.office_code == OFFICE
    assert result.counter_no == 1
    token = credentials.get_token(ws.device_id)
    assert token and token not in json.dumps(all_settings(ws.db), ensure_ascii=False)
    receive_many(40)

    report = sync_service.sync_once(ws)

    assert report.outcome is Outcome.OK, report.message
    mine = local_events(ws)
    assert report.uploaded == len(mine) and report.duplicates == 0
    assert report.pending == 0 and report.acked_seq == mine[-1]["seq"]
    assert hub_server.events_of(ws.device_id) == mine
    exported = hub_server.hub.export(OFFICE)
    codes = {d["code"] for d in exported["dossiers"]}
    local_codes = {r[0] for r in ws.db.execute("SELECT code FROM dossiers")}
    assert codes == local_codes and len(codes) == 40
    health = sync_service.sync_health(ws)
    assert health.online and health.pending == 0 and health.last_error == ""
    assert health.last_success == ws.now()

    again = sync_service.sync_once(ws)
    assert again.ok and again.batches == 0 and again.uploaded == 0
    assert hub_server.events_of(ws.device_id) == mine


def test_uploads_in_gzip_batches_of_at_most_500(ws, hub_server, proxy_for, receive_many):
    proxy = proxy_for(hub_server)
    sync_service.enroll(ws, proxy.url, hub_server.enroll_code())
    receive_many(1100)

    report = sync_service.sync_once(ws)

    assert report.ok, report.message
    sizes = [len(batch_of(s.body)["events"]) for s in proxy.uploads()]
    assert sizes == [500, 500, len(local_events(ws)) - 1000]
    assert report.batches == 3
    assert hub_server.events_of(ws.device_id) == local_events(ws)


def test_gap_rereads_the_acked_mark_and_continues(ws, hub_server, receive_many):
    enroll(ws, hub_server)
    receive_many(5)
    assert sync_service.sync_once(ws).ok
    stored = len(hub_server.events_of(ws.device_id))
    receive_many(10)
    with transaction(ws.db):  # the counter believes the hub has more than it has
        sync_state.set_acked_seq(ws.db, stored + 4)

    report = sync_service.sync_once(ws)

    assert report.ok, report.message
    assert hub_server.events_of(ws.device_id) == local_events(ws)
    assert sync_state.acked_seq(ws.db) == local_events(ws)[-1]["seq"]


def test_a_conflict_stops_the_batch_and_shows_the_hubs_message(ws, hub_server, receive_many):
    enroll(ws, hub_server)
    receive_many(3)
    assert sync_service.sync_once(ws).ok
    # The last event is rewritten after the hub stored it (a restored old backup would do it).
    last = ws.db.execute(
        "SELECT device_id, seq, id, type, entity_id, payload, at, actor, prev_hash FROM events"
        " WHERE device_id = ? ORDER BY seq DESC LIMIT 1",
        [ws.device_id],
    ).fetchone()
    payload = last[5].replace("Nguyễn", "Trần")
    digest = event_hash(last[8], last[0], last[1], last[2], last[3], last[4], payload, *last[6:8])
    ws.db.execute("DROP TRIGGER events_no_update")
    ws.db.execute(
        "UPDATE events SET payload = ?, hash = ? WHERE device_id = ? AND seq = ?",
        [payload, digest, ws.device_id, last[1]],
    )
    with transaction(ws.db):
        sync_state.set_acked_seq(ws.db, last[1] - 1)

    report = sync_service.sync_once(ws)

    assert report.outcome is Outcome.REJECTED and report.code == "conflict"
    hub_words = report.message.split("«", 1)[1]
    assert len(hub_words) > 20  # the hub's own sentence, quoted
    health = sync_service.sync_health(ws)
    assert health.online is True and health.last_error == report.message
    assert health.pending == 1
    assert sync_state.inflight(ws.db) is None  # a refused batch is not "in flight"


def test_a_revoked_counter_is_told_to_enroll_again(ws, hub_server, receive_many):
    enroll(ws, hub_server)
    receive_many(2)
    hub_server.hub.revoke(ws.device_id)

    report = sync_service.sync_once(ws)

    assert report.outcome is Outcome.REJECTED and report.code == "unauthorized"
    assert "motcua enroll" in report.message
    assert report.pending == len(local_events(ws))


def test_a_wrong_enrollment_code_is_refused_with_the_hubs_words(ws, hub_server):
    with pytest.raises(HubRefused) as caught:
        sync_service.enroll(ws, hub_server.url, "AAAAA-AAAAA")
    assert caught.value.code == "enroll_refused"
    assert "Mã ghi danh không đúng" in caught.value.message
    assert credentials.get_token(ws.device_id) is None
    assert sync_state.hub_url(ws.db) == ""


def test_without_enrollment_sync_says_how_to_enroll(ws):
    report = sync_service.sync_once(ws)
    assert report.outcome is Outcome.NOT_ENROLLED
    assert "motcua enroll" in report.message
    assert report.pending == len(local_events(ws))


def test_enrollment_takes_the_counter_number_and_office_from_the_hub(ws, tmp_path, hub_server):
    first = enroll(ws, hub_server)
    other = open_workstation(tmp_path / "second", clock=ws.clock)
    try:
        second = enroll(other, hub_server)
        assert (first.counter_no, second.counter_no) == (1, 2)
        assert other.office.unit_code == OFFICE
        # The receipt's QR now opens the hub's tracking page for the dossier.
        assert other.office.tracking_url == hub_server.url + "/track/"
        # Until its first sync brings leases it numbers from its provisional slice (never a
        # fixed block inside the hub's space), then from the hub's slice of the day.
        block = code_block(other.db)
        assert (block.lo, block.hi) == (5001, 5555)
        types = [r[0] for r in other.db.execute("SELECT type FROM events ORDER BY seq")]
        assert types[-1] == "device.enrolled"
        assert sync_service.sync_once(other).ok
        leased = code_block(other.db)
        assert leased.hi <= 4999 and leased.size == 300
    finally:
        other.close()


def test_downstream_items_are_applied_once_with_the_cursor(ws, hub_server, request_for):
    enroll(ws, hub_server)
    dossier = receive_dossier(ws, request_for())
    hub = hub_server.hub
    hub.publish_calendar(date(2027, 2, 13), True, "Làm bù thứ Bảy")
    catalog_doc = catalog_to_dict(shipped_catalog())
    catalog_doc["version"] = "X" + catalog_doc["version"]
    hub.publish_catalog(catalog_doc)
    hub.publish_range(OFFICE, ws.device_id, "s10", 50_000_000, 50_000_999, prefix="RA")
    hub.publish_range(OFFICE, ws.device_id, "code_seq", 1, 499)
    hub.publish("status", {"dossier_code": dossier.code, "status": "received", "at": "x"}, OFFICE)
    hub.publish(
        "status",
        {"dossier_code": dossier.code, "status": "agency_decided", "at": "2027-02-05", "note": ""},
        OFFICE,
    )
    hub.publish("official_code", {"dossier_code": dossier.code, "official_code": "H42.1"}, OFFICE)

    report = sync_service.sync_once(ws)

    assert report.ok, report.message
    assert report.downstream_applied == 6 and report.downstream_kept == 1
    assert report.catalog_changed and report.calendar_changed
    assert ws.catalog.version == "X" + shipped_catalog().version
    assert ws.calendar.is_working_day(date(2027, 2, 13))  # a Saturday made a working day
    ranges = ws.db.execute(
        "SELECT kind, prefix, lo, hi, source FROM number_ranges ORDER BY id"
    ).fetchall()
    assert ("s10", "RA", 50_000_000, 50_000_999, "hub") in ranges
    assert tuple(ranges[-1]) == ("code_seq", "", 1, 499, "hub")
    # The first-run S10 range stops where it got to, so the hub's range is used next.
    default = next(r for r in ranges if r[4] == "local" and r[0] == "s10")
    assert default[3] == default[2]  # one serial used by the one dossier
    kept = downstream_log(ws.db, "kept")
    assert [k["data"]["status"] for k in kept] == ["agency_decided"]
    types = [r[0] for r in ws.db.execute("SELECT type FROM events ORDER BY seq")]
    assert types[-1] == "dossier.official_code"
    cursor = sync_state.feed_cursor(ws.db)
    assert cursor > 0

    again = sync_service.sync_once(ws)
    assert again.ok and again.downstream_applied == 0
    assert sync_state.feed_cursor(ws.db) == cursor
    # The events the feed produced went up to the hub too.
    assert hub_server.events_of(ws.device_id) == local_events(ws)


def test_feed_items_for_another_counter_of_the_office_are_kept_not_applied(ws, hub_server):
    enroll(ws, hub_server)
    hub_server.hub.publish(
        "status", {"dossier_code": f"{OFFICE}-270203-0999", "status": "received"}, OFFICE
    )
    report = sync_service.sync_once(ws)
    assert report.ok and report.downstream_kept == 1
    assert "không được tiếp nhận tại quầy này" in downstream_log(ws.db, "kept")[0]["message"]


def test_batch_size_setting_is_honoured_and_capped(ws, hub_server, proxy_for, receive_many):
    proxy = proxy_for(hub_server)
    sync_service.enroll(ws, proxy.url, hub_server.enroll_code())
    receive_many(25)
    with transaction(ws.db):
        set_setting(ws.db, sync_service.BATCH_SIZE, 10)
    assert sync_service.sync_once(ws).ok
    sizes = [len(batch_of(s.body)["events"]) for s in proxy.uploads()]
    assert max(sizes) == 10 and sum(sizes) == len(local_events(ws))
