"""The dossier lifecycle at the hub: the projection fed by the counters' events, the agency's
decisions (legal and refused), the feed items they produce, accounts, log-in and the CLI.

The helpers at the top (Desk, emit) simulate a counter emitting the lifecycle events of the
issue-5 contract; the web and tracking tests import them from here.
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from hub_helpers import (
    OFFICE,
    OFFICE_NAME,
    OTHER_NAME,
    OTHER_OFFICE,
    Counter,
    batch,
    enroll,
    upload,
)
from sqlalchemy.exc import IntegrityError

from app.domain.dossier import DossierStatus as S
from app.domain.lifecycle import Action, next_status
from app.storage.events import canonical_json, event_hash
from hub import cli
from hub.agency import Agency, hash_password, verify_password
from hub.db import bulk_insert, devices, dossiers, handover_batches, status_log
from hub.db import events as hub_events
from hub.projection import initials
from hub.service import HubError

NAME = "Nguyễn Văn An"
ID_NUMBER = "042090001234"
PHONE = "0912 345 678"
ADDRESS = "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh"
AGENCY = "UBND xã"
AT = "2027-02-03T10:00:00+07:00"


def emit(counter: Counter, type_: str, entity_id: str, payload: Any, at: str = AT) -> dict:
    """Append one event to the counter's chain, hashed as the counter does."""
    counter.seq += 1
    e = {
        "device_id": counter.device_id,
        "seq": counter.seq,
        "id": str(uuid.uuid4()),
        "type": type_,
        "entity_id": entity_id,
        "payload": payload if isinstance(payload, str) else canonical_json(payload),
        "at": at,
        "actor": "Lê Văn Tâm",
        "prev_hash": counter.last_hash,
    }
    e["hash"] = event_hash(
        e["prev_hash"],
        e["device_id"],
        e["seq"],
        e["id"],
        e["type"],
        e["entity_id"],
        e["payload"],
        e["at"],
        e["actor"],
    )
    counter.last_hash = e["hash"]
    counter.log.append(e)
    return e


@dataclass
class Desk:
    """A counter of one office, emitting the contract's lifecycle events and uploading them."""

    client: Any  # TestClient or httpx.Client on a live hub
    counter: Counter
    office: str = OFFICE
    pending: list[dict] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    status: dict[str, S] = field(default_factory=dict)
    made: int = 0

    @classmethod
    def open(cls, client: Any, hub: Any, office: str = OFFICE, name: str = "") -> Desk:
        counter = enroll(
            client, hub, office, name or (OFFICE_NAME if office == OFFICE else OTHER_NAME)
        )
        return cls(client, counter, office)

    def receive(
        self,
        *,
        agency: str = AGENCY,
        name: str = NAME,
        procedure: tuple[str, str] = ("1.001193", "Đăng ký khai sinh"),
        code: str | None = None,
    ) -> str:
        self.made += 1
        code = code or self.counter.code(self.made, self.office)
        dossier_id = str(uuid.uuid4())
        payload = {  # as app.services.intake.dossier_payload writes it
            "id": dossier_id,
            "code": code,
            "s10": self.counter.s10(self.made),
            "procedure_code": procedure[0],
            "procedure_name": procedure[1],
            "agency": agency,
            "status": "received",
            "received_at": "2027-02-03T09:15:00+07:00",
            "appointment_at": "2027-02-08T16:00:00+07:00",
            "handover_due": "2027-02-04",
            "processing_days": 3,
            "return_method": "counter",
            "delivery_address": "",
            "applicant": {
                "full_name": name,
                "id_number": ID_NUMBER,
                "date_of_birth": "1990-05-12",
                "sex": "Nam",
                "phone": PHONE,
                "address": ADDRESS,
                "email": "an@example.vn",
            },
            "documents": [
                ["Tờ khai đăng ký khai sinh", "original", 1],
                ["Giấy chứng sinh", "certified_copy", 1],
            ],
            "fees": [["le_phi", "Lệ phí", 0]],
            "fees_total": 0,
            "postage": 24000,
            "pages": 0,
            "copies": 1,
            "sets": 1,
            "note": "",
            "staff": "Lê Văn Tâm",
        }
        self.pending.append(emit(self.counter, "dossier.received", dossier_id, payload))
        self.ids[code] = dossier_id
        self.status[code] = S.RECEIVED
        return code

    def move(self, code: str, action: Action, note: str = "", **extra: Any) -> None:
        """A counter move by the rules (or, with status=/previous=, whatever the test says)."""
        previous = extra.pop("previous", self.status[code])
        new = extra.pop("status", None) or next_status(code, previous, action)
        payload = {
            "code": code,
            "action": action.value,
            "status": new.value,
            "previous": previous.value,
            "at": AT,
            "note": note,
            **extra,
        }
        self.pending.append(emit(self.counter, "dossier.transition", self.ids[code], payload))
        self.status[code] = new

    def seal(
        self, codes: list[str], number: str = "BG-20270203-01", sealed_first: bool = True
    ) -> str:
        batch_id = str(uuid.uuid4())
        sealed = {
            "batch_id": batch_id,
            "number": number,
            "agency": AGENCY,
            "sealed_at": "2027-02-03T15:00:00+07:00",
            "dossiers": [
                {"code": c, "s10": self.counter.s10(1), "procedure_name": "Đăng ký khai sinh"}
                for c in codes
            ],
        }
        if sealed_first:
            self.pending.append(emit(self.counter, "handover.sealed", batch_id, sealed))
        for code in codes:
            self.move(code, Action.HAND_OVER, batch_id=batch_id)
        if not sealed_first:
            self.pending.append(emit(self.counter, "handover.sealed", batch_id, sealed))
        return batch_id

    def raw(self, type_: str, payload: Any, entity_id: str = "x") -> dict:
        e = emit(self.counter, type_, entity_id, payload)
        self.pending.append(e)
        return e

    def push(self) -> Any:
        body = batch(self.counter.device_id, self.pending)
        r = upload(self.client, self.counter, body)
        assert r.status_code == 200, r.text
        self.pending = []
        return r


