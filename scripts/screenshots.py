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
from app.services.workstation import VN_TZ, Workstation, open_workstation
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


def lifecycle_demo(ws: Workstation) -> None:
    """Move yesterday's demo dossiers along their lives, so the lifecycle tabs have work to show.

    Most were handed over, decided and returned; a few are still with the agency (some late),
    a few results wait at the counter, two need a supplement, one was refused, three results are
    ready to be brought back, and a handful of today's dossiers still wait for the hand-over.
    """
    from app.services import handover, lifecycle
    from app.storage.downstream import apply_item

    cursor = iter(range(1, 1_000_000))

    def agency(code: str, status: str, at: str, note: str = "") -> None:
        data = {"dossier_code": code, "status": status, "at": at, "note": note}
        with transaction(ws.db):
            apply_item(
                ws.db,
                {"cursor": next(cursor), "kind": "status", "data": data},
                device_id=ws.device_id,
                now=ws.now(),
            )

    rows = ws.db.execute(
        "SELECT code, agency, id_number FROM dossiers WHERE status = 'received'"
        " ORDER BY received_at, code"
    ).fetchall()
    by_agency: dict[str, list[tuple[str, str]]] = {}
    for code, name, id_number in rows:
        by_agency.setdefault(name, []).append((code, id_number))
    moved: list[tuple[str, str]] = []
    for name, dossiers in by_agency.items():
        keep = 6 if name == "UBND xã" else 2  # still at the counter, waiting for the hand-over
        going = dossiers[:-keep]
        for start in range(0, len(going), 120):  # one bag a trip
            chunk = going[start : start + 120]
            batch = handover.create_batch(ws, name, [c for c, _ in chunk])
            handover.seal_and_print(ws, batch.id)
        moved += going
    at = "2026-11-17T15:30:00+07:00"
    for i, (code, id_number) in enumerate(moved):
        agency(code, "at_agency", at)
        kind = i % 100
        if kind in (0, 1, 2, 3):
            continue  # still with the agency
        if kind in (4, 5):
            agency(code, "supplement_requested", at, "- Bản sao Giấy khai sinh\n- Ảnh 4×6 (2 ảnh)")
            continue
        if kind == 6:
            agency(code, "refused", at, "Không thuộc thẩm quyền giải quyết của UBND xã.")
            lifecycle.record_result(ws, code)
            continue
        agency(code, "result_ready", at)
        if kind == 7:
            continue  # the result is ready at the agency, not yet brought back
        lifecycle.record_result(ws, code)
        if kind in (8, 9, 10):
            if kind == 8:
                lifecycle.record_invitation(ws, code, "call", note="Gọi điện, hẹn chiều mai")
            continue  # waiting to be collected
        lifecycle.return_to_citizen(ws, code, lifecycle.Receiver(id_number))
    # A draft of today's bag for UBND xã with three labels scanned.
    waiting = handover.waiting_for_handover(ws, "UBND xã")
    handover.create_batch(ws, "UBND xã", [d.code for d in waiting[:3]])


