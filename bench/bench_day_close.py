"""End-of-day close (issue 6): closing a 500-dossier day, A4 report PDF included, target ≤ 1 s.

    .venv/bin/python bench/bench_day_close.py [--dossiers 500] [--rounds 5] [--history 20000]

Builds, through the real services, ``rounds`` working days of ``dossiers`` receipts each (every
one with its event), hand-overs in batches of 50 and results returned with money collected,
on top of ``history`` demo dossiers from earlier days (so the event log is not tiny). Then, day
by day, a supervisor closes the day and prints its report: the median of the rounds is compared
with the target. Beside it: the floor (reading the day's rows with no work on them) and the
naive digest that scans the whole event log instead of using schema step 7's index.
Exit status 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import machine  # noqa: E402

from app.domain.day_close import events_digest  # noqa: E402
from app.domain.roles import Role, SignedIn  # noqa: E402
from app.services import day_close, demo, handover, intake, lifecycle  # noqa: E402
from app.services.workstation import VN_TZ, Workstation, open_workstation  # noqa: E402
from app.storage.db import transaction  # noqa: E402
from app.storage.downstream import apply_item  # noqa: E402

TARGET_S = 1.0
BATCH = 50
# Procedures decided by the commune (one agency, so any of them share a hand-over batch).
PROCEDURES = ["2.000815", "2.000635", "1.001193", "1.004873", "1.000656"]
APPLICANT = {
    "full_name": "Nguyễn Thị Hồng Nhung", "id_number": "042190001234",
    "date_of_birth": "1990-05-12", "sex": "Nữ", "phone": "0912345678",
    "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
}  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2027, 3, 1, 8, 0, tzinfo=VN_TZ)

    def __call__(self) -> datetime:
        return self.moment


def request(ws: Workstation, code: str) -> dict:
    p = ws.catalog.procedures[code]
    raw = {
        "procedure": code,
        "applicant": APPLICANT,
        "documents": [
            {"name": d.name, "kind": d.kind.value, "count": d.count}
            for d in p.documents
            if not d.optional
        ],
        "return_method": "counter",
    }
    if any(f.rule == "per_page" for f in p.fees):
        raw["pages"] = 3
    return raw


def agency(ws: Workstation, code: str, status: str, cursor: int) -> None:
    data = {"dossier_code": code, "status": status, "at": ws.now().isoformat(), "note": ""}
    apply_item(
        ws.db,
        {"cursor": cursor, "kind": "status", "data": data},
        device_id=ws.device_id,
        now=ws.now(),
    )


def build_day(ws: Workstation, clock: Clock, day: date, n: int, earlier: list[str]) -> list[str]:
    """``n`` receipts, hand-overs of the first 80 %, results of ``earlier`` returned."""
    clock.moment = datetime(day.year, day.month, day.day, 8, 0, tzinfo=VN_TZ)
    raws = [request(ws, code) for code in PROCEDURES]
    with transaction(ws.db):
        codes = [intake.receive_dossier(ws, raws[i % len(raws)]).code for i in range(n)]
    clock.moment += timedelta(hours=2)
    agency_name = ws.catalog.procedures[PROCEDURES[0]].agency
    sent = codes[: n * 4 // 5]
    for i in range(0, len(sent), BATCH):
        batch = handover.create_batch(ws, agency_name, sent[i : i + BATCH])
        handover.seal_and_print(ws, batch.id)
    clock.moment += timedelta(hours=2)
    with transaction(ws.db):
        for k, code in enumerate(sent[: len(sent) // 2]):
            agency(ws, code, "at_agency", k)
    for code in earlier:
        with transaction(ws.db):
            agency(ws, code, "result_ready", 0)
        lifecycle.record_result(ws, code)
        lifecycle.return_to_citizen(
            ws, code, lifecycle.Receiver(APPLICANT["id_number"]), amount_collected=8_000
        )
    return sent[: len(sent) // 2][:50]  # tomorrow's returns: confirmed today, ready tomorrow


def working_days(ws: Workstation, first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if ws.calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--history", type=int, default=20_000)
    args = parser.parse_args()
    print(f"motcua day-close benchmark — {datetime.now(VN_TZ):%Y-%m-%d %H:%M} — {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        ws = open_workstation(Path(tmp), clock=clock)
        start = time.perf_counter()
        if args.history:
            demo.generate(ws, args.history)
        days = working_days(ws, date(2027, 3, 1), args.rounds)
        earlier: list[str] = []
        for day in days:
            earlier = build_day(ws, clock, day, args.dossiers, earlier)
        events = ws.db.execute("SELECT count(*) FROM events").fetchone()[0]
        print(
            f"built {args.rounds} days × {args.dossiers} dossiers over {args.history:,} earlier "
            f"demo dossiers ({events:,} events) in {time.perf_counter() - start:.0f} s"
        )
        ws.session = SignedIn("kiemsoat", "Lê Thị Kiểm Soát", Role.SUPERVISOR, clock())
        close_s, pdf_s, total_s, floor_s, naive_s = [], [], [], [], []
        for day in days:
            clock.moment = datetime(day.year, day.month, day.day, 17, 30, tzinfo=VN_TZ)
            lo, hi = day.isoformat(), (day + timedelta(days=1)).isoformat()
            t0 = time.perf_counter()
            ws.db.execute(
                "SELECT code, procedure_code, procedure_name, status, fees_total, postage"
                " FROM dossiers WHERE received_day = ?",
                [lo],
            ).fetchall()
            ws.db.execute(
                "SELECT seq, hash FROM events WHERE device_id = ? AND at >= ? AND at < ?",
                [ws.device_id, lo, hi],
            ).fetchall()
            floor_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            events_digest(
                h
                for (h,) in ws.db.execute(
                    "SELECT hash FROM events NOT INDEXED WHERE device_id = ? AND at >= ?"
                    " AND at < ? ORDER BY seq",
                    [ws.device_id, lo, hi],
                )
            )
            naive_s.append(time.perf_counter() - t0)

            expected = day_close.preview(ws, day).money.expected
            t0 = time.perf_counter()
            row = day_close.close_day(ws, day, cash_total=expected - 2_000, reason="Thiếu tiền lẻ")
            t1 = time.perf_counter()
            pdf = day_close.render_report(ws, day)
            t2 = time.perf_counter()
            assert row.manifest["counts"]["dossiers"] == args.dossiers and pdf.startswith(b"%PDF")
            close_s.append(t1 - t0)
            pdf_s.append(t2 - t1)
            total_s.append(t2 - t0)
        ws.close()

    def ms(values: list[float]) -> str:
        return (
            f"median {statistics.median(values) * 1000:7.1f} ms   max {max(values) * 1000:7.1f} ms"
        )

    median_total = statistics.median(total_s)
    print(f"close a {args.dossiers}-dossier day ({args.rounds} days, batches of {BATCH}, returns):")
    print(f"  close (figures, manifest, event, commit)  {ms(close_s)}")
    print(f"  report PDF (A4, QR, print event)          {ms(pdf_s)}")
    print(
        f"  close + PDF                               {ms(total_s)}   target <= {TARGET_S * 1000:.0f} ms"
    )
    print(f"  floor: read the day's rows only           {ms(floor_s)}   (baseline)")
    print(f"  naive digest: scan the whole event log    {ms(naive_s)}   (without the step-7 index)")
    print(
        f"  {'OK' if median_total <= TARGET_S else 'MISSED'}: median close + PDF {median_total * 1000:.0f} ms"
    )
    return 0 if median_total <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