def row_of(hub, code: str) -> Any:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(dossiers).where(dossiers.c.code == code)).first()


def log_of(hub, code: str) -> list[Any]:
    with hub.engine.connect() as conn:
        return conn.execute(
            sa.select(status_log).where(status_log.c.code == code).order_by(status_log.c.id)
        ).all()


def feed_of(client, counter: Counter) -> list[dict]:
    r = client.get("/api/v1/feed", headers=counter.auth)
    assert r.status_code == 200, r.text
    return r.json()["items"]


@pytest.fixture
def agency(hub) -> Agency:
    return Agency(hub)


@pytest.fixture
def desk(client, hub) -> Desk:
    return Desk.open(client, hub)


# -- the projection -------------------------------------------------------------------------


def test_received_event_makes_a_projection_row(desk, hub):
    code = desk.receive()
    desk.push()
    row = row_of(hub, code)
    assert (row.office_code, row.device_id, row.agency) == (OFFICE, desk.counter.device_id, AGENCY)
    assert (row.procedure_code, row.procedure_name) == ("1.001193", "Đăng ký khai sinh")
    assert (row.status, row.batch_id, row.note) == ("received", None, "")
    assert row.received_at == "2027-02-03T09:15:00+07:00"
    assert row.appointment_at == "2027-02-08T16:00:00+07:00"
    assert (row.applicant_name, row.applicant_initials) == (NAME, "N.V.A.")
    assert row.id == desk.ids[code]
    assert row.received_seq == 1
    # The particulars are read from the stored event, not copied.
    details = Agency(hub).dossier(None, code)
    assert details["applicant"]["id_number"] == ID_NUMBER
    assert details["documents"][1] == ["Giấy chứng sinh", "certified_copy", 1]


@pytest.mark.parametrize("sealed_first", [True, False])
def test_hand_over_fills_the_batch_and_moves_the_dossiers(desk, hub, sealed_first):
    codes = [desk.receive(), desk.receive()]
    desk.push()
    batch_id = desk.seal(codes, sealed_first=sealed_first)
    desk.push()
    for code in codes:
        row = row_of(hub, code)
        assert (row.status, row.batch_id) == ("in_transit", batch_id)
        [entry] = log_of(hub, code)
        assert (entry.status, entry.action, entry.applied, entry.warning) == (
            "in_transit",
            "hand_over",
            True,
            None,
        )
        assert entry.by == f"counter:{desk.counter.device_id}"
    with hub.engine.connect() as conn:
        b = conn.execute(sa.select(handover_batches)).one()
    assert (b.id, b.number, b.agency, b.count, b.confirmed_at) == (
        batch_id,
        "BG-20270203-01",
        AGENCY,
        2,
        None,
    )
    assert (b.office_code, b.device_id) == (OFFICE, desk.counter.device_id)


