"""Numbers: receiving with leased blocks and the numbers journal, beside the code before leases;
re-hydrating a restored counter of 10,000 dossiers from the hub.

    .venv/bin/python bench/bench_numbers.py [--quick]

1. Receive latency. Each `receive_dossier` call is timed alone, in its own transaction as the
   counter does it, on a database that already holds `--existing` demo dossiers
   (app.services.demo.generate, the data `motcua demo` makes). Today's code receives from blocks
   the hub leased (the counter is enrolled on a real hub on 127.0.0.1 and synced once; the
   province's daily code slice is set to 999 numbers, the size of the old fixed block, so a run
   stays within one day), every number covered first by the numbers journal. The code before
   this work (commit 7e2cbfa, checked out in a temporary git worktree) receives from its fixed
   local blocks. Each run is a child process importing one version's `app` (checked through
   `app.__file__`) on a fresh copy of that version's database; runs alternate base, new, base,
   new… so the machine's drift touches both. Both print p50/p95 and the ratio new / base.
   For today's code the receipts that wrote the journal (every ~20th number of a block, for the
   code and for the S10 serial) are counted afterwards from the numbers they were given.
2. Re-hydration. A counter enrolled on a real hub (its clock following the counter's simulated
   one) is backed up, then receives `--dossiers` dossiers (250 a day, the hub's default lease
   being 300 a day, syncing at each day's end), syncs everything, is restored from the backup
   and syncs once: that sync brings the dossiers back from the hub (500 events a page) and is
   timed. Exit status 1 when it does not bring back every dossier.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchlib import machine

ROOT = Path(__file__).resolve().parents[1]
BASE_COMMIT = "7e2cbfa"
VN = timezone(timedelta(hours=7))
# The measured receipts: a Tuesday after the demo data's days (both versions, same moment).
MOMENT = datetime(2027, 3, 2, 9, 30, tzinfo=VN)
OFFICE = "000.00.04.H42"
OFFICE_NAME = "Bưu điện văn hóa xã Kỳ Bắc"
PER_DAY = 250  # re-hydration part: dossiers a simulated day
# Received by the counter the day before the measured receipts (a busy commune counter's day):
# the day's codes start again at 0001 while the S10 serials go on, so the two journal marks
# fall on different receipts, as they do at a real counter.
YESTERDAY = 150


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def request_for(ws: Any) -> dict[str, Any]:
    """The intake request bench_core receives (a complete dossier returned by post)."""
    code = "2.000815"
    p = ws.catalog.procedures[code]
    return {
        "procedure": code,
        "applicant": {
            "full_name": "Nguyễn Thị Hồng Nhung", "id_number": "042190001234",
            "date_of_birth": "1990-05-12", "sex": "Nữ", "phone": "0912345678",
            "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        },
        "documents": [{"name": d.name, "kind": d.kind.value, "count": d.count} for d in p.documents],
        "pages": 4, "return_method": "post", "delivery_address": "Xóm Mới, xã Kỳ Bắc",
    }  # fmt: skip


# ------------------------------------------------------------------ the measuring child
# Runs with PYTHONPATH naming the checkout to measure; imports nothing of `app` at module level.


def child_build(home: Path, existing: int, yesterday: int) -> dict[str, Any]:
    import app
    from app.services import demo
    from app.services.intake import receive_dossier
    from app.services.workstation import open_workstation
    from app.storage.db import transaction

    ws = open_workstation(home, clock=lambda: MOMENT - timedelta(days=1))
    demo.generate(ws, existing)
    raw = request_for(ws)
    with transaction(ws.db):
        for _ in range(yesterday):
            receive_dossier(ws, raw)
    ws.close()
    return {"app": app.__file__}


def journal_writes(ws: Any, before: dict[str, Any], got: list[tuple[str, str]]) -> list[int]:
    """How many journal writes each receipt made (0, 1 or 2), replaying the marks from the
    journal as it was before the timed loop (today's code only)."""
    from app.storage import number_journal as journal
    from app.storage import numbers

    day = MOMENT.date()
    marks = {"codes": dict(before["codes"]), "s10": dict(before["s10"])}
    codes = numbers.code_blocks(ws.db, day)
    serials = numbers.blocks(ws.db, "s10")
    out = []
    for code, s10 in got:
        seq, prefix, serial = int(code.rsplit("-", 1)[1]), s10[:2], int(s10[2:10])
        writes = 0
        for section, key, n, hi in (
            *[("codes", journal.code_key(day, b.lo, b.hi), seq, b.hi)
              for b in codes if b.lo <= seq <= b.hi],
            *[("s10", journal.s10_key(b.prefix, b.lo, b.hi), serial, b.hi)
              for b in serials if b.prefix == prefix and b.lo <= serial <= b.hi],
        ):  # fmt: skip
            mark = marks[section].get(key)
            if mark is None or n > mark:
                writes += 1
                marks[section][key] = min(hi, n + journal.RESERVE - 1)
        out.append(writes)
    return out


def child_measure(home: Path, receipts: int, warmup: int) -> dict[str, Any]:
    import app
    from app.services import intake
    from app.services.workstation import open_workstation

    ws = open_workstation(home, clock=lambda: MOMENT)
    raw = request_for(ws)
    receive = intake.receive_dossier
    for _ in range(warmup):  # modules imported, caches and statements warm
        receive(ws, raw)
    try:
        from app.storage import number_journal
    except ImportError:  # the code before the journal
        before = None
    else:
        marks = number_journal.read(number_journal.journal_path(ws.db))
        before = {"codes": dict(marks["codes"]), "s10": dict(marks["s10"])}
    sources = sorted({r[0] for r in ws.db.execute("SELECT source FROM number_ranges")})
    perf = time.perf_counter
    ms: list[float] = []
    got: list[tuple[str, str]] = []
    for _ in range(receipts):
        started = perf()
        d = receive(ws, raw)
        ended = perf()
        ms.append((ended - started) * 1000.0)
        got.append((d.code, d.s10))
    writes = journal_writes(ws, before, got) if before is not None else None
    ws.close()
    return {"app": app.__file__, "ms": ms, "writes": writes, "sources": sources}


def child_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["build", "measure"])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--existing", type=int, default=0)
    ap.add_argument("--receipts", type=int, default=0)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--yesterday", type=int, default=0)
    args = ap.parse_args(argv)
    if args.what == "build":
        out = child_build(args.home, args.existing, args.yesterday)
    else:
        out = child_measure(args.home, args.receipts, args.warmup)
    sys.stdout.write(json.dumps(out))
    return 0


