"""The agency's web page: log-in, lock-out, CSRF, cookie flags, what a user sees, and every
button, over HTTP (TestClient) and in headless Chromium against a real uvicorn server."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from browser import (  # noqa: F401 (fixtures)
    PHONE_VIEWPORT,
    browser_fixture,
    live_hub_fixture,
    page_fixture,
    screenshot,
)
from hub_helpers import OFFICE, OTHER_OFFICE
from test_hub_lifecycle import AGENCY, ID_NUMBER, NAME, PHONE, Desk, feed_of, row_of

from app.domain.lifecycle import Action
from hub.agency import Agency
from hub.db import agency_sessions

PASSWORD = "mật khẩu cơ quan"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _login(client, username: str = "ubnd.kybac", password: str = PASSWORD):
    form = client.get("/agency/login")
    assert form.status_code == 200
    return client.post(
        "/agency/login",
        data={"username": username, "password": password, "csrf": _csrf(form.text)},
        follow_redirects=False,
    )


@pytest.fixture
def clerk(hub, desk_kybac):
    return Agency(hub).add_user(
        "ubnd.kybac", PASSWORD, AGENCY, office_code=OFFICE, display_name="Trần Thị Hoa"
    )


@pytest.fixture
def desk_kybac(client, hub) -> Desk:
    return Desk.open(client, hub)


@pytest.fixture
def logged_in(client, clerk):
    r = _login(client)
    assert r.status_code == 303, r.text
    return client


def _page_csrf(client) -> str:
    return _csrf(client.get("/agency").text)


# -- log-in -------------------------------------------------------------------------------------


def test_pages_need_a_login(client):
    for path in ("/agency", "/agency/dossiers/000.00.04.H42-270203-0001"):
        r = client.get(path, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/agency/login")
    r = client.post("/agency/dossiers/X/confirm", data={"csrf": "x"}, follow_redirects=False)
    assert r.headers["location"] == "/agency/login"


def test_login_sets_an_http_only_lax_cookie_and_keeps_only_its_digest(client, hub, clerk):
    r = _login(client)
    assert (r.status_code, r.headers["location"]) == (303, "/agency")
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("motcua_agency="))
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/"} <= flags
    assert "secure" not in flags  # plain http here; set behind HTTPS
    token = cookie.split(";")[0].split("=", 1)[1]
    with hub.engine.connect() as conn:
        stored = conn.execute(sa.select(agency_sessions.c.token_sha256)).scalars().all()
    assert len(stored) == 1 and token not in stored
    home = client.get("/agency")
    assert "Trần Thị Hoa — UBND xã" in home.text
    assert client.get("/agency/login", follow_redirects=False).status_code == 303


def test_login_form_without_its_csrf_twin_is_refused(client, clerk):
    r = client.post(
        "/agency/login",
        data={"username": "ubnd.kybac", "password": PASSWORD, "csrf": "forged"},
        follow_redirects=False,
    )
    assert r.status_code == 400
    assert "Hãy nhập lại" in r.text
    assert "motcua_agency=" not in r.headers.get("set-cookie", "")


def test_five_wrong_passwords_lock_the_account_and_the_page_says_so(client, clerk, clock):
    for attempt in range(1, 6):
        r = _login(client, password="sai mật khẩu")
        assert r.status_code == (423 if attempt == 5 else 401)
    assert "Tài khoản tạm khóa 15 phút" in r.text
    assert "10:15 ngày 03/02/2027" in r.text
    assert _login(client).status_code == 423  # the right password waits too
    clock.advance(minutes=15, seconds=1)
    assert _login(client).status_code == 303


def test_logout_ends_the_session(logged_in, hub):
    r = logged_in.post(
        "/agency/logout", data={"csrf": _page_csrf(logged_in)}, follow_redirects=False
    )
    assert (r.status_code, r.headers["location"]) == (303, "/agency/login")
    assert logged_in.get("/agency", follow_redirects=False).status_code == 303
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(agency_sessions)).scalar() == 0


# -- what a user sees ---------------------------------------------------------------------------


def test_the_list_shows_only_the_users_agency_and_office(client, hub, desk_kybac, logged_in):
    mine = desk_kybac.receive()
    police = desk_kybac.receive(agency="Công an xã")
    still_here = desk_kybac.receive()  # not handed over yet: not the agency's
    desk_kybac.seal([mine, police])
    desk_kybac.push()
    far = Desk.open(client, hub, OTHER_OFFICE)
    theirs = far.receive()
    far.seal([theirs])
    far.push()
    home = logged_in.get("/agency")
    assert home.status_code == 200
    assert mine in home.text
    for hidden in (police, theirs, still_here):
        assert hidden not in home.text
    assert "BG-20270203-01" in home.text
    assert "Xác nhận đã nhận cả bảng" in home.text
    assert logged_in.get(f"/agency/dossiers/{theirs}").status_code == 404
    assert logged_in.get(f"/agency/dossiers/{police}").status_code == 404
    assert logged_in.get("/agency?status=at_agency").text.count("/agency/dossiers/") == 0
    assert mine in logged_in.get("/agency?status=in_transit").text
    assert logged_in.get("/agency?status=nonsense").status_code == 200  # falls back to open ones


def test_the_detail_page_shows_the_applicant_and_documents(desk_kybac, logged_in):
    code = desk_kybac.receive()
    desk_kybac.seal([code])
    desk_kybac.push()
    r = logged_in.get(f"/agency/dossiers/{code}")
    assert r.status_code == 200
    for text in (NAME, ID_NUMBER, PHONE, "Giấy chứng sinh", "Bản sao chứng thực", "BG-20270203-01"):
        assert text in r.text
    assert "Xác nhận đã nhận" in r.text
    assert "Đã có kết quả" not in r.text  # only the moves the state allows are offered
    assert r.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "<script" not in r.text


def test_each_button_posts_its_decision(client, hub, desk_kybac, logged_in):
    a, b = desk_kybac.receive(), desk_kybac.receive()
    desk_kybac.seal([a, b])
    desk_kybac.push()
    csrf = _page_csrf(logged_in)

    def post(code, verb, note=""):
        return logged_in.post(
            f"/agency/dossiers/{code}/{verb}",
            data={"csrf": csrf, "note": note},
            follow_redirects=False,
        )

    r = post(a, "confirm")
    assert (r.status_code, r.headers["location"]) == (303, f"/agency/dossiers/{a}?done=confirm")
    assert "Đã xác nhận cơ quan nhận hồ sơ" in logged_in.get(r.headers["location"]).text
    assert post(a, "supplement", "Bản sao giấy chứng sinh").status_code == 303
    assert post(a, "refuse", "Không thuộc thẩm quyền").status_code == 303
    assert post(b, "confirm").status_code == 303
    assert post(b, "ready").status_code == 303
    assert (row_of(hub, a).status, row_of(hub, b).status) == ("refused", "result_ready")
    items = feed_of(client, desk_kybac.counter)
    assert [(i["data"]["dossier_code"], i["data"]["action"]) for i in items] == [
        (a, "confirm_receipt"),
        (a, "request_supplement"),
        (a, "refuse"),
        (b, "confirm_receipt"),
        (b, "mark_ready"),
    ]
    assert items[2]["data"]["note"] == "Không thuộc thẩm quyền"
    history = logged_in.get(f"/agency/dossiers/{a}").text
    assert "Không thuộc thẩm quyền" in history and "Bị từ chối" in history


def test_refused_moves_and_missing_notes_are_explained_on_the_page(hub, desk_kybac, logged_in):
    code = desk_kybac.receive()
    desk_kybac.seal([code])
    desk_kybac.push()
    csrf = _page_csrf(logged_in)
    ready = logged_in.post(f"/agency/dossiers/{code}/ready", data={"csrf": csrf})
    assert ready.status_code == 409
    assert "đang ở trạng thái «Đang chuyển đến cơ quan», không thể «Có kết quả»" in ready.text
    logged_in.post(f"/agency/dossiers/{code}/confirm", data={"csrf": csrf})
    empty = logged_in.post(f"/agency/dossiers/{code}/supplement", data={"csrf": csrf, "note": "  "})
    assert empty.status_code == 400
    assert "Hãy ghi rõ giấy tờ cần bổ sung" in empty.text
    forged = logged_in.post(
        f"/agency/dossiers/{code}/refuse", data={"csrf": "forged", "note": "Lý do"}
    )
    assert forged.status_code == 400
    assert "Biểu mẫu đã cũ" in forged.text
    unknown = logged_in.post(f"/agency/dossiers/{code}/delete", data={"csrf": csrf})
    assert unknown.status_code == 404
    assert row_of(hub, code).status == "at_agency"


def test_the_batch_button_confirms_the_whole_batch(hub, desk_kybac, logged_in):
    codes = [desk_kybac.receive() for _ in range(3)]
    batch_id = desk_kybac.seal(codes)
    desk_kybac.push()
    r = logged_in.post(
        f"/agency/batches/{batch_id}/confirm",
        data={"csrf": _page_csrf(logged_in)},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/agency?done=batch&count=3"
    assert "Đã xác nhận cơ quan đã nhận 3 hồ sơ" in logged_in.get(r.headers["location"]).text
    assert {row_of(hub, c).status for c in codes} == {"at_agency"}
    again = logged_in.post(
        f"/agency/batches/{batch_id}/confirm", data={"csrf": _page_csrf(logged_in)}
    )
    assert again.status_code == 409


def test_unknown_pages_answer_in_html_and_the_api_in_json(client):
    page_ = client.get("/agency/nothing-here")
    assert page_.status_code == 404
    assert page_.headers["content-type"].startswith("text/html")
    assert "Không có trang này" in page_.text
    api = client.get("/api/v1/nothing-here")
    assert api.json()["error"] == "not_found"


# -- in a real browser ------------------------------------------------------------------------


def _seed(live) -> tuple[Desk, list[str]]:
    desk = Desk.open(live.http, live.hub)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung"]
    codes = [desk.receive(name=n) for n in names]
    codes.append(
        desk.receive(name="Võ Minh Đức", procedure=("1.000656", "Cấp bản sao trích lục hộ tịch"))
    )
    desk.seal(codes[:3], number="BG-20270203-01")
    desk.seal(codes[3:], number="BG-20270203-02")
    desk.push()
    live.agency.add_user("ubnd.kybac", PASSWORD, AGENCY, OFFICE, "Trần Thị Hoa")
    return desk, codes


def _browser_login(page, live) -> None:
    page.goto(f"{live.url}/agency/login")
    page.get_by_label("Tên đăng nhập").fill("ubnd.kybac")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live.url}/agency")


def test_agency_decides_through_the_buttons_in_a_browser(page, live_hub):
    desk, codes = _seed(live_hub)
    a, b, c, d, _ = codes
    _browser_login(page, live_hub)
    assert page.get_by_role("heading", name="Hồ sơ bưu điện giao cho UBND xã").is_visible()
    # Confirm the first batch with its button.
    page.get_by_role("button", name="Xác nhận đã nhận cả bảng BG-20270203-01").click()
    page.wait_for_url(re.compile(r"done=batch"))
    assert page.get_by_text("Đã xác nhận cơ quan đã nhận 3 hồ sơ").is_visible()
    screenshot(page, "hub-agency")
    # A supplement request needs its list of papers: the browser will not send an empty one.
    page.get_by_role("link", name=a).click()
    page.get_by_role("button", name="Yêu cầu bổ sung").click()
    assert page.locator("#note-supplement").evaluate("el => el.validity.valueMissing")
    assert page.url.endswith(f"/agency/dossiers/{a}")
    page.get_by_label("Giấy tờ cần bổ sung (bắt buộc)").fill(
        "Bản sao giấy chứng sinh có chứng thực"
    )
    page.get_by_role("button", name="Yêu cầu bổ sung").click()
    page.wait_for_url(re.compile(r"done=supplement"))
    assert page.get_by_text("Đã gửi yêu cầu bổ sung").is_visible()
    assert page.locator(".big-status").inner_text() == "Trạng thái: Chờ bổ sung"
    # Refuse b with a reason.
    page.goto(f"{live_hub.url}/agency/dossiers/{b}")
    page.get_by_label("Lý do từ chối (bắt buộc)").fill("Hồ sơ không thuộc thẩm quyền của xã")
    page.get_by_role("button", name="Từ chối").click()
    page.wait_for_url(re.compile(r"done=refuse"))
    assert page.locator(".big-status").inner_text() == "Trạng thái: Bị từ chối"
    # c: the result is ready.
    page.goto(f"{live_hub.url}/agency/dossiers/{c}")
    page.get_by_role("button", name="Đã có kết quả").click()
    page.wait_for_url(re.compile(r"done=ready"))
    assert page.locator(".big-status").inner_text() == "Trạng thái: Đã có kết quả"
    # d (second batch): confirm it alone, then the result is ready.
    page.goto(f"{live_hub.url}/agency/dossiers/{d}")
    page.get_by_role("button", name="Xác nhận đã nhận").click()
    page.wait_for_url(re.compile(r"done=confirm"))
    assert page.get_by_role("button", name="Đã có kết quả").is_visible()
    screenshot(page, "hub-agency-detail")
    statuses = [row_of(live_hub.hub, x).status for x in codes]
    assert statuses == [
        "supplement_requested",
        "refused",
        "result_ready",
        "at_agency",
        "in_transit",
    ]
    items = live_hub.http.get("/api/v1/feed", headers=desk.counter.auth).json()["items"]
    assert [i["data"]["action"] for i in items] == [
        "confirm_receipt",
        "confirm_receipt",
        "confirm_receipt",
        "request_supplement",
        "refuse",
        "mark_ready",
        "confirm_receipt",
    ]
    # Log out with the header's button.
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{live_hub.url}/agency/login")


def test_agency_pages_fit_a_phone_screen(browser, live_hub):
    _, codes = _seed(live_hub)
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="vi-VN", is_mobile=True)
    try:
        phone = context.new_page()
        _browser_login(phone, live_hub)
        for path in ("/agency", f"/agency/dossiers/{codes[0]}", "/agency/login"):
            phone.goto(f"{live_hub.url}{path}")
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        # Every button says what it does.
        live_hub.agency.confirm_receipt(codes[0])  # so that every decision is offered
        phone.goto(f"{live_hub.url}/agency/dossiers/{codes[0]}")
        buttons = phone.get_by_role("button").all()
        assert len(buttons) == 4  # log out, supplement, refuse, ready
        for button in buttons:
            assert button.inner_text().strip()
    finally:
        context.close()


def test_a_stale_confirm_says_why_in_the_browser(page, live_hub):
    _, codes = _seed(live_hub)
    _browser_login(page, live_hub)
    page.goto(f"{live_hub.url}/agency/dossiers/{codes[0]}")
    live_hub.agency.confirm_receipt(codes[0])  # a colleague was quicker
    page.get_by_role("button", name="Xác nhận đã nhận").click()
    alert = page.get_by_role("alert")
    assert "không thể «Cơ quan xác nhận đã nhận»" in alert.inner_text()
    assert row_of(live_hub.hub, codes[0]).status == "at_agency"
    assert Action.CONFIRM_RECEIPT.label in alert.inner_text()
