"""Crash safety: `motcua sync --once` killed with SIGKILL at random moments while ~3,000 events
upload. Afterwards the hub holds each event exactly once and the counter's database is intact.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import keyring
from sync_keyring import ENV, FileKeyring
from synchelp import local_events

from app.services import sync as sync_service
from app.services.workstation import DB_FILE
from app.storage import sync_state
from app.storage.db import connect, integrity_check, transaction
from app.storage.events import verify_chain
from app.storage.settings import set_setting

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KILLS = 50


def test_sigkill_at_random_moments_never_loses_or_duplicates(
    ws, sqlite_hub, receive_many, clock, tmp_path, monkeypatch
):
    # The subprocess reads the token through a keyring backend of its own (a file in tmp_path,
    # standing in for the OS keyring); the counter's database never holds it.
    monkeypatch.setenv(ENV, str(tmp_path / "keyring.json"))
    keyring.set_keyring(FileKeyring())
    sync_service.enroll(ws, sqlite_hub.url, sqlite_hub.enroll_code())
    receive_many(3000)
    with transaction(ws.db):
        # Small batches: a run then spans many batches, so kills land at every stage of one.
        set_setting(ws.db, sync_service.BATCH_SIZE, 25)
    assert len(local_events(ws)) >= 3000
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "PYTHON_KEYRING_BACKEND": "sync_keyring.FileKeyring",
    }
    command = [sys.executable, "-m", "app.main", "--home", str(ws.home), "sync", "--once"]
    rng = random.Random(20270203)
    kills = mid_batch = runs = 0
    outputs: list[bytes] = []
    while kills < KILLS and runs < 6 * KILLS:
        runs += 1
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            proc.wait(timeout=rng.uniform(0.5, 1.6))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        out, _ = proc.communicate()
        outputs.append(out)
        if sync_state.inflight(ws.db) is not None:
            mid_batch += 1  # killed between saving a batch and recording its answer
        if sync_state.acked_seq(ws.db) == len(local_events(ws)):
            # A fast run drained the outbox: give the next runs more to upload, so every kill
            # lands during real work however fast or slow this machine is.
            clock.moment += timedelta(days=1)
            receive_many(300)

    final = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, timeout=120, check=False
    )
    outputs.append(final.stdout + final.stderr)

    assert final.returncode == 0, final.stdout.decode() + final.stderr.decode()
    assert kills == KILLS and mid_batch > 0
    total = len(local_events(ws))
    assert sqlite_hub.events_of(ws.device_id) == local_events(ws)
    assert sqlite_hub.hub.list_conflicts() == []
    check = connect(ws.home / DB_FILE)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert integrity_check(check) == [] and verify_chain(check) == []
        assert sync_state.acked_seq(check) == total and sync_state.inflight(check) is None
    finally:
        check.close()
    token = FileKeyring().get_password("motcua", ws.device_id)
    assert token and all(token.encode() not in out for out in outputs)
