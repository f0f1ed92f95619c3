"""Re-hydration after a restore: a counter's old backup takes back, from the hub's copy of its
events, what it did after the backup, and ends up with the same events and rows as before."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from lifecycle_helpers import agency_says
from sample_data import applicant

from app.domain.day_close import DayClosed
from app.domain.dossier_payload import dossier_from_payload
from app.domain.errors import DomainError
from app.domain.roles import Role, SignedIn
from app.services import audit, book, day_close, documents, handover, intake, lifecycle, lookup
from app.services.workstation import DB_FILE, VN_TZ, Workstation, configure_office, open_workstation
from app.storage.day_close_repo import get_close
from app.storage.db import transaction
from app.storage.downstream import apply_item
from app.storage.events import chained_row, last_event, verify_chain
from app.storage.rehydrate import ChainMismatch, RehydrateConflict, Rehydrated, apply_hub_events

D1, D2 = date(2027, 2, 2), date(2027, 2, 3)  # a Tuesday and the conftest clock's Wednesday
CLERK, SUPERVISOR = "Trần Văn Quầy", "Lê Thị Kiểm Soát"

# Every table a counter's work writes (besides events), with the order that makes rows line up.
PROJECTION = {
    "dossiers": "id",
    "dossier_documents": "dossier_id, position",
    "dossier_fees": "dossier_id, position",
    "dossier_contacts": "id",
    "dossier_returns": "dossier_id",
    "dossier_incidents": "id",
    "handover_items": "batch_id, position",
    "day_closes": "day",
    "number_ranges": "id",
    "events_head": "device_id",
    "closed_days_kept": "day",
}


def at(clock, day: date, hour: int, minute: int = 0) -> None:
    clock.moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


def sign_in(ws: Workstation, username: str, role: Role, name: str) -> None:
    """A real account row (as the accounts service would create) and its session."""
    with transaction(ws.db):
        ws.db.execute(
            "INSERT OR IGNORE INTO accounts (username, display_name, role, secret_hash,"
            " created_at) VALUES (?, ?, ?, 'scrypt$test', ?)",
            [username, name, role.value, ws.now().isoformat()],
        )
    ws.session = SignedIn(username, name, role, ws.now())


def backup(ws: Workstation, folder: Path) -> tuple[Path, int]:
    """The "old backup": a copy of the counter's database as it is now, and its last seq."""
    folder.mkdir(parents=True)
    src = sqlite3.connect(ws.home / DB_FILE)
    dst = sqlite3.connect(folder / DB_FILE)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return folder, last_event(ws.db, ws.device_id)[0]


def hub_copy(ws: Workstation, after: int, *, objects: bool = False) -> list[dict[str, Any]]:
    """The counter's events after ``after`` as the hub hands them back (payload: stored text)."""
    cur = ws.db.execute(
        "SELECT device_id, seq, id, type, entity_id, payload, at, actor, prev_hash, hash"
        " FROM events WHERE device_id = ? AND seq > ? ORDER BY seq",
        [ws.device_id, after],
    )
    names = [c[0] for c in cur.description]
    rows = [dict(zip(names, row, strict=True)) for row in cur]
    if objects:
        for row in rows:
            row["payload"] = json.loads(row["payload"])
    return rows


def table(ws: Workstation, name: str, order: str, columns: str = "*") -> list[tuple]:
    return ws.db.execute(f"SELECT {columns} FROM {name} ORDER BY {order}").fetchall()


def events_of(ws: Workstation) -> list[tuple]:
    return table(ws, "events", "device_id, seq")


@pytest.fixture
def restored(clock) -> Iterator[Callable[[Path], Workstation]]:
    opened: list[Workstation] = []

    def open_copy(folder: Path) -> Workstation:
        station = open_workstation(folder, clock=clock)
        opened.append(station)
        return station

    yield open_copy
    for station in opened:
        station.close()