def setup_screens(window: MainWindow, runner: TaskRunner, out: Path) -> None:
    """The first-run wizard, page by page, and the settings dialog."""
    from PySide6.QtWidgets import QWizard

    from app.ui.setup.wizard import SetupWizard

    wizard = SetupWizard(runner, window)
    wizard.show()
    wait_until(lambda: wizard.counter.name.text() != "" and not runner.busy())
    shoot(wizard, out, "setup-welcome")
    wizard.next()
    form = wizard.office.form
    type_into(form.province.lineEdit(), "Hà Tĩnh")
    type_into(form.commune, "Cẩm Bình")
    type_into(form.unit_code, "000.00.07.H42")
    type_into(form.address, "Thôn Trung, xã Cẩm Bình, tỉnh Hà Tĩnh")
    type_into(form.phone, "0239 3861 234")
    shoot(wizard, out, "setup-office")
    wizard.next()
    shoot(wizard, out, "setup-counter")
    wizard.next()
    shoot(wizard, out, "setup-printers")
    wizard.next()
    type_into(wizard.hub.enroll.hub_url, "https://motcua.buudienhatinh.vn")
    type_into(wizard.hub.enroll.code, "K7QF-2M9X")
    shoot(wizard, out, "setup-hub")
    wizard.hub.offline.setChecked(True)
    wizard.next()
    type_into(wizard.admin.username, "lan.nguyen")
    type_into(wizard.admin.display_name, "Nguyễn Thị Lan")
    type_into(wizard.admin.secret, "Bưu điện 2027")
    type_into(wizard.admin.secret_again, "Bưu điện 202")
    shoot(wizard, out, "setup-admin")
    type_into(wizard.admin.secret_again, "7")
    wizard.next()
    shoot(wizard, out, "setup-done")
    wizard.button(QWizard.WizardButton.CancelButton).click()

    settings = window.show_settings()
    wait_until(lambda: settings.office.loaded is not None and not runner.busy())
    shoot(settings, out, "settings")
    # The pages of issue 7: printers, backups (one made now, so the list is not empty), logs.
    settings.show_page(settings.printers)
    wait_until(lambda: settings.printers.isEnabled() and not runner.busy())
    shoot(settings, out, "settings-printers")
    settings.show_page(settings.backups)
    settings.backups.backup_button.click()
    wait_until(lambda: settings.backups.model.rowCount() > 0 and not runner.busy())
    shoot(settings, out, "settings-backups")
    settings.show_page(settings.logs)
    settle()
    wait_until(lambda: not runner.busy())
    shoot(settings, out, "settings-logs")
    settings.close()


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
        lifecycle_demo(ws)
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

        window.show_home()
        home = window.home
        wait_until(lambda: home.lists is not None and not runner.busy())
        shoot(window, out, "home")
        overdue = home.section("overdue")
        overdue.table.setFocus()
        press(overdue.table, Qt.Key.Key_Return)
        wait_until(lambda: window._actions is not None and window._actions.panel.info is not None)
        actions = window._actions
        shoot(actions, out, "dossier-actions")
        actions.close()

        window.show_handover()
        handover = window.handover
        wait_until(lambda: handover.items_model.rowCount() == 3 and not runner.busy())
        type_into(handover.scan, "RA999999999VN")
        press(handover.scan, Qt.Key.Key_Return)
        wait_until(lambda: "Không tìm thấy" in handover.banner.text())
        shoot(window, out, "handover")
        handover.confirm_seal()
        wait_until(lambda: handover.confirm_box is not None and handover.confirm_box.isVisible())
        shoot(handover.confirm_box, out, "handover-confirm")
        handover.confirm_box.close()

        window.show_results()
        results = window.results
        wait_until(lambda: results.model.rowCount() > 0 and not runner.busy())
        ready = ws.db.execute(
            "SELECT s10 FROM dossiers WHERE status = 'result_ready' ORDER BY code LIMIT 1"
        ).fetchone()[0]
        type_into(results.scan, ready)
        press(results.scan, Qt.Key.Key_Return)
        wait_until(lambda: "Đã ghi nhận" in results.banner.text() and not runner.busy())
        shoot(window, out, "results")

        results.scan_code(ready)  # the citizen comes for it: the return dialog opens
        wait_until(lambda: results.panel.dialog is not None and results.panel.dialog.isVisible())
        dialog = results.panel.dialog
        type_into(dialog.id_number, CARD)
        press(dialog.id_number, Qt.Key.Key_Return)
        # Someone else's card: the proxy box is ticked and the name taken from the card.
        type_into(dialog.authorisation, "Giấy ủy quyền số 12/UQ ngày 16/11/2026, UBND xã Kỳ Bắc")
        shoot(dialog, out, "return-dialog")
        dialog.close()
        wait_until(lambda: not runner.busy())

        window.show_control()  # no accounts in the demo: the figures are open to see
        control = window.control
        wait_until(lambda: getattr(control.day_close, "view", None) is not None)
        wait_until(lambda: not runner.busy())
        shoot(window, out, "day-close")
        control.tabs.setCurrentWidget(control.reports)
        control.reports.start.setDate(NOW.date().replace(day=1))
        control.reports.load()
        wait_until(lambda: getattr(control.reports, "report", None) is not None)
        wait_until(lambda: not runner.busy())
        shoot(window, out, "reports")

        setup_screens(window, runner, out)

        window.close()
        wait_until(lambda: not runner.busy())
        runner.shutdown()
        ws.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
