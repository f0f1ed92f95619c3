"""Many counters, one province: dossier codes and S10 numbers are issued once in the life of the
province, a restored counter comes back with what it had synced, and nobody squats a number.
Real counters (their own data folders) against the real hub, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from backup_helpers import receive
from hubserver import HubServer
from synchelp import local_events

from app.domain.errors import DomainError
from app.services import backups, logs, restore
from app.services import sync as sync_service
from app.services.intake import dossier_payload
from app.services.workstation import Workstation, configure_office, open_workstation
from app.storage import sync_state
from app.storage.db import transaction
from app.storage.dossiers import get_by_code
from app.storage.events import append_event
from app.storage.numbers import take_s10
from app.sync import credentials
from app.sync.engine import Outcome
from hub.db import dossiers as hub_dossiers

OFFICES = {
    "000.00.04.H42": "Bưu điện văn hóa xã Kỳ Bắc",
    "000.00.05.H42": "Bưu điện văn hóa xã Kỳ Nam",
    "000.00.06.H42": "Bưu điện văn hóa xã Kỳ Đông",
}


class Counter:
    """A counter PC: its data folder, opened and closed like the program would."""

    def __init__(self, root: Path, name: str, office: str, clock: Any, counter_no: int) -> None:
        self.home = root / name
        self.office = office
        self.clock = clock
        self.ws: Workstation = open_workstation(self.home, clock=clock, counter_no=counter_no)
        configure_office(self.ws, unit_code=office, name=OFFICES[office])

    def enroll(self, hub: HubServer) -> None:
        code = hub.hub.create_enroll_code(self.office, OFFICES[self.office]).code
        sync_service.enroll(self.ws, hub.url, code)

    def receive(self, n: int) -> list[str]:
        return receive(self.ws, n)

    def sync(self) -> sync_service.SyncReport:
        report = sync_service.sync_once(self.ws)
        assert report.ok, report.message
        return report

    def numbers(self) -> list[tuple[str, str]]:
        return self.ws.db.execute("SELECT code, s10 FROM dossiers ORDER BY code").fetchall()

    def backup(self) -> Path:
        return backups.backup_now(self.ws).path

    def restore(self, backup: Path) -> restore.RestoreResult:
        self.ws.close()
        try:
            return restore.restore(self.home, backup, clock=self.clock)
        finally:
            self.ws = open_workstation(self.home, clock=self.clock)

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def counters(tmp_path: Path, clock: Any) -> Iterator[Callable[..., Counter]]:
    made: list[Counter] = []

    def make(name: str, office: str = "000.00.04.H42", counter_no: int = 1) -> Counter:
        counter = Counter(tmp_path, name, office, clock, counter_no)
        made.append(counter)
        return counter

    yield make
    for counter in made:
        counter.close()


def _hub_numbers(hub: HubServer) -> list[tuple[str, str, str]]:
    with hub.hub.engine.connect() as conn:
        rows = conn.execute(
            sa.select(hub_dossiers.c.code, hub_dossiers.c.s10, hub_dossiers.c.device_id)
        ).all()
    return [tuple(r) for r in rows]


def test_three_counters_in_two_offices_never_share_a_number(hub_server, counters):
    a1 = counters("a1")
    a2 = counters("a2")
    b1 = counters("b1", "000.00.05.H42")
    for counter in (a1, a2, b1):
        counter.enroll(hub_server)
        counter.sync()  # the first sync brings its leases
    for _ in range(3):
        for counter in (a1, a2, b1):
            counter.receive(7)
            counter.sync()
    numbers = [n for c in (a1, a2, b1) for n in c.numbers()]
    codes, s10s = [c for c, _ in numbers], [s for _, s in numbers]
    assert len(set(codes)) == len(codes) == 63 and len(set(s10s)) == 63
    assert sorted(_hub_numbers(hub_server)) == sorted(
        (c, s, counter.ws.device_id) for counter in (a1, a2, b1) for c, s in counter.numbers()
    )
    assert hub_server.hub.list_conflicts() == []


def test_a_restored_counter_gets_back_what_it_synced_and_carries_on(hub_server, counters):
    counter = counters("k1")
    counter.enroll(hub_server)
    counter.sync()
    counter.receive(2)
    backup = counter.backup()
    after_backup = counter.receive(2)
    counter.sync()

    result = counter.restore(backup)

    assert result.enrolled and result.dossiers == 2 and result.warning == ""
    waiting = restore.restore_outcome(counter.ws)
    assert "ngay khi kết nối được" in waiting  # the backup page, before the hub is reached
    report = counter.sync()  # re-hydrates, then uploads what waited
    assert report.rehydrated_dossiers == 2
    assert "đã lấy lại từ bưu điện tỉnh 2 hồ sơ" in restore.restore_outcome(counter.ws)
    assert all(get_by_code(counter.ws.db, code) is not None for code in after_backup)
    again = counter.receive(2)  # never the codes given out after the backup
    assert not set(again) & set(after_backup)
    counter.sync()
    assert hub_server.events_of(counter.ws.device_id) == local_events(counter.ws)
    assert hub_server.hub.list_conflicts() == []
    assert sorted(c for c, _s, _d in _hub_numbers(hub_server)) == [c for c, _ in counter.numbers()]


def test_motcua_restore_says_how_many_dossiers_came_back(hub_server, counters, capsys):
    from app.main import main

    counter = counters("k2")
    counter.enroll(hub_server)
    counter.sync()
    backup = counter.backup()
    counter.receive(3)
    counter.sync()
    counter.ws.close()
    try:
        code = main(["--home", str(counter.home), "restore", str(backup), "--yes"])
    finally:
        logs.shutdown_logging()  # the command logs to the data folder; no writer thread left
    out = capsys.readouterr().out
    counter.ws = open_workstation(counter.home, clock=counter.clock)
    assert code == 0
    assert "Đã lấy lại từ bưu điện tỉnh 3 hồ sơ" in out
    assert len(counter.numbers()) == 3


def _forge_received(victim_code: str, template: Counter) -> None:
    """A rogue counter's dossier.received carrying another counter's next code."""
    real = template.ws.db.execute("SELECT code FROM dossiers LIMIT 1").fetchone()[0]
    dossier = get_by_code(template.ws.db, real)
    assert dossier is not None
    with transaction(template.ws.db):
        # Its own fresh S10 number, someone else's dossier code.
        s10 = take_s10(template.ws.db)
        payload = {
            **dossier_payload(dossier), "id": "forged-" + victim_code, "code": victim_code,
            "s10": s10,
        }  # fmt: skip
        append_event(
            template.ws.db,
            device_id=template.ws.device_id,
            type="dossier.received",
            entity_id=payload["id"],
            payload=payload,
            at=template.ws.now(),
        )


def test_nobody_squats_another_offices_or_counters_next_code(hub_server, counters):
    victim = counters("v1", "000.00.05.H42")
    neighbour = counters("n1")  # the rogue, in office H42 04
    same_office = counters("n2")
    for counter in (victim, neighbour, same_office):
        counter.enroll(hub_server)
        counter.sync()
    victim.receive(1)
    same_office.receive(1)
    neighbour.receive(1)
    victim.sync()
    same_office.sync()
    next_of_victim = victim.numbers()[0][0][:-4] + f"{int(victim.numbers()[0][0][-4:]) + 1:04d}"
    next_of_neighbour = same_office.numbers()[0][0][:-4] + (
        f"{int(same_office.numbers()[0][0][-4:]) + 1:04d}"
    )
    _forge_received(next_of_victim, neighbour)  # another office's code
    _forge_received(next_of_neighbour, neighbour)  # the other counter of its own office
    report = neighbour.sync()

    assert len(report.warnings) == 2  # the counter is told
    kinds = sorted(c["kind"] for c in hub_server.hub.list_conflicts())
    assert kinds == ["outside_lease", "wrong_unit"]
    # The real dossiers arrive later and are taken as theirs.
    victim.receive(1)
    same_office.receive(1)
    victim.sync()
    same_office.sync()
    held = {c: d for c, _s, d in _hub_numbers(hub_server)}
    assert held[next_of_victim] == victim.ws.device_id
    assert held[next_of_neighbour] == same_office.ws.device_id


def test_a_counter_offline_for_a_week_then_enrolled_keeps_every_dossier(
    hub_server, counters, clock
):
    from datetime import timedelta

    early = counters("o1")
    late = counters("o2", counter_no=2)  # works offline a week, then enrolls
    early.enroll(hub_server)
    early.sync()
    for _ in range(5):
        late.receive(4)
        early.receive(4)
        early.sync()
        clock.moment += timedelta(days=1)
    late.enroll(hub_server)
    late.sync()
    late.receive(4)
    late.sync()
    numbers = early.numbers() + late.numbers()
    assert len({c for c, _ in numbers}) == len(numbers) == 44
    assert len({s for _, s in numbers}) == 44
    assert hub_server.events_of(late.ws.device_id) == local_events(late.ws)
    assert hub_server.hub.list_conflicts() == []


# More interleavings: MOTCUA_PROVINCE_SEEDS="1 2 … 200" ./test -k random_interleavings
SEEDS = [int(x) for x in os.environ.get("MOTCUA_PROVINCE_SEEDS", "1 2 3").split()]


@pytest.mark.parametrize("seed", SEEDS)
def test_random_interleavings_across_a_province(hub_server, counters, clock, seed):
    """3 offices × 2 counters, enrolled at different moments, receiving, syncing, backing up,
    restoring from older backups, revoked and enrolled again, in random order: every number is
    unique in the province, every dossier is at the hub once, and every counter ends holding
    what the hub holds for it."""
    from datetime import timedelta

    rng = random.Random(seed)
    fleet = [
        counters(f"c{i}", office, counter_no=1 + i % 2)
        for i, office in enumerate(o for o in OFFICES for _ in range(2))
    ]
    enrolled: set[int] = set()
    saved: dict[int, list[Path]] = {i: [] for i in range(len(fleet))}
    for step in range(60):
        i = rng.randrange(len(fleet))
        counter = fleet[i]
        action = rng.choice(
            ["receive", "receive", "sync", "sync", "backup", "restore", "enroll", "revoke"]
        )
        if action == "enroll" and i not in enrolled:
            counter.enroll(hub_server)
            enrolled.add(i)
        elif action == "receive":
            counter.receive(rng.randint(1, 4))
        elif action == "sync" and i in enrolled:
            counter.sync()
        elif action == "backup":
            saved[i].append(counter.backup())
        elif action == "restore" and saved[i] and i in enrolled:
            counter.restore(rng.choice(saved[i]))  # any backup, old ones too
        elif action == "revoke" and i in enrolled:
            # The province revokes the counter; it is enrolled again as a new device. Its
            # backups from before hold an identity that is not its own any more: the restore
            # refuses them (tested above), so it takes new ones.
            hub_server.hub.revoke(counter.ws.device_id)
            counter.enroll(hub_server)
            saved[i] = []
        if step % 20 == 19:
            clock.moment += timedelta(days=1)
    for i, counter in enumerate(fleet):
        if i not in enrolled:
            counter.enroll(hub_server)
        counter.sync()
        counter.sync()  # a second run: nothing left, nothing conflicting
    everything = [n for c in fleet for n in c.numbers()]
    assert len({c for c, _ in everything}) == len(everything)
    assert len({s for _, s in everything}) == len(everything)
    at_hub = _hub_numbers(hub_server)
    assert sorted((code, s10) for code, s10, _device in at_hub) == sorted(
        n for c in fleet for n in c.numbers()
    )
    for counter in fleet:
        assert hub_server.events_of(counter.ws.device_id) == local_events(counter.ws)
        assert sync_state.acked_seq(counter.ws.db) == len(local_events(counter.ws))
    assert hub_server.hub.list_conflicts() == []


def test_a_revoked_counter_enrolled_again_is_a_new_device_and_loses_nothing(hub_server, counters):
    counter = counters("r1")
    counter.enroll(hub_server)
    counter.sync()
    counter.receive(2)
    counter.sync()
    unsynced = counter.receive(3)  # still on the counter when the province revokes it
    before = counter.backup()
    old_id = counter.ws.device_id
    assert hub_server.hub.revoke(old_id)
    assert sync_service.sync_once(counter.ws).outcome is Outcome.REJECTED

    counter.enroll(hub_server)  # a fresh code: a new device, proven with the old token

    new_id = counter.ws.device_id
    assert new_id != old_id and credentials.get_token(old_id) is None
    counter.sync()
    later = counter.receive(2)
    counter.sync()
    codes_at_hub = sorted(c for c, _s, _d in _hub_numbers(hub_server))
    assert codes_at_hub == [c for c, _ in counter.numbers()]  # every dossier, once
    assert set(unsynced) | set(later) <= {c for c, _s, d in _hub_numbers(hub_server) if d == new_id}
    assert hub_server.events_of(new_id) == local_events(counter.ws)
    assert hub_server.hub.list_conflicts() == []
    # A backup from before: the identity the hub revoked. Refused, and nothing changes.
    with pytest.raises(DomainError, match="mã quầy khác"):
        counter.restore(before)
    assert counter.ws.device_id == new_id and len(counter.numbers()) == 7
    log = hub_server.hub.enroll_history(3)
    assert [e["action"] for e in log] == ["enrolled", "revoked", "enrolled"]  # newest first
    assert log[0]["reason"] == f"replaces {old_id}"