def test_counter_moves_after_the_agency_follow_the_counter(desk, hub, agency):
    code = desk.receive()
    desk.seal([code])
    desk.push()
    agency.confirm_receipt(code)
    agency.request_supplement(code, "Bản sao giấy chứng sinh có chứng thực")
    desk.status[code] = S.SUPPLEMENT_REQUESTED  # the counter applied the feed item
    desk.raw(
        "dossier.status_changed",
        {
            "code": code,
            "status": "supplement_requested",
            "previous": "at_agency",
            "agency_at": AT,
            "note": "",
            "source": "hub",
        },
    )
    desk.move(code, Action.SUPPLEMENT, note="Đã nộp bản sao chứng thực")
    desk.push()
    assert row_of(hub, code).status == "supplemented"
    assert [(e.status, e.by.split(":")[0]) for e in log_of(hub, code)] == [
        ("in_transit", "counter"),
        ("at_agency", "cli"),
        ("supplement_requested", "cli"),
        ("supplemented", "counter"),
    ]


def test_a_move_that_does_not_fit_is_applied_and_recorded_never_refused(desk, hub):
    code = desk.receive()
    desk.push()
    # The counter says it returned a dossier the hub still sees at the counter as received.
    desk.move(code, Action.RETURN, previous=S.RESULT_AT_COUNTER, status=S.RETURNED)
    desk.push()
    assert row_of(hub, code).status == "returned"  # the counter is the truth of its own moves
    [entry] = log_of(hub, code)
    assert entry.applied is True
    assert "Đã tiếp nhận" in entry.warning and "Trả kết quả" in entry.warning


def test_unknown_dossier_and_unknown_status_are_recorded_not_applied(desk, hub):
    code = desk.receive()
    desk.push()
    desk.raw(
        "dossier.transition",
        {
            "code": "000.00.04.H42-270203-9999",
            "action": "hand_over",
            "status": "in_transit",
            "previous": "received",
            "at": AT,
            "note": "",
        },
    )
    desk.raw(
        "dossier.transition",
        {
            "code": code,
            "action": "hand_over",
            "status": "lost",
            "previous": "received",
            "at": AT,
            "note": "",
        },
    )
    r = desk.push()
    assert r.json()["accepted"] == 2
    assert row_of(hub, code).status == "received"
    [ghost] = log_of(hub, "000.00.04.H42-270203-9999")
    assert ghost.applied is False
    assert "chưa có hồ sơ này" in ghost.warning
    [odd] = log_of(hub, code)
    assert (odd.applied, odd.status) == (False, "lost")
    assert "không có trong quy trình" in odd.warning


def test_odd_payloads_never_stop_an_upload(desk, hub):
    good = desk.receive()
    desk.raw("dossier.received", "not json at all")
    desk.raw("dossier.received", [1, 2, 3])
    desk.raw("dossier.received", {"code": "X" * 300})
    desk.raw("dossier.received", {"code": 12, "applicant": "Nguyễn"})
    # Escapes a JSON payload may hold that a database column may not (NUL, a lone surrogate).
    odd = desk.counter.code(99)
    desk.raw(
        "dossier.received",
        '{"applicant":{"full_name":"A\\u0000B"},"code":"' + odd + '","s10":"'
        + desk.counter.s10(99) + '","documents":[["\\ud800","original",1]]}',
    )  # fmt: skip
    desk.raw("handover.sealed", {"batch_id": 7, "dossiers": "none"})
    desk.raw("dossier.transition", {"code": None})
    desk.raw("dossier.rescheduled", {"code": good, "appointment_at": 5})
    desk.raw("dossier.invitation", {"code": good, "method": "call", "on": "2027-02-10"})
    desk.raw("something.new", {"code": good})
    answer = desk.push().json()
    assert answer["accepted"] == 11
    # Dossiers without a dossier code and an S10 number of the sender's are stored (the chain
    # stays whole) but not applied, and each goes to the operator's conflicts.
    assert [r["seq"] for r in answer["refused"]] == [2, 3, 4, 5]
    assert len(hub.list_conflicts()) == 4
    with hub.engine.connect() as conn:
        codes = conn.execute(sa.select(dossiers.c.code).order_by(dossiers.c.code)).scalars().all()
    assert codes == [good, odd]
    nul = row_of(hub, odd)
    assert (nul.applicant_name, nul.applicant_initials) == ("AB", "A.")
    details = Agency(hub).dossier(None, odd)
    assert details["documents"] == [["?", "original", 1]]


