"""Checking what a ``motcua --self-test DIR`` run left behind (from the venv or the bundle)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pypdf
import pypdfium2

RECEIPT_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
A5_POINTS = (419.5, 595.3)


def result_of(run: subprocess.CompletedProcess[str]) -> dict:
    """The JSON line the self-test prints last on stdout."""
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no JSON result; stdout={run.stdout!r} stderr={run.stderr[-2000:]!r}"
    return json.loads(lines[-1])


def check_passed_run(run: subprocess.CompletedProcess[str], home: Path) -> dict:
    assert run.returncode == 0, f"stdout={run.stdout!r}\nstderr={run.stderr[-4000:]}"
    result = result_of(run)
    assert result["ok"] is True
    code = result["code"]
    # The dossier is in the data folder's database, as the intake screen received it.
    with sqlite3.connect(home / "motcua.sqlite3") as db:
        rows = db.execute("SELECT code, procedure_code, full_name FROM dossiers").fetchall()
    assert rows == [(code, "1.001193", "Nguyễn Thị Hồng Nhung")]
    # The receipt as rendered holds its title and the dossier code.
    receipt = Path(result["receipt_pdf"])
    assert receipt.parent == home
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(receipt).pages)
    assert RECEIPT_TITLE in text
    assert code in text
    # The receipt as printed through Qt (a PDF printer): one A5 page with something on it.
    printed = Path(result["printed_pdf"])
    assert printed.parent == home
    document = pypdfium2.PdfDocument(printed)
    try:
        assert len(document) == 1
        width, height = document.get_page_size(0)
        assert abs(width - A5_POINTS[0]) < 2 and abs(height - A5_POINTS[1]) < 2
        image = document[0].render(scale=0.5).to_pil().convert("L")
        dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
        assert dark > 500, "the printed receipt is blank"
    finally:
        document.close()
    return result
