"""`motcua enroll` and `motcua sync` handlers (app/cli_sync.py) against the real hub."""

from __future__ import annotations

import argparse
import io
import json

import pytest
from synchelp import local_events

from app import cli_sync
from app.cli_sync import EXIT_UNREACHED, add_sync_commands
from app.services import sync as sync_service


def run(ws, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="motcua")
    add_sync_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    return args.func(ws, args, out), out.getvalue()


def test_enroll_sync_and_status(ws, sqlite_hub, receive_many):
    code, text = run(ws, "enroll", "--hub", sqlite_hub.url, "--code", sqlite_hub.enroll_code())
    assert code == 0 and "000.00.04.H42" in text and "motcua sync" in text
    receive_many(12)

    code, text = run(ws, "sync", "--once")

    assert code == 0
    assert text.startswith("Đồng bộ xong: máy chủ tỉnh nhận 14 thay đổi mới")
    assert "còn 0 chờ gửi" in text
    code, text = run(ws, "sync", "--status", "--json")
    status = json.loads(text)
    assert code == 0 and status["pending"] == 0 and status["online"] is True
    assert status["last_success"] == ws.now().isoformat()
    code, text = run(ws, "sync", "--status")
    assert "Đã kết nối máy chủ tỉnh" in text and "không còn gì chờ gửi" in text


def test_sync_once_exit_codes(ws, sqlite_hub, proxy_for, receive_many):
    code, text = run(ws, "sync", "--once")
    assert code == 1 and "motcua enroll" in text

    proxy = proxy_for(sqlite_hub)
    run(ws, "enroll", "--hub", proxy.url, "--code", sqlite_hub.enroll_code())
    receive_many(1)
    proxy.push("html_200", path="/api/v1/events")
    code, text = run(ws, "sync", "--once", "--json")
    answer = json.loads(text)
    assert code == EXIT_UNREACHED and answer["outcome"] == "unknown" and answer["pending"] == 3
    assert answer["message"].startswith("Mạng đang chuyển hướng")
    code, text = run(ws, "sync", "--status")
    assert "Mất kết nối máy chủ tỉnh" in text and "3 thay đổi chờ gửi, cũ nhất 0 phút" in text

    sqlite_hub.hub.revoke(ws.device_id)
    code, text = run(ws, "sync", "--once")
    assert code == 1 and "thu hồi" in text


def test_sync_without_once_runs_until_interrupted(ws, sqlite_hub, receive_many, monkeypatch):
    run(ws, "enroll", "--hub", sqlite_hub.url, "--code", sqlite_hub.enroll_code())
    receive_many(3)
    real = sync_service.sync_once
    calls = []

    def once_then_ctrl_c(station, **kwargs):
        calls.append(1)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real(station, **kwargs)

    monkeypatch.setattr(cli_sync.sync_service, "sync_once", once_then_ctrl_c)

    code, text = run(ws, "sync", "--interval", "0")

    assert code == 0 and len(calls) == 3
    assert text.count("Đồng bộ xong") == 2 and text.endswith("Đã dừng đồng bộ.\n")
    assert sqlite_hub.events_of(ws.device_id) == local_events(ws)


def test_once_and_status_cannot_be_combined(ws):
    with pytest.raises(SystemExit):
        run(ws, "sync", "--once", "--status")
