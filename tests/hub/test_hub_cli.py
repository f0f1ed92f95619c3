"""The operator's `motcua-hub` commands, run against the same database as the API."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

from hub_helpers import OFFICE, OFFICE_NAME, OTHER_NAME, OTHER_OFFICE, batch, enroll, upload

from app.storage.events import event_hash
from hub.cli import main

CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "catalog.json"


def _run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_enroll_prints_a_code_the_counter_can_use(client, db_url, capsys, clock):
    clock.moment = datetime.now(UTC)  # the command runs on the real clock
    status, out, _ = _run(capsys, "enroll", "--db", db_url, "--office", OFFICE, "--name", "Kỳ Bắc")
    assert status == 0
    code = re.search(r"Mã ghi danh một lần: ([0-9A-Z]{5}-[0-9A-Z]{5})", out).group(1)
    assert "Kỳ Bắc" in out
    r = client.post("/api/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())})
    assert r.status_code == 200
    status, out, _ = _run(
        capsys, "enroll", "--db", db_url, "--office", OFFICE, "--name", "Kỳ Bắc", "--json"
    )
    assert json.loads(out)["office"] == OFFICE
    status, _, err = _run(capsys, "enroll", "--db", db_url, "--office", "H42", "--name", "x")
    assert status == 1
    assert "000.00.00.X00" in err


def test_export_lists_received_dossiers_with_event_counts(client, hub, db_url, capsys):
    counter = enroll(client, hub)
    received = counter.events(3)
    follow_up = counter.events(1, type_="dossier.handed_over")
    follow_up[0]["entity_id"] = received[0]["entity_id"]
    e = follow_up[0]  # re-hash the changed event; it is the last of the chain

    e["hash"] = event_hash(
        e["prev_hash"], e["device_id"], e["seq"], e["id"], e["type"], e["entity_id"],
        e["payload"], e["at"], e["actor"],
    )  # fmt: skip
    counter.last_hash = e["hash"]
    assert (
        upload(client, counter, batch(counter.device_id, received + follow_up)).status_code == 200
    )
    other = enroll(client, hub, OTHER_OFFICE, OTHER_NAME)
    upload(client, other, batch(other.device_id, other.events(2)))

    status, out, _ = _run(capsys, "export", "--db", db_url, "--office", OFFICE, "--json")
    assert status == 0
    data = json.loads(out)
    assert data["office"] == {"unit_code": OFFICE, "name": OFFICE_NAME}
    assert data["count"] == 3
    first = json.loads(received[0]["payload"])
    assert data["dossiers"][0] == {
        "id": received[0]["entity_id"],
        "code": first["code"],
        "s10": first["s10"],
        "received_at": first["received_at"],
        "device_id": counter.device_id,
        "events": 2,
    }
    assert [d["events"] for d in data["dossiers"][1:]] == [1, 1]
    status, text, _ = _run(capsys, "export", "--db", db_url, "--office", OFFICE)
    assert first["code"] in text
    assert "3 hồ sơ" in text


def test_stats_counts_offices_devices_events_conflicts(client, hub, db_url, capsys):
    a = enroll(client, hub)
    upload(client, a, batch(a.device_id, a.events(4)))
    b = enroll(client, hub, OTHER_OFFICE, OTHER_NAME)
    upload(client, b, batch(b.device_id, b.events(1)))
    _run(capsys, "revoke", "--db", db_url, b.device_id)
    status, out, _ = _run(capsys, "stats", "--db", db_url, "--json")
    assert status == 0
    stats = json.loads(out)
    assert (stats["offices"], stats["devices"], stats["devices_revoked"]) == (2, 1, 1)
    assert (stats["events"], stats["conflicts"]) == (5, 0)
    assert {o["unit_code"]: o["events"] for o in stats["by_office"]} == {
        OFFICE: 4,
        OTHER_OFFICE: 1,
    }
    status, text, _ = _run(capsys, "stats", "--db", db_url)
    assert "Sự kiện: 5" in text
    status, _, err = _run(capsys, "revoke", "--db", db_url, "no-such-device")
    assert status == 1
    assert "Không có quầy" in err


def test_publish_commands_reach_the_feed(client, hub, db_url, capsys):
    counter = enroll(client, hub)
    assert _run(
        capsys, "publish", "calendar", "--db", db_url, "--day", "2027-02-06", "--off",
        "--note", "Nghỉ Tết Nguyên đán",
    )[0] == 0  # fmt: skip
    assert _run(
        capsys, "publish", "range", "--db", db_url, "--office", OFFICE,
        "--device", counter.device_id, "--kind", "code_seq", "--lo", "1", "--hi", "500",
    )[0] == 0  # fmt: skip
    assert _run(capsys, "publish", "catalog", "--db", db_url, str(CATALOG))[0] == 0
    items = client.get("/api/v1/feed", headers=counter.auth).json()["items"]
    assert [i["kind"] for i in items] == ["calendar", "number_range", "catalog"]
    assert items[0]["data"] == {
        "day": "2027-02-06",
        "working": False,
        "note": "Nghỉ Tết Nguyên đán",
    }
    assert items[1]["data"] == {"kind": "code_seq", "lo": 1, "hi": 500}
    status, _, err = _run(
        capsys, "publish", "range", "--db", db_url, "--office", OFFICE,
        "--device", counter.device_id, "--kind", "s10", "--prefix", "JA", "--lo", "1", "--hi", "2",
    )  # fmt: skip
    assert status == 1
    assert "dành riêng" in err  # J… indicators are reserved by the UPU


def test_numbers_shows_and_changes_the_provinces_settings(hub, db_url, capsys):
    status, out, _ = _run(capsys, "numbers", "--db", db_url, "--json")
    assert status == 0 and json.loads(out)["s10_hi"] == 49_999_999
    status, out, _ = _run(
        capsys, "numbers", "--db", db_url, "--indicator", "RB", "--code-block", "200", "--json"
    )
    assert status == 0
    assert (json.loads(out)["indicator"], json.loads(out)["code_block"]) == ("RB", 200)
    # Into the provisional half of the serial space: refused, and nothing changes.
    status, _, err = _run(capsys, "numbers", "--db", db_url, "--s10-hi", "60000000")
    assert status != 0 and "50000000" in err
    assert hub.number_settings().s10_hi == 49_999_999


def test_enroll_log_lists_enrollments_refusals_and_revocations(client, hub, db_url, capsys):
    counter = enroll(client, hub)
    client.post("/api/v1/enroll", json={"code": "ABCDE-FGHJK", "device_id": "x"})
    _run(capsys, "revoke", "--db", db_url, counter.device_id)
    status, out, _ = _run(capsys, "enroll-log", "--db", db_url, "--json")
    assert status == 0
    assert [r["action"] for r in json.loads(out)] == ["revoked", "refused", "enrolled"]
    status, text, _ = _run(capsys, "enroll-log", "--db", db_url)
    assert status == 0 and "3 dòng." in text and counter.device_id in text
