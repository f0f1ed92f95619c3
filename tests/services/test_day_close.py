"""End-of-day close (Chốt ngày) at the counter: the figures, the seal, the read-only day, roles,
the hub's acknowledgement applied from the feed, and the CLI."""

from __future__ import annotations

import argparse
import io
import json
import re
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from lifecycle_helpers import agency_says, hand_over

from app.cli_day import add_day_commands
from app.domain.day_close import DayClosed, Reconciliation, events_digest, manifest_sha256
from app.domain.errors import DomainError, ValidationFailed
from app.domain.roles import PermissionDenied, Role, SignedIn
from app.services import day_close, documents, intake, lifecycle
from app.services.workstation import VN_TZ
from app.storage import sync_state
from app.storage.db import transaction
from app.storage.downstream import APPLIED, FAILED, KEPT, apply_item
from app.storage.events import append_event, verify_chain

D = date(2027, 2, 3)  # the conftest clock's day (a Wednesday)
SUPERVISOR = "Lê Thị Kiểm Soát"


def sign_in(ws, username: str, role: Role, name: str) -> None:
    """A real account row (as the accounts service would create) and its session."""
    ws.db.execute(
        "INSERT OR IGNORE INTO accounts (username, display_name, role, secret_hash, created_at)"
        " VALUES (?, ?, ?, 'scrypt$test', ?)",
        [username, name, role.value, ws.now().isoformat()],
    )
    ws.session = SignedIn(username, name, role, ws.now())


@pytest.fixture
def supervisor(ws):
    sign_in(ws, "kiemsoat", Role.SUPERVISOR, SUPERVISOR)
    return ws


def at(clock, hour: int, minute: int = 0, day: date = D) -> None:
    clock.moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


def notes_for(amount: int) -> dict[int, int]:
    """The fewest banknotes making ``amount`` (how a till is counted)."""
    notes: dict[int, int] = {}
    for value in (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500):
        notes[value], amount = divmod(amount, value)
    assert amount == 0
    return {v: n for v, n in notes.items() if n}


def fees_of(d) -> int:
    return sum(f.amount for f in d.fees)


@pytest.fixture
def busy_day(ws, clock, request_for):
    """The issue's day: receipts, two hand-overs (one confirmed by the agency), a result from an
    earlier day returned with money collected, and events the hub has not acknowledged."""
    at(clock, 9, day=D - timedelta(days=2))  # Monday: an earlier dossier, ready on Tuesday
    earlier = intake.receive_dossier(ws, request_for("2.000635", copies=2))
    hand_over(ws, [earlier])
    agency_says(ws, earlier.code, "at_agency")
    at(clock, 9, day=D - timedelta(days=1))
    agency_says(ws, earlier.code, "result_ready")

    at(clock, 8)
    copies = [intake.receive_dossier(ws, request_for("2.000815")) for _ in range(2)]
    extract = intake.receive_dossier(ws, request_for("2.000635", copies=3))
    at(clock, 9)
    confirmed = hand_over(ws, copies)
    waiting = hand_over(ws, [extract])
    for d in copies:
        agency_says(ws, d.code, "at_agency")
    at(clock, 10)
    lifecycle.record_result(ws, earlier.code)
    lifecycle.return_to_citizen(
        ws, earlier.code, lifecycle.Receiver("042190001234"), amount_collected=16_000
    )
    # Synced up to here; the birth registration after it has not reached the hub.
    last = ws.db.execute("SELECT max(seq) FROM events").fetchone()[0]
    with transaction(ws.db):
        sync_state.set_acked_seq(ws.db, last)
    at(clock, 11)
    birth = intake.receive_dossier(ws, request_for("1.001193"))
    at(clock, 17)
    received = [*copies, extract, birth]
    return {
        "received": received,
        "earlier": earlier,
        "batches": (confirmed, waiting),
        "expected": sum(fees_of(d) + d.postage for d in received) + 16_000,
        "acked": last,
    }


def count_rows(ws, table: str) -> int:
    return ws.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ---------------------------------------------------------------- the figures and the seal


