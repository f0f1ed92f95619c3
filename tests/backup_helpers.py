"""Helpers for the backup tests: receiving dossiers, damaging a database file, a tiny disk."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sample_data import applicant

from app.services import intake
from app.services.workstation import Workstation


def receive(ws: Workstation, count: int) -> list[str]:
    """Receive ``count`` complete dossiers; their codes."""
    procedure = ws.catalog.procedure("1.001193")
    assert procedure is not None
    documents = [
        {"name": d.name, "kind": d.kind.value, "count": d.count}
        for d in procedure.documents
        if not d.optional
    ]
    codes = []
    for _ in range(count):
        raw = {
            "procedure": procedure.code,
            "applicant": applicant(),
            "documents": documents,
            "return_method": "counter",
        }
        codes.append(intake.receive_dossier(ws, raw).code)
    return codes


def damage_header(path: Path) -> None:
    """Junk over the first page: SQLite says "file is not a database"."""
    with path.open("r+b") as fh:
        fh.write(b"not a database at all, junk " * 200)


def damage_pages(path: Path, first_page: int = 3, pages: int = 6) -> None:
    """Junk over some b-tree pages (the header stays): the file opens, reading it fails."""
    with path.open("r+b") as fh:
        fh.seek(4096 * first_page)
        fh.write(b"\xa5" * 4096 * pages)


@contextmanager
def tiny_disk(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A real, small file system at ``folder`` (tmpfs; needs root). Outside CI a machine that
    cannot mount skips; in CI (CI=true) it fails instead."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    result = None
    if mount and hasattr(os, "geteuid") and os.geteuid() == 0:
        result = subprocess.run(
            [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
    if result is None or result.returncode != 0:
        reason = "a tmpfs mount (root) is needed to fill a real disk"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: {result.stderr if result else 'not root'}")
        pytest.skip(reason)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