def test_rescheduling_and_new_appointment_dates_reach_the_projection(desk, hub):
    code = desk.receive()
    desk.push()
    desk.raw(
        "dossier.rescheduled",
        {
            "code": code,
            "appointment_at": "2027-02-15T16:00:00+07:00",
            "reason": "Cơ quan cần xác minh",
        },
    )
    desk.push()
    assert row_of(hub, code).appointment_at == "2027-02-15T16:00:00+07:00"
    desk.seal([code])
    desk.status[code] = S.AT_AGENCY
    desk.move(
        code, Action.MARK_READY, status=S.RESULT_READY, appointment_at="2027-02-12T16:00:00+07:00"
    )
    desk.push()
    assert row_of(hub, code).appointment_at == "2027-02-12T16:00:00+07:00"


def test_a_code_reused_by_another_dossier_is_recorded_and_the_first_kept(client, hub, desk):
    code = desk.receive()
    desk.push()
    other = Desk.open(client, hub)
    other.receive(code=code, name="Trần Thị Bình")
    other.receive(code=code, name="Lê Văn Cường")  # and twice in one batch
    refused = other.push().json()["refused"]
    assert row_of(hub, code).applicant_name == NAME
    assert [r["kind"] for r in refused] == ["number_taken", "number_taken"]
    assert all(code in r["message"] for r in refused)
    conflicts = hub.list_conflicts()
    assert [c["kind"] for c in conflicts] == ["number_taken", "number_taken"]
    assert {c["device_id"] for c in conflicts} == {other.counter.device_id}


def test_a_resent_batch_projects_nothing_twice(desk, hub, client):
    code = desk.receive()
    desk.seal([code])
    body = batch(desk.counter.device_id, desk.pending)
    assert upload(client, desk.counter, body).json()["accepted"] == 3
    assert upload(client, desk.counter, body).json()["duplicates"] == 3
    assert len(log_of(hub, code)) == 1


def test_events_stored_before_the_projection_are_folded_in(desk, hub, client):
    """A hub upgraded from schema 0001: its stored events reach the projection at start-up, and
    a device that uploads first catches up before its new events."""
    first = desk.receive()
    desk.seal([first])
    desk.push()
    with hub.engine.begin() as conn:  # as if the events had come before the projection existed
        for table in (status_log, handover_batches, dossiers):
            conn.execute(table.delete())
        conn.execute(devices.update().values(projected_seq=0))
    assert hub.catch_up_projection() == 1
    assert row_of(hub, first).status == "in_transit"
    assert len(log_of(hub, first)) == 1
    assert hub.catch_up_projection() == 0
    with hub.engine.begin() as conn:
        for table in (status_log, handover_batches, dossiers):
            conn.execute(table.delete())
        conn.execute(devices.update().values(projected_seq=0))
    second = desk.receive()
    desk.push()
    assert row_of(hub, first).status == "in_transit"
    assert row_of(hub, second).status == "received"
    with hub.engine.connect() as conn:
        marks = conn.execute(sa.select(devices.c.projected_seq, devices.c.acked_seq)).one()
    assert marks.projected_seq == marks.acked_seq == desk.counter.seq


def test_upgrading_a_0001_hub_with_events_projects_them(db_url, tmp_path):
    from alembic import command
    from alembic.config import Config

    from hub.db import make_engine
    from hub.service import Hub

    engine = make_engine(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", _migrations())
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    counter = Counter(device_id=str(uuid.uuid4()))
    e = emit(
        counter,
        "dossier.received",
        "d-1",
        {"code": "C-1", "agency": AGENCY, "applicant": {"full_name": NAME}},
    )
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO offices (code, name, created_at) VALUES ('000.00.04.H42', 'Kỳ Bắc', 'x')"
        )
        conn.exec_driver_sql(
            "INSERT INTO devices (id, office_code, counter_no, name, token_sha256, enrolled_at, "
            f"acked_seq) VALUES ('{counter.device_id}', '000.00.04.H42', 1, 'Q1', 'h', 'x', 1)"
        )
        conn.execute(hub_events.insert().values(**e, received_at="x"))
    engine.dispose()
    hub = Hub.open(db_url)
    try:
        row = row_of(hub, "C-1")
        assert (row.office_code, row.applicant_initials, row.status) == (
            OFFICE,
            "N.V.A.",
            "received",
        )
    finally:
        hub.close()


def _migrations() -> str:
    from pathlib import Path

    import hub.db

    return str(Path(hub.db.__file__).parent / "migrations")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nguyễn Văn An", "N.V.A."),
        ("  nguyễn   thị  hồng nhung ", "N.T.H.N."),
        ("Đặng (Bà) Ánh", "Đ.B.Á."),
        ("Ma\u0323\u0302t", "M."),  # NFD input
        ("", ""),
    ],
)
def test_initials_keep_only_the_first_letters(name, expected):
    assert initials(name) == expected


