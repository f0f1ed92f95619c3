"""End to end: after a whole working day — intake (service and CLI), receipts printed, a refused
request, a full disk, a hand-over, enrollment (a wrong code first), syncs up and down through
network faults, the agency's decisions, a revoked token — the log files hold the day's intake and
sync lines and none of the applicants' data, the device token or the enrollment codes, in any
Unicode form. Logging runs at DEBUG, the real hub runs in this process (its lines land in the same
file), so every layer's log calls are exercised.
"""

from __future__ import annotations

import io
import json
import logging
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from app.cli import run as cli_run
from app.domain.text import fold
from app.services import handover, logs
from app.services import sync as sync_service
from app.services.documents import DocumentKind, render_for_dossier
from app.services.intake import receive_dossier
from app.storage.disk_errors import DiskFull
from app.sync import credentials
from app.sync.client import HubRefused
from app.sync.engine import Outcome
from hub.agency import Agency

PEOPLE = [
    {
        "full_name": "Trần Thị Ngọc Ánh Nguyệt",
        "id_number": "001185314159",
        "date_of_birth": "1985-03-14",
        "sex": "Nữ",
        "phone": "0987 654 321",
        "address": "Xóm Đồng Trăng, thôn Phượng Hoàng, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        "email": "anh.nguyet.tran@example.vn",
    },
    {
        "full_name": "Phạm Quốc Vượng",
        "id_number": "038078271828",
        "date_of_birth": "1978-11-02",
        "sex": "Nam",
        "phone": "+84 356 789 012",
        "address": "Số 7 ngõ Hòe Nhai, phường Quán Thánh, Hà Nội",
        "email": "vuong.pham.quoc@example.com.vn",
    },
    {  # received through the CLI's JSONL import
        "full_name": "Đỗ Hoàng Khuê Thư",
        "id_number": "042192007351",
        "date_of_birth": "1992-07-30",
        "sex": "Nữ",
        "phone": "0239.3868.111",
        "address": "Thôn Hưng Lợi, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        "email": "khue.thu@example.org",
    },
]
DELIVERY = "Hẻm 42 đường Lê Duẩn, phường Bến Nghé"
REFUSAL_NOTE = "Phạm Quốc Vượng thiếu bản sao giấy khai sinh"  # an agency note naming the person
WRONG_CODE = "7K3QM-X9P2W"


@pytest.fixture
def debug_logs(ws) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    path = logs.configure_logging(ws.home, level=logging.DEBUG)
    yield path
    logs.shutdown_logging()
    root.setLevel(level)


def _forms(value: str) -> set[str]:
    """A value as it might be written: NFC, NFD, folded, and digits only for numbers."""
    forms = {value, unicodedata.normalize("NFC", value), unicodedata.normalize("NFD", value)}
    forms.add(fold(value))
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) >= 9:
        forms.add(digits)
        forms.add(digits[-9:])  # the subscriber number behind +84 / 0
    return {f for f in forms if f}


def _cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_run(list(argv))
    return code, out.getvalue() + err.getvalue()


