"""The counter's lifecycle moves: hand-over batches, results, invitations, returns, forms."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from lifecycle_helpers import agency_says, hand_over

from app.domain.errors import DomainError
from app.domain.lifecycle import IllegalTransition
from app.services import handover, intake, lifecycle
from app.services.lifecycle_documents import FormKind, render_form
from app.services.workstation import VN_TZ
from app.storage.events import verify_chain


def _counts(ws) -> tuple[int, ...]:
    tables = ("events", "handover_batches", "handover_items", "dossier_returns", "dossier_contacts")
    return tuple(ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def _status(ws, code: str) -> str:
    return ws.db.execute("SELECT status FROM dossiers WHERE code = ?", [code]).fetchone()[0]


@pytest.fixture
def three(ws, request_for):
    return [intake.receive_dossier(ws, request_for("1.001193")) for _ in range(3)]


@pytest.fixture
def at_counter(ws, request_for):
    """A dossier whose result is back at the counter."""
    d = intake.receive_dossier(ws, request_for("1.001193"))
    hand_over(ws, [d])
    assert agency_says(ws, d.code, "at_agency").outcome == "applied"
    assert agency_says(ws, d.code, "result_ready").outcome == "applied"
    lifecycle.record_result(ws, d.s10)  # scanned from the label
    return d


def test_a_batch_is_built_by_scanning_and_sealed_by_its_first_print(ws, three):
    batch = handover.create_batch(ws, "UBND xã", [three[0].code])
    handover.add_to_batch(ws, batch.number, three[1].s10)  # the label's S10 works too
    handover.add_to_batch(ws, batch.id, three[2].code)
    handover.remove_from_batch(ws, batch.id, three[2].code)
    assert [i.code for i in handover.batch_items(ws, batch.id)] == [d.code for d in three[:2]]
    assert [i.code for i in handover.waiting_for_handover(ws)] == [three[2].code]

    sealed, pdf = handover.seal_and_print(ws, batch.id)

    assert pdf.startswith(b"%PDF") and sealed.sealed and sealed.prints == 1
    assert [_status(ws, d.code) for d in three] == ["in_transit", "in_transit", "received"]
    sealed_events = ws.db.execute(
        "SELECT payload FROM events WHERE type = 'handover.sealed'"
    ).fetchall()
    assert len(sealed_events) == 1 and three[0].code in sealed_events[0][0]
    # A reprint prints the same batch and moves nothing again.
    again, _ = handover.seal_and_print(ws, batch.number)
    assert again.prints == 2 and again.sealed_at == sealed.sealed_at
    assert (
        ws.db.execute("SELECT count(*) FROM events WHERE type = 'handover.sealed'").fetchone()[0]
        == 1
    )
    before = _counts(ws)
    with pytest.raises(DomainError, match="niêm phong"):
        handover.add_to_batch(ws, batch.id, three[2].code)
    with pytest.raises(DomainError, match="niêm phong"):
        handover.remove_from_batch(ws, batch.id, three[0].code)
    assert _counts(ws) == before
    assert verify_chain(ws.db) == []


def test_a_batch_refuses_the_wrong_agency_a_second_batch_and_unknown_codes(ws, request_for, three):
    police = intake.receive_dossier(ws, request_for("CA.LLTP"))  # Công an tỉnh decides
    batch = handover.create_batch(ws, "UBND xã")
    handover.add_to_batch(ws, batch.id, three[0].code)
    other = handover.create_batch(ws, "UBND xã")
    before = _counts(ws)
    with pytest.raises(DomainError, match="Công an"):
        handover.add_to_batch(ws, batch.id, police.code)
    with pytest.raises(DomainError, match=batch.number):
        handover.add_to_batch(ws, other.id, three[0].code)
    with pytest.raises(DomainError, match="Không tìm thấy"):
        handover.add_to_batch(ws, batch.id, "RA999999999VN")
    with pytest.raises(DomainError, match="chưa có hồ sơ"):
        handover.seal_and_print(ws, other.id)
    with pytest.raises(DomainError, match="Không có cơ quan"):
        handover.create_batch(ws, "Bộ Ngoại giao")
    # create_batch is all or nothing: one bad code, no batch.
    with pytest.raises(DomainError):
        handover.create_batch(ws, "UBND xã", [three[1].code, police.code])
    assert _counts(ws) == before


def test_results_and_a_return_with_the_applicants_id(ws, at_counter):
    d = at_counter
    assert _status(ws, d.code) == "result_at_counter"
    before = _counts(ws)
    with pytest.raises(DomainError, match="không khớp"):
        lifecycle.return_to_citizen(ws, d.code, lifecycle.Receiver("001190001111"))
    with pytest.raises(DomainError, match="12 chữ số"):
        lifecycle.return_to_citizen(ws, d.code, lifecycle.Receiver("12345"))
    assert _counts(ws) == before and _status(ws, d.code) == "result_at_counter"

    done = lifecycle.return_to_citizen(
        ws, d.code, lifecycle.Receiver("0421 9000 1234"), amount_collected=15_000
    )

    assert done.status.value == "returned"
    row = ws.db.execute(
        "SELECT receiver_name, receiver_id_number, proxy, amount_collected FROM dossier_returns"
    ).fetchone()
    assert row == ("Nguyễn Thị Hồng Nhung", "042190001234", 0, 15_000)
    with pytest.raises(IllegalTransition, match="Đã trả kết quả"):
        lifecycle.return_to_citizen(ws, d.code, lifecycle.Receiver("042190001234"))


def test_a_proxy_needs_a_name_and_an_authorisation(ws, at_counter):
    d = at_counter
    with pytest.raises(DomainError, match="ủy quyền"):
        lifecycle.return_to_citizen(ws, d.code, lifecycle.Receiver("001190001111", proxy=True))
    with pytest.raises(DomainError, match="người nộp"):
        lifecycle.return_to_citizen(
            ws, d.code, lifecycle.Receiver("042190001234", "Chị Nhung", True, "Giấy ủy quyền 1")
        )
    receiver = lifecycle.Receiver(
        "001190001111", "trần văn bình", True, "Giấy ủy quyền số 12/UQ ngày 20/11/2026"
    )
    assert lifecycle.return_to_citizen(ws, d.code, receiver).status.value == "returned"
    payload = ws.db.execute(
        "SELECT payload FROM events WHERE type = 'dossier.transition' ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert '"proxy":true' in payload and "Giấy ủy quyền số 12/UQ" in payload


def test_back_to_the_agency_only_after_two_invitations_two_working_days_apart(
    ws, clock, at_counter
):
    d = at_counter
    lifecycle.send_for_delivery(ws, d.code)
    # Wed 3 Feb 2027: first failed delivery. Tết follows (4–10 Feb are days off), so a call on
    # Thu 11 Feb is one working day later and does not count; Fri 12 Feb is the second chance.
    lifecycle.record_invitation(ws, d.code, "delivery_attempt")
    clock.moment = datetime(2027, 2, 11, 9, 0, tzinfo=VN_TZ)
    state = lifecycle.record_invitation(ws, d.code, "call")
    assert state.count == 1 and state.next_allowed == date(2027, 2, 12)
    with pytest.raises(IllegalTransition, match="1 lần mời"):
        lifecycle.return_to_agency(ws, d.code)
    clock.moment = datetime(2027, 2, 12, 9, 0, tzinfo=VN_TZ)
    state = lifecycle.record_invitation(ws, d.code, "delivery_attempt", note="Vắng nhà")
    assert state.count == 2 and state.may_return_to_agency
    assert lifecycle.return_to_agency(ws, d.code).status.value == "returned_to_agency"
    contacts, _ = lifecycle.invitations(ws, d.code)
    assert [c["method"] for c in contacts] == ["delivery_attempt", "call", "delivery_attempt"]


def test_an_invitation_needs_a_result_waiting(ws, three):
    with pytest.raises(DomainError, match="chỉ mời nhận khi"):
        lifecycle.record_invitation(ws, three[0].code)


def test_agency_decisions_drive_supplement_refusal_and_their_forms(ws, three, request_for):
    hand_over(ws, three)
    for d in three:
        agency_says(ws, d.code, "at_agency", at="2027-02-03T14:00:00+07:00")
    agency_says(ws, three[0].code, "supplement_requested", "- Bản sao giấy chứng sinh\n- Tờ khai")
    agency_says(ws, three[1].code, "refused", "Không thuộc thẩm quyền giải quyết của xã.")

    supplement = render_form(ws, FormKind.SUPPLEMENT, three[0].code)
    refusal = render_form(ws, FormKind.REFUSAL, three[1].code)
    control = render_form(ws, FormKind.CONTROL, three[1].code)
    assert all(pdf.startswith(b"%PDF") for pdf in (supplement, refusal, control))
    with pytest.raises(DomainError, match="chưa có quyết định"):
        render_form(ws, FormKind.REFUSAL, three[2].code)

    assert lifecycle.record_supplement(ws, three[0].code).status.value == "supplemented"
    assert agency_says(ws, three[0].code, "result_ready").outcome == "applied"
    # The refused papers come back to the counter like a result.
    assert lifecycle.record_result(ws, three[1].code).status.value == "result_at_counter"
    status = lifecycle.status_of(ws, three[0].code)
    assert status["status"] == "result_ready"
    assert [h["status"] for h in status["history"] if h["status"]] == [
        "received",
        "in_transit",
        "at_agency",
        "supplement_requested",
        "supplemented",
        "result_ready",
    ]
    assert status["agency_due"] is not None


def test_withdrawal_needs_a_reason_and_ends_the_dossier(ws, three):
    with pytest.raises(DomainError, match="lý do"):
        lifecycle.withdraw(ws, three[0].code, "  ")
    assert lifecycle.withdraw(ws, three[0].code, "Đơn xin rút").status.value == "withdrawn"
    with pytest.raises(DomainError, match="Đã rút hồ sơ"):
        hand_over(ws, [three[0]])


def test_a_late_dossier_is_listed_then_rescheduled_with_an_apology(ws, clock, three):
    clock.moment = three[0].appointment_at + timedelta(hours=1)
    lists = lifecycle.action_lists(ws)
    assert {r["code"] for r in lists.overdue} == {d.code for d in three}

    new_day = datetime(2027, 3, 2, 16, 0, tzinfo=VN_TZ)
    with pytest.raises(DomainError, match="lý do"):
        lifecycle.reschedule(ws, three[0].code, new_day, "")
    with pytest.raises(DomainError, match="ngày nghỉ"):
        lifecycle.reschedule(ws, three[0].code, datetime(2027, 2, 28, 16, 0, tzinfo=VN_TZ), "x")
    moved, old = lifecycle.reschedule(ws, three[0].code, new_day, "Cơ quan cần xác minh thêm")
    assert moved.appointment_at == new_day and old == three[0].appointment_at
    assert render_form(ws, FormKind.APOLOGY, three[0].code).startswith(b"%PDF")
    lists = lifecycle.action_lists(ws)
    assert three[0].code not in {r["code"] for r in lists.overdue}


def test_results_waiting_and_invitations_due_are_listed(ws, clock, at_counter, request_for):
    lists = lifecycle.action_lists(ws)
    assert [r["code"] for r in lists.results_waiting] == [at_counter.code]
    assert [r["code"] for r in lists.invitations_due] == [at_counter.code]
    lifecycle.record_invitation(ws, at_counter.code)
    assert lifecycle.action_lists(ws).invitations_due == []
    clock.moment = datetime(2027, 2, 11, 9, 0, tzinfo=VN_TZ)  # after Tết: one working day
    assert lifecycle.action_lists(ws).invitations_due == []
    clock.moment = datetime(2027, 2, 12, 9, 0, tzinfo=VN_TZ)  # two working days: due again
    assert [r["code"] for r in lifecycle.action_lists(ws).invitations_due] == [at_counter.code]
    pdf = render_form(ws, FormKind.INVITATION, at_counter.code)
    assert pdf.startswith(b"%PDF")
