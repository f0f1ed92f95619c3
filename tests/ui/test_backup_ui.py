"""Backups in the window: THE RESTORE DRILL, the settings page, the check after start."""

from __future__ import annotations

import shutil

from backup_helpers import damage_header, damage_pages, receive
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from ui_helpers import wait_idle

from app.services import backups, lookup
from app.services.workstation import DB_FILE, open_workstation
from app.ui.app import EXIT_STORAGE, GuiSession
from app.ui.backup.controller import BackupController, restore_requests
from app.ui.settings.backup_page import BackupPage


def _present(qtbot, session: GuiSession, codes: list[str]) -> None:
    found: list[str] = []
    for code in codes:
        session.runner.db(lambda ws, c=code: lookup.show(ws, c).dossier.code, found.append)
    qtbot.waitUntil(lambda: len(found) == len(codes), timeout=10_000)
    assert sorted(found) == sorted(codes)


def answer_in_app_loop(button: QAbstractButton) -> int:
    """Click ``button`` while the application's event loop runs, as in the app (the controller
    ends that loop to quit or to restart); returns the loop's exit code."""
    QTimer.singleShot(0, button.click)
    code = QApplication.exec()
    # With a modal dialog answered, PySide6 6.11 leaves the thread's quit flag set until one more
    # event loop runs; later tests' waits would return at once. One short loop clears it.
    settle = QEventLoop()
    QTimer.singleShot(0, settle.quit)
    settle.exec()
    return code


def test_the_restore_drill(qtbot, tmp_path) -> None:
    """Receive, back up, damage the database, start: the offer, restore, every dossier back."""
    home = tmp_path / "home"
    ws = open_workstation(home)
    codes = receive(ws, 6)
    backups.backup_now(ws)
    ws.close()
    damage_header(home / DB_FILE)

    session = GuiSession(home, setup_wizard=False)
    failures: list[str] = []
    session.failed.connect(failures.append)
    session.start()  # (its first window is replaced, and deleted, once the data is restored)
    qtbot.waitUntil(lambda: session.backups.offer is not None, timeout=10_000)
    offer = session.backups.offer
    assert "Dữ liệu của quầy bị hỏng" in offer.text() and "(6 hồ sơ)" in offer.text()
    assert offer.restore_button is not None
    assert offer.restore_button.accessibleName() == "Khôi phục"
    assert offer.quit_button.accessibleName() == "Thoát"
    with qtbot.waitSignal(session.ready, timeout=10_000) as ready:
        offer.restore_button.click()
    window = ready.args[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.intake.context is not None, timeout=10_000)
    assert failures == [] and session.exit_code == 0
    _present(qtbot, session, codes)
    kept = list((home / "backups").glob("motcua.sqlite3.before-restore-*"))
    assert len(kept) == 1  # the damaged file, for the technician
    wait_idle(qtbot, session.runner)
    session.shutdown()


def test_a_damaged_database_without_backups_just_fails(qtbot, tmp_path) -> None:
    home = tmp_path / "home"
    open_workstation(home).close()
    damage_header(home / DB_FILE)
    session = GuiSession(home, setup_wizard=False)
    with qtbot.waitSignal(session.failed, timeout=10_000) as failed:
        session.start()
    qtbot.addWidget(session.window)
    assert "không có bản sao lưu dùng được" in failed.args[0]
    assert session.backups.offer is None and session.exit_code == 3
    session.shutdown()


def test_closing_the_window_makes_the_last_backup(qtbot, tmp_path) -> None:
    home = tmp_path / "home"
    session = GuiSession(home, setup_wizard=False)
    with qtbot.waitSignal(session.ready, timeout=10_000) as ready:
        session.start()
    window = ready.args[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.intake.context is not None, timeout=10_000)
    codes: list[str] = []
    session.runner.db(lambda ws: receive(ws, 2), codes.extend, changes="dossiers")
    qtbot.waitUntil(lambda: len(codes) == 2)
    wait_idle(qtbot, session.runner)
    session.shutdown()
    (latest,) = backups.list_backups(home / "backups")
    assert latest.dossiers == 2


