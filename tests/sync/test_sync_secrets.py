"""The device token lives only in the keyring: never in the database file (WAL included),
the settings, the logs or anything printed, whatever path the sync took."""

from __future__ import annotations

import argparse
import io
import json
import logging

import keyring
import pytest
from keyring.backends import fail
from sync_keyring import MemoryKeyring

from app.cli_sync import add_sync_commands
from app.services import sync as sync_service
from app.services.workstation import DB_FILE
from app.storage.settings import all_settings
from app.sync import credentials
from app.sync.engine import Outcome


def _cli(ws, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    add_sync_commands(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    return args.func(ws, args, out), out.getvalue()


def test_the_token_never_reaches_disk_settings_logs_or_output(
    ws, sqlite_hub, proxy_for, receive_many, memory_keyring: MemoryKeyring, caplog, capsys
):
    caplog.set_level(logging.DEBUG)  # urllib3, the sync client and the hub, all of it
    proxy = proxy_for(sqlite_hub)
    enroll_code = sqlite_hub.enroll_code()
    code, text = _cli(ws, "enroll", "--hub", proxy.url, "--code", enroll_code)
    assert code == 0 and "Đã đăng ký quầy số 1" in text
    first_token = credentials.get_token(ws.device_id)
    receive_many(20)
    proxy.push("drop_after", "truncate", path="/api/v1/events")
    outputs = [text]
    for _ in range(3):
        outputs.append(_cli(ws, "sync", "--once")[1])
    # Enrolled again with a new code: a new device and token; the old one must not linger
    # anywhere either.
    first_device = ws.device_id
    outputs.append(_cli(ws, "enroll", "--hub", proxy.url, "--code", sqlite_hub.enroll_code())[1])
    assert ws.device_id != first_device
    outputs.append(_cli(ws, "sync", "--once", "--json")[1])
    sqlite_hub.hub.revoke(ws.device_id)
    rejected = sync_service.sync_once(ws)
    outputs.append(_cli(ws, "sync", "--status", "--json")[1])
    outputs.append(_cli(ws, "sync", "--status")[1])
    second_token = credentials.get_token(ws.device_id)

    assert rejected.outcome is Outcome.REJECTED
    assert first_token and second_token and first_token != second_token
    enroll_key = memory_keyring.store[("motcua", f"{ws.device_id}:enroll-key")]
    first_key = memory_keyring.store[("motcua", f"{first_device}:enroll-key")]
    assert memory_keyring.store == {
        ("motcua", ws.device_id): second_token,
        ("motcua", f"{ws.device_id}:enroll-key"): enroll_key,
        ("motcua", f"{first_device}:enroll-key"): first_key,
    }
    printed = capsys.readouterr()
    haystacks = {
        "settings": json.dumps(all_settings(ws.db), ensure_ascii=False).encode(),
        "logs": caplog.text.encode(),
        "output": "".join(outputs).encode() + printed.out.encode() + printed.err.encode(),
    }
    for suffix in ("", "-wal", "-shm"):
        path = ws.home / f"{DB_FILE}{suffix}"
        if path.exists():
            haystacks[path.name] = path.read_bytes()
    assert f"{DB_FILE}-wal" in haystacks  # the WAL holds the latest writes: it is searched too
    assert "POST /api/v1/events" in caplog.text  # the logs were captured, and searched
    for token in (first_token, second_token, enroll_key, first_key):
        for name, data in haystacks.items():
            assert token.encode() not in data, f"token found in {name}"


def test_no_keyring_backend_stops_enrollment_before_the_code_is_spent(
    ws, sqlite_hub, memory_keyring
):

    code = sqlite_hub.enroll_code()
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(credentials.CredentialsError) as caught:
        sync_service.enroll(ws, sqlite_hub.url, code)
    assert "PYTHON_KEYRING_BACKEND" in caught.value.message
    assert sync_service.sync_once(ws).outcome is Outcome.NOT_ENROLLED

    keyring.set_keyring(memory_keyring)
    assert sync_service.enroll(ws, sqlite_hub.url, code).counter_no == 1  # still valid


def test_a_lost_keyring_entry_asks_to_enroll_again(ws, sqlite_hub, memory_keyring):
    sync_service.enroll(ws, sqlite_hub.url, sqlite_hub.enroll_code())
    assert credentials.delete_token(ws.device_id) is True
    assert credentials.delete_token(ws.device_id) is False

    report = sync_service.sync_once(ws)

    assert report.outcome is Outcome.NOT_ENROLLED
    assert report.message == sync_service.NO_TOKEN


def test_a_broken_keyring_is_reported_as_the_last_error(ws, sqlite_hub):

    sync_service.enroll(ws, sqlite_hub.url, sqlite_hub.enroll_code())
    keyring.set_keyring(fail.Keyring())

    report = sync_service.sync_once(ws)

    assert report.outcome is Outcome.ERROR
    assert "PYTHON_KEYRING_BACKEND" in report.message
    assert sync_service.sync_health(ws).last_error == report.message
