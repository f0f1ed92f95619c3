"""A disk that fills up or turns read-only: the person is told what happened and what to do,
the dossier being received is not kept (no half of it), what was accepted before is intact, and
the same request succeeds once there is room again.

SQLite's own limit (``PRAGMA max_page_count``) makes the real SQLite return SQLITE_FULL; a tiny
tmpfs makes the real kernel return ENOSPC; ext4 switched to read-only by the kernel mid-run makes
it return EROFS. ``PRAGMA query_only`` stands in for a read-only disk where mounting is impossible.
"""

from __future__ import annotations

import io
import sqlite3
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from mounts import ext4_that_fails, fill, remount_read_only, tmpfs

from app.cli import run as cli_run
from app.domain.errors import DomainError
from app.services import logs
from app.services.intake import receive_dossier
from app.services.lookup import show
from app.services.workstation import open_workstation
from app.storage.db import StorageError, integrity_check, transaction
from app.storage.disk_errors import (
    DiskError,
    DiskFull,
    DiskReadOnly,
    from_oserror,
    from_sqlite,
    write_file,
)
from app.storage.events import verify_chain

NO_LIMIT = 1_073_741_823


def row_counts(ws) -> dict[str, int]:
    """Every table's row count: a refused intake must change none of them."""
    names = [
        r[0]
        for r in ws.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: ws.db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def assert_consistent(ws, accepted) -> None:
    assert not ws.db.conn.in_transaction  # nothing left half-open for the next write to join
    assert integrity_check(ws.db) == []
    assert verify_chain(ws.db) == []
    for d in accepted:
        stored = show(ws, d.code).dossier
        assert (stored.code, stored.s10, stored.applicant) == (d.code, d.s10, d.applicant)


def receive_until_refused(ws, raw, accepted, limit: int = 400) -> DiskError:
    """Receive ``raw`` until the disk refuses; each refusal must leave every table unchanged."""
    for _ in range(limit):
        before = row_counts(ws)
        try:
            accepted.append(receive_dossier(ws, raw))
        except DiskError as exc:
            assert row_counts(ws) == before
            return exc
    raise AssertionError(f"the disk never filled up in {limit} dossiers")


def test_a_full_database_refuses_the_dossier_whole_and_takes_it_once_there_is_room(ws, request_for):
    raw = request_for()
    accepted = [receive_dossier(ws, raw) for _ in range(3)]
    pages = ws.db.execute("PRAGMA page_count").fetchone()[0]
    ws.db.execute(f"PRAGMA max_page_count = {pages + 4}")  # the next few pages, then full

    refused = receive_until_refused(ws, raw, accepted)

    assert isinstance(refused, DiskFull)
    assert isinstance(refused, StorageError) and isinstance(refused, DomainError)
    assert refused.message == (
        "Ổ đĩa đã đầy: hồ sơ này CHƯA được lưu. Xóa bớt tệp hoặc cắm ổ khác, rồi bấm Tiếp nhận "
        "lại; các hồ sơ đã tiếp nhận trước đó vẫn an toàn."
    )
    assert_consistent(ws, accepted)
    with pytest.raises(DiskFull):  # still full: refused again, cleanly
        receive_dossier(ws, raw)
    assert_consistent(ws, accepted)

    ws.db.execute(f"PRAGMA max_page_count = {NO_LIMIT}")  # space freed
    again = receive_dossier(ws, raw)
    # The refused attempts consumed no number: the codes run on without a gap.
    last = int(accepted[-1].code.rsplit("-", 1)[1])
    assert int(again.code.rsplit("-", 1)[1]) == last + 1
    assert_consistent(ws, [*accepted, again])


def test_any_write_on_a_full_database_says_so_and_the_connection_stays_usable(ws):
    pages = ws.db.execute("PRAGMA page_count").fetchone()[0]
    ws.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull) as caught, transaction(ws.db):
        ws.db.execute("INSERT INTO settings(key, value) VALUES ('x', ?)", ["0" * 50_000])
    assert "Ổ đĩa đã đầy" in caught.value.message and "làm lại" in caught.value.message
    assert not ws.db.conn.in_transaction
    ws.db.execute(f"PRAGMA max_page_count = {NO_LIMIT}")
    ws.save_settings({"x": "ok"})
    assert ws.setting("x") == "ok"


def test_a_read_only_database_refuses_the_dossier_and_takes_it_when_writable_again(ws, request_for):
    # Stand-in for a read-only disk that needs no mounting (the real ones are below).
    raw = request_for()
    accepted = [receive_dossier(ws, raw)]
    ws.db.execute("PRAGMA query_only = 1")
    before = row_counts(ws)
    with pytest.raises(DiskReadOnly) as caught:
        receive_dossier(ws, raw)
    assert caught.value.message.startswith("Ổ đĩa chứa dữ liệu đang ở chế độ chỉ đọc: hồ sơ này")
    assert "bấm Tiếp nhận lại" in caught.value.message
    assert row_counts(ws) == before
    assert_consistent(ws, accepted)
    ws.db.execute("PRAGMA query_only = 0")
    assert_consistent(ws, [*accepted, receive_dossier(ws, raw)])