# ---------------------------------------------------------------- the whole story


@pytest.fixture
def story(ws, clock, request_for, tmp_path):
    """Counter A works two days; its database is copied part-way through the first one."""
    sign_in(ws, "kiemsoat", Role.SUPERVISOR, SUPERVISOR)
    sign_in(ws, "quay1", Role.COUNTER, CLERK)

    at(clock, D1, 8)
    d1 = intake.receive_dossier(ws, request_for("2.000815"))
    d2 = intake.receive_dossier(ws, request_for("2.000815", applicant=applicant(
        full_name="Phạm Thị Bình", id_number="042190004321")))  # fmt: skip
    d3 = intake.receive_dossier(ws, request_for("1.001193"))
    at(clock, D1, 8, 30)
    draft = handover.create_batch(ws, d1.agency, [d1.code])  # a draft the backup holds

    at(clock, D1, 8, 40)
    folder, backup_seq = backup(ws, tmp_path / "restored")

    at(clock, D1, 9)
    d4 = intake.receive_dossier(ws, request_for("2.000635", copies=2))
    handover.add_to_batch(ws, draft.id, d2.code)
    handover.seal_and_print(ws, draft.id)
    handover.seal_and_print(ws, draft.id)  # a reprint: prints = 2
    at(clock, D1, 9, 10)
    later = handover.create_batch(ws, d4.agency, [d4.code])
    at(clock, D1, 9, 20)
    handover.seal_and_print(ws, later.id)
    at(clock, D1, 10)
    agency_says(ws, d1.code, "at_agency")
    with transaction(ws.db):
        apply_item(
            ws.db,
            {"cursor": 900, "kind": "official_code",
             "data": {"dossier_code": d1.code, "official_code": "H40.22-270202-0001"}},
            device_id=ws.device_id,
            now=ws.now(),
        )  # fmt: skip
    documents.render_for_dossier(ws, "receipt", d3.code)
    at(clock, D1, 11)
    new_date = ws.calendar.next_working_day(d3.appointment_at.date())
    lifecycle.reschedule(
        ws, d3.code, datetime.combine(new_date, d3.appointment_at.timetz()), "Chờ xác minh"
    )
    book.record_incident(ws, d2.code, "damaged", "Bìa hồ sơ bị ướt khi mưa")
    at(clock, D1, 17)
    sign_in(ws, "kiemsoat", Role.SUPERVISOR, SUPERVISOR)
    expected = day_close.preview(ws, D1).money.expected
    day_close.close_day(ws, D1, cash_total=expected)

    at(clock, D2, 9)
    sign_in(ws, "quay1", Role.COUNTER, CLERK)
    agency_says(ws, d1.code, "result_ready")
    lifecycle.record_result(ws, d1.code)
    lifecycle.record_invitation(ws, d1.code, "call", note="Gọi lúc 9 giờ")
    at(clock, D2, 10)
    lifecycle.return_to_citizen(
        ws, d1.code, lifecycle.Receiver(d1.applicant.id_number), amount_collected=16_000
    )
    d5 = intake.receive_dossier(ws, request_for("1.001193", applicant=applicant(
        full_name="Đỗ Thị Thu Hà", id_number="042190007777")))  # fmt: skip
    configure_office(ws, phone="0239 3850 123")
    audit.record_export(ws, "book.xlsx", 3, "/tmp/so.xlsx")
    return {
        "folder": folder, "backup_seq": backup_seq, "d4": d4, "d5": d5, "draft": draft,
        "later": later,
    }  # fmt: skip