def test_the_issues_day_closes_with_the_right_figures(ws, supervisor, busy_day):
    received = busy_day["received"]
    expected = busy_day["expected"]
    short = expected - 10_000  # a 10.000 đ note is missing from the till

    with pytest.raises(ValidationFailed) as refused:
        day_close.close_day(ws, D, cash_total=short)
    assert refused.value.first.field == "reason"
    assert "thiếu 10.000 đ" in refused.value.message and "Ghi lý do" in refused.value.message
    assert count_rows(ws, "day_closes") == 0

    notes = notes_for(short)
    row = day_close.close_day(ws, D, cash=notes, reason="Trả lại tiền thừa nhầm")

    m = row.manifest
    assert m["day"] == "2027-02-03" and m["device_id"] == ws.device_id
    assert m["supervisor"] == {"username": "kiemsoat", "name": SUPERVISOR}
    assert m["dossiers"] == sorted(d.code for d in received)
    assert m["counts"]["dossiers"] == 4
    by_procedure = {p["code"]: p["count"] for p in m["counts"]["by_procedure"]}
    assert by_procedure == {"2.000815": 2, "2.000635": 1, "1.001193": 1}
    assert m["counts"]["by_status"] == {"received": 1, "in_transit": 1, "at_agency": 2}
    assert m["counts"]["returns"] == 1
    totals = m["totals"]
    assert totals["fees"] == sum(fees_of(d) for d in received) > 0
    assert totals["postage"] == sum(d.postage for d in received) > 0
    assert totals["collected_at_returns"] == 16_000
    assert totals["expected"] == expected == row.expected
    assert (totals["counted"], totals["difference"]) == (short, -10_000)
    assert row.reason == m["reason"] == "Trả lại tiền thừa nhầm"
    assert m["cash"] == {"total": short, "denominations": {str(v): n for v, n in notes.items()}}
    confirmed, waiting = busy_day["batches"]
    assert [(b["number"], b["count"], b["awaiting"]) for b in m["batches"]] == [
        (confirmed.number, 2, 0),
        (waiting.number, 1, 1),
    ]
    # The day's events: everything dated 3/2 before the close, the earlier days' not.
    day_events = ws.db.execute(
        "SELECT seq, hash FROM events WHERE at LIKE '2027-02-03%' AND type <> 'day.closed'"
        " ORDER BY seq"
    ).fetchall()
    assert m["events"] == {
        "first_seq": day_events[0][0],
        "last_seq": day_events[-1][0],
        "count": len(day_events),
        "sha256": events_digest(h for _s, h in day_events),
    }
    unsynced = [s for s, _h in day_events if s > busy_day["acked"]]
    assert m["unsynced"] == {"count": len(unsynced), "first_seq": unsynced[0]}
    assert row.unsynced_at_close == len(unsynced) >= 1

    # One event seals it, signed by the supervisor, with the manifest and its hash.
    event = ws.db.execute(
        "SELECT seq, actor, payload FROM events WHERE type = 'day.closed'"
    ).fetchall()
    assert len(event) == 1
    seq, actor, payload = event[0]
    assert actor == SUPERVISOR and seq == row.event_seq
    assert json.loads(payload) == {"manifest": m, "manifest_sha256": row.manifest_sha256}
    assert manifest_sha256(m) == row.manifest_sha256
    assert verify_chain(ws.db) == []

    status = day_close.day_status(ws, D)
    assert status.state is Reconciliation.PENDING and status.label == "chưa đối soát với tỉnh"
    assert status.events_intact is True
    assert status.unsynced == len(unsynced) + 1  # the close itself waits for the hub too


def test_preview_shows_what_closing_would_seal(ws, supervisor, busy_day):
    figures = day_close.preview(ws, D)
    assert figures.dossiers == 4 and figures.money.expected == busy_day["expected"]
    assert [b.confirmed for b in figures.batches] == [True, False]
    assert count_rows(ws, "day_closes") == 0


def test_a_small_difference_within_the_threshold_needs_no_reason(ws, supervisor, busy_day):
    ws.save_settings({"day_close.threshold": 5_000})
    with pytest.raises(ValidationFailed, match=re.escape("thừa 6.000 đ")):
        day_close.close_day(ws, D, cash_total=busy_day["expected"] + 6_000)
    row = day_close.close_day(ws, D, cash_total=busy_day["expected"] + 3_000)
    assert row.difference == 3_000 and row.reason == ""


