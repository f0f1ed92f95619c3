"""Hub ingest throughput: 50 simulated counters upload batches of 200 events over HTTP.

    .venv/bin/python bench/bench_hub_ingest.py [--counters 50] [--batches 10] [--workers 2]

Runs `motcua-hub serve` (uvicorn) on PostgreSQL in a fresh schema — the database comes from
MOTCUA_TEST_PG_URL, else from scripts/ensure-postgres — and prints events/s against the target
of 5,000/s, plus bytes on the wire per dossier event (gzip). The counters' events and gzip
bodies are prepared before the clock starts, so the time measured is the hub's: on a small
machine the load generator shares the CPU with the hub, which makes the figure pessimistic.
Exit status 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.storage.events import GENESIS, canonical_json, event_hash  # noqa: E402
from hub.db import normalize_url  # noqa: E402
from hub.service import Hub  # noqa: E402

TARGET = 5_000
BATCH = 200


def pg_url() -> str:
    url = os.environ.get("MOTCUA_TEST_PG_URL")
    if url:
        return url
    out = subprocess.run(
        [str(ROOT / "scripts" / "ensure-postgres")], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def dossier_payload(device_no: int, seq: int) -> dict:
    """Shaped like app.services.intake.dossier_payload: what a real dossier.received carries."""
    dossier_id = str(uuid.uuid4())
    return {
        "id": dossier_id,
        "code": f"000.00.{device_no:02d}.H42-270203-{seq % 10_000:04d}",
        "s10": f"RA{device_no:02d}{seq:06d}5VN",
        "procedure_code": "1.001612",
        "procedure_name": "Đăng ký khai sinh",
        "agency": "UBND xã Kỳ Bắc",
        "status": "received",
        "received_at": "2027-02-03T10:15:00+07:00",
        "appointment_at": "2027-02-05T16:00:00+07:00",
        "handover_due": "2027-02-04T10:15:00+07:00",
        "processing_days": 2,
        "return_method": "post",
        "delivery_address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        "applicant": {
            "full_name": "Nguyễn Thị Hồng Nhung",
            "id_number": f"0421900{seq:05d}",
            "date_of_birth": "1990-05-12",
            "sex": "Nữ",
            "phone": "0912 345 678",
            "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
            "email": "",
        },
        "documents": [
            ["Tờ khai đăng ký khai sinh", "original", 1],
            ["Giấy chứng sinh", "original", 1],
        ],
        "fees": [["le_phi", "Lệ phí đăng ký khai sinh", 0]],
        "fees_total": 0,
        "postage": 24000,
        "pages": 3,
        "copies": 1,
        "sets": 1,
        "note": "",
        "staff": "Lê Văn Tâm",
    }


def make_bodies(device_id: str, device_no: int, batches: int) -> tuple[list[bytes], int]:
    bodies, raw_bytes, prev, seq = [], 0, GENESIS, 0
    for _ in range(batches):
        events = []
        for _ in range(BATCH):
            seq += 1
            p = dossier_payload(device_no, seq)
            e = {
                "device_id": device_id,
                "seq": seq,
                "id": str(uuid.uuid4()),
                "type": "dossier.received",
                "entity_id": p["id"],
                "payload": canonical_json(p),
                "at": "2027-02-03T10:15:00+07:00",
                "actor": "Lê Văn Tâm",
                "prev_hash": prev,
            }
            e["hash"] = prev = event_hash(
                prev, device_id, seq, e["id"], e["type"], e["entity_id"], e["payload"],
                e["at"], e["actor"],
            )  # fmt: skip
            events.append(e)
        digest = hashlib.sha256(canonical_json(events).encode("utf-8")).hexdigest()
        body = json.dumps(
            {
                "protocol": 1,
                "device_id": device_id,
                "batch_id": str(uuid.uuid4()),
                "manifest": {"count": len(events), "sha256": digest},
                "events": events,
            },
            ensure_ascii=False,
        ).encode("utf-8")
        raw_bytes += len(body)
        bodies.append(gzip.compress(body, compresslevel=6))
    return bodies, raw_bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--counters", type=int, default=50)
    ap.add_argument("--batches", type=int, default=10, help="batches per counter")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    args = ap.parse_args()

    base = normalize_url(pg_url())
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    db = f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    port = free_port()
    server = None
    try:
        hub = Hub.open(db)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hub.cli",
                "serve",
                "--db",
                db,
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        http = requests.Session()
        for _ in range(300):  # wait for the server (up to 30 s)
            try:
                if http.get(f"{url}/api/v1/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise SystemExit("the hub did not start")

        print(f"preparing {args.counters} counters × {args.batches} batches × {BATCH} events…")
        counters = []
        raw_total = wire_total = 0
        for k in range(args.counters):
            device_id = str(uuid.uuid4())
            # One counter per office: an office has at most 9 counters.
            office = f"000.{k // 100:02d}.{k % 100:02d}.H42"
            code = hub.create_enroll_code(office, f"Bưu điện văn hóa xã số {k}").code
            token = http.post(
                f"{url}/api/v1/enroll",
                json={"code": code, "device_id": device_id, "counter_name": f"Quầy {k}"},
                timeout=30,
            ).json()["token"]
            bodies, raw = make_bodies(device_id, k, args.batches)
            raw_total += raw
            wire_total += sum(len(b) for b in bodies)
            counters.append((token, bodies))

        errors: list[str] = []

        def run(token: str, bodies: list[bytes]) -> None:
            with requests.Session() as s:
                s.headers.update(
                    {
                        "Authorization": f"Bearer {token}",
                        "Content-Encoding": "gzip",
                        "Content-Type": "application/json",
                    }
                )
                for body in bodies:
                    r = s.post(f"{url}/api/v1/events", data=body, timeout=120)
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {r.text[:200]}")

        threads = [threading.Thread(target=run, args=c) for c in counters]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start

        total = args.counters * args.batches * BATCH
        stats = hub.stats()
        hub.close()
        rate = total / elapsed
        print(f"events sent      : {total:,} in {elapsed:.2f} s ({len(errors)} refused)")
        print(f"events stored    : {stats['events']:,}")
        print(f"throughput       : {rate:,.0f} events/s (target {TARGET:,}/s) → "
              f"{'OK' if rate >= TARGET and not errors else 'BELOW TARGET'}")  # fmt: skip
        print(f"wire per event   : {wire_total / total:,.0f} B gzip "
              f"({raw_total / total:,.0f} B uncompressed, dossier.received)")  # fmt: skip
        for e in errors[:5]:
            print("  refused:", e)
        return 0 if rate >= TARGET and not errors and stats["events"] == total else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
