"""Realistic demo dossiers, fast enough to make 1,000,000 for benchmarks.

Demo dossiers come from simulated neighbouring counters (counter numbers 2–9, each with its own
code block and S10 range), so they never collide with what this counter receives itself.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from app.domain.appointment import Schedule, compute_schedule
from app.domain.dossier import Applicant, DocumentLine, Dossier, DossierStatus, ReturnMethod, Sex
from app.domain.dossier_code import default_block, make_dossier_code
from app.domain.fees import compute_fees, postage
from app.domain.procedure import Procedure
from app.domain.provinces import BIRTH_PROVINCES
from app.domain.s10 import make_s10
from app.services.intake import dossier_payload
from app.services.workstation import VN_TZ, Workstation
from app.storage.db import transaction
from app.storage.dossiers import insert_many
from app.storage.events import GENESIS, INSERT_EVENT, chained_row, last_event

SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
    ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Đào", 1), ("Cao", 1),
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Xuân", "Công", "Thanh", "Đình", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Hồng", "Thanh", "Kim", "Mai", "Phương"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh",
    "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Thành",
    "Tiến", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hồng", "Hương",
    "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
    "Thảo", "Thủy", "Trang", "Trinh", "Tuyết", "Vân", "Yến",
]  # fmt: skip
HAMLETS = ["Thôn Bắc Hà", "Thôn Đông Yên", "Thôn Tây Yên", "Xóm Mới", "Thôn Trung Sơn",
           "Thôn Hải Phong", "Xóm Cầu", "Thôn Tân Thành", "Thôn Phú Lợi", "Xóm Chợ"]  # fmt: skip
COMMUNES = ["xã Kỳ Bắc", "xã Kỳ Phong", "xã Kỳ Xuân", "xã Kỳ Khang", "xã Kỳ Tiến", "xã Kỳ Giang"]
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077",
                   "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090",
                   "091", "093", "094", "096", "097", "098"]  # fmt: skip
RECEIVE_TIMES = [time(h, m) for h in (7, 8, 9, 10, 11, 13, 14, 15, 16) for m in (0, 12, 25, 37, 48)]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def fake_applicant(rng: random.Random, today: date) -> Applicant:
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    male = sex is Sex.MALE
    name = " ".join(
        (
            _weighted(rng, SURNAMES),
            rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
            rng.choice(GIVEN_MALE if male else GIVEN_FEMALE),
        )
    )
    dob = today - timedelta(days=rng.randint(18 * 365, 85 * 365))
    century = (dob.year // 100) - 19  # 1900s → 0, 2000s → 1
    sex_digit = century * 2 + (0 if male else 1)
    province = rng.choice(("042", "042", "042", "040", "038", *BIRTH_PROVINCES))
    id_number = f"{province}{sex_digit}{dob.year % 100:02d}{rng.randint(0, 999_999):06d}"
    phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}"
    address = f"{rng.choice(HAMLETS)}, {rng.choice(COMMUNES)}, tỉnh Hà Tĩnh"
    return Applicant(name, id_number, dob, sex, phone, address, "")


def _working_days_back(ws: Workstation, end: date, count: int) -> list[date]:
    days: list[date] = []
    day = end
    while len(days) < count:
        if ws.calendar.is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def generate(
    ws: Workstation,
    count: int,
    *,
    seed: int = 2027,
    per_day: int = 1500,
    progress: Callable[[int], None] | None = None,
    batch: int = 20_000,
) -> int:
    """Insert ``count`` demo dossiers spread over past working days; return how many."""
    catalog = ws.catalog
    procedures: list[Procedure] = [p for p in catalog.procedures.values() if p.by_post]
    weights = [
        6 if p.field.startswith("Chứng thực") else 3 if p.field == "Hộ tịch" else 1
        for p in procedures
    ]
    counters = list(range(2, 10))
    per_counter = max(1, min(per_day // len(counters), default_block(2).size))
    day_count = -(-count // (per_counter * len(counters)))
    devices = {k: f"demo-counter-{k}-{uuid.UUID(int=seed * 100 + k)}" for k in counters}
    placeholders = ",".join("?" for _ in counters)
    existing = ws.db.execute(
        f"SELECT count(*) FROM dossiers WHERE device_id IN ({placeholders})", list(devices.values())
    ).fetchone()[0]
    # Reproducible for a given seed, yet a second run never repeats the first run's ids.
    rng = random.Random(seed * 1_000_003 + existing)
    # A second demo run goes further back in time, so its codes never meet the first run's.
    earliest = ws.db.execute(
        f"SELECT min(received_day) FROM dossiers WHERE device_id IN ({placeholders})",
        list(devices.values()),
    ).fetchone()[0]
    end = date.fromisoformat(earliest) if earliest else ws.now().date()
    days = _working_days_back(ws, end - timedelta(days=1), day_count)
    unit = ws.office.unit_code
    indicator = str(ws.setting("s10.indicator", "RA"))
    schedules: dict[tuple[object, ...], Schedule] = {}
    chain = {k: last_event(ws.db, devices[k]) for k in counters}
    serial_next = {k: k * 10_000_000 for k in counters}
    for k in counters:
        row = ws.db.execute(
            "SELECT count(*) FROM dossiers WHERE device_id = ?", [devices[k]]
        ).fetchone()
        serial_next[k] += int(row[0])

    def dossiers() -> Iterator[tuple[Dossier, int, int]]:
        made = 0
        for day in days:
            for k in counters:
                block = default_block(k)
                for i in range(per_counter):
                    if made >= count:
                        return
                    p = rng.choices(procedures, weights=weights)[0]
                    received = datetime.combine(day, rng.choice(RECEIVE_TIMES), VN_TZ)
                    by_post = rng.random() < 0.3
                    key = (
                        day,
                        received.time() > ws.cutoff_time,
                        received.time() >= ws.appointment_time,
                        p.code,
                        by_post,
                    )
                    sched = schedules.get(key)
                    if sched is None:
                        route = catalog.routes[p.route]
                        sched = compute_schedule(
                            received,
                            p,
                            route,
                            by_post,
                            ws.calendar,
                            appointment_time=ws.appointment_time,
                            cutoff=ws.cutoff_time,
                        )
                        schedules[key] = sched
                    route = catalog.routes[p.route]
                    applicant = fake_applicant(rng, day)
                    pages = rng.randint(1, 12) if any(f.rule == "per_page" for f in p.fees) else 0
                    serial = serial_next[k]
                    serial_next[k] += 1
                    seq = block.lo + i
                    yield (
                        Dossier(
                            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                            code=make_dossier_code(unit, day, seq),
                            s10=make_s10(indicator, serial),
                            procedure_code=p.code,
                            procedure_name=p.name,
                            agency=p.agency,
                            applicant=applicant,
                            received_at=received,
                            appointment_at=sched.appointment_at,
                            handover_due=sched.handover_due,
                            processing_days=p.processing_days,
                            return_method=ReturnMethod.POST if by_post else ReturnMethod.COUNTER,
                            documents=tuple(
                                DocumentLine(r.name, r.kind, r.count)
                                for r in p.documents
                                if not r.optional
                            ),
                            fees=compute_fees(p, pages, 1),
                            postage=postage(route, by_post),
                            status=DossierStatus.RECEIVED,
                            delivery_address=applicant.address if by_post else "",
                            pages=pages,
                            staff="Demo",
                            device_id=devices[k],
                        ),
                        seq,
                        k,
                    )
                    made += 1

    done = 0
    pending: list[tuple[Dossier, int, int]] = []

    def flush() -> None:
        nonlocal done
        events = []
        for d, _seq, k in pending:
            seq_no, prev = chain[k]
            event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            row = chained_row(
                devices[k], seq_no + 1, event_id, "dossier.received", d.id,
                dossier_payload(d), d.received_at, "Demo", prev or GENESIS,
            )  # fmt: skip
            events.append(row)
            chain[k] = (seq_no + 1, row[-1])
        with transaction(ws.db):
            insert_many(ws.db, ((d, seq) for d, seq, _k in pending))
            ws.db.conn.executemany(
                INSERT_EVENT,
                events,
            )
        done += len(pending)
        pending.clear()
        if progress:
            progress(done)

    for item in dossiers():
        pending.append(item)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return done