def test_cash_by_denomination_must_be_real_notes_and_agree_with_a_total(ws, supervisor):
    with pytest.raises(ValidationFailed, match="mệnh giá «300000»"):
        day_close.close_day(ws, D, cash={300_000: 1})
    with pytest.raises(ValidationFailed, match="không khớp"):
        day_close.close_day(ws, D, cash={500_000: 1}, cash_total=400_000)
    with pytest.raises(ValidationFailed, match="Nhập số tiền mặt"):
        day_close.close_day(ws, D)
    assert count_rows(ws, "day_closes") == 0


def test_an_empty_day_closes_with_zero_figures(ws, supervisor):
    row = day_close.close_day(ws, D, cash_total=0)
    assert row.expected == row.counted == row.difference == 0
    assert row.manifest["dossiers"] == [] and row.manifest["batches"] == []


# ---------------------------------------------------------------- refusals


def test_closing_twice_or_a_future_day_is_refused(ws, supervisor, clock):
    day_close.close_day(ws, D, cash_total=0)
    with pytest.raises(DomainError, match="đã chốt lúc 10 giờ 00 phút, ngày 03/02/2027"):
        day_close.close_day(ws, D, cash_total=0)
    with pytest.raises(DomainError, match="chưa đến"):
        day_close.close_day(ws, D + timedelta(days=1), cash_total=0)
    assert count_rows(ws, "day_closes") == 1
    assert ws.db.execute("SELECT count(*) FROM events WHERE type = 'day.closed'").fetchone()[0] == 1


def test_counter_staff_and_nobody_cannot_close_a_day(ws, request_for):
    intake.receive_dossier(ws, request_for())  # everyday work is open before accounts exist
    with pytest.raises(PermissionDenied, match="Cần đăng nhập để chốt ngày"):
        day_close.close_day(ws, D, cash_total=0)
    sign_in(ws, "gdv1", Role.COUNTER, "Trần Văn Quầy")
    refusal = re.escape("gdv1 (Giao dịch viên) không được chốt ngày")
    with pytest.raises(PermissionDenied, match=refusal):
        day_close.close_day(ws, D, cash_total=0)
    assert day_close.day_status(ws, D).close is None  # the figures (no personal data) it may see
    assert count_rows(ws, "day_closes") == 0
    assert ws.db.execute("SELECT count(*) FROM events WHERE type = 'day.closed'").fetchone()[0] == 0


def test_a_closed_day_refuses_changes_and_the_next_day_works(
    ws, supervisor, clock, busy_day, request_for
):
    day_close.close_day(ws, D, cash_total=busy_day["expected"])
    before = (count_rows(ws, "dossiers"), count_rows(ws, "events"))

    with pytest.raises(DayClosed, match=re.escape("đã chốt (Chốt ngày), không ghi thêm")):
        intake.receive_dossier(ws, request_for())
    waiting = busy_day["received"][2]
    with pytest.raises(DayClosed):
        lifecycle.withdraw(ws, waiting.code, "Người nộp xin rút")
    # A paper dossier entered tomorrow with today's receipt time would change the closed day.
    at(clock, 8, day=D + timedelta(days=1))
    with pytest.raises(DayClosed):
        intake.receive_dossier(ws, request_for(received_at="2027-02-03T16:30:00+07:00"))
    assert (count_rows(ws, "dossiers"), count_rows(ws, "events")) == before
    assert (
        ws.db.execute("SELECT status FROM dossiers WHERE code = ?", [waiting.code]).fetchone()[0]
        == "in_transit"
    )

    # Still allowed on the closed day: a reprint, and the province's news from the feed.
    at(clock, 17, 30)
    documents.render_for_dossier(ws, "receipt", waiting.code)
    assert agency_says(ws, waiting.code, "at_agency").outcome == APPLIED

    # The next day is an ordinary day; its corrections go there.
    at(clock, 8, day=D + timedelta(days=1))
    tomorrow = intake.receive_dossier(ws, request_for())
    lifecycle.withdraw(ws, waiting.code, "Người nộp xin rút")
    assert tomorrow.received_at.date() == D + timedelta(days=1)
    assert verify_chain(ws.db) == []
    assert day_close.day_status(ws, D).events_intact is True


