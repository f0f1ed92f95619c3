"""Crash safety: `motcua sync --once` killed with SIGKILL at points of the upload chosen at random
while ~3,000 events upload. Afterwards the hub holds each event exactly once and the counter's
database is intact.

The kill points are counted in uploads, not seconds: a gate in front of the hub holds the N-th
upload of a run (before the hub reads it, or with its answer held after the commit) and the test
kills the process there. A fast or slow, busy or quiet machine gets the same 50 kills.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from hubserver import HubServer
from killgate import STAGES, KillGate
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
BATCH = 25
# Kill within the first few uploads of a run: runs stay short and the outbox lasts.
MAX_AT = 6
# Only against a hang (a run that neither reaches its gate nor ends): not a speed target.
HANG = 600.0


@pytest.fixture
def gated_hub(tmp_path: Path, clock) -> Iterator[tuple[HubServer, KillGate]]:
    gates: list[KillGate] = []

    def wrap(app):
        gates.append(KillGate(app))
        return gates[0]

    server = HubServer(str(tmp_path / "hub.sqlite3"), wrap=wrap, clock=clock).start()
    try:
        yield server, gates[0]
    finally:
        gates[0].arm(1, "answer").release.set()
        server.stop()


def _pending_batches(ws) -> int:
    waiting = len(local_events(ws)) - sync_state.acked_seq(ws.db)
    return -(-waiting // BATCH)


def test_sigkill_at_chosen_points_never_loses_or_duplicates(
    ws, gated_hub, receive_many, clock, tmp_path, monkeypatch
):
    sqlite_hub, gate = gated_hub
    # The subprocess reads the token through a keyring backend of its own (a file in tmp_path,
    # standing in for the OS keyring); the counter's database never holds it.
    monkeypatch.setenv(ENV, str(tmp_path / "keyring.json"))
    keyring.set_keyring(FileKeyring())
    sync_service.enroll(ws, sqlite_hub.url, sqlite_hub.enroll_code())
    receive_many(3000)
    with transaction(ws.db):
        # Small batches: a run then spans many batches, so kills land at every stage of one.
        set_setting(ws.db, sync_service.BATCH_SIZE, BATCH)
    assert len(local_events(ws)) >= 3000
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "PYTHON_KEYRING_BACKEND": "sync_keyring.FileKeyring",
    }
    command = [sys.executable, "-m", "app.main", "--home", str(ws.home), "sync", "--once"]
    rng = random.Random(20270203)
    kills = mid_batch = runs = 0
    stages: set[str] = set()
    outputs: list[bytes] = []
    while kills < KILLS and runs < 2 * KILLS:
        runs += 1
        if _pending_batches(ws) < 2:
            # Give the runs more to upload, so each one has uploads left to be killed in.
            clock.moment += timedelta(days=1)
            receive_many(300)
        at = rng.randint(1, min(MAX_AT, _pending_batches(ws)))
        stage = rng.choice(STAGES)
        arming = gate.arm(at, stage)
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            while not arming.reached.wait(0.05):
                if proc.poll() is not None:
                    break  # ended before its gate (a refused batch would say why below)
            killed = arming.reached.is_set()
            if killed:
                proc.kill()
            out, _ = proc.communicate(timeout=HANG)
        finally:
            arming.release.set()
        outputs.append(out)
        if killed:
            kills += 1
            stages.add(stage)
            # Every kill lands between saving a batch and recording its answer.
            mid_batch += sync_state.inflight(ws.db) is not None

    final = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, timeout=HANG, check=False
    )
    outputs.append(final.stdout + final.stderr)

    assert final.returncode == 0, final.stdout.decode() + final.stderr.decode()
    assert kills == KILLS, b"\n".join(outputs[-3:]).decode(errors="replace")
    assert mid_batch == KILLS and stages == set(STAGES)
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