def test_a_full_day_leaves_no_personal_data_or_secret_in_the_logs(
    ws, request_for, sqlite_hub, proxy_for, debug_logs, tmp_path
):
    home = str(ws.home)
    # 1. Intake: two at the counter (one returned by post), one from a JSONL file.
    first = receive_dossier(ws, request_for(applicant=dict(PEOPLE[0])))
    second = receive_dossier(
        ws,
        request_for(applicant=dict(PEOPLE[1]), return_method="post", delivery_address=DELIVERY),
    )
    batch_file = tmp_path / "ho-so.jsonl"
    third_raw = request_for(applicant=dict(PEOPLE[2]))
    bad_raw = request_for(applicant={**PEOPLE[2], "id_number": "04219200735"})  # 11 digits
    batch_file.write_text(
        json.dumps(third_raw, ensure_ascii=False) + "\n" + json.dumps(bad_raw, ensure_ascii=False),
        encoding="utf-8",
    )
    code, text = _cli("--home", home, "import", str(batch_file))
    assert code == 1 and text.count('"ok": true') == 1  # the bad line is refused
    third_code = json.loads(text.splitlines()[0])["code"]

    # 2. Receipts and labels printed (service and CLI).
    for d in (first, second):
        render_for_dossier(ws, DocumentKind.RECEIPT, d.code)
        render_for_dossier(ws, DocumentKind.LABEL, d.code)
    code, _ = _cli("--home", home, "print", "receipt", third_code, "-o", str(tmp_path / "r.pdf"))
    assert code == 0

    # 3. The disk fills up during an intake, then space is freed.
    pages = ws.db.execute("PRAGMA page_count").fetchone()[0]
    ws.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull):
        receive_dossier(ws, request_for(applicant=dict(PEOPLE[0])))
    ws.db.execute("PRAGMA max_page_count = 1073741823")

    # 4. Hand-over of the day's dossiers.
    batch = handover.create_batch(ws, "UBND xã")
    for c in (first.code, second.code, third_code):
        handover.add_to_batch(ws, batch.id, c)
    sealed, _minutes = handover.seal_and_print(ws, batch.id)

    # 5. Enrollment: a wrong code is refused, then the right one (through a faulty network).
    proxy = proxy_for(sqlite_hub, delay=0.5)
    with pytest.raises(HubRefused):
        sync_service.enroll(ws, proxy.url, WRONG_CODE)
    enroll_code = sqlite_hub.enroll_code()
    sync_service.enroll(ws, proxy.url, enroll_code)
    first_token = credentials.get_token(ws.device_id)

    # 6. Sync up through faults, then cleanly.
    proxy.push("drop_before", path="/api/v1/events")
    assert sync_service.sync_once(ws).outcome is Outcome.UNKNOWN
    proxy.push("proxy_503", "drop_after", path="/api/v1/events")
    sync_service.sync_once(ws)
    sync_service.sync_once(ws)
    report = sync_service.sync_once(ws)
    assert report.ok, report.message and report.pending == 0

    # 7. The agency decides; the counter syncs down (one feed request cut short first).
    agency = Agency(sqlite_hub.hub)
    agency.confirm_batch(sealed.number)
    agency.refuse(second.code, REFUSAL_NOTE)
    agency.mark_ready(first.code)
    proxy.push("truncate", path="/api/v1/feed")
    sync_service.sync_once(ws)
    code, text = _cli("--home", home, "sync", "--once")
    assert code == 0, text
    status = ws.db.execute("SELECT status FROM dossiers WHERE code = ?", [second.code]).fetchone()
    assert status[0] == "refused"

    # 8. The used code again: refused. Enrolled again with a fresh code: a new device, a new
    # token. Then the province revokes the counter: refused.
    with pytest.raises(HubRefused):
        sync_service.enroll(ws, proxy.url, enroll_code)
    sync_service.enroll(ws, proxy.url, sqlite_hub.enroll_code())
    second_token = credentials.get_token(ws.device_id)
    sqlite_hub.hub.revoke(ws.device_id)
    receive_dossier(ws, request_for(applicant=dict(PEOPLE[0])))
    assert sync_service.sync_once(ws).outcome is Outcome.REJECTED
    last_enroll_code = enroll_code

    # 9. What the log files hold.
    logs.flush_logging()
    files = logs.log_files(ws.home)
    assert files, "no log file written"
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    export = logs.export_logs(ws.home, tmp_path / "ho-tro.zip")
    with zipfile.ZipFile(export) as zf:
        exported = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())

    # It is not empty: the intake, sync and hub lines are there.
    for expected in (
        f"dossier {first.code} received",
        f"dossier {third_code} received",
        "dossier not stored (1.001193): DiskFull",
        "POST /api/v1/events",
        "GET /api/v1/feed",
        "feed:",
        "motcua.hub",
        f"device {ws.device_id} enrolled",
    ):
        assert expected in text, expected

    secrets = [first_token, second_token, last_enroll_code, WRONG_CODE]
    assert all(secrets)
    forbidden: set[str] = set()
    for person in PEOPLE:
        for key in ("full_name", "id_number", "phone", "address", "email"):
            forbidden |= _forms(person[key])
        forbidden |= _forms(person["full_name"].split()[-1] + " " + person["full_name"].split()[0])
    forbidden |= _forms(DELIVERY) | _forms(REFUSAL_NOTE)
    for secret in secrets:
        forbidden |= {secret, secret.replace("-", ""), secret.lower()}
    for haystack_name, haystack in (("log files", text), ("export", exported)):
        for value in sorted(forbidden):
            assert value not in haystack, f"{value!r} found in the {haystack_name}"
        # Distinctive single words of the names and addresses do not appear either.
        for word in ("Nguyệt", "Vượng", "Khuê", "Trăng", "Phượng", "Hòe Nhai", "Hưng Lợi"):
            for form in _forms(word):
                assert form not in haystack, f"{form!r} found in the {haystack_name}"