@pytest.mark.parametrize(
    ("event_type", "actor", "allowed"),
    [
        ("dossier.received", SUPERVISOR, False),
        ("handover.sealed", SUPERVISOR, False),
        ("dossier.invitation", SUPERVISOR, False),
        ("dossier.status_changed", "hub", True),  # the province's news, applied from the feed
        ("auth.signed_in", SUPERVISOR, True),
        ("auth.failed", "", True),
        ("document.printed", SUPERVISOR, True),
        ("export.personal", SUPERVISOR, True),
        ("account.created", "Quản trị", True),
        ("device.enrolled", SUPERVISOR, True),
        ("office.configured", SUPERVISOR, True),
    ],
)
def test_the_closed_day_trigger_lets_through_only_what_changes_no_figure(
    ws, supervisor, event_type, actor, allowed
):
    day_close.close_day(ws, D, cash_total=0)

    def append() -> None:
        with transaction(ws.db):
            append_event(
                ws.db, device_id=ws.device_id, type=event_type, entity_id="x", payload={},
                at=ws.now(), actor=actor,
            )  # fmt: skip

    if allowed:
        append()
    else:
        with pytest.raises(DayClosed):
            append()
    # The same event on the next day is always fine.
    ws.clock.moment += timedelta(days=1)
    append()


def test_the_signed_figures_cannot_be_edited_or_deleted(ws, supervisor):
    day_close.close_day(ws, D, cash_total=0)
    with pytest.raises(sqlite3.IntegrityError, match="sealed"):
        ws.db.execute("UPDATE day_closes SET counted = 999")
    with pytest.raises(sqlite3.IntegrityError, match="sealed"):
        ws.db.execute("DELETE FROM day_closes")


def test_an_edited_event_of_the_day_shows_in_the_status(ws, supervisor, busy_day):
    day_close.close_day(ws, D, cash_total=busy_day["expected"])
    # Someone with the SQLite file drops the guard and rewrites a receipt of the closed day.
    ws.db.execute("DROP TRIGGER events_no_update")
    changed = ws.db.execute(
        "UPDATE events SET payload = replace(payload, 'Nguyễn Thị Hồng Nhung', 'Nguyễn Văn B')"
        " WHERE seq = (SELECT min(seq) FROM events WHERE type = 'dossier.received'"
        " AND at LIKE '2027-02-03%')"
    ).rowcount
    assert changed == 1
    assert day_close.day_status(ws, D).events_intact is False


def test_an_event_deleted_from_the_closed_day_shows_in_the_status(ws, supervisor, busy_day):
    day_close.close_day(ws, D, cash_total=busy_day["expected"])
    ws.db.execute("DROP TRIGGER events_no_delete")
    ws.db.execute("DELETE FROM events WHERE type = 'handover.sealed' AND at LIKE '2027-02-03%'")
    assert day_close.day_status(ws, D).events_intact is False


# ---------------------------------------------------------------- the hub's acknowledgement


def ack_item(ws, row, cursor: int = 1, **changes):
    data = {
        "day": row.day.isoformat(),
        "device_id": ws.device_id,
        "manifest_sha256": row.manifest_sha256,
        "hub_counts": {"dossiers": row.manifest["counts"]["dossiers"], "by_procedure": {}},
        "missing_at_hub": [],
        "unknown_locally": [],
        "events_match": True,
        "batches": [],
        "acknowledged_at": "2027-02-03T11:00:05.000000+00:00",
    }
    data.update(changes)
    with transaction(ws.db):
        return apply_item(
            ws.db, {"cursor": cursor, "kind": "day_ack", "data": data},
            device_id=ws.device_id, now=ws.now(),
        )  # fmt: skip


def test_a_matching_acknowledgement_reconciles_the_day_once(ws, supervisor, busy_day):
    row = day_close.close_day(ws, D, cash_total=busy_day["expected"])
    assert ack_item(ws, row).outcome == APPLIED
    assert ack_item(ws, row, cursor=2).outcome == APPLIED  # the same page again
    status = day_close.day_status(ws, D)
    assert status.state is Reconciliation.MATCHED and status.label == "đã đối soát với tỉnh"
    assert status.close.acknowledged_at == "2027-02-03T11:00:05.000000+00:00"
    acks = ws.db.execute(
        "SELECT actor, payload FROM events WHERE type = 'day.acknowledged'"
    ).fetchall()
    assert len(acks) == 1 and acks[0][0] == "hub"
    assert json.loads(acks[0][1])["state"] == "matched"


