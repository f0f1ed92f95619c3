"""Sync client throughput: 10,000 pending events uploaded to the real hub on loopback.

    .venv/bin/python bench/bench_sync.py [--events 10000] [--pg]

A counter with 10,000 pending events (real dossiers received with app.services.intake) syncs with
`motcua-hub serve` (SQLite by default, PostgreSQL with --pg) on 127.0.0.1: the time is printed
against the 10 s target. Then the very same batches (same events, same gzip bodies the client
sent, prepared before the clock starts) are POSTed raw with `requests` to a second, empty hub
where the same device is enrolled: the client's time over that raw time is its overhead
(reading the outbox, JSON, gzip, saving the marks), target ≤ 1.5×. Raw and client runs
alternate (`--rounds`, each on its own empty hub, the client on a fresh copy of the counter) and
the best of each counts, so the machine's other load evens out. Exit status 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import keyring
import requests
import sqlalchemy as sa
from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services import sync as sync_service  # noqa: E402
from app.services.intake import receive_dossier  # noqa: E402
from app.services.workstation import VN_TZ, open_workstation  # noqa: E402
from app.storage import sync_state  # noqa: E402
from app.storage.db import transaction  # noqa: E402
from app.storage.settings import set_setting  # noqa: E402
from app.sync import credentials  # noqa: E402
from app.sync.uploader import MAX_BATCH, build_body  # noqa: E402
from hub.db import normalize_url  # noqa: E402
from hub.service import Hub  # noqa: E402

TARGET_S = 10.0
TARGET_RATIO = 1.5
OFFICE = "000.00.04.H42"


class BenchKeyring(KeyringBackend):
    """The token stays in this process's memory (a bench has no OS keyring to trust)."""

    priority = 0.1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "serve", "--db", db, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):  # wait for the server (up to 30 s)
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).ok:
                return proc, url
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the hub did not start")


def databases(tmp: Path, pg: bool, n: int) -> list[str]:
    if not pg:
        return [str(tmp / f"hub-{i}.sqlite3") for i in range(n)]
    url = (
        os.environ.get("MOTCUA_TEST_PG_URL")
        or subprocess.run(
            [str(ROOT / "scripts" / "ensure-postgres")], check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    base = normalize_url(url)
    admin = sa.create_engine(base)
    urls = []
    for _ in range(n):
        schema = f"bench_sync_{uuid.uuid4().hex[:10]}"
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        urls.append(
            f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
        )
    admin.dispose()
    return urls


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2, help="raw/client pairs (the best counts)")
    ap.add_argument("--pg", action="store_true", help="the hub on PostgreSQL instead of SQLite")
    args = ap.parse_args()
    keyring.set_keyring(BenchKeyring())
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        hubs: list[tuple[Hub, str]] = []
        for db in databases(tmp, args.pg, 2 * args.rounds):
            proc, url = serve(db)
            servers.append(proc)
            hubs.append((Hub.open(db), url))

        print(f"preparing {args.events:,} pending events (real dossiers)…", flush=True)
        clock = Clock(datetime(2027, 2, 3, 8, 0, tzinfo=VN_TZ))
        ws = open_workstation(tmp / "snapshot", clock=clock)
        device_id = ws.device_id
        procedure = ws.catalog.procedures["1.001193"]
        raw = {
            "procedure": procedure.code,
            "applicant": {
                "full_name": "Nguyễn Thị Hồng Nhung",
                "id_number": "042190001234",
                "date_of_birth": "1990-05-12",
                "sex": "Nữ",
                "phone": "0912 345 678",
                "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
            },
            "documents": [
                {"name": d.name, "kind": d.kind.value, "count": d.count}
                for d in procedure.documents
                if not d.optional
            ],
            "return_method": "counter",
        }
        pending = sync_state.pending(ws.db, device_id)[0]
        with transaction(ws.db):
            for i in range(args.events - pending):
                if i and i % 900 == 0:
                    clock.moment += timedelta(days=1)
                receive_dossier(ws, raw)
        events = sync_state.outbox(ws.db, device_id, 0, 10**9)
        # Closing folds the WAL into the database, as SQLite's checkpoints do over the days a
        # real counter takes to gather these events.
        ws.close()
        # The raw baseline: the same events in the same batches, gzip bodies built beforehand.
        bodies = [
            gzip.compress(build_body(device_id, str(uuid.uuid4()), events[i : i + MAX_BATCH]), 1)
            for i in range(0, len(events), MAX_BATCH)
        ]
        wire = sum(len(b) for b in bodies)
        http = requests.Session()

        def enroll(hub: Hub, url: str) -> str:
            code = hub.create_enroll_code(OFFICE, "Kỳ Bắc").code
            answer = http.post(
                f"{url}/api/v1/enroll",
                json={"code": code, "device_id": device_id, "counter_name": "Quầy 1"},
                timeout=30,
            )
            return str(answer.json()["token"])

        def raw_post(hub: Hub, url: str) -> float:
            headers = {
                "Authorization": f"Bearer {enroll(hub, url)}",
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
            }
            started = time.perf_counter()
            for body in bodies:
                answer = http.post(f"{url}/api/v1/events", data=body, headers=headers, timeout=60)
                answer.raise_for_status()
            return time.perf_counter() - started

        def client_sync(hub: Hub, url: str, run: int) -> float:
            # A copy of the same counter, enrolled without a new event, so it sends exactly
            # the events of the raw run.
            home = tmp / f"counter-{run}"
            shutil.copytree(tmp / "snapshot", home)
            station = open_workstation(home, clock=clock)
            credentials.set_token(device_id, enroll(hub, url))
            with transaction(station.db):
                set_setting(station.db, sync_state.HUB_URL, url)
            started = time.perf_counter()
            report = sync_service.sync_once(station)
            elapsed = time.perf_counter() - started
            station.close()
            if not report.ok or report.uploaded != len(events):
                raise SystemExit(f"sync failed: {report.outcome} {report.message}")
            return elapsed

        raw_runs, client_runs = [], []
        for run in range(args.rounds):  # interleaved, so drifts in the machine's load even out
            raw_runs.append(raw_post(*hubs[2 * run]))
            client_runs.append(client_sync(*hubs[2 * run + 1], run))
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(30)

    client_s, raw_s = min(client_runs), min(raw_runs)
    ratio = client_s / raw_s
    hub_kind = "PostgreSQL" if args.pg else "SQLite"
    print(f"hub on {hub_kind}, loopback; {len(events):,} events in {len(bodies)} batches")
    print(f"  on the wire (gzip):   {wire / len(events):,.0f} bytes/event")
    ok_time = client_s <= TARGET_S
    ok_ratio = ratio <= TARGET_RATIO
    runs = ", ".join(f"{t:.2f}" for t in client_runs)
    print(
        f"  motcua sync:          {client_s:6.2f} s  (target ≤ {TARGET_S:.0f} s)  "
        f"{'OK' if ok_time else 'MISSED'}   runs: {runs}"
    )
    runs = ", ".join(f"{t:.2f}" for t in raw_runs)
    print(f"  raw POST, same data:  {raw_s:6.2f} s                      runs: {runs}")
    print(
        f"  client overhead:      {ratio:6.2f}×   (target ≤ {TARGET_RATIO}×)  "
        f"{'OK' if ok_ratio else 'MISSED'}"
    )
    return 0 if ok_time and ok_ratio else 1


if __name__ == "__main__":
    raise SystemExit(main())