@pytest.mark.parametrize("objects", [False, True], ids=["payload-text", "payload-object"])
def test_a_restored_backup_gets_back_every_event_and_row(ws, story, restored, request_for, objects):
    b = restored(story["folder"])
    assert b.device_id == ws.device_id
    assert last_event(b.db, b.device_id)[0] == story["backup_seq"]
    events = hub_copy(ws, story["backup_seq"], objects=objects)
    types = {e["type"] for e in events}
    assert {"dossier.received", "dossier.transition", "dossier.status_changed",
            "dossier.rescheduled", "dossier.official_code", "dossier.invitation",
            "dossier.incident", "handover.sealed", "document.printed", "day.closed",
            "office.configured", "export.made"} <= types  # fmt: skip

    with transaction(b.db):
        done = apply_hub_events(b.db, ws.device_id, events)

    assert done.events == len(events)
    assert done.dossiers == 2  # d4 and d5
    assert done.skipped_types == (
        "document.printed",  # the receipt's print: its event is its record
        "dossier.official_code",
        "export.made",
    )
    projected_types = types - {"dossier.official_code", "export.made"}
    assert done.projected == sum(
        1
        for e in events
        if e["type"] in projected_types
        and not (e["type"] == "document.printed" and "handover" not in str(e["payload"]))
    )
    assert events_of(b) == events_of(ws)
    assert verify_chain(b.db) == []
    for name, order in PROJECTION.items():
        assert table(b, name, order) == table(ws, name, order), name
    search = "rowid, code, s10, name, id_number, phone"
    assert table(b, "dossier_search", "rowid", search) == table(
        ws, "dossier_search", "rowid", search
    )
    assert b.setting("office") == ws.setting("office")

    # Hand-over batches: all alike, except that a batch created after the backup has no event
    # of its creation, so it comes back created when it was sealed.
    batches = "id, number, agency, sealed_at, prints, staff"
    assert table(b, "handover_batches", "id", batches) == table(
        ws, "handover_batches", "id", batches
    )
    draft = "SELECT * FROM handover_batches WHERE id = ?"
    assert (
        b.db.execute(draft, [story["draft"].id]).fetchall()
        == ws.db.execute(draft, [story["draft"].id]).fetchall()
    )  # a draft the backup held keeps its creation
    later = story["later"].id
    created = "SELECT created_at, sealed_at FROM handover_batches WHERE id = ?"
    back_created, back_sealed = b.db.execute(created, [later]).fetchone()
    assert back_created == back_sealed != ws.db.execute(created, [later]).fetchone()[0]
    assert sorted(r[0] for r in table(b, "handover_batches", "id", "prints")) == [1, 2]

    # The re-hydrated dossiers are found again.
    found = lookup.search(b, "do thi thu ha")
    assert [r["code"] for r in found] == [story["d5"].code]
    assert lookup.find_dossier(b, story["d4"].s10).code == story["d4"].code
    # The re-hydrated close keeps its day closed at the lowest level.
    assert get_close(b.db, D1) == get_close(ws.db, D1) is not None
    late = request_for("1.001193", received_at="2027-02-02T16:00:00+07:00")
    with pytest.raises(DayClosed):
        intake.receive_dossier(b, late)
    # Numbering goes on past the dossiers that came back, as it does on the original counter.
    again = request_for("1.001193")
    on_b, on_a = intake.receive_dossier(b, again), intake.receive_dossier(ws, again)
    assert (on_b.code, on_b.s10) == (on_a.code, on_a.s10)
    assert on_b.s10 > story["d5"].s10


def test_the_closed_day_triggers_let_the_days_events_in_before_its_close(ws, story, restored):
    """Replayed with their original actors, a day's events pass the triggers because the close
    comes after them; once the close is back, the day is read-only again."""
    b = restored(story["folder"])
    events = hub_copy(ws, story["backup_seq"])
    with transaction(b.db):
        apply_hub_events(b.db, ws.device_id, events)
    forged = chained_row(
        ws.device_id, events[-1]["seq"] + 1, "late-1", "dossier.invitation", "x", {},
        datetime(2027, 2, 2, 18, 0, tzinfo=VN_TZ), CLERK, events[-1]["hash"],
    )  # fmt: skip
    with pytest.raises(DayClosed):  # noqa: SIM117 (the transaction turns the abort into it)
        with transaction(b.db):
            b.db.execute(
                "INSERT INTO events (device_id, seq, id, type, entity_id, payload, at, actor,"
                " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                forged,
            )