def test_bulk_insert_reports_a_duplicate_key_as_an_integrity_error(hub):
    row = {
        "code": "C-1",
        "status": "received",
        "action": "x",
        "note": "",
        "at": AT,
        "by": "t",
        "applied": True,
        "warning": None,
    }
    with hub.engine.begin() as conn:
        bulk_insert(conn, status_log, [row, {**row, "code": "C-2"}])
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(status_log)).scalar() == 2
    counter = Counter(device_id="dev")
    e = emit(counter, "dossier.received", "d", {"code": "C"})
    with pytest.raises(IntegrityError), hub.engine.begin() as conn:
        bulk_insert(conn, hub_events, [{**e, "received_at": AT}, {**e, "received_at": AT}])
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(hub_events)).scalar() == 0


# -- the agency's decisions ---------------------------------------------------------------------


def test_each_agency_decision_moves_logs_and_feeds_the_office(client, hub, desk, agency):
    far = Desk.open(client, hub, OTHER_OFFICE)
    a, b = desk.receive(), desk.receive()
    desk.seal([a, b])
    desk.push()
    steps = [
        agency.confirm_receipt(a, by="agency:ubnd"),
        agency.request_supplement(a, "  Bản sao giấy chứng sinh  ", by="agency:ubnd"),
        agency.refuse(a, "Không đủ điều kiện", by="agency:ubnd"),
        agency.confirm_receipt(b, "Đã ký biên bản", by="agency:ubnd"),
        agency.mark_ready(b, by="agency:ubnd"),
    ]
    assert [(s.code, s.previous, s.status) for s in steps] == [
        (a, S.IN_TRANSIT, S.AT_AGENCY),
        (a, S.AT_AGENCY, S.SUPPLEMENT_REQUESTED),
        (a, S.SUPPLEMENT_REQUESTED, S.REFUSED),
        (b, S.IN_TRANSIT, S.AT_AGENCY),
        (b, S.AT_AGENCY, S.RESULT_READY),
    ]
    assert (row_of(hub, a).status, row_of(hub, a).note) == ("refused", "Không đủ điều kiện")
    assert row_of(hub, b).status == "result_ready"
    assert [(e.action, e.note, e.by) for e in log_of(hub, a)][1:] == [
        ("confirm_receipt", "", "agency:ubnd"),
        ("request_supplement", "Bản sao giấy chứng sinh", "agency:ubnd"),
        ("refuse", "Không đủ điều kiện", "agency:ubnd"),
    ]
    items = feed_of(client, desk.counter)
    assert [i["kind"] for i in items] == ["status"] * 5
    assert [i["cursor"] for i in items] == [s.cursor for s in steps]
    assert items[1]["data"] == {
        "dossier_code": a,
        "status": "supplement_requested",
        "at": steps[1].at,
        "note": "Bản sao giấy chứng sinh",
        "action": "request_supplement",
    }
    assert feed_of(client, far.counter) == []  # another office hears nothing of it
    # Every decision is exactly what the counter's rules accept from the agency.
    status = S.IN_TRANSIT
    for item in items[:3]:
        status = next_status(a, status, Action(item["data"]["action"]))
        assert status.value == item["data"]["status"]


@pytest.mark.parametrize(
    ("before", "action"),
    [
        ("received", Action.CONFIRM_RECEIPT),
        ("at_agency", Action.CONFIRM_RECEIPT),
        ("in_transit", Action.REQUEST_SUPPLEMENT),
        ("supplement_requested", Action.REQUEST_SUPPLEMENT),
        ("in_transit", Action.REFUSE),
        ("result_ready", Action.REFUSE),
        ("in_transit", Action.MARK_READY),
        ("supplement_requested", Action.MARK_READY),
        ("returned", Action.MARK_READY),
    ],
)
def test_a_decision_the_state_does_not_allow_is_refused_and_changes_nothing(
    client, hub, desk, agency, before, action
):
    code = desk.receive()
    desk.push()
    with hub.engine.begin() as conn:
        conn.execute(dossiers.update().where(dossiers.c.code == code).values(status=before))
    with pytest.raises(HubError) as refused:
        agency.act(code, action, "ghi chú")
    assert (refused.value.status, refused.value.code) == (409, "illegal_transition")
    assert f"Hồ sơ {code} đang ở trạng thái «{S(before).label}»" in refused.value.message
    assert row_of(hub, code).status == before
    assert log_of(hub, code) == []
    assert feed_of(client, desk.counter) == []