def test_sqlite_and_file_errors_are_sorted_by_what_the_disk_did():
    full = sqlite3.OperationalError("database or disk is full")
    assert isinstance(from_sqlite(full), DiskFull)
    read_only = sqlite3.OperationalError("attempt to write a readonly database")
    assert isinstance(from_sqlite(read_only), DiskReadOnly)
    assert from_sqlite(sqlite3.IntegrityError("UNIQUE constraint failed: x.y")) is None
    assert isinstance(from_oserror(OSError(28, "No space left on device")), DiskFull)
    assert isinstance(from_oserror(OSError(30, "Read-only file system")), DiskReadOnly)
    assert "không có quyền ghi" in from_oserror(PermissionError(13, "Permission denied")).message


# ---------------------------------------------------------------- real disks (root)


def test_a_really_full_disk_refuses_the_dossier_whole_and_takes_it_after_a_file_is_deleted(
    tmp_path, clock, request_for
):
    with tmpfs(tmp_path / "mnt", "24m") as mnt:
        ws = open_workstation(mnt / "home", clock=clock)
        try:
            raw = request_for()
            accepted = [receive_dossier(ws, raw)]
            # An empty WAL must grow with the next commit: that write meets the full disk.
            ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            filler = fill(mnt)

            refused = receive_until_refused(ws, raw, accepted)

            assert isinstance(refused, DiskFull), refused
            assert refused.message.startswith("Ổ đĩa đã đầy: hồ sơ này CHƯA được lưu.")
            assert_consistent(ws, accepted)
            # A PDF or an export on the same full disk: said just as clearly.
            with pytest.raises(DiskFull, match="Ổ đĩa đã đầy: chưa ghi được tệp"):
                write_file(mnt / "giay-tiep-nhan.pdf", b"%PDF" + b"0" * 100_000)
            stderr = io.StringIO()
            with redirect_stderr(stderr):
                code = accepted[0].code
                pdf = str(mnt / "receipt.pdf")
                exit_code = cli_run(["--home", str(ws.home), "print", "receipt", code, "-o", pdf])
            # Printing records an event first: the database says it is full.
            assert exit_code == 1 and "Ổ đĩa đã đầy" in stderr.getvalue()
            with pytest.raises(DiskFull):
                logs.export_logs(ws.home, mnt / "nhat-ky.zip")
            assert not (mnt / "nhat-ky.zip.part").exists()

            filler.unlink()  # the clerk frees some space and presses the button again
            accepted.append(receive_dossier(ws, raw))
            assert_consistent(ws, accepted)
        finally:
            ws.close()


def test_a_disk_the_kernel_turns_read_only_mid_run_refuses_the_dossier_and_keeps_the_rest(
    tmp_path, clock, request_for
):
    with ext4_that_fails(tmp_path) as (mnt, disk_fault):
        ws = open_workstation(mnt / "home", clock=clock)
        try:
            raw = request_for()
            accepted = [receive_dossier(ws, raw) for _ in range(2)]
            disk_fault()  # ext4 errors=remount-ro: read-only now, with the database open
            before = row_counts(ws)
            with pytest.raises(DiskError) as caught:
                receive_dossier(ws, raw)
            assert isinstance(caught.value, DiskReadOnly), caught.value
            assert caught.value.message == DiskReadOnly.intake_message
            assert row_counts(ws) == before
            assert_consistent(ws, accepted)
        finally:
            ws.close()


def test_opening_the_data_folder_on_a_read_only_disk_says_so(tmp_path, clock, request_for):
    with tmpfs(tmp_path / "mnt", "24m") as mnt:
        ws = open_workstation(mnt / "home", clock=clock)
        code = receive_dossier(ws, request_for()).code
        ws.close()
        remount_read_only(mnt)
        with pytest.raises(DiskReadOnly) as caught:
            open_workstation(mnt / "home", clock=clock)
        assert "chỉ đọc" in caught.value.message
        assert str(mnt / "home") in caught.value.message
        stderr = io.StringIO()
        with redirect_stderr(stderr):
            assert cli_run(["--home", str(mnt / "home"), "show", code]) == 3
        assert "chỉ đọc" in stderr.getvalue()


def test_the_disk_helpers_report_real_errors(tmp_path: Path):
    # A path under a file cannot be written: the message says why in Vietnamese.
    (tmp_path / "f").write_text("x")
    with pytest.raises(DiskError, match="Không ghi được tệp"):
        write_file(tmp_path / "f" / "x.pdf", b"1")


def test_a_pdf_written_to_a_full_device_says_the_disk_is_full(ws, request_for):
    code = receive_dossier(ws, request_for()).code
    stderr = io.StringIO()
    with redirect_stderr(stderr):  # /dev/full: every write fails with ENOSPC
        exit_code = cli_run(["--home", str(ws.home), "print", "receipt", code, "-o", "/dev/full"])
    assert exit_code == 1
    assert "Không ghi được tệp /dev/full: ổ đĩa đã đầy. Chọn thư mục khác." in stderr.getvalue()