def test_days_a_restore_kept_closed_take_their_own_events_back_in_pages(ws, story, restored):
    """A restore with the numbers journal keeps D1 closed (closed after the backup): its events
    still come back, page by page, and the kept day gives way to the close when it comes."""
    b = restored(story["folder"])
    with transaction(b.db):
        b.db.execute(
            "INSERT INTO closed_days_kept (day, kept_at) VALUES (?, ?)",
            [D1.isoformat(), "2027-02-03T10:30:00+07:00"],
        )
    events = hub_copy(ws, story["backup_seq"])
    close_at = next(i for i, e in enumerate(events) if e["type"] == "day.closed")
    with transaction(b.db):
        first = apply_hub_events(b.db, ws.device_id, events[:close_at])
    assert first.events == close_at
    kept = b.db.execute("SELECT day FROM closed_days_kept").fetchall()
    assert kept == [(D1.isoformat(),)]  # still kept between pages
    with transaction(b.db):
        apply_hub_events(b.db, ws.device_id, events[close_at:])
    assert b.db.execute("SELECT count(*) FROM closed_days_kept").fetchone()[0] == 0
    assert events_of(b) == events_of(ws)
    assert table(b, "dossiers", "id") == table(ws, "dossiers", "id")
    assert table(b, "day_closes", "day") == table(ws, "day_closes", "day")


# ---------------------------------------------------------------- refused, nothing written


@pytest.fixture
def small(ws, clock, request_for, tmp_path):
    """A receives one dossier, is copied, then receives two more."""
    intake.receive_dossier(ws, request_for())
    folder, seq = backup(ws, tmp_path / "small")
    at(clock, D2, 10, 5)
    intake.receive_dossier(ws, request_for())
    intake.receive_dossier(ws, request_for("2.000815"))
    return folder, seq


def _rehashed(event: dict[str, Any], prev_hash: str) -> dict[str, Any]:
    row = chained_row(
        event["device_id"], event["seq"], event["id"], event["type"], event["entity_id"],
        json.loads(event["payload"]), datetime.fromisoformat(event["at"]), event["actor"],
        prev_hash,
    )  # fmt: skip
    keys = ("device_id", "seq", "id", "type", "entity_id", "payload", "at", "actor", "prev_hash",
            "hash")  # fmt: skip
    return dict(zip(keys, row, strict=True))


def _forge_hash(events):
    payload = json.loads(events[1]["payload"])
    payload["applicant"]["full_name"] = "Người Khác"
    events[1]["payload"] = json.dumps(payload, ensure_ascii=False)
    return "mã băm không khớp"


def _forge_gap(events):
    del events[0]
    return "không liền sau"


def _forge_inner_gap(events):
    events[1]["seq"] += 1
    return "không liền sau"


def _forge_prev(events):
    events[0] = _rehashed(events[0], "f" * 64)  # its own hash is right, its link is not
    return "không nối"


def _forge_device(events):
    for e in events:
        e["device_id"] = "another-counter"
    return "quầy khác"


def _forge_missing_key(events):
    del events[1]["actor"]
    return "thiếu trường «actor»"


@pytest.mark.parametrize(
    "forge",
    [_forge_hash, _forge_gap, _forge_inner_gap, _forge_prev, _forge_device, _forge_missing_key],
    ids=["hash", "seq-gap", "inner-gap", "prev-hash", "device", "missing-key"],
)
def test_a_forged_event_is_refused_and_nothing_is_written(ws, small, restored, forge):
    folder, seq = small
    b = restored(folder)
    events = hub_copy(ws, seq)
    what = forge(events)
    before = events_of(b), table(b, "dossiers", "id"), table(b, "number_ranges", "id")
    with pytest.raises(ChainMismatch) as refused, transaction(b.db):
        apply_hub_events(b.db, ws.device_id, events)
    assert what in refused.value.message
    assert "Hãy báo bưu điện tỉnh" in refused.value.message
    assert (events_of(b), table(b, "dossiers", "id"), table(b, "number_ranges", "id")) == before


