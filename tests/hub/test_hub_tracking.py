"""The public tracking page and API: the status, dates and office of a dossier, the applicant
only as initials, never a name, ID number, phone, address or the agency's notes; an unknown code
gets one answer that says what to check; look-ups are rate limited per address."""

from __future__ import annotations

import json
import re

import pytest
from browser import (  # noqa: F401 (fixtures)
    PHONE_VIEWPORT,
    browser_fixture,
    live_hub_fixture,
    page_fixture,
    screenshot,
)
from fastapi.testclient import TestClient
from hub_helpers import OFFICE_NAME
from test_hub_lifecycle import ADDRESS, ID_NUMBER, NAME, PHONE, Desk

from hub.agency import Agency
from hub.app import create_app
from hub.web import RateLimit

SECRET_NOTE = "Bổ sung giấy khai tử của ông Nguyễn Văn Bảy"
# Anything of the applicant beyond initials, in any spelling a page might use.
PRIVATE = (NAME, ID_NUMBER, PHONE, PHONE.replace(" ", ""), ADDRESS, "an@example.vn", "1990")


def _assert_private(text: str) -> None:
    for secret in (*PRIVATE, SECRET_NOTE, "Nguyễn", "Văn An"):
        assert secret not in text, f"the public answer shows {secret!r}"


@pytest.fixture
def tracked(client, hub) -> str:
    desk = Desk.open(client, hub)
    code = desk.receive()
    desk.seal([code])
    desk.push()
    agency = Agency(hub)
    agency.confirm_receipt(code)
    agency.request_supplement(code, SECRET_NOTE)
    return code


def test_tracking_json_shows_progress_and_initials_only(client, tracked):
    r = client.get(f"/api/v1/track/{tracked}")
    assert r.status_code == 200
    assert r.headers["X-Motcua-Protocol"] == "1"
    body = r.json()
    history = body.pop("history")
    assert body == {
        "protocol": 1,
        "code": tracked,
        "status": "supplement_requested",
        "status_label": "Chờ bổ sung",
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "agency": "UBND xã",
        "received_at": "2027-02-03T09:15:00+07:00",
        "appointment_at": "2027-02-08T16:00:00+07:00",
        "applicant_initials": "N.V.A.",
        "office": {"unit_code": "000.00.04.H42", "name": OFFICE_NAME},
    }
    assert [h["status"] for h in history] == [
        "received",
        "in_transit",
        "at_agency",
        "supplement_requested",
    ]
    assert history[0]["at"] == "2027-02-03T09:15:00+07:00"
    assert all(set(h) == {"status", "status_label", "at"} for h in history)
    _assert_private(r.text)
    _assert_private(json.dumps(r.json(), ensure_ascii=True))


def test_tracking_page_shows_the_status_dates_and_office(client, tracked):
    r = client.get(f"/track/{tracked}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    text = r.text
    for shown in (
        "Chờ bổ sung",
        "Đăng ký khai sinh",
        OFFICE_NAME,
        "N.V.A.",
        "03/02/2027",
        "08/02/2027",
        "Đang chuyển đến cơ quan",
        "Cơ quan đang giải quyết",
    ):
        assert shown in text
    _assert_private(text)
    assert r.headers["referrer-policy"] == "no-referrer"
    # Lower case and spaces around the code are forgiven.
    assert client.get(f"/api/v1/track/%20{tracked.lower()}%20").status_code == 200


def test_the_lookup_form_leads_to_the_page(client, tracked):
    assert "Mã hồ sơ" in client.get("/track").text
    r = client.get("/track", params={"code": f" {tracked} "}, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, f"/track/{tracked}")


def test_an_unknown_code_says_what_to_check_and_reveals_nothing(client, tracked):
    near = tracked[:-4] + "9999"
    answers = [client.get(f"/api/v1/track/{c}") for c in (near, "000.00.04.H42-270203-0000")]
    assert [a.status_code for a in answers] == [404, 404]
    bodies = [a.json() for a in answers]
    assert {tuple(sorted(b)) for b in bodies} == {("error", "message", "protocol")}
    assert bodies[0]["error"] == "not_found"
    assert "Hãy kiểm tra mã hồ sơ in trên Giấy tiếp nhận" in bodies[0]["message"]
    # Same words whatever the code: only the echoed code differs.
    assert bodies[0]["message"].replace(near, "") == bodies[1]["message"].replace(
        "000.00.04.H42-270203-0000", ""
    )
    page = client.get(f"/track/{near}")
    assert page.status_code == 404
    assert "Không tìm thấy hồ sơ" in page.text
    assert "Hãy kiểm tra mã hồ sơ" in page.text
    too_long = client.get("/api/v1/track/" + "9" * 200)
    assert too_long.status_code == 400 and too_long.json()["protocol"] == 1


def test_lookups_are_rate_limited_per_address(db_url, clock):
    ticks = [0.0]
    limit = RateLimit(3, 60.0, clock=lambda: ticks[0])
    with TestClient(create_app(db_url, clock=clock, track_limit=limit)) as client:
        answers = [client.get("/api/v1/track/X").status_code for _ in range(3)]
        assert answers == [404, 404, 404]
        slow_down = client.get("/api/v1/track/X")
        assert slow_down.status_code == 429
        assert slow_down.json()["error"] == "too_many_requests"
        assert "đợi một phút" in slow_down.json()["message"]
        assert client.get("/track/X").status_code == 429  # the page shares the budget
        ticks[0] = 61.0
        assert client.get("/track/X").status_code == 404


def test_rate_limit_forgets_idle_addresses():
    ticks = [0.0]
    limit = RateLimit(1, 10.0, clock=lambda: ticks[0])
    for n in range(10_001):
        assert limit.allow(f"10.0.{n // 256}.{n % 256}")
    ticks[0] = 11.0
    assert limit.allow("192.0.2.1")
    assert len(limit._hits) == 1


def test_the_tracking_page_in_a_browser_shows_status_and_no_personal_data(page, live_hub):
    desk = Desk.open(live_hub.http, live_hub.hub)
    code = desk.receive()
    desk.seal([code])
    desk.push()
    live_hub.agency.confirm_receipt(code)
    live_hub.agency.mark_ready(code, "Kết quả: giấy khai sinh bản chính")
    page.set_viewport_size(PHONE_VIEWPORT)
    page.goto(f"{live_hub.url}/track")
    page.get_by_label(re.compile("Mã hồ sơ")).fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(f"{live_hub.url}/track/{code}")
    assert page.locator(".big-status").inner_text() == "Đã có kết quả"
    assert page.get_by_text("N.V.A.").is_visible()
    html = page.content()
    _assert_private(html)
    assert "giấy khai sinh bản chính" not in html
    screenshot(page, "hub-tracking")
    page.goto(f"{live_hub.url}/track/000.00.04.H42-270203-9999")
    assert "Hãy kiểm tra mã hồ sơ" in page.get_by_role("alert").inner_text()
