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


def test_same_device_may_redo_a_lost_enrollment_and_gets_a_new_token(client, hub):
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    device = str(uuid.uuid4())
    first = _enroll(client, code, device).json()
    second = _enroll(client, code, device).json()  # the first answer never reached the counter
    assert second["counter_no"] == first["counter_no"] == 1
    assert second["token"] != first["token"]
    old = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {first['token']}"})
    assert old.status_code == 401
    new = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {second['token']}"})
    assert new.status_code == 200


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
    assert OFFICE in r.json()["message"]


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


def test_revoked_counter_can_be_enrolled_again_with_a_new_code(client, hub):
    counter = enroll(client, hub)
    hub.revoke(counter.device_id)
    code = hub.create_enroll_code(OFFICE, OFFICE_NAME).code
    r = _enroll(client, code, counter.device_id)
    assert r.status_code == 200
    assert r.json()["counter_no"] == counter.counter_no
    me = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {r.json()['token']}"})
    assert me.status_code == 200


def test_bad_office_code_is_refused_with_a_vietnamese_message(hub):
    with pytest.raises(HubError) as err:
        hub.create_enroll_code("H42", OFFICE_NAME)
    assert err.value.status == 400
    assert "000.00.00.X00" in err.value.message