def test_counter_actions_and_unknown_dossiers_are_refused(desk, agency):
    code = desk.receive()
    desk.push()
    with pytest.raises(HubError) as counter_only:
        agency.act(code, Action.HAND_OVER)
    assert counter_only.value.status == 409
    assert "do quầy bưu điện thực hiện" in counter_only.value.message
    with pytest.raises(HubError) as missing:
        agency.confirm_receipt("000.00.04.H42-270203-9999")
    assert missing.value.status == 404
    assert "Hãy kiểm tra lại mã hồ sơ" in missing.value.message


@pytest.mark.parametrize("action", [Action.REQUEST_SUPPLEMENT, Action.REFUSE])
def test_supplement_and_refusal_need_a_note(desk, hub, agency, action):
    code = desk.receive()
    desk.seal([code])
    desk.push()
    agency.confirm_receipt(code)
    with pytest.raises(HubError) as refused:
        agency.act(code, action, "   ")
    assert (refused.value.status, refused.value.code) == (400, "note_required")
    assert refused.value.message.startswith("Hãy ghi")
    assert row_of(hub, code).status == "at_agency"


def test_a_user_acts_only_on_its_agency_and_office(client, hub, desk, agency):
    police = desk.receive(agency="Công an xã")
    mine = desk.receive()
    desk.seal([police, mine])
    desk.push()
    far = Desk.open(client, hub, OTHER_OFFICE)
    theirs = far.receive()
    far.seal([theirs])
    far.push()
    clerk = agency.add_user("ubnd.kybac", "mật khẩu dài", AGENCY, office_code=OFFICE)
    for code in (police, theirs):
        with pytest.raises(HubError) as hidden:
            agency.confirm_receipt(code, user=clerk)
        assert hidden.value.status == 404
    assert agency.confirm_receipt(mine, user=clerk).status is S.AT_AGENCY
    province = agency.add_user("ubnd.tinh", "mật khẩu dài", AGENCY)  # every office
    assert agency.confirm_receipt(theirs, user=province).status is S.AT_AGENCY
    assert [d["code"] for d in agency.list_dossiers(clerk)[0]] == [mine]
    assert sorted(d["code"] for d in agency.list_dossiers(province)[0]) == sorted([mine, theirs])
    assert agency.dossier(clerk, theirs) is None
    assert agency.dossier(clerk, police) is None


def test_confirming_a_whole_batch(client, hub, desk, agency):
    codes = [desk.receive() for _ in range(3)]
    batch_id = desk.seal(codes)
    desk.move(codes[2], Action.WITHDRAW, note="Người nộp rút hồ sơ")
    desk.push()
    done = agency.confirm_batch("BG-20270203-01", by="agency:ubnd")
    assert (done.batch_id, done.number) == (batch_id, "BG-20270203-01")
    assert [c.code for c in done.confirmed] == sorted(codes[:2])
    assert done.skipped == [(codes[2], S.WITHDRAWN)]
    assert [row_of(hub, c).status for c in codes] == ["at_agency", "at_agency", "withdrawn"]
    items = feed_of(client, desk.counter)
    assert sorted(i["data"]["dossier_code"] for i in items) == sorted(codes[:2])
    assert {i["data"]["action"] for i in items} == {"confirm_receipt"}
    with hub.engine.connect() as conn:
        assert (
            conn.execute(sa.select(handover_batches.c.confirmed_at)).scalar()
            == done.confirmed[0].at
        )
    with pytest.raises(HubError) as again:
        agency.confirm_batch(batch_id)
    assert again.value.status == 409
    assert "không còn hồ sơ nào đang chuyển" in again.value.message


def test_a_batch_number_two_counters_share_needs_the_batch_id(client, hub, desk, agency):
    second = Desk.open(client, hub)
    one = desk.seal([desk.receive()])
    two = second.seal([second.receive()])
    desk.push()
    second.push()
    with pytest.raises(HubError) as ambiguous:
        agency.confirm_batch("BG-20270203-01")
    assert ambiguous.value.status == 409
    assert one in ambiguous.value.message and two in ambiguous.value.message
    assert len(agency.confirm_batch(two).confirmed) == 1
    with pytest.raises(HubError) as missing:
        agency.confirm_batch("BG-19990101-99")
    assert missing.value.status == 404


