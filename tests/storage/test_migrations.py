"""Every earlier schema version migrates to the current one, keeping its data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.storage.db import connect, open_database, schema_version
from app.storage.migrations import MIGRATIONS, SCHEMA_VERSION, migrate


def _seed(db, version: int) -> None:
    """Data as the app at ``version`` would have written it."""
    db.execute(
        "INSERT INTO procedures(code, name, name_folded, field, agency, by_post, processing_days,"
        " catalog_version, data) VALUES ('1.001193', 'Đăng ký khai sinh', 'dang ky khai sinh',"
        " 'Hộ tịch', 'UBND xã', 1, 0, 'v1', '{}')"
    )
    db.execute(
        "INSERT INTO dossiers(id, code, s10, procedure_code, procedure_name, agency, status,"
        " received_at, received_day, code_seq, appointment_at, handover_due, processing_days,"
        " return_method, full_name, id_number, date_of_birth, sex, phone, address, fees_total,"
        " postage, device_id) VALUES ('d1', '000.00.04.H42-270203-0001', 'RA100000003VN',"
        " '1.001193', 'Đăng ký khai sinh', 'UBND xã', 'received', '2027-02-03T10:00:00+07:00',"
        " '2027-02-03', 1, '2027-02-04T16:00:00+07:00', '2027-02-04', 0, 'counter',"
        " 'Trần Văn Đức', '042090001234', '1990-01-01', 'Nam', '0912345678', 'Kỳ Bắc', 0, 12000,"
        " 'dev')"
    )
    db.execute(
        "INSERT INTO settings(key, value) VALUES ('office', ?)",
        [json.dumps({"name": "Bưu điện văn hóa xã Kỳ Bắc"}, ensure_ascii=False)],
    )
    if version >= 2:  # from v2 on, the app indexes each dossier as it stores it
        db.execute(
            "INSERT INTO dossier_search(rowid, code, s10, name, id_number, phone)"
            " SELECT rowid, lower(code), lower(s10), fold(full_name), id_number, phone"
            " FROM dossiers"
        )


@pytest.mark.parametrize("start", range(1, SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(tmp_path: Path, start: int) -> None:
    path = tmp_path / "old.sqlite3"
    db = connect(path)
    assert migrate(db, target=start) == start
    _seed(db, start)
    db.close()

    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    row = db.execute("SELECT full_name, s10 FROM dossiers WHERE id = 'd1'").fetchone()
    assert row == ("Trần Văn Đức", "RA100000003VN")
    # The search index is backfilled with folded names (đ → d) whatever version we came from.
    hits = db.execute(
        "SELECT rowid FROM dossier_search WHERE dossier_search MATCH 'duc'"
    ).fetchall()
    assert len(hits) == 1
    assert db.execute("SELECT count(*) FROM number_ranges").fetchone()[0] == 0


def test_fresh_database_reaches_latest(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite3")
    assert schema_version(db) == SCHEMA_VERSION == len(MIGRATIONS)


def test_failed_step_leaves_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.storage.migrations as m

    db = connect(tmp_path / "x.sqlite3")
    migrate(db, target=1)
    broken = (*MIGRATIONS[:1], "CREATE TABLE half_done(x); THIS IS NOT SQL;", *MIGRATIONS[2:])
    monkeypatch.setattr(m, "MIGRATIONS", broken)
    with pytest.raises(Exception, match="syntax error"):
        m.migrate(db, target=2)
    assert schema_version(db) == 1
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
