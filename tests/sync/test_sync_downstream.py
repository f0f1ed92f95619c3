"""Applying downstream feed items to the counter's database (app.storage.downstream), and the
sync state kept in settings (app.storage.sync_state)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.catalog_format import catalog_to_dict
from app.services import handover
from app.services.intake import receive_dossier
from app.services.workstation import shipped_catalog
from app.storage import sync_state
from app.storage.db import transaction
from app.storage.downstream import APPLIED, FAILED, KEPT, apply_item, downstream_log
from app.storage.numbers import code_block, take_s10


def apply(ws, kind: str, data: object, cursor: int = 1):
    with transaction(ws.db):
        return apply_item(
            ws.db, {"cursor": cursor, "kind": kind, "data": data}, device_id=ws.device_id,
            now=ws.now(),
        )  # fmt: skip


def s10_ranges(ws):
    return ws.db.execute(
        "SELECT prefix, lo, hi, next, source FROM number_ranges WHERE kind = 's10' ORDER BY id"
    ).fetchall()


def last_event_type(ws) -> str:
    return ws.db.execute("SELECT type FROM events ORDER BY rowid DESC LIMIT 1").fetchone()[0]


def test_a_calendar_item_is_applied_and_applying_it_again_changes_nothing(ws):
    data = {"day": "2027-02-13", "working": True, "note": "Làm bù"}
    assert apply(ws, "calendar", data).outcome == APPLIED
    assert apply(ws, "calendar", data, cursor=2).outcome == APPLIED
    rows = ws.db.execute("SELECT day, working, note, source FROM calendar_overrides").fetchall()
    assert rows == [("2027-02-13", 1, "Làm bù", "hub")]


def test_a_bad_item_fails_alone_and_is_logged_for_a_person(ws):
    bad = apply(ws, "calendar", {"day": "13/02/2027", "working": True})
    good = apply(ws, "calendar", {"day": "2027-02-13", "working": False}, cursor=2)
    assert bad.outcome == FAILED and "YYYY-MM-DD" in bad.message
    assert "Hãy báo bưu điện tỉnh" in bad.message
    assert good.outcome == APPLIED
    logged = downstream_log(ws.db)
    assert [(e["cursor"], e["outcome"]) for e in logged] == [(2, APPLIED), (1, FAILED)]


def test_a_hub_s10_range_retires_the_first_run_range_where_it_got_to(ws, request_for):
    receive_dossier(ws, request_for())  # uses the first serial of the first-run range
    before = s10_ranges(ws)
    assert [r[4] for r in before] == ["local"]
    lo = before[0][1]

    result = apply(ws, "number_range", {"kind": "s10", "prefix": "RA", "lo": 60_000_000,
                                        "hi": 60_000_999})  # fmt: skip

    assert result.outcome == APPLIED
    assert s10_ranges(ws) == [
        ("RA", lo, lo, lo + 1, "local"),
        ("RA", 60_000_000, 60_000_999, 60_000_000, "hub"),
    ]
    with transaction(ws.db):
        assert take_s10(ws.db).startswith("RA60000000")
    again = apply(ws, "number_range", {"kind": "s10", "prefix": "RA", "lo": 60_000_000,
                                       "hi": 60_000_999}, cursor=2)  # fmt: skip
    assert again.outcome == APPLIED and len(s10_ranges(ws)) == 2


def test_an_untouched_first_run_range_is_removed(ws):
    apply(ws, "number_range", {"kind": "s10", "prefix": "RA", "lo": 70_000_000, "hi": 70_000_009})
    assert [r[4] for r in s10_ranges(ws)] == ["hub"]


def test_a_range_clashing_with_used_serials_fails_and_changes_nothing(ws, request_for):
    receive_dossier(ws, request_for())
    before = s10_ranges(ws)
    lo = before[0][1]

    result = apply(ws, "number_range", {"kind": "s10", "prefix": "RA", "lo": lo, "hi": lo + 99})

    assert result.outcome == FAILED and "12 tháng" in result.message
    assert s10_ranges(ws) == before  # the retirement of the first-run range was rolled back


def test_a_code_block_from_the_hub_becomes_current(ws):
    assert apply(ws, "number_range", {"kind": "code_seq", "lo": 1, "hi": 499}).outcome == APPLIED
    block = code_block(ws.db)
    assert (block.lo, block.hi) == (1, 499)
    apply(ws, "number_range", {"kind": "code_seq", "lo": 1, "hi": 499}, cursor=2)
    count = ws.db.execute("SELECT count(*) FROM number_ranges WHERE source = 'hub'").fetchone()
    assert count[0] == 1
    bad = apply(ws, "number_range", {"kind": "code_seq", "lo": 0, "hi": 20_000}, cursor=3)
    assert bad.outcome == FAILED
    assert apply(ws, "number_range", {"kind": "stamps", "lo": 1, "hi": 2}).outcome == KEPT


def _handed_over(ws, dossier):
    batch = handover.create_batch(ws, dossier.agency, [dossier.code])
    handover.seal_and_print(ws, batch.id)


def test_an_agency_confirmation_moves_the_dossier_and_restarts_its_clock(ws, request_for):
    dossier = receive_dossier(ws, request_for())
    _handed_over(ws, dossier)
    # Signed on a Friday: the agency's days run from then, skipping the weekend.
    data = {
        "dossier_code": dossier.code,
        "status": "at_agency",
        "at": "2027-02-26T10:00:00+07:00",
        "note": "đã nhận",
    }

    assert apply(ws, "status", data).outcome == APPLIED

    row = ws.db.execute(
        "SELECT status, agency_due, appointment_at FROM dossiers WHERE id = ?", [dossier.id]
    ).fetchone()
    assert row[0] == "at_agency"
    expected_due = ws.calendar.add_working_days(date(2027, 2, 26), dossier.processing_days)
    assert row[1] == expected_due.isoformat()
    assert row[2].startswith(expected_due.isoformat()) or dossier.return_method.value == "post"
    assert last_event_type(ws) == "dossier.status_changed"
    count = ws.db.execute("SELECT count(*) FROM events").fetchone()[0]
    apply(ws, "status", data, cursor=2)  # the same news again: no second event
    assert ws.db.execute("SELECT count(*) FROM events").fetchone()[0] == count


def test_an_unknown_or_illegal_status_or_dossier_is_kept_not_applied(ws, request_for):
    dossier = receive_dossier(ws, request_for())
    unknown_status = apply(ws, "status", {"dossier_code": dossier.code, "status": "archived"})
    # Not handed over yet: the agency cannot have it ready.
    illegal = apply(ws, "status", {"dossier_code": dossier.code, "status": "result_ready"})
    counter_move = apply(ws, "status", {"dossier_code": dossier.code, "status": "returned"})
    unknown_dossier = apply(
        ws, "status", {"dossier_code": "000.00.04.H42-270203-0777", "status": "at_agency"}
    )
    assert unknown_status.outcome == KEPT and "cập nhật phần mềm" in unknown_status.message
    assert illegal.outcome == KEPT and "Đã tiếp nhận" in illegal.message
    assert counter_move.outcome == KEPT
    assert unknown_dossier.outcome == KEPT
    status = ws.db.execute("SELECT status FROM dossiers WHERE id = ?", [dossier.id]).fetchone()
    assert status[0] == "received"
    kept = downstream_log(ws.db, KEPT)
    assert {k["data"]["status"] for k in kept} == {
        "archived",
        "result_ready",
        "returned",
        "at_agency",
    }


def test_an_official_code_is_recorded_once_as_an_event(ws, request_for):
    dossier = receive_dossier(ws, request_for())
    data = {"dossier_code": dossier.code, "official_code": "H42.25.1234"}
    assert apply(ws, "official_code", data).outcome == APPLIED
    assert last_event_type(ws) == "dossier.official_code"
    count = ws.db.execute("SELECT count(*) FROM events").fetchone()[0]
    assert apply(ws, "official_code", data, cursor=2).outcome == APPLIED
    assert ws.db.execute("SELECT count(*) FROM events").fetchone()[0] == count


def test_a_broken_catalog_fails_with_its_problems_and_keeps_the_old_one(ws):
    doc = catalog_to_dict(shipped_catalog())
    doc["version"] = "2027.9"
    doc["procedures"][0]["processing_days"] = "ba"
    result = apply(ws, "catalog", {"catalog": doc})
    assert result.outcome == FAILED and "Danh mục thủ tục từ tỉnh không hợp lệ" in result.message
    assert (
        ws.db.execute("SELECT value FROM settings WHERE key = 'catalog.version'").fetchone()[0]
        == f'"{shipped_catalog().version}"'
    )

    doc["procedures"][0]["processing_days"] = 3
    assert apply(ws, "catalog", {"catalog": doc}, cursor=2).outcome == APPLIED
    ws.invalidate()
    assert ws.catalog.version == "2027.9"


@pytest.mark.parametrize("data", [None, [], "x"])
def test_an_item_without_data_fails(ws, data):
    assert apply(ws, "calendar", data).outcome == FAILED


def test_an_unknown_kind_is_kept(ws):
    assert apply(ws, "weather", {"rain": True}).outcome == KEPT


def test_sync_state_roundtrips(ws, request_for):
    assert sync_state.inflight(ws.db) is None
    assert sync_state.pending(ws.db, ws.device_id)[0] == 1  # device.initialized
    receive_dossier(ws, request_for())
    ws.clock.moment += timedelta(hours=1)
    receive_dossier(ws, request_for())
    batch = sync_state.InFlight("b-1", 2, 3)
    with transaction(ws.db):
        sync_state.set_inflight(ws.db, batch)
        sync_state.set_acked_seq(ws.db, 1)
        sync_state.set_feed_cursor(ws.db, 44)
    assert sync_state.inflight(ws.db) == batch
    assert sync_state.feed_cursor(ws.db) == 44
    assert sync_state.pending(ws.db, ws.device_id) == (2, "2027-02-03T10:00:00+07:00")
    rows = sync_state.outbox(ws.db, ws.device_id, 1, 10)
    assert [r["seq"] for r in rows] == [2, 3]
    assert rows == sync_state.outbox_range(ws.db, ws.device_id, 2, 3)
    assert isinstance(rows[0]["payload"], str)  # the stored canonical JSON, not re-encoded
    with transaction(ws.db):
        sync_state.set_acked_seq(ws.db, 3)
    assert sync_state.pending(ws.db, ws.device_id) == (0, None)