def test_confirming_the_last_dossier_of_a_batch_closes_it(desk, hub, agency):
    codes = [desk.receive(), desk.receive()]
    desk.seal(codes)
    desk.push()
    user = agency.add_user("ubnd", "12345678", AGENCY)
    agency.confirm_receipt(codes[0])
    [waiting] = agency.list_batches(user)
    assert (waiting["confirmed_at"], waiting["in_transit"], waiting["count"]) == (None, 1, 2)
    agency.confirm_receipt(codes[1])
    [done] = agency.list_batches(user)
    assert (done["confirmed_at"] is not None, done["in_transit"]) == (True, 0)


# -- accounts and log-in ------------------------------------------------------------------


def test_passwords_are_salted_scrypt_hashes():
    one, two = hash_password("Mật khẩu 1"), hash_password("Mật khẩu 1")
    assert one != two and one.startswith("scrypt$16384$8$1$")
    assert verify_password("Mật khẩu 1", one)
    # The same letters typed as combining marks (NFD) are the same password.
    assert verify_password("Ma\u0323\u0302t kha\u0302\u0309u 1", one)
    assert not verify_password("Mật khẩu 2", one)
    assert not verify_password("x", "md5$abc")


def test_add_user_checks_its_input(agency, desk):  # desk: the office is enrolled
    for bad in (
        lambda: agency.add_user("Ab", "12345678", AGENCY),
        lambda: agency.add_user("ubnd", "short", AGENCY),
        lambda: agency.add_user("ubnd", "12345678", "  "),
        lambda: agency.add_user("ubnd", "12345678", AGENCY, office_code="000.00.99.H99"),
    ):
        with pytest.raises(HubError) as refused:
            bad()
        assert refused.value.status in (400, 404)
    user = agency.add_user(" UBND.KyBac ", "12345678", " UBND   xã ", OFFICE, "Chị Hoa")
    assert (user.username, user.agency, user.office_code, user.display_name) == (
        "ubnd.kybac",
        AGENCY,
        OFFICE,
        "Chị Hoa",
    )
    with pytest.raises(HubError) as twice:
        agency.add_user("ubnd.kybac", "12345678", AGENCY)
    assert twice.value.status == 409


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(agency, clock):
    agency.add_user("ubnd", "đúng mật khẩu", AGENCY)
    for _ in range(4):
        with pytest.raises(HubError) as wrong:
            agency.login("ubnd", "sai")
        assert wrong.value.status == 401
        assert "không đúng" in wrong.value.message
    with pytest.raises(HubError) as locked:
        agency.login("ubnd", "sai")
    assert locked.value.status == 423
    assert "khóa 15 phút" in locked.value.message
    assert "thử lại sau 10:15" in locked.value.message  # 03:00 UTC + 15 min, in Vietnam time
    with pytest.raises(HubError) as still:
        agency.login("ubnd", "đúng mật khẩu")  # even the right password, while locked
    assert still.value.status == 423
    clock.advance(minutes=15)
    token, session = agency.login("ubnd", "đúng mật khẩu")
    assert session.user.username == "ubnd"
    assert agency.session(token) == session
    # The count starts again after a success: four more mistakes do not lock.
    for _ in range(4):
        with pytest.raises(HubError):
            agency.login("ubnd", "sai")
    assert agency.login("ubnd", "đúng mật khẩu")[1].user.username == "ubnd"


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(agency):
    agency.add_user("ubnd", "đúng mật khẩu", AGENCY)
    with pytest.raises(HubError) as unknown:
        agency.login("nobody", "sai")
    with pytest.raises(HubError) as wrong:
        agency.login("ubnd", "sai")
    assert unknown.value.body() == wrong.value.body()


def test_sessions_expire_and_end_at_logout(agency, clock, hub):
    agency.add_user("ubnd", "đúng mật khẩu", AGENCY)
    token, session = agency.login("ubnd", "đúng mật khẩu")
    assert agency.session(token) == session
    assert agency.session("forged") is None and agency.session(None) is None
    clock.advance(hours=8)
    assert agency.session(token) is None
    token, _ = agency.login("ubnd", "đúng mật khẩu")
    agency.logout(token)
    assert agency.session(token) is None
    from hub.db import agency_sessions

    with hub.engine.connect() as conn:
        stored = conn.execute(sa.select(agency_sessions.c.token_sha256)).scalars().all()
    assert token not in stored  # only digests are kept


# -- the command line ---------------------------------------------------------------------


