"""Core benchmarks (issue 2): receive + receipt + label latency, search at 1M, bytes per dossier.

Usage:  .venv/bin/python bench/bench_core.py [--dossiers 1000000] [--home out/bench-1m]
The 1M database is built once with `motcua demo` and reused. Figures print beside their targets.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from benchlib import machine

from app.services import demo, documents, intake, lookup
from app.services.workstation import VN_TZ, open_workstation

ROOT = Path(__file__).resolve().parents[1]


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def bench_receive(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workstation(Path(tmp), clock=lambda: datetime(2027, 3, 2, 9, 30, tzinfo=VN_TZ))
        code = "2.000815"
        p = ws.catalog.procedures[code]
        raw = {
            "procedure": code,
            "applicant": {
                "full_name": "Nguyễn Thị Hồng Nhung", "id_number": "042190001234",
                "date_of_birth": "1990-05-12", "sex": "Nữ", "phone": "0912345678",
                "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
            },
            "documents": [{"name": d.name, "kind": d.kind.value, "count": d.count} for d in p.documents],
            "pages": 4, "return_method": "post", "delivery_address": "Xóm Mới, xã Kỳ Bắc",
        }  # fmt: skip
        # warm-up: fonts registered, modules imported
        d = intake.receive_dossier(ws, raw)
        documents.render_for_dossier(ws, "receipt", d.code)
        documents.render_for_dossier(ws, "label", d.code)
        receive_ms, total_ms = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            d = intake.receive_dossier(ws, raw)
            mid = time.perf_counter()
            documents.render_for_dossier(ws, "receipt", d.code)
            documents.render_for_dossier(ws, "label", d.code)
            end = time.perf_counter()
            receive_ms.append((mid - start) * 1000)
            total_ms.append((end - start) * 1000)
        ws.close()
    print(
        f"receive only            p50 {pct(receive_ms, 0.5):7.1f} ms   p95 {pct(receive_ms, 0.95):7.1f} ms"
    )
    print(
        f"receive+receipt+label   p50 {pct(total_ms, 0.5):7.1f} ms   p95 {pct(total_ms, 0.95):7.1f} ms"
        f"   target p95 <= 150 ms  ({rounds} rounds, synchronous=FULL on this disk)"
    )


QUERIES = [
    "nguyen van", "nguyễn thị hồng", "tran duc", "le thi mai", "pham", "hoang minh",
    "vu thi", "dang quoc", "bui ngoc", "ho xuan", "0912", "0987", "042190", "040085",
    "ngo thanh", "duong", "ly thi", "dinh van", "truong", "dao kim",
    "nguyen van an", "tran thi thu", "le huu", "phan", "vo thi", "do cong",
    "huynh", "cao", "trinh", "yen",
]  # fmt: skip


def bench_search(home: Path, count: int, repeats: int) -> None:
    ws = open_workstation(home)
    have = ws.db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    if have < count:
        print(
            f"building demo database: {count - have:,} more dossiers in {home} (one-off) …",
            flush=True,
        )
        start = time.perf_counter()
        demo.generate(ws, count - have)
        print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
        have = count
    for q in QUERIES:  # warm the page cache as a day of use would
        lookup.search(ws, q)
    sql = (
        "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ? ORDER BY rowid DESC LIMIT 50"
    )
    ours, naive, whole = [], [], []
    for _ in range(repeats):
        for q in QUERIES:
            ours.append(timed(lambda q=q: lookup.search(ws, q)))
            prefix_all = lookup.fts_query(q)
            naive.append(timed(lambda m=prefix_all: ws.db.execute(sql, [m]).fetchall()))
            words = lookup.fts_queries(q)[0]
            whole.append(timed(lambda m=words: ws.db.execute(sql, [m]).fetchall()))
    p95_ours, p95_naive, p95_whole = pct(ours, 0.95), pct(naive, 0.95), pct(whole, 0.95)
    print(
        f"search over {have:,} dossiers ({len(QUERIES)} queries × {repeats}, 50 newest hits, rows fetched):"
    )
    print(
        f"  motcua search                 p50 {pct(ours, 0.5):7.2f} ms   p95 {p95_ours:7.2f} ms   target p95 <= 30 ms"
    )
    print(
        f"  raw FTS5, every word a prefix p50 {pct(naive, 0.5):7.2f} ms   p95 {p95_naive:7.2f} ms   (the naive query)"
    )
    print(
        f"  raw FTS5, whole words only    p50 {pct(whole, 0.5):7.2f} ms   p95 {p95_whole:7.2f} ms   (rowids only, no fallback)"
    )
    print(f"  ratio p95 motcua / naive raw  {p95_ours / p95_naive:7.2f} ×            target <= 2 ×")
    db_file = home / "motcua.sqlite3"
    size = db_file.stat().st_size + sum(
        p.stat().st_size for p in home.glob("motcua.sqlite3-*") if p.exists()
    )
    print(
        f"bytes per dossier       {size / have:7.0f} B  (database {size / 1e6:,.0f} MB incl. events and search index)"
    )
    ws.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--home", type=Path, default=ROOT / "out" / "bench-1m")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"motcua core benchmark — {datetime.now(VN_TZ):%Y-%m-%d %H:%M} — {machine()}")
    bench_receive(args.rounds)
    bench_search(args.home, args.dossiers, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