# ------------------------------------------------------------------ the parent


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def memory_keyring() -> None:
    """The device token stays in this process's memory (a bench has no OS keyring to trust)."""
    import keyring
    from bench_sync import BenchKeyring  # the sync bench's, beside this file (today's code only)

    keyring.set_keyring(BenchKeyring())


def hub_server(db: Path, clock: Clock) -> Any:
    """The real hub (uvicorn on 127.0.0.1, in a thread), as the sync tests serve it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from hubserver import HubServer

    return HubServer(str(db), clock=clock).start()


def run_child(tree: Path, args: list[str], expect: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        cwd=tempfile.gettempdir(),
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the measuring child failed:\n{done.stderr}")
    out = json.loads(done.stdout)
    if Path(out["app"]).resolve().parent.parent != expect.resolve():
        raise SystemExit(f"the child imported {out['app']}, not the checkout {expect}")
    return dict(out)


def build_new_template(home: Path, tmp: Path, existing: int, yesterday: int) -> list[str]:
    """Today's counter: demo dossiers, enrolled on a real hub the day before, its leases from
    that day's first sync, ``yesterday`` dossiers received and synced that day."""
    from app.services import demo
    from app.services import sync as sync_service
    from app.services.intake import receive_dossier
    from app.services.workstation import configure_office, open_workstation
    from app.storage.db import transaction

    clock = Clock(MOMENT - timedelta(days=1))
    server = hub_server(tmp / "hub-receive.sqlite3", clock)
    try:
        # The size of the old fixed block, so that a run's receipts stay within one day.
        server.hub.change_number_settings(code_block=999)
        ws = open_workstation(home, clock=clock)
        demo.generate(ws, existing)
        configure_office(ws, unit_code=OFFICE, name=OFFICE_NAME)
        sync_service.enroll(ws, server.url, server.hub.create_enroll_code(OFFICE, OFFICE_NAME).code)

        def synced() -> None:
            report = sync_service.sync_once(ws)
            if not report.ok or report.pending:
                raise SystemExit(f"the sync failed: {report.message}")

        synced()  # the leases
        raw = request_for(ws)
        with transaction(ws.db):
            for _ in range(yesterday):
                receive_dossier(ws, raw)
        synced()
        sources = sorted({r[0] for r in ws.db.execute("SELECT source FROM number_ranges")})
        ws.close()
    finally:
        server.stop()
    return sources