def test_page_backs_up_lists_and_hands_a_restore_to_the_session(qtbot, runner, ui_ws) -> None:
    receive(ui_ws, 3)
    page = BackupPage(runner)
    qtbot.addWidget(page)
    page.show()
    assert BackupPage.page_title() == "Sao lưu"
    assert page.backup_button.accessibleName() == "Sao lưu ngay"
    assert page.usb_button.accessibleName() == "Sao lưu ra USB"
    assert page.restore_button.accessibleName() == "Khôi phục"
    wait_idle(qtbot, runner)
    assert "mỗi tuần một bản" in page.summary.text()
    page.backup_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.index(0, 1).data() == "3"
    assert page.status.text().startswith("Đã sao lưu vào")

    asked: list[tuple[str, str]] = []
    restore_requests().handler = lambda backup, actor: asked.append((backup, actor))
    try:
        page.ask_restore()
        box = page.confirm_box
        assert box is not None and "(3 hồ sơ)" in box.text()
        (go,) = [b for b in box.buttons() if b.text() == "Khôi phục"]
        go.click()
        qtbot.waitUntil(lambda: asked != [], timeout=10_000)
    finally:
        restore_requests().handler = None
    assert asked[0][0] == str(page.model.rows[0].path)
    assert page.status.text() == "Đang đóng phần mềm để khôi phục…"


def test_page_backup_to_a_folder_and_a_full_disk_message(qtbot, runner, ui_ws, tmp_path) -> None:
    from app.storage import backup as storage_backup

    usb = tmp_path / "usb"
    usb.mkdir()
    page = BackupPage(runner, ask=lambda _parent, _caption: str(usb))
    qtbot.addWidget(page)
    page.backup_to(str(usb))
    qtbot.waitUntil(lambda: (usb / "motcua-backups").is_dir() and not runner.busy())
    assert len(list((usb / "motcua-backups").iterdir())) == 1

    def no_room(_folder):
        return shutil._ntuple_diskusage(10**9, 10**9 - 10, 10)  # type: ignore[attr-defined]

    original = storage_backup.shutil.disk_usage
    storage_backup.shutil.disk_usage = no_room
    try:
        page.backup_to(str(usb))
        qtbot.waitUntil(lambda: "không đủ chỗ" in page.status.text(), timeout=10_000)
    finally:
        storage_backup.shutil.disk_usage = original
    assert len(list((usb / "motcua-backups").iterdir())) == 1  # the first copy is intact
    assert page.backup_button.isEnabled()


def test_damage_found_after_start_is_offered_and_restored_at_close(qtbot, runner, tmp_path):
    home = tmp_path / "other-home"
    ws = open_workstation(home)
    codes = receive(ws, 30)
    backups.backup_now(ws)
    ws.close()
    damage_pages(home / DB_FILE)
    controller = BackupController(runner, home)
    controller.start()
    assert controller._timer.isActive() and controller._check_timer.isActive()
    controller.check_database()
    qtbot.waitUntil(lambda: controller.offer is not None, timeout=10_000)
    # The answer comes while the app's event loop runs: it ends that loop (code 0) to restart.
    assert answer_in_app_loop(controller.offer.restore_button) == 0
    assert controller.restart_pending
    controller.stop()
    assert not controller._timer.isActive() and restore_requests().handler is None
    controller.apply_pending_restore()
    ws = open_workstation(home)
    try:
        assert {r[0] for r in ws.db.execute("SELECT code FROM dossiers")} == set(codes)
    finally:
        ws.close()
    wait_idle(qtbot, runner)


def test_the_quit_button_leaves_the_data_untouched(qtbot, runner, tmp_path) -> None:
    home = tmp_path / "h"
    ws = open_workstation(home)
    backups.backup_now(ws)
    ws.close()
    damage_header(home / DB_FILE)
    before = (home / DB_FILE).read_bytes()
    controller = BackupController(runner, home)
    try:
        backups.open_checked(home)
    except backups.CorruptDatabase as exc:
        assert controller.offer_restore(exc, None)
    offer = controller.offer
    assert offer is not None and offer.icon() == QMessageBox.Icon.Critical
    # As in the app, the answer comes while the event loop runs: "Thoát" ends it with code 3.
    assert answer_in_app_loop(offer.quit_button) == EXIT_STORAGE
    assert controller.offer is None and not controller.restart_pending
    assert (home / DB_FILE).read_bytes() == before
    controller.stop()