def test_an_acknowledgement_with_differences_lists_them_by_dossier(ws, supervisor, busy_day):
    row = day_close.close_day(ws, D, cash_total=busy_day["expected"])
    missing = busy_day["received"][0].code
    ack_item(ws, row, missing_at_hub=[missing], unknown_locally=["000.00.04.H42-270203-0999"])
    status = day_close.day_status(ws, D)
    assert status.state is Reconciliation.MISMATCH and status.label == "lệch với tỉnh"
    assert any(missing in p for p in status.problems)
    assert any("000.00.04.H42-270203-0999" in p for p in status.problems)


def test_an_acknowledgement_of_another_hash_is_a_mismatch(ws, supervisor):
    row = day_close.close_day(ws, D, cash_total=0)
    ack_item(ws, row, manifest_sha256="f" * 64)
    status = day_close.day_status(ws, D)
    assert status.state is Reconciliation.MISMATCH
    assert "Mã băm bảng chốt ngày ở tỉnh khác ở quầy" in status.problems[0]


def test_an_acknowledgement_for_a_day_not_closed_here_is_kept_and_a_bad_one_fails(ws, supervisor):
    row = day_close.close_day(ws, D, cash_total=0)
    other_day = ack_item(ws, row, day="2027-02-02")
    assert other_day.outcome == KEPT and "chưa chốt" in other_day.message
    bad = ack_item(ws, row, cursor=2, missing_at_hub="000.00.04.H42-270203-0001")
    assert bad.outcome == FAILED and "missing_at_hub" in bad.message
    assert day_close.day_status(ws, D).state is Reconciliation.PENDING


# ---------------------------------------------------------------- the CLI


def run_cli(ws, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="motcua")
    add_day_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    return args.func(ws, args, out), out.getvalue()


def test_cli_close_status_and_report(ws, supervisor, busy_day, tmp_path):
    expected = busy_day["expected"]
    code, text = run_cli(ws, "day", "status", "--date", "03/02/2027", "--json")
    preview = json.loads(text)
    assert code == 0 and preview["closed"] is False
    assert preview["preview"]["expected"] == expected

    notes = [f"--cash={v}={n}" for v, n in notes_for(expected).items()]
    code, text = run_cli(ws, "day", "close", "--date", "2027-02-03", *notes, "--json")
    closed = json.loads(text)
    assert code == 0 and closed["ok"] and closed["closed"]
    assert closed["counted"] == closed["expected"] == expected and closed["difference"] == 0
    assert closed["state_label"] == "chưa đối soát với tỉnh"

    code, text = run_cli(ws, "day", "status", "--date", "2027-02-03")
    assert code == 0 and "đã chốt lúc 17 giờ 00 phút" in text and closed["manifest_sha256"] in text

    target = tmp_path / "chot-ngay.pdf"
    code, text = run_cli(ws, "day", "report", "--date", "2027-02-03", "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(b"%PDF") and "Đã ghi" in text
    printed = ws.db.execute(
        "SELECT actor, payload FROM events WHERE type = 'document.printed'"
        " AND entity_id = '2027-02-03'"
    ).fetchall()
    assert len(printed) == 1 and json.loads(printed[0][1])["kind"] == "day_report"


def test_cli_refuses_bad_amounts_and_a_missing_cash_count(ws, supervisor, capsys):
    for argv in (
        ("day", "close", "--date", "2027-02-03"),
        ("day", "close", "--date", "2027-02-03", "--cash", "500000x3"),
        ("day", "close", "--date", "3-2-2027", "--cash-total", "0"),
        ("day", "close", "--date", "2027-02-03", "--cash-total", "nhiều"),
    ):
        with pytest.raises(SystemExit) as exit_:
            run_cli(ws, *argv)
        assert exit_.value.code == 2
    assert "MỆNH_GIÁ=SỐ_TỜ" in capsys.readouterr().err
    code, _ = run_cli(ws, "day", "close", "--date", "2027-02-03", "--cash-total", "1.000.000",
                      "--reason", "Tiền quỹ đầu ngày")  # fmt: skip
    assert code == 0
    assert day_close.day_status(ws, D).close.counted == 1_000_000


def test_cli_report_of_an_open_day_says_to_close_it_first(ws, supervisor, tmp_path):
    with pytest.raises(DomainError, match="chưa chốt, chưa in được"):
        run_cli(ws, "day", "report", "--date", "2027-02-03", "-o", str(tmp_path / "x.pdf"))
