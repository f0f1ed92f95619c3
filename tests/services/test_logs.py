"""The log files: personal data and secrets scrubbed from messages, arguments and exceptions;
rotation; idempotent set-up; the support export; a folder or disk that refuses writes."""

from __future__ import annotations

import base64
import json
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.redaction import MASK, redact, remember_secret
from app.services import logs
from app.services.intake import receive_dossier

log = logging.getLogger("motcua.test")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    logs.shutdown_logging()
    root.setLevel(level)


def read_logs(home: Path) -> str:
    logs.flush_logging()
    return "".join(p.read_text(encoding="utf-8") for p in logs.log_files(home))


def scrubbed(record: logging.LogRecord) -> str:
    """What a handler with the redacting filter writes for ``record``."""
    logs.RedactingFilter().filter(record)
    return logging.Formatter(logs.FORMAT).format(record)


def record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("motcua.test", logging.ERROR, __file__, 1, msg, args, exc_info)


def raised(message: str) -> BaseException:
    try:
        raise ValueError(message)
    except ValueError as exc:
        return exc


# ---------------------------------------------------------------- what is found by its shape

digits = st.integers(min_value=0, max_value=9).map(str)
cccd = st.lists(digits, min_size=12, max_size=12).map("".join)
cmnd = st.lists(digits, min_size=9, max_size=9).map("".join)
mobile = st.tuples(st.sampled_from("35789"), st.lists(digits, min_size=8, max_size=8)).map(
    lambda t: "0" + t[0] + "".join(t[1])
)
landline = st.lists(digits, min_size=9, max_size=9).map(lambda d: "02" + "".join(d))


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, digits only) in the ways people and forms write them."""
    number = draw(st.one_of(mobile, landline))
    rest = number[1:]
    style = draw(st.sampled_from(["plain", "spaces", "dots", "+84", "+84 spaced", "84"]))
    if style == "spaces":
        text = f"{number[:4]} {number[4:7]} {number[7:]}"
    elif style == "dots":
        text = f"{number[:4]}.{number[4:7]}.{number[7:]}"
    elif style == "+84":
        text = "+84" + rest
    elif style == "+84 spaced":
        text = f"+84 {rest[:3]} {rest[3:6]} {rest[6:]}"
    elif style == "84":
        text = "84" + rest
    else:
        text = number
    return text, number


emails = st.tuples(
    st.from_regex(r"[a-z][a-z0-9._]{0,15}", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    st.sampled_from(["vn", "com.vn", "gov.vn", "com"]),
).map(lambda t: f"{t[0]}@{t[1]}.{t[2]}")
tokens = st.binary(min_size=32, max_size=32).map(
    lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
)
crockford = st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=10, max_size=10)
# Text around the value: Vietnamese words and punctuation, never digits glued to the value.
words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộứừửữự ,:;()", max_size=30)
where = st.sampled_from(["msg", "args", "exception"])


def leaks(value: str, place: str, before: str, after: str) -> str:
    text = f"{before} {value} {after}"
    if place == "msg":
        rec = record(text)
    elif place == "args":
        rec = record("%s | %d", text, 7)
    else:
        rec = record("receiving failed", exc=raised(text))
    return scrubbed(rec)


@settings(max_examples=150, deadline=None)
@given(value=st.one_of(cccd, cmnd), place=where, before=words, after=words)
def test_id_numbers_never_reach_a_log_line(value, place, before, after):
    out = leaks(value, place, before, after)
    assert value not in out
    assert MASK in out


@settings(max_examples=150, deadline=None)
@given(phone=phones(), place=where, before=words, after=words)
def test_phone_numbers_in_any_written_form_are_removed(phone, place, before, after):
    written, number = phone
    out = leaks(written, place, before, after)
    assert written not in out and number not in out
    assert number[1:] not in out.replace(" ", "").replace(".", "")


@settings(max_examples=100, deadline=None)
@given(email=emails, place=where, before=words, after=words)
def test_email_addresses_are_removed(email, place, before, after):
    assert email not in leaks(email, place, before, after)


@settings(max_examples=150, deadline=None)
@given(
    token=tokens,
    shape=st.sampled_from(
        [
            "Authorization: Bearer {}",
            "headers={{'Authorization': 'Bearer {}', 'Accept': 'application/json'}}",
            '{{"token": "{}", "device_id": "x"}}',
            "GET /api/v1/feed?after=0&token={}&limit=5",
            "device_token={}",
            "bearer {}",
        ]
    ),
    place=where,
)
def test_a_token_next_to_its_name_is_removed(token, shape, place):
    out = leaks(shape.format(token), place, "", "")
    assert token not in out


@settings(max_examples=100, deadline=None)
@given(token=tokens, place=where, before=words, after=words)
def test_a_bare_device_token_is_removed_by_its_shape(token, place, before, after):
    # secrets.token_urlsafe(32) mixes capitals, small letters and digits (all but ~0.07% do:
    # those are caught because the client remembers the token it holds, next test).
    assume(any(c.isupper() for c in token) and any(c.islower() for c in token))
    assume(any(c.isdigit() for c in token))
    assert token not in leaks(token, place, before, after)


@settings(max_examples=50, deadline=None)
@given(token=tokens, place=where)
def test_a_token_the_app_holds_is_removed_whatever_it_looks_like(token, place):
    remember_secret(token)
    assert token not in leaks(f"x{token}y", place, "", "")


@settings(max_examples=100, deadline=None)
@given(code=crockford, place=where, before=words, after=words)
def test_enrollment_codes_are_removed_printed_or_typed(code, place, before, after):
    printed = f"{code[:5]}-{code[5:]}"
    assert printed not in leaks(printed, place, before, after)
    assume(any(c.isdigit() for c in code))
    assert printed.lower() not in leaks(printed.lower(), place, before, after)
    remember_secret(printed)  # as HubClient.enroll does: then the bare form goes too
    assert code not in leaks(code, place, before, after)


def test_sensitive_keys_lose_their_values_but_codes_and_ids_of_records_stay():
    text = (
        "dossier 000.00.04.H42-070203-0001 RA123456789VN device "
        "3f2a8b1c-1234-4abc-9def-0123456789ab hash "
        "5d41402abc4b2a76b9719d911017c592aa5d41402abc4b2a76b9719d911017c5 at "
        "2027-02-03T09:10:00+07:00 took 0.25 s, 1048576 bytes; "
        "pin=5791 password: hunter2 "
        "{'full_name': 'Nguyễn Thị Hồng Nhung', 'address': 'Thôn Bắc Hà, xã Kỳ Bắc'} "
        'payload={"applicant": {"full_name": "Trần Văn Ba", "sex": "Nam"}, "code": "X"} '
        "Applicant(full_name='Lê Thị Tư', date_of_birth='1990-05-12')"
    )
    out = redact(text)
    for kept in (
        "000.00.04.H42-070203-0001",
        "RA123456789VN",
        "3f2a8b1c-1234-4abc-9def-0123456789ab",
        "5d41402abc4b2a76b9719d911017c592aa5d41402abc4b2a76b9719d911017c5",
        "2027-02-03T09:10:00+07:00",
        "1048576",
    ):
        assert kept in out
    for gone in ("5791", "hunter2", "Nhung", "Bắc Hà", "Trần Văn Ba", "Lê Thị Tư", "1990-05-12"):
        assert gone not in out, gone


def test_decomposed_text_meets_the_same_rules():
    import unicodedata

    text = unicodedata.normalize("NFD", "full_name=Nguyễn Thị Hồng Nhung")
    assert "Nh" not in redact(text)


# ---------------------------------------------------------------- the files


def test_records_go_to_the_data_folder_scrubbed_with_time_level_logger_and_thread(
    tmp_path, restore_logging
):
    path = logs.configure_logging(tmp_path)
    assert path == tmp_path / "logs" / "motcua.log"
    log.info("received dossier for %s, CCCD %s", "someone", "042190001234")
    try:
        raise RuntimeError("phone 0912 345 678 failed")
    except RuntimeError:
        log.exception("intake failed")
    text = read_logs(tmp_path)
    assert "042190001234" not in text and "0912 345 678" not in text
    assert "INFO    motcua.test [MainThread] received dossier for someone, CCCD [ẩn]" in text
    assert "Traceback" in text and "RuntimeError: phone [ẩn] failed" in text
    assert text.splitlines()[0][:4].isdigit()  # starts with the time


def test_configuring_twice_adds_no_second_handler_and_a_new_home_replaces_it(
    tmp_path, restore_logging
):
    first, second = tmp_path / "a", tmp_path / "b"
    logs.configure_logging(first)
    logs.configure_logging(first)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_motcua", False)]
    assert len(ours) == 1
    log.warning("one line")
    assert read_logs(first).count("one line") == 1
    logs.configure_logging(second)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_motcua", False)]
    assert len(ours) == 1
    log.warning("second line")
    assert "second line" in read_logs(second)
    assert "second line" not in read_logs(first)


def test_the_files_rotate_and_keep_five_old_ones(tmp_path, restore_logging, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 4_000)
    logs.configure_logging(tmp_path)
    for i in range(600):
        log.info("line %04d %s", i, "x" * 60)
    logs.flush_logging()
    names = sorted(p.name for p in logs.log_files(tmp_path))
    assert names == ["motcua.log"] + [f"motcua.log.{i}" for i in range(1, logs.BACKUPS + 1)]
    assert all(p.stat().st_size <= 4_000 for p in logs.log_files(tmp_path))
    assert "line 0599" in (tmp_path / "logs" / "motcua.log").read_text(encoding="utf-8")


def test_urllib3_does_not_log_urls_even_at_debug(tmp_path, restore_logging):
    logs.configure_logging(tmp_path, level=logging.DEBUG)
    logging.getLogger("urllib3.connectionpool").debug('"GET /api/v1/feed?after=1 HTTP/1.1" 200')
    logging.getLogger("urllib3.connectionpool").info("Starting new HTTP connection")
    log.debug("ours at debug")
    text = read_logs(tmp_path)
    assert "ours at debug" in text
    assert "/api/v1/feed" not in text and "Starting new" not in text


def test_an_unwritable_log_folder_falls_back_to_stderr_and_says_so_once(
    tmp_path, restore_logging, capfd
):
    (tmp_path / "logs").write_text("a file where the folder should be")  # mkdir fails (root too)
    path = logs.configure_logging(tmp_path)
    log.warning("still logging %s", "042190001234")
    log.warning("and again")
    logs.flush_logging()
    err = capfd.readouterr().err
    assert err.count("không ghi được nhật ký") == 1
    assert "still logging [ẩn]" in err and "and again" in err
    assert path == tmp_path / "logs" / "motcua.log"


def test_a_full_disk_while_writing_says_so_once_and_keeps_going(capfd, restore_logging):
    # /dev/full: every write fails with ENOSPC, as on a full disk.
    handler = logs._FileHandler("/dev/full", maxBytes=1_000_000, backupCount=1, encoding="utf-8")
    handler.setFormatter(logging.Formatter(logs.FORMAT))
    try:
        for n in range(3):
            handler.handle(record("line %d", n))
    finally:
        handler.close()
    err = capfd.readouterr().err
    assert err.count("ổ đĩa đã đầy") == 1
    assert "line 0" in err and "line 2" in err


# ---------------------------------------------------------------- the export for support


def test_the_export_holds_the_logs_and_a_summary_and_nothing_personal(
    ws, request_for, tmp_path, restore_logging
):
    logs.configure_logging(ws.home)
    raw = request_for()
    raw["applicant"]["email"] = "hong.nhung@example.vn"
    dossier = receive_dossier(ws, raw)
    log.error("failed for %s", raw["applicant"])  # a careless call: the filter still holds
    # An old file written before the filter existed is scrubbed on the way out too.
    old = ws.home / "logs" / "motcua.log.5"
    old.write_text("2026-01-01 INFO x CCCD 042190001234 ĐT 0912345678\n", encoding="utf-8")

    target = logs.export_logs(ws.home, tmp_path / "out" / "ho-tro", extra={"qt": "6.8.0"})
    assert target.name == "ho-tro.zip"
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        contents = {n: zf.read(n).decode("utf-8") for n in names}
    assert names == {"he-thong.json", "logs/motcua.log", "logs/motcua.log.5"}
    summary = json.loads(contents["he-thong.json"])
    assert summary["app_version"] and summary["python"] and summary["os"]
    assert summary["qt"] == "6.8.0"
    assert summary["disk"]["free_bytes"] > 0
    db = summary["database"]
    assert db["schema_version"] >= 1 and db["dossiers"] == 1 and db["events"] >= 2
    assert db["dossiers_by_status"] == {"received": 1}
    assert db["sync"]["enrolled"] is False and db["sync"]["pending_events"] >= 2
    assert f"dossier {dossier.code} received" in contents["logs/motcua.log"]
    everything = "".join(contents.values())
    for value in ("042190001234", "0912345678", "0912 345 678", "Hồng Nhung", "Bắc Hà", "hong."):
        assert value not in everything, value
    assert not (tmp_path / "out" / "ho-tro.zip.part").exists()
