"""A receipt printed through the app's Qt print path reaches a real CUPS queue as text.

Needs the queues of scripts/ensure-cups (./test exports MOTCUA_CUPS_*). Elsewhere the tests are
skipped with the reason; in CI (CI=true) a missing CUPS fails them.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
from print_checks import receive, sizes_mm, text_of

from app.services.documents import render_for_dossier
from app.ui.printing.qt_printer import available_printers, print_pdf, printer_named

DEADLINE_S = 60.0  # a cold Ghostscript start in cups-pdf takes a few seconds


def _queue(name_var: str, out_var: str) -> tuple[str, Path]:
    queue, out = os.environ.get(name_var, ""), os.environ.get(out_var, "")
    if queue and out and queue in available_printers():
        return queue, Path(out)
    reason = (
        f"no CUPS queue from scripts/ensure-cups ({name_var}={queue!r}, {out_var}={out!r}, "
        f"Qt sees {available_printers()})"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _wait_for_output(folder: Path, token: str) -> bytes:
    """The PDF the queue wrote for the job titled ``token`` (cupsd runs in another process)."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        for path in folder.glob("*.pdf"):
            if token in path.name.lower():
                data = path.read_bytes()
                if data.rstrip().endswith(b"%%EOF"):  # cups-pdf writes in place
                    return data
        time.sleep(0.1)
    pytest.fail(f"no PDF for job {token} in {folder} after {DEADLINE_S:.0f} s; see lpstat -W all")


def _print_receipt(ws, queue: str) -> tuple[str, str]:
    dossier = receive(ws)
    receipt = render_for_dossier(ws, "receipt", dossier.code)
    printer = printer_named(queue)
    assert printer is not None
    token = f"motcua-test-{uuid.uuid4().hex[:10]}"
    printer.setDocName(token)
    assert print_pdf(receipt, printer) == 1
    return token, dossier.code


def test_a_receipt_reaches_the_pdf_queue_with_its_text(ui_ws) -> None:
    queue, out = _queue("MOTCUA_CUPS_QUEUE", "MOTCUA_CUPS_OUT")
    token, code = _print_receipt(ui_ws, queue)
    printed = _wait_for_output(out, token)
    assert sizes_mm(printed) == [(148, 210)]  # A5, as the receipt
    text = text_of(printed)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert f"Mã hồ sơ: {code}" in text
    assert "Nguyễn Thị Hồng Nhung" in text


def test_a_receipt_printed_to_cups_pdf_is_text_not_a_picture(ui_ws) -> None:
    # cups-pdf goes through PostScript and Ghostscript, which drop the fonts' Unicode maps: the
    # glyphs arrive as text (a font and its characters, sharp at any zoom) but cannot be read
    # back as letters (docs/printing.md). A page painted as a picture has no text at all.
    queue, out = _queue("MOTCUA_CUPS_PDF_QUEUE", "MOTCUA_CUPS_PDF_OUT")
    token, _code = _print_receipt(ui_ws, queue)
    printed = _wait_for_output(out, token)
    ((width, height),) = sizes_mm(printed)
    assert abs(width - 148) <= 1 and abs(height - 210) <= 1  # its PPD's A5 is 421 × 595 pt
    glyphs = text_of(printed).replace(" ", "")
    assert len(glyphs) > 500, glyphs  # the receipt has about 1,500 letters
