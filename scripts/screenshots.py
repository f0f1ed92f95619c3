#!/usr/bin/env python3
"""Render each screen of the counter window at 1366×768, offscreen, to docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py [--out DIR]

Uses a throw-away data folder with demo dossiers and a fixed clock, so the pictures are the same
on every run. Look at every picture after a UI change: cramped, cut-off or ugly screens are bugs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.services import demo
from app.services.workstation import VN_TZ, open_workstation
from app.storage.db import transaction
from app.storage.settings import set_setting
from app.ui.app import prepare_application
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner

SIZE = (1366, 768)
NOW = datetime(2026, 11, 18, 9, 40, tzinfo=VN_TZ)  # a Wednesday morning
CARD = (
    "042190001234||Nguyễn Thị Hồng Nhung|12051990|Nữ|Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh|15082021"
)


def wait_until(condition: Callable[[], object], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get ready in time")
        QCoreApplication.processEvents()
        time.sleep(0.005)


def settle() -> None:
    for _ in range(10):
        QCoreApplication.processEvents()


def type_into(widget: QWidget, text: str) -> None:
    """Type as a keyboard (or a scanner in keyboard mode) would."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def press(
    widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def shoot(widget: QWidget, out: Path, name: str) -> None:
    settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", default=str(Path(__file__).resolve().parents[1] / "docs" / "screenshots")
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = prepare_application()
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workstation(Path(tmp) / "home", clock=lambda: NOW)
        demo.generate(ws, 400, seed=2027)
        with transaction(ws.db):
            set_setting(ws.db, "counter.staff", "Trần Thị Mai")
        runner = TaskRunner(ws)
        window = MainWindow(runner)
        window.resize(*SIZE)
        window.show()
        intake = window.intake
        wait_until(lambda: intake.context is not None and intake.isEnabled())
        shoot(window, out, "intake-empty")

        type_into(intake.picker.search, "dang ky khai sinh")
        press(intake.picker.search, Qt.Key.Key_Return)
        type_into(intake.form.qr, CARD)
        press(intake.form.qr, Qt.Key.Key_Return)
        type_into(intake.form.inputs["phone"], "0912 345 678")
        intake.checklist.check_all_required()
        intake.returns.post.setChecked(True)
        shoot(window, out, "intake-filled")

        intake.checklist.lines[1].check.setChecked(False)
        intake.accept()
        shoot(window, out, "intake-guidance")

        intake.reset()
        type_into(intake.picker.search, "ket hon")
        press(intake.picker.search, Qt.Key.Key_Return)
        shoot(window, out, "intake-refused")

        intake.reset()
        type_into(intake.picker.search, "2.000815")
        press(intake.picker.search, Qt.Key.Key_Return)
        type_into(intake.form.qr, CARD)
        press(intake.form.qr, Qt.Key.Key_Return)
        type_into(intake.form.inputs["phone"], "0912345678")
        intake.checklist.check_all_required()
        intake.fees.pages.setValue(4)
        intake.fees.copies.setValue(2)
        intake.accept()
        wait_until(
            lambda: intake.printing.preview is not None and intake.printing.preview.isVisible()
        )
        preview = intake.printing.preview
        preview.resize(1000, 700)
        shoot(preview, out, "print-preview")
        preview.close()
        shoot(window, out, "intake-accepted")

        window.show_lookup()
        lookup = window.lookup
        wait_until(lambda: lookup.model.rowCount() > 0 and lookup.model.is_complete())
        shoot(window, out, "lookup")

        code = intake.last_dossier.code if intake.last_dossier else ""
        lookup.open_code(code)
        wait_until(lambda: lookup.current_detail() is not None)
        detail = lookup.current_detail()
        shoot(detail, out, "dossier-detail")
        detail.close()

        window.close()
        wait_until(lambda: not runner.busy())
        runner.shutdown()
        ws.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