def bench_receive(
    tmp: Path, rounds: int, receipts: int, existing: int, yesterday: int, warmup: int
) -> None:
    base_tree = Path(tempfile.gettempdir()) / f"bench-numbers-base-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(base_tree),
         BASE_COMMIT],
        check=True,
    )  # fmt: skip
    try:
        print(
            f"preparing, for each version: {existing:,} demo dossiers, then {yesterday} "
            "received by this counter the day before…",
            flush=True,
        )
        templates = {"base": tmp / "template-base", "new": tmp / "template-new"}
        run_child(
            base_tree,
            [
                "build",
                "--home",
                str(templates["base"]),
                "--existing",
                str(existing),
                "--yesterday",
                str(yesterday),
            ],
            base_tree,
        )
        sources = build_new_template(templates["new"], tmp, existing, yesterday)
        trees = {"base": base_tree, "new": ROOT}
        samples: dict[str, list[float]] = {"base": [], "new": []}
        per_run: dict[str, list[tuple[float, float]]] = {"base": [], "new": []}
        writes: list[int] = []
        used: dict[str, list[str]] = {}
        for r in range(rounds):
            for side in ("base", "new"):  # A B A B …
                home = tmp / f"run-{side}-{r}"
                shutil.copytree(templates[side], home)
                out = run_child(
                    trees[side],
                    ["measure", "--home", str(home), "--receipts", str(receipts),
                     "--warmup", str(warmup)],
                    trees[side],
                )  # fmt: skip
                shutil.rmtree(home)
                samples[side].extend(out["ms"])
                per_run[side].append((pct(out["ms"], 0.5), pct(out["ms"], 0.95)))
                used[side] = out["sources"]
                if out["writes"] is not None:
                    writes.extend(out["writes"])
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=False
        )
    if sorted(used["new"]) != ["hub"] or sources != ["hub"]:
        raise SystemExit(f"today's counter did not number from hub leases only: {used['new']}")
    print(
        f"receive_dossier, one transaction each (synchronous=FULL), over {existing:,} existing "
        f"demo dossiers; {rounds} runs × {receipts} receipts each, base and new alternating:"
    )
    for side, label in (
        ("base", f"before leases ({BASE_COMMIT}), fixed local blocks"),
        ("new", "leased blocks + numbers journal (today)"),
    ):
        s = samples[side]
        runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in per_run[side])
        print(
            f"  {label:48s} p50 {pct(s, 0.5):6.2f} ms   p95 {pct(s, 0.95):6.2f} ms"
            f"   mean {statistics.fmean(s):6.2f} ms   runs p50/p95: {runs}"
        )
    b, n = samples["base"], samples["new"]
    print(
        f"  ratio new / base                                 p50 {pct(n, 0.5) / pct(b, 0.5):6.2f} ×"
        f"    p95 {pct(n, 0.95) / pct(b, 0.95):6.2f} ×   mean {statistics.fmean(n) / statistics.fmean(b):6.2f} ×"
    )
    paired = [nr[1] / br[1] for nr, br in zip(per_run["new"], per_run["base"], strict=True)]
    print(f"  p95 ratio of each pair of runs: {', '.join(f'{x:.2f}' for x in paired)}")
    wrote = [t for t, w in zip(n, writes, strict=True) if w]
    quiet = [t for t, w in zip(n, writes, strict=True) if not w]
    slow = sorted(range(len(n)), key=n.__getitem__)[round(0.95 * (len(n) - 1)) :]
    print(
        f"  journal writes: {sum(writes)} in {len(wrote)} of {len(n)} receipts "
        f"({len(wrote) / len(n):.1%}); those receipts p50 {pct(wrote, 0.5):.2f} ms, "
        f"the others p50 {pct(quiet, 0.5):.2f} ms p95 {pct(quiet, 0.95):.2f} ms; "
        f"{sum(1 for i in slow if writes[i]) / len(slow):.0%} of the slowest 5 % wrote the journal"
    )


