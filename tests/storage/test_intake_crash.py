"""SIGKILL in the middle of receiving: `motcua import` killed after a number of dossiers chosen at
random (counted from its own output, never from the clock). After every kill the database is
intact, no number was handed out twice, and the numbers journal covers every number in use — so a
restore from any backup would still never hand one out again."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from sample_data import applicant

from app.domain.dossier_code import parse_dossier_code
from app.domain.s10 import parse_s10
from app.services.workstation import DB_FILE, open_workstation
from app.storage import number_journal
from app.storage.db import connect, integrity_check
from app.storage.numbers import blocks

ROOT = Path(__file__).resolve().parents[2]
KILLS = 12
LINES = 60
HANG = 600.0  # only against a hang; never a speed target


def _line(ws) -> str:
    procedure = ws.catalog.procedure("1.001193")
    documents = [
        {"name": d.name, "kind": d.kind.value, "count": d.count}
        for d in procedure.documents
        if not d.optional
    ]
    raw = {"procedure": "1.001193", "applicant": applicant(), "documents": documents,
           "return_method": "counter"}  # fmt: skip
    return json.dumps(raw, ensure_ascii=False)


def test_sigkill_while_receiving_never_repeats_a_number_or_outruns_the_journal(tmp_path):
    home = tmp_path / "home"
    ws = open_workstation(home)
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text((_line(ws) + "\n") * LINES, encoding="utf-8")
    ws.close()
    command = [sys.executable, "-m", "app.main", "--home", str(home), "import", str(jsonl)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    rng = random.Random(20270203)
    kills = 0
    for _ in range(KILLS):
        after = rng.randint(1, LINES - 1)
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        assert proc.stdout is not None
        seen = 0
        for raw in proc.stdout:  # one JSON line per dossier received
            seen += json.loads(raw)["ok"] is True
            if seen == after:
                proc.kill()  # the next dossier may be half way through its transaction
                kills += 1
                break
        proc.wait(HANG)
        proc.stdout.close()

        db = connect(home / DB_FILE)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert integrity_check(db) == []
            rows = db.execute("SELECT code, s10 FROM dossiers").fetchall()
            assert len({c for c, _ in rows}) == len(rows) == len({s for _, s in rows})
            marks = number_journal.read(number_journal.journal_path(db))
            for code, s10 in rows:
                parsed, label = parse_dossier_code(code), parse_s10(s10)
                [block] = [b for b in blocks(db, "s10") if b.lo <= label.serial <= b.hi]
                key = number_journal.s10_key(label.indicator, block.lo, block.hi)
                assert marks["s10"][key] >= label.serial
                day_marks = [v for k, v in marks["codes"].items() if k.startswith(str(parsed.day))]
                assert max(day_marks) >= parsed.seq
        finally:
            db.close()
    assert kills == KILLS
