"""Numbers a counter hands out: provisional blocks before it is enrolled, and the numbers journal
that a restore from an old backup cannot rewind (docs/sync-protocol.md, "Numbers")."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from backup_helpers import receive

from app.domain.dossier_code import parse_dossier_code
from app.domain.errors import DomainError
from app.domain.numbering import (
    HUB_CODES,
    HUB_S10_MAX,
    PROVISIONAL_CODES,
    PROVISIONAL_S10,
    provisional_code_block,
    provisional_s10_block,
)
from app.domain.roles import Role, SignedIn
from app.domain.s10 import parse_s10
from app.services import backups, day_close, restore
from app.services.workstation import Workstation, open_workstation
from app.storage import number_journal
from app.storage.connection import Database
from app.storage.db import transaction
from app.storage.numbers import blocks
from app.storage.settings import set_setting


def _fresh(tmp_path: Path, clock, name: str = "home", counter_no: int = 1) -> Workstation:
    return open_workstation(tmp_path / name, clock=clock, counter_no=counter_no)


def _numbers(ws: Workstation) -> tuple[list[str], list[str]]:
    rows = ws.db.execute("SELECT code, s10 FROM dossiers ORDER BY rowid").fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


def test_provisional_spaces_never_meet_the_hubs() -> None:
    assert PROVISIONAL_S10.lo > HUB_S10_MAX and not HUB_CODES.overlaps(PROVISIONAL_CODES)
    slices = [provisional_code_block(k) for k in range(1, 10)]
    assert all(s.lo in PROVISIONAL_CODES and s.hi in PROVISIONAL_CODES for s in slices)
    assert all(not a.overlaps(b) for i, a in enumerate(slices) for b in slices[i + 1 :])
    rng = random.Random(7)
    for _ in range(200):
        block = provisional_s10_block(rng)
        assert block.lo in PROVISIONAL_S10 and block.hi in PROVISIONAL_S10
        assert (block.lo - PROVISIONAL_S10.lo) % block.size == 0
    with pytest.raises(DomainError, match="Số quầy 10"):
        provisional_code_block(10)


def test_a_fresh_counter_numbers_from_its_provisional_blocks(tmp_path, clock) -> None:
    ws = _fresh(tmp_path, clock, counter_no=2)
    try:
        codes = receive(ws, 3)
        seqs = [parse_dossier_code(c).seq for c in codes]
        assert seqs == [5556, 5557, 5558]  # counter 2's slice of 5001–9995
        serials = [parse_s10(s).serial for s in _numbers(ws)[1]]
        assert all(s in PROVISIONAL_S10 for s in serials)
        assert serials == list(range(serials[0], serials[0] + 3))
    finally:
        ws.close()


def test_a_used_up_provisional_s10_block_is_followed_by_another(tmp_path, clock) -> None:
    ws = _fresh(tmp_path, clock)
    try:
        with transaction(ws.db):
            ws.db.execute("UPDATE number_ranges SET next = hi + 1 WHERE kind = 's10'")
        receive(ws, 1)
        s10_blocks = blocks(ws.db, "s10")
        assert len(s10_blocks) == 2 and s10_blocks[1].next == s10_blocks[1].lo + 1
        assert s10_blocks[1].source == "provisional"
    finally:
        ws.close()


def test_the_journal_reserves_ahead_and_flushes_only_when_passed(tmp_path, clock) -> None:
    ws = _fresh(tmp_path, clock)
    try:
        path = number_journal.journal_path(ws.db)
        assert path is not None and path.parent == ws.home
        receive(ws, 1)
        first = path.stat().st_mtime_ns, path.read_text()
        receive(ws, number_journal.RESERVE - 1)  # still inside the first reservation
        assert (path.stat().st_mtime_ns, path.read_text()) == first
        receive(ws, 1)  # passes it: one more flush
        assert path.read_text() != first[1]
    finally:
        ws.close()


def _restore_latest_backup_after(ws: Workstation, work) -> restore.RestoreResult:
    """Back up, do ``work`` (numbers handed out after the backup), restore that backup."""
    backup = backups.backup_now(ws).path
    work()
    home, clock = ws.home, ws.clock
    ws.close()
    return restore.restore(home, backup, clock=clock)


def test_a_restore_never_hands_out_again_a_number_given_after_the_backup(tmp_path, clock) -> None:
    ws = _fresh(tmp_path, clock)
    before = receive(ws, 3)
    after: list[str] = []
    after_s10: list[str] = []

    def work() -> None:
        after.extend(receive(ws, 30))
        after_s10.extend(_numbers(ws)[1][3:])

    result = _restore_latest_backup_after(ws, work)
    assert result.journal and result.dossiers == 3 and not result.enrolled
    assert "không lấy lại được" in result.warning  # never enrolled: said plainly
    ws = open_workstation(tmp_path / "home", clock=clock)
    try:
        again = receive(ws, 40)
        codes, s10s = _numbers(ws)
        assert codes[:3] == before
        assert not set(again) & set(after)  # no dossier code given twice
        assert not set(s10s[3:]) & set(after_s10)  # no S10 number given twice
        # It resumes just past the journal's reservation: a gap of fewer than RESERVE numbers.
        last_after = parse_dossier_code(after[-1]).seq
        first_again = parse_dossier_code(again[0]).seq
        assert last_after < first_again <= last_after + number_journal.RESERVE
    finally:
        ws.close()


def test_a_restore_on_a_new_disk_abandons_every_block(tmp_path, clock) -> None:
    ws = _fresh(tmp_path, clock)
    receive(ws, 2)
    old_serials = {b.id: b for b in blocks(ws.db, "s10")}

    def work() -> None:
        receive(ws, 5)
        path = number_journal.journal_path(ws.db)
        assert path is not None
        path.unlink()  # the journal is lost with the disk

    result = _restore_latest_backup_after(ws, work)
    assert not result.journal and "hôm nay quầy không cấp thêm mã hồ sơ" in result.warning
    ws = open_workstation(tmp_path / "home", clock=clock)
    try:
        with pytest.raises(DomainError, match="chưa có dải số hồ sơ cho hôm nay"):
            receive(ws, 1)
        clock.moment += timedelta(days=1)
        receive(ws, 1)  # tomorrow: the provisional slice again (codes carry the day)
        s10 = parse_s10(_numbers(ws)[1][-1]).serial
        assert all(s10 not in range(b.lo, b.hi + 1) for b in old_serials.values())
    finally:
        ws.close()


def test_a_day_closed_after_the_backup_stays_closed(tmp_path, clock) -> None:
    ws = _fresh(tmp_path, clock)
    receive(ws, 1)
    day = clock().date()

    def work() -> None:
        receive(ws, 2)
        ws.db.execute(
            "INSERT INTO accounts (username, display_name, role, secret_hash, created_at)"
            " VALUES ('ks', 'Lê Thị Kiểm Soát', ?, 'scrypt$test', ?)",
            [Role.SUPERVISOR.value, ws.now().isoformat()],
        )
        ws.session = SignedIn("ks", "Lê Thị Kiểm Soát", Role.SUPERVISOR, ws.now())
        expected = day_close.preview(ws, day).money.expected
        day_close.close_day(ws, day, cash_total=expected)

    result = _restore_latest_backup_after(ws, work)
    assert result.kept_closed == (day.isoformat(),)
    ws = open_workstation(tmp_path / "home", clock=clock)
    try:
        with pytest.raises(DomainError):
            receive(ws, 1)
        assert ws.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 1
    finally:
        ws.close()


def test_a_database_without_a_file_keeps_no_journal(clock) -> None:
    assert number_journal.journal_path(_memory_db()) is None
    assert number_journal.read(None) == {"s10": {}, "codes": {}, "closed_days": []}


def _memory_db() -> Database:
    return Database(sqlite3.connect(":memory:"))


def test_journal_marks_of_old_days_are_dropped(tmp_path, clock) -> None:
    ws = _fresh(tmp_path, clock)
    try:
        receive(ws, 1)
        for _ in range(number_journal.KEEP_DAYS + 2):
            clock.moment += timedelta(days=1)
            with transaction(ws.db):
                set_setting(ws.db, "x", 1)
            receive(ws, 1)
        codes = number_journal.read(number_journal.journal_path(ws.db))["codes"]
        oldest = min(date.fromisoformat(k[:10]) for k in codes)
        assert oldest >= clock().date() - timedelta(days=number_journal.KEEP_DAYS)
    finally:
        ws.close()


def test_a_dossiers_two_numbers_cost_one_journal_write(tmp_path, clock, monkeypatch) -> None:
    ws = _fresh(tmp_path, clock)
    try:
        writes: list[set[str]] = []
        real = number_journal._replace

        def counted(path, data):  # the real write, counted
            writes.append({k for k in ("s10", "codes") if data[k]})
            real(path, data)

        monkeypatch.setattr(number_journal, "_replace", counted)
        receive(ws, 1)  # its code and its S10 number both pass their (empty) marks
        assert writes == [{"s10", "codes"}]
        marks = number_journal.read(number_journal.journal_path(ws.db))
        assert len(marks["s10"]) == 1 and len(marks["codes"]) == 1
    finally:
        ws.close()