def bench_rehydrate(tmp: Path, count: int, runs: int) -> bool:
    from app.services import backups
    from app.services import sync as sync_service
    from app.services.intake import receive_dossier
    from app.services.restore import restore
    from app.services.workstation import configure_office, open_workstation
    from app.storage.db import transaction

    clock = Clock(datetime(2027, 3, 1, 8, 0, tzinfo=VN))
    home = tmp / "counter"
    server = hub_server(tmp / "hub-rehydrate.sqlite3", clock)
    ok = True
    try:
        ws = open_workstation(home, clock=clock)
        configure_office(ws, unit_code=OFFICE, name=OFFICE_NAME)
        sync_service.enroll(ws, server.url, server.hub.create_enroll_code(OFFICE, OFFICE_NAME).code)

        def sync_all() -> None:
            for _ in range(20):
                report = sync_service.sync_once(ws)
                if not report.ok:
                    raise SystemExit(f"sync failed: {report.message}")
                if report.pending == 0:
                    return
            raise SystemExit("sync did not empty the outbox")

        sync_all()  # the leases
        backup = backups.backup_now(ws).path
        print(
            f"preparing: {count:,} dossiers received after the backup ({PER_DAY} a day, "
            "synced at each day's end)…",
            flush=True,
        )
        raw = request_for(ws)
        started = time.perf_counter()
        made = 0
        while made < count:
            with transaction(ws.db):
                for _ in range(min(PER_DAY, count - made)):
                    receive_dossier(ws, raw)
                    made += 1
            sync_all()
            clock.moment += timedelta(days=1)
        days = (clock.moment.date() - datetime(2027, 3, 1).date()).days
        print(f"  made and synced in {time.perf_counter() - started:.0f} s over {days} days")
        device_id = ws.device_id
        hub_count = len(server.events_of(device_id))
        ws.close()
        for run in range(runs):
            result = restore(home, backup, clock=clock)
            ws = open_workstation(home, clock=clock)
            started = time.perf_counter()
            report = sync_service.sync_once(ws)
            elapsed = time.perf_counter() - started
            local = ws.db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
            ws.close()
            good = report.ok and report.rehydrated_dossiers == count and local == count
            ok = ok and good
            print(
                f"re-hydration {run + 1}: restored {result.dossiers} dossiers from the backup; "
                f"one sync_once brought back {report.rehydrated_dossiers:,} dossiers "
                f"({report.rehydrated_events:,} events; the backup held the hub's first "
                f"{hub_count - report.rehydrated_events}) in "
                f"{elapsed:.2f} s = {report.rehydrated_events / elapsed:,.0f} events/s "
                f"(with the lease refresh and the upload of {report.uploaded} new events)  "
                f"{'OK' if good else 'MISSED: ' + (report.message or f'{local} dossiers')}"
            )
            hub_count = len(server.events_of(device_id))
    finally:
        server.stop()
    return ok


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a short run (fewer runs and dossiers)")
    ap.add_argument("--rounds", type=int, help="base/new pairs of runs (default 8; quick 2)")
    ap.add_argument("--receipts", type=int, help="timed receipts a run (default 600; quick 300)")
    ap.add_argument(
        "--existing", type=int, help="demo dossiers already there (10,000; quick 2,000)"
    )
    ap.add_argument("--dossiers", type=int, help="dossiers to re-hydrate (10,000; quick 1,000)")
    ap.add_argument("--rehydrations", type=int, help="restores timed (default 2; quick 1)")
    args = ap.parse_args()
    rounds = args.rounds or (2 if args.quick else 8)
    receipts = args.receipts or (300 if args.quick else 600)
    existing = args.existing or (2_000 if args.quick else 10_000)
    dossiers = args.dossiers or (1_000 if args.quick else 10_000)
    rehydrations = args.rehydrations or (1 if args.quick else 2)
    sys.path.insert(0, str(ROOT))
    memory_keyring()
    print(f"motcua numbers benchmark — {datetime.now(VN):%Y-%m-%d %H:%M} — {machine()}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-numbers-"))
    try:
        bench_receive(tmp, rounds, receipts, existing, YESTERDAY, warmup=30)
        ok = bench_rehydrate(tmp, dossiers, rehydrations)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
