"""Enrollment: one-time codes, counter numbers, revocation."""

from __future__ import annotations

import uuid

import pytest
from hub_helpers import OFFICE, OFFICE_NAME, OTHER_NAME, OTHER_OFFICE, batch, enroll, upload

from hub.service import HubError, normalize_enroll_code


def _enroll(client, code, device_id=None, name="Quầy 1"):
    return client.post(
        "/api/v1/enroll",
        json={"code": code, "device_id": device_id or str(uuid.uuid4()), "counter_name": name},
    )


def test_code_enrolls_one_counter_and_is_refused_after(client, hub):
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    assert len(normalize_enroll_code(code)) == 10
    first = _enroll(client, code)
    assert first.status_code == 200
    body = first.json()
    assert body["protocol"] == 1
    assert body["office"] == {"unit_code": OFFICE, "name": OFFICE_NAME}
    assert body["counter_no"] == 1
    assert len(body["token"]) >= 43  # 32 random bytes, urlsafe base64
    again = _enroll(client, code)  # another device with the same code
    assert again.status_code == 403
    assert again.json()["error"] == "enroll_refused"
    assert "một lần" in again.json()["message"]
    me = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "protocol": 1,
        "device_id": body["device_id"],
        "office_code": OFFICE,
        "acked_seq": 0,
    }


def test_code_typed_by_hand_is_accepted(client, hub):
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code  # XXXXX-XXXXX
    sloppy = " " + code.replace("-", " ").lower().replace("0", "o").replace("1", "l") + " "
    assert _enroll(client, sloppy).status_code == 200


def test_expired_and_unknown_codes_are_refused(client, hub, clock):
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    clock.advance(days=7)
    expired = _enroll(client, code)
    assert expired.status_code == 403
    assert expired.json()["error"] == "enroll_refused"
    assert "hết hạn" in expired.json()["message"]
    unknown = _enroll(client, "ABCDE-FGHJK")
    assert unknown.status_code == 403
    assert unknown.json()["error"] == "enroll_refused"


def test_a_code_works_once_ever_even_for_the_same_device(client, hub):
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    device = str(uuid.uuid4())
    first = _enroll(client, code, device).json()
    again = _enroll(client, code, device)  # replayed: refused, and nothing changes
    assert again.status_code == 403 and "một lần" in again.json()["message"]
    kept = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {first['token']}"})
    assert kept.status_code == 200


def test_a_fresh_code_cannot_take_over_an_enrolled_device(client, hub):
    counter = enroll(client, hub)
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    r = _enroll(client, code, counter.device_id)
    assert r.status_code == 403 and "đã ghi danh" in r.json()["message"]
    assert client.get("/api/v1/devices/me", headers=counter.auth).status_code == 200
    # The refusal did not spend the code: the office can still enroll its real new counter.
    assert _enroll(client, code).status_code == 200


def test_counter_numbers_are_per_office_and_not_reused_while_free_ones_remain(client, hub):
    a = enroll(client, hub)
    b = enroll(client, hub)
    elsewhere = enroll(client, hub, OTHER_OFFICE, OTHER_NAME)
    assert (a.counter_no, b.counter_no, elsewhere.counter_no) == (1, 2, 1)
    assert hub.revoke(a.device_id)
    c = enroll(client, hub)
    assert c.counter_no == 3  # 1 may still have codes from its default block out there
    for expected in range(4, 10):
        assert enroll(client, hub).counter_no == expected
    reused = enroll(client, hub)  # 1..9 taken; the revoked counter's number comes back
    assert reused.counter_no == 1
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    full = _enroll(client, code)
    assert full.status_code == 403
    assert "9 quầy" in full.json()["message"]


def test_device_cannot_move_to_another_office(client, hub):
    counter = enroll(client, hub)
    code = hub.create_enroll_code(OTHER_OFFICE, OTHER_NAME).code
    r = _enroll(client, code, counter.device_id)
    assert r.status_code == 403
    assert "đã ghi danh" in r.json()["message"]


def test_revoked_token_is_refused_everywhere(client, hub):
    counter = enroll(client, hub)
    assert hub.revoke(counter.device_id)
    assert not hub.revoke(counter.device_id)  # already revoked
    answers = [
        client.get("/api/v1/devices/me", headers=counter.auth),
        client.get("/api/v1/feed?after=0", headers=counter.auth),
        upload(client, counter, batch(counter.device_id, counter.events(1))),
    ]
    for r in answers:
        assert r.status_code == 401
        assert r.json()["error"] == "unauthorized"
        assert r.headers["X-Motcua-Protocol"] == "1"


def test_a_revoked_counter_stays_revoked(client, hub):
    counter = enroll(client, hub)
    unused = hub.create_enroll_code(OFFICE, OFFICE_NAME).code  # made before the revocation
    hub.revoke(counter.device_id)
    fresh = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    for code in (unused, fresh):
        r = _enroll(client, code, counter.device_id)
        assert r.status_code == 403 and "thu hồi" in r.json()["message"]
    assert client.get("/api/v1/devices/me", headers=counter.auth).status_code == 401
    # A new code makes a new device.
    assert _enroll(client, fresh).status_code == 200


def test_every_enrollment_refusal_and_revocation_is_logged(client, hub):
    counter = enroll(client, hub)
    assert _enroll(client, "ABCDE-FGHJK").status_code == 403
    hub.revoke(counter.device_id)
    log = hub.enroll_history()
    assert [e["action"] for e in log] == ["revoked", "refused", "enrolled"]
    assert log[2]["device_id"] == counter.device_id and log[2]["office_code"] == OFFICE
    assert log[1]["client"] == "testclient" and "enroll_refused" in log[1]["reason"]
    assert all("ABCDE" not in str(e) for e in log)  # the code typed is never kept


def test_enrollment_is_rate_limited_per_client_and_per_office(db_url, clock):
    from fastapi.testclient import TestClient

    from hub.app import create_app
    from hub.common import RateLimit
    from hub.enrollment import EnrollGuard

    now = [0.0]
    guard = EnrollGuard(RateLimit(3, 60.0, lambda: now[0]), RateLimit(4, 3600.0, lambda: now[0]))
    with TestClient(create_app(db_url, clock=clock, enroll_limits=guard)) as client:
        hub = client.app.state.hub
        guesses = [_enroll(client, "ABCDE-FGHJ" + c).status_code for c in "KMNP"]
        assert guesses == [403, 403, 403, 429]  # the fourth guess from one client
        now[0] += 61
        codes = [hub.create_enroll_code(OFFICE, OFFICE_NAME).code for _ in range(6)]
        answers = []
        for i, code in enumerate(codes):
            if i % 3 == 0:
                now[0] += 61  # a new minute for the client; the office's hour goes on
            answers.append(_enroll(client, code).status_code)
        assert answers == [200, 200, 200, 200, 429, 429]
        refused = hub.enroll_history(2)
        assert all(e["action"] == "refused" for e in refused)
        assert all(e["reason"].startswith("too_many_requests") for e in refused)


def test_bad_office_code_is_refused_with_a_vietnamese_message(hub):
    with pytest.raises(HubError) as err:
        hub.create_enroll_code("H42", OFFICE_NAME)
    assert err.value.status == 400
    assert "000.00.00.X00" in err.value.message
