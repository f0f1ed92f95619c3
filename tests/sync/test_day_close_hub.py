"""The day close through the real hub over HTTP (SQLite and PostgreSQL): the counter closes a day
offline, the next sync carries the manifest up, the hub compares it with what it holds and its
acknowledgement comes back down the feed in the same sync."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from hubserver import OFFICE, HubServer
from lifecycle_helpers import hand_over
from printing_pdf import decode, plain, text_pdfium

from app.domain.day_close import Reconciliation, manifest_sha256
from app.domain.roles import Role, SignedIn
from app.services import day_close, intake
from app.services import sync as sync_service
from app.services.workstation import VN_TZ
from hub import days
from hub.db import dossiers as hub_dossiers
from hub.db import feed as hub_feed

D = date(2027, 2, 3)


@pytest.fixture
def supervisor(ws):
    ws.db.execute(
        "INSERT INTO accounts (username, display_name, role, secret_hash, created_at)"
        " VALUES ('kiemsoat', 'Lê Thị Kiểm Soát', 'supervisor', 'scrypt$test', ?)",
        [ws.now().isoformat()],
    )
    ws.session = SignedIn("kiemsoat", "Lê Thị Kiểm Soát", Role.SUPERVISOR, ws.now())
    return ws


def enrolled(ws, server: HubServer) -> None:
    sync_service.enroll(ws, server.url, server.enroll_code())


def receive(ws, request_for, n: int) -> list:
    return [intake.receive_dossier(ws, request_for("2.000815")) for _ in range(n)]


def test_a_matching_day_closed_offline_is_acknowledged_at_the_next_sync(
    ws, clock, supervisor, hub_server, request_for
):
    enrolled(ws, hub_server)
    received = receive(ws, request_for, 3)
    batch = hand_over(ws, received[:2])
    clock.moment = datetime(2027, 2, 3, 17, 0, tzinfo=VN_TZ)
    expected = day_close.preview(ws, D).money.expected

    # Offline: nothing has reached the hub yet.
    row = day_close.close_day(ws, D, cash_total=expected)
    assert row.unsynced_at_close > 0
    assert day_close.day_status(ws, D).state is Reconciliation.PENDING

    report = sync_service.sync_once(ws)

    assert report.ok, report.message
    status = day_close.day_status(ws, D)
    assert status.state is Reconciliation.MATCHED, status.problems
    assert status.problems == ()
    # Only the counter's own record of the acknowledgement waits for the next sync.
    assert status.unsynced == 1
    ack = status.close.hub_ack
    assert ack.manifest_sha256 == row.manifest_sha256 == manifest_sha256(row.manifest)
    assert ack.events_match is True
    assert ack.hub_counts["dossiers"] == 3
    assert ack.hub_counts["by_procedure"] == {"2.000815": 3}
    assert ack.hub_counts["by_status"] == {"in_transit": 2, "received": 1}
    assert [b["number"] for b in ack.batches] == [batch.number]
    with hub_server.hub.engine.connect() as conn:
        stored = days.manifests(conn, ws.device_id, "2027-02-03")
        feed_items = conn.execute(
            sa.select(hub_feed.c.device_id).where(hub_feed.c.kind == "day_ack")
        ).all()
    assert len(stored) == 1 and stored[0]["matched"] is True
    assert stored[0]["office_code"] == OFFICE and stored[0]["supervisor"] == "kiemsoat"
    assert feed_items == [(ws.device_id,)]  # for this counter only

    # The report now prints the province's acknowledgement.
    pdf = day_close.render_report(ws, D)
    text = plain(text_pdfium(pdf))
    assert "đã đối soát với tỉnh" in text and "khớp với số liệu của quầy" in text
    assert ("QRCode", row.manifest_sha256) in decode(pdf, 200)
    # Syncing again uploads that record and the print; the hub does not answer them again.
    assert sync_service.sync_once(ws).ok
    again = day_close.day_status(ws, D)
    assert again.state is Reconciliation.MATCHED and again.unsynced == 0
    with hub_server.hub.engine.connect() as conn:
        assert len(days.manifests(conn, ws.device_id, "2027-02-03")) == 1


def test_a_dossier_missing_at_the_hub_is_listed_as_a_discrepancy(
    ws, clock, supervisor, hub_server, request_for
):
    enrolled(ws, hub_server)
    received = receive(ws, request_for, 3)
    assert sync_service.sync_once(ws).ok
    lost = received[1].code
    # The hub lost one dossier (a restore from an old backup, say).
    with hub_server.hub.engine.begin() as conn:
        conn.execute(hub_dossiers.delete().where(hub_dossiers.c.code == lost))
    clock.moment = datetime(2027, 2, 3, 17, 0, tzinfo=VN_TZ)
    expected = day_close.preview(ws, D).money.expected
    row = day_close.close_day(ws, D, cash_total=expected)

    assert sync_service.sync_once(ws).ok

    status = day_close.day_status(ws, D)
    assert status.state is Reconciliation.MISMATCH and status.label == "lệch với tỉnh"
    ack = status.close.hub_ack
    assert ack.missing_at_hub == (lost,) and ack.unknown_locally == ()
    assert ack.hub_counts["dossiers"] == 2
    assert ack.events_match is True and ack.manifest_sha256 == row.manifest_sha256
    assert any(lost in p for p in status.problems)
    with hub_server.hub.engine.connect() as conn:
        assert days.manifests(conn, ws.device_id, "2027-02-03")[0]["matched"] is False

    text = plain(text_pdfium(day_close.render_report(ws, D)))
    assert "lệch với tỉnh" in text
    assert f"{lost} Quầy có, tỉnh chưa có" in text
    assert "Tổng số hồ sơ tiếp nhận (lệch) 3 2" in text