def test_events_already_there_are_refused(ws, small, restored):
    folder, seq = small
    b = restored(folder)
    events = hub_copy(ws, seq)
    with transaction(b.db):
        apply_hub_events(b.db, ws.device_id, events)
    with pytest.raises(ChainMismatch, match="đã có trong máy"), transaction(b.db):
        apply_hub_events(b.db, ws.device_id, events)
    assert events_of(b) == events_of(ws)


def test_a_row_that_cannot_be_rebuilt_undoes_the_whole_page(ws, small, restored):
    """The chain is sound but the last event names a dossier the counter never had: the page's
    events and rows are all taken back, even for a caller that catches the error."""
    folder, seq = small
    b = restored(folder)
    events = hub_copy(ws, seq)
    last = events[-1]
    odd = chained_row(
        ws.device_id, last["seq"] + 1, "odd-1", "dossier.rescheduled", "no-such-dossier",
        {"code": "X", "appointment_at": "2027-03-01T16:00:00+07:00", "previous": "", "reason": "r"},
        datetime(2027, 2, 3, 11, 0, tzinfo=VN_TZ), CLERK, last["hash"],
    )  # fmt: skip
    keys = list(last)
    events.append(dict(zip(keys, odd, strict=True)))
    before = events_of(b), table(b, "dossiers", "id")
    with transaction(b.db):  # noqa: SIM117 (the caller's transaction goes on after the error)
        with pytest.raises(RehydrateConflict, match="không có hồ sơ no-such-dossier"):
            apply_hub_events(b.db, ws.device_id, events)
    assert (events_of(b), table(b, "dossiers", "id")) == before


def test_a_dossier_of_a_procedure_the_catalog_lacks_is_refused_before_writing(ws, small, restored):
    folder, seq = small
    b = restored(folder)
    with transaction(b.db):
        b.db.execute("DELETE FROM procedures WHERE code = '2.000815'")
    before = events_of(b)
    events = hub_copy(ws, seq)
    with pytest.raises(RehydrateConflict, match=r"không có thủ tục 2\.000815"), transaction(b.db):
        apply_hub_events(b.db, ws.device_id, events)
    assert events_of(b) == before


def test_zero_events_is_a_no_op(ws, small, restored):
    folder, _seq = small
    b = restored(folder)
    before = events_of(b), b.db.conn.total_changes
    assert apply_hub_events(b.db, ws.device_id, []) == Rehydrated(0, 0, 0, ())
    assert (events_of(b), b.db.conn.total_changes) == before


# ---------------------------------------------------------------- the payload's inverse


def test_a_dossier_payload_reads_back_as_the_same_dossier(ws, request_for):
    dossier = intake.receive_dossier(ws, request_for("2.000635", copies=2, note="Ghi chú"))
    payload = json.loads(json.dumps(intake.dossier_payload(dossier)))
    assert dossier_from_payload(payload, ws.device_id) == dossier


def test_a_broken_dossier_payload_says_which_field(ws, request_for):
    payload = intake.dossier_payload(intake.receive_dossier(ws, request_for()))
    del payload["received_at"]
    with pytest.raises(DomainError, match="received_at"):
        dossier_from_payload(payload, ws.device_id)
    payload = intake.dossier_payload(intake.receive_dossier(ws, request_for()))
    payload["fees_total"] = int(str(payload["fees_total"])) + 1
    with pytest.raises(DomainError, match="tổng lệ phí"):
        dossier_from_payload(payload, ws.device_id)
