"""End to end: a counter and the agency, through the real hub, with the agency in a browser.

The counter receives 20 dossiers offline, hands them over in one printed batch and syncs; the
agency's clerk, in headless Chromium on the hub's agency page, confirms the batch, asks for one
supplement, refuses one and marks the rest ready; the counter syncs again, books the results in
and returns them after checking IDs. Every form printed on the way is read back: its text
extracts and its barcodes decode.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from browser import CHROMIUM_ARGS, LiveHub, chromium_path
from hubserver import OFFICE
from printing_pdf import decode, plain, text_pdfium

from app.domain.dossier import DossierStatus
from app.services import handover, intake, lifecycle
from app.services import sync as sync_service
from app.services.lifecycle_documents import FormKind, render_form
from app.services.workstation import VN_TZ
from app.storage.events import verify_chain
from hub.agency import Agency

PASSWORD = "mật khẩu của xã"
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hoa", "Hùng",
         "Khánh", "Lan", "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Quang", "Sơn"]  # fmt: skip
AGENCY = "UBND xã"


@pytest.fixture
def live_hub(hub_db_url: str) -> Iterator[LiveHub]:
    server = LiveHub(hub_db_url).start()
    yield server
    server.stop()


@pytest.fixture
def page() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def _read(pdf: bytes) -> tuple[str, set[str]]:
    """The text of the first page and what its barcodes (Code 128 and QR) decode to."""
    return plain(text_pdfium(pdf)), {value for _fmt, value in decode(pdf, 200)}


def _status(ws, code: str) -> DossierStatus:
    return DossierStatus(
        ws.db.execute("SELECT status FROM dossiers WHERE code = ?", [code]).fetchone()[0]
    )


def test_twenty_dossiers_from_the_counter_to_the_agency_and_back(
    ws, clock, request_for, live_hub, page
):
    # 1. Offline at the counter: 20 birth registrations, each by a different person.
    dossiers = []
    for i in range(20):
        raw = request_for("1.001193")
        raw["applicant"]["full_name"] = f"Nguyễn Văn {GIVEN[i]}"
        raw["applicant"]["phone"] = f"09123450{i:02d}"
        dossiers.append(intake.receive_dossier(ws, raw))
    codes = [d.code for d in dossiers]
    batch = handover.create_batch(ws, AGENCY)
    for d in dossiers:
        handover.add_to_batch(ws, batch.id, d.s10)  # scanned from the labels
    sealed, minutes = handover.seal_and_print(ws, batch.id)
    text, barcodes = _read(minutes)
    assert "BIÊN BẢN GIAO NHẬN HỒ SƠ" in text and sealed.number in barcodes
    assert all(code in plain(text_pdfium(minutes)) for code in codes[:5])
    assert {_status(ws, c) for c in codes} == {DossierStatus.IN_TRANSIT}

    # 2. The link comes up: enroll and sync.
    sync_service.enroll(ws, live_hub.url, live_hub.hub.create_enroll_code(OFFICE, "Kỳ Bắc").code)
    report = sync_service.sync_once(ws)
    assert report.ok, report.message

    # 3. The agency's clerk works in the browser.
    Agency(live_hub.hub).add_user("ubnd.kybac", PASSWORD, AGENCY, office_code=OFFICE)
    page.goto(f"{live_hub.url}/agency/login")
    page.get_by_label("Tên đăng nhập").fill("ubnd.kybac")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name=f"Xác nhận đã nhận cả bảng {sealed.number}").click()
    supplement, refused, ready = codes[0], codes[1], codes[2:]
    page.goto(f"{live_hub.url}/agency/dossiers/{supplement}")
    page.get_by_label("Giấy tờ cần bổ sung (bắt buộc)").fill("Bản sao giấy chứng sinh rõ nét")
    page.get_by_role("button", name="Yêu cầu bổ sung").click()
    page.goto(f"{live_hub.url}/agency/dossiers/{refused}")
    page.get_by_label("Lý do từ chối (bắt buộc)").fill("Đã đăng ký khai sinh tại xã khác")
    page.get_by_role("button", name="Từ chối").click()
    for code in ready:
        page.goto(f"{live_hub.url}/agency/dossiers/{code}")
        page.get_by_role("button", name="Đã có kết quả").click()
        page.wait_for_load_state()

    # 4. The next morning the counter syncs and sees the decisions.
    clock.moment = datetime(2027, 2, 4, 9, 0, tzinfo=VN_TZ)
    report = sync_service.sync_once(ws)
    assert report.ok, report.message
    assert _status(ws, supplement) is DossierStatus.SUPPLEMENT_REQUESTED
    assert _status(ws, refused) is DossierStatus.REFUSED
    assert {_status(ws, c) for c in ready} == {DossierStatus.RESULT_READY}
    status = lifecycle.status_of(ws, ready[0])
    assert status["agency_due"] is not None  # the agency's clock restarted at its signature

    # 5. Results come back to the counter (scanned) and go to the citizens after an ID check.
    for code in [*ready, refused]:
        lifecycle.record_result(ws, code)
    waiting = lifecycle.action_lists(ws).results_waiting
    assert {r["code"] for r in waiting} == {*ready, refused}
    with pytest.raises(Exception, match="không khớp"):
        lifecycle.return_to_citizen(ws, ready[0], lifecycle.Receiver("001190001111"))
    assert _status(ws, ready[0]) is DossierStatus.RESULT_AT_COUNTER
    for code in ready:
        done = lifecycle.return_to_citizen(ws, code, lifecycle.Receiver("042190001234"))
        assert done.status is DossierStatus.RETURNED

    # 6. The forms for the other two, read back like the Biên bản.
    forms = {
        FormKind.SUPPLEMENT: (supplement, "Bản sao giấy chứng sinh rõ nét"),
        FormKind.REFUSAL: (refused, "Đã đăng ký khai sinh tại xã khác"),
        FormKind.CONTROL: (ready[0], "Nguyễn Văn Cường"),
    }
    for kind, (code, expected) in forms.items():
        text, barcodes = _read(render_form(ws, kind, code))
        assert expected in text and code in text, kind
        assert code in barcodes, kind
    lifecycle.record_invitation(ws, refused)
    text, barcodes = _read(render_form(ws, FormKind.INVITATION, refused))
    assert "GIẤY MỜI" in text.upper() and refused in barcodes

    # 7. The hub has the whole story, and the counter's log is intact.
    clock.moment += timedelta(minutes=5)
    assert sync_service.sync_once(ws).ok
    tracked = live_hub.http.get(f"/api/v1/track/{ready[0]}").json()
    assert tracked["status"] == "returned"
    assert verify_chain(ws.db) == []