def _cli(capsys, monkeypatch, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_agency_decisions(client, hub, desk, db_url, capsys, monkeypatch):
    a, b = desk.receive(), desk.receive()
    c = desk.receive()
    desk.seal([a, b], number="BG-20270203-01")
    desk.seal([c], number="BG-20270203-02")
    desk.push()
    status, out, _ = _cli(
        capsys, monkeypatch, "agency", "confirm", "BG-20270203-01", "--batch", "--db", db_url
    )
    assert status == 0
    assert "2 hồ sơ" in out
    assert _cli(capsys, monkeypatch, "agency", "confirm", c, "--db", db_url)[0] == 0
    status, out, _ = _cli(
        capsys,
        monkeypatch,
        "agency",
        "supplement",
        a,
        "--note",
        "Bản sao giấy chứng sinh",
        "--db",
        db_url,
    )
    assert status == 0
    assert "Chờ bổ sung" in out
    assert (
        _cli(
            capsys, monkeypatch, "agency", "refuse", b, "--note", "Sai thẩm quyền", "--db", db_url
        )[0]
        == 0
    )
    assert _cli(capsys, monkeypatch, "agency", "ready", c, "--db", db_url)[0] == 0
    assert [row_of(hub, x).status for x in (a, b, c)] == [
        "supplement_requested",
        "refused",
        "result_ready",
    ]
    status, _, err = _cli(capsys, monkeypatch, "agency", "ready", b, "--db", db_url)
    assert status == 1
    assert "không thể «Có kết quả»" in err
    status, _, err = _cli(capsys, monkeypatch, "agency", "refuse", a, "--db", db_url)
    assert status == 1
    assert "lý do từ chối" in err
    status, _, err = _cli(capsys, monkeypatch, "agency", "ready", a, "--batch", "--db", db_url)
    assert status == 2
    assert "--batch" in err
    items = feed_of(client, desk.counter)
    assert [i["data"]["action"] for i in items][-3:] == [
        "request_supplement",
        "refuse",
        "mark_ready",
    ]
    assert items[-3]["data"]["note"] == "Bản sao giấy chứng sinh"


def test_cli_agency_user_add_reads_the_password(client, hub, db_url, capsys, monkeypatch):
    enroll(client, hub)  # the office exists
    status, out, _ = _cli(
        capsys,
        monkeypatch,
        "agency-user",
        "add",
        "ubnd.kybac",
        "--agency",
        AGENCY,
        "--office",
        OFFICE,
        "--name",
        "Chị Hoa",
        "--password-stdin",
        "--db",
        db_url,
        stdin="mật khẩu dài\n",
    )
    assert status == 0
    assert "ubnd.kybac" in out and AGENCY in out
    agency = Agency(hub)
    assert agency.login("ubnd.kybac", "mật khẩu dài")[1].user.office_code == OFFICE
    answers = iter(["mật khẩu mới 1", "mật khẩu mới 1"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    status, _, _ = _cli(
        capsys,
        monkeypatch,
        "agency-user",
        "add",
        "cong.an",
        "--agency",
        "Công an tỉnh",
        "--db",
        db_url,
    )
    assert status == 0
    assert agency.login("cong.an", "mật khẩu mới 1")[1].user.office_code is None
    answers = iter(["mật khẩu một", "mật khẩu hai"])
    status, _, err = _cli(
        capsys, monkeypatch, "agency-user", "add", "khac", "--agency", AGENCY, "--db", db_url
    )
    assert status == 1
    assert "không khớp" in err
    status, _, err = _cli(
        capsys,
        monkeypatch,
        "agency-user",
        "add",
        "ubnd.kybac",
        "--agency",
        AGENCY,
        "--password-stdin",
        "--db",
        db_url,
        stdin="12345678\n",
    )
    assert status == 1
    assert "Đã có tài khoản" in err
    status, out, _ = _cli(capsys, monkeypatch, "agency-user", "list", "--json", "--db", db_url)
    assert [u["username"] for u in json.loads(out)] == ["cong.an", "ubnd.kybac"]


def test_cli_unlocks_a_locked_account(client, hub, db_url, capsys, monkeypatch):
    agency = Agency(hub)
    agency.add_user("ubnd", "đúng mật khẩu", AGENCY)
    for _ in range(5):
        with pytest.raises(HubError):
            agency.login("ubnd", "sai")
    status, out, _ = _cli(capsys, monkeypatch, "agency-user", "unlock", "ubnd", "--db", db_url)
    assert "Đã mở khóa" in out
    assert status == 0
    assert agency.login("ubnd", "đúng mật khẩu")[1].user.username == "ubnd"
    assert _cli(capsys, monkeypatch, "agency-user", "unlock", "nobody", "--db", db_url)[0] == 1
