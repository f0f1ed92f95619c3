"""Settings → Máy in: choosing printers, checking a label printer's address, test pages.

The CUPS tests need the queues of scripts/ensure-cups (./test exports MOTCUA_CUPS_*); elsewhere
they are skipped with the reason, and in CI (CI=true) a missing CUPS fails them.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from print_checks import file_printer, sizes_mm, text_of
from PySide6.QtCore import Qt
from ui_helpers import wait_idle

from app.printing.zpl import decode_graphic_field
from app.ui.printing.documents import DocumentClass
from app.ui.printing.printer_dialog import PrinterDialog
from app.ui.printing.printer_prefs import PrinterPrefs, load_printer_prefs, save_printer_prefs
from app.ui.printing.qt_printer import available_printers
from app.ui.printing.test_page_sender import TestPageSender
from app.ui.settings.printers_page import PrintersPage

OUTPUT_WAIT_MS = 60_000  # a cold CUPS filter chain takes a few seconds


def _cups(name_var: str, out_var: str = "MOTCUA_CUPS_OUT") -> tuple[str, Path]:
    queue, out = os.environ.get(name_var, ""), os.environ.get(out_var, "")
    if queue and out and (name_var == "MOTCUA_CUPS_RAW_QUEUE" or queue in available_printers()):
        return queue, Path(out)
    reason = (
        f"no CUPS queue from scripts/ensure-cups ({name_var}={queue!r}, {out_var}={out!r}, "
        f"Qt sees {available_printers()})"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _page(qtbot, runner, printers: list[str] | None = None) -> PrintersPage:
    page = (
        PrintersPage(runner)
        if printers is None
        else PrintersPage(runner, printers=lambda: printers)
    )
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(page.isEnabled)  # the stored choices are shown
    return page


def _choose(combo, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, (data, [combo.itemData(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)


def _output(qtbot, folder: Path, job: str) -> bytes:
    """The file the queue wrote for the job titled ``job`` (cupsd runs in another process)."""
    found: list[Path] = []

    def written() -> bool:
        found[:] = [p for p in folder.glob("job-*") if job in p.name]
        return bool(found)

    qtbot.waitUntil(written, timeout=OUTPUT_WAIT_MS)
    return found[0].read_bytes()


@pytest.fixture
def zpl_server() -> Iterator[tuple[int, list[bytes], threading.Thread]]:
    """A one-job raw printer on localhost: what it receives lands in the list."""
    received: list[bytes] = []
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(30)

    def serve() -> None:
        try:
            connection, _ = server.accept()
        except OSError:
            return
        with connection:
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
            received.append(b"".join(chunks))

    thread = threading.Thread(target=serve, name="fake-zpl-printer")
    thread.start()
    try:
        yield server.getsockname()[1], received, thread
    finally:
        server.close()
        thread.join(30)


# ---------------------------------------------------------------------------- choices


def test_the_chosen_cups_queue_is_saved_and_shown_again(qtbot, runner, ui_ws) -> None:
    queue, _out = _cups("MOTCUA_CUPS_QUEUE")
    page = _page(qtbot, runner)
    assert page.form_printer.currentText() == "(chưa chọn)"
    _choose(page.form_printer, queue)
    _choose(page.label_printer, queue)
    page.preview.setChecked(False)
    page.raster_only.setChecked(True)
    with qtbot.waitSignal(page.saved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert page.status.text() == "Đã lưu cài đặt máy in."
    assert load_printer_prefs(ui_ws) == PrinterPrefs(
        preview=False, form_printer=queue, label_printer=queue, raster_only=True
    )

    again = _page(qtbot, runner)
    assert again.form_printer.currentData() == queue
    assert again.label_printer.currentData() == queue
    assert not again.preview.isChecked() and again.raster_only.isChecked()


def test_a_zpl_printer_is_saved_with_its_address_and_dpi(qtbot, runner, ui_ws) -> None:
    page = _page(qtbot, runner, printers=["A5-laser"])
    _choose(page.label_kind, "network")
    assert page.address.isEnabled() and not page.label_printer.isEnabled()
    qtbot.keyClicks(page.address, "192.168.1.50")
    _choose(page.dpi, 300)
    assert page.address_problem.isHidden()
    with qtbot.waitSignal(page.saved):
        page.save_button.click()
    stored = load_printer_prefs(ui_ws)
    assert (stored.label_kind, stored.label_address, stored.label_dpi) == (
        "network",
        "192.168.1.50",
        300,
    )
    assert stored.label_is_zpl
    again = _page(qtbot, runner, printers=["A5-laser"])
    assert again.label_kind.currentData() == "network"
    assert again.address.text() == "192.168.1.50" and again.dpi.currentData() == 300


def test_a_bad_zpl_address_is_explained_and_not_saved(qtbot, runner, ui_ws) -> None:
    runner.db(lambda ws: save_printer_prefs(ws, PrinterPrefs(form_printer="A5-laser")))
    page = _page(qtbot, runner, printers=["A5-laser"])
    _choose(page.label_kind, "network")
    qtbot.keyClicks(page.address, "may-in:abc")
    assert page.address_problem.isVisible()
    assert "không đúng" in page.address_problem.text()
    assert "192.168.1.50:9100" in page.address_problem.text()  # says what to type
    page.save_button.click()
    wait_idle(qtbot, runner)
    assert page.status.text().startswith("Chưa lưu: Địa chỉ máy in nhãn «may-in:abc»")
    assert load_printer_prefs(ui_ws) == PrinterPrefs(form_printer="A5-laser")
    assert page.address.hasFocus() or not page.isActiveWindow()

    # Fixed as typed: the message goes away.
    page.address.clear()
    qtbot.keyClicks(page.address, "10.0.0.7:9100")
    assert page.address_problem.isHidden()


@pytest.mark.parametrize(
    ("kind", "address", "expected"),
    [
        ("cups", "zebra kho", "không có dấu cách"),
        ("network", "", "Chưa nhập địa chỉ máy in nhãn"),
        ("path", "  ", "Chưa nhập địa chỉ máy in nhãn"),
    ],
)
def test_other_address_problems_block_saving(
    qtbot, runner, ui_ws, kind: str, address: str, expected: str
) -> None:
    page = _page(qtbot, runner, printers=[])
    _choose(page.label_kind, kind)
    page.address.setText(address)
    page.save_button.click()
    wait_idle(qtbot, runner)
    assert expected in page.status.text()
    assert load_printer_prefs(ui_ws) == PrinterPrefs()


def test_controls_are_named_and_in_reading_order(qtbot, runner) -> None:
    page = _page(qtbot, runner, printers=["A5-laser"])
    names = [
        "Máy in giấy tờ (A5)",
        "In trang thử giấy tờ",
        "Cách nối máy in nhãn",
        "Máy in nhãn (trình điều khiển)",
        "Địa chỉ máy in nhãn",
        "Độ phân giải của máy in nhãn",
        "Khổ nhãn in thử",
        "In trang thử nhãn",
        "Xem trước khi in",
        "In dạng ảnh (cho máy in in sai chữ)",
        "Lưu",
    ]
    widget = page.form_printer
    seen = []
    for _ in names:
        seen.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
        while not widget.isEnabled() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
    enabled = [n for n in names if n not in ("Địa chỉ máy in nhãn", "Độ phân giải của máy in nhãn")]
    assert seen[: len(enabled)] == enabled  # the driver kind: no address, no dpi
    assert PrintersPage.page_title() == "Máy in"


def test_a_test_page_needs_a_printer(qtbot, runner) -> None:
    page = _page(qtbot, runner, printers=["A5-laser"])
    page.form_test.click()
    assert page.status.text().startswith("Chưa chọn máy in giấy tờ.")
    page.label_test.click()
    assert page.status.text().startswith("Chưa chọn máy in nhãn.")


# ---------------------------------------------------------------------------- test pages


def test_the_form_test_page_reaches_the_cups_queue_as_text(qtbot, runner) -> None:
    queue, out = _cups("MOTCUA_CUPS_QUEUE")
    page = _page(qtbot, runner)
    _choose(page.form_printer, queue)
    with qtbot.waitSignal(page.test_pages.sent, timeout=30_000) as sent:
        qtbot.mouseClick(page.form_test, Qt.MouseButton.LeftButton)
    assert sent.args[0].target == queue
    assert page.status.text().startswith(f"Đã gửi trang thử tới {queue}.")
    printed = _output(qtbot, out, sent.args[0].job)
    assert sizes_mm(printed) == [(148, 210)]
    text = text_of(printed)
    assert "Trang in thử — Quầy Một Cửa" in text
    assert "Máy in: motcua-pdf" in text
    assert "Các vạch thước phải đúng 10 mm" in text


def test_a_label_test_page_through_a_driver_is_one_image_of_the_label_size(
    qtbot, tmp_path, runner
) -> None:
    # The CUPS test queue's PPD has no label sizes (it would print on Letter): a PDF file stands
    # in for the label printer's driver here; tests/ui/test_page_layout.py covers the media.
    target = tmp_path / "label.pdf"
    sender = TestPageSender(runner, printer_lookup=lambda _name: file_printer(target))
    with qtbot.waitSignal(sender.sent, timeout=30_000) as sent:
        sender.print_label(PrinterPrefs(label_printer="Nhan-nhiet"), "50x30")
    assert sent.args[0].target == str(target)
    printed = target.read_bytes()
    assert sizes_mm(printed) == [(50, 30)]
    assert text_of(printed) == ""  # labels go to drivers as one image (thermal drivers)


def test_the_zpl_test_page_reaches_a_network_label_printer(qtbot, runner, zpl_server) -> None:
    port, received, thread = zpl_server
    page = _page(qtbot, runner, printers=[])
    _choose(page.label_kind, "network")
    qtbot.keyClicks(page.address, f"127.0.0.1:{port}")
    with qtbot.waitSignal(page.test_pages.sent, timeout=30_000):
        page.label_test.click()
    thread.join(30)
    (job,) = received
    assert job.startswith(b"^XA") and job.rstrip().endswith(b"^XZ")
    bitmap = decode_graphic_field(job.decode("ascii"))
    assert (bitmap.width, bitmap.height) == pytest.approx((800, 1199), abs=8)  # 100×150 at 203
    assert f"127.0.0.1:{port}" in page.status.text()


def test_the_zpl_test_page_goes_through_a_raw_cups_queue_unchanged(qtbot, runner) -> None:
    queue, out = _cups("MOTCUA_CUPS_RAW_QUEUE")
    page = _page(qtbot, runner, printers=[])
    _choose(page.label_kind, "cups")
    page.address.setText(queue)
    _choose(page.test_size, "50x30")
    _choose(page.dpi, 300)
    with qtbot.waitSignal(page.test_pages.sent, timeout=30_000) as sent:
        page.label_test.click()
    job = _output(qtbot, out, sent.args[0].job)
    assert job.startswith(b"^XA") and b"^XZ" in job
    bitmap = decode_graphic_field(job.decode("ascii"))
    assert bitmap.height == pytest.approx(354, abs=4)  # 30 mm at 300 dpi


def test_an_unreachable_zpl_printer_is_reported(qtbot, runner) -> None:
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    page = _page(qtbot, runner, printers=[])
    _choose(page.label_kind, "network")
    page.address.setText(f"127.0.0.1:{port}")
    with qtbot.waitSignal(page.test_pages.failed, timeout=30_000) as failed:
        page.label_test.click()
    assert "Kiểm tra địa chỉ IP, cổng" in failed.args[0]
    assert page.status.text() == failed.args[0]


def test_the_printer_menu_dialog_keeps_the_settings_it_does_not_show(qtbot) -> None:
    prefs = PrinterPrefs(
        label_kind="network", label_address="10.0.0.7", label_dpi=300, raster_only=True
    )
    dialog = PrinterDialog(prefs, ["A5-laser"])
    qtbot.addWidget(dialog)
    _choose(dialog.combos[DocumentClass.FORM], "A5-laser")
    assert dialog.result_prefs() == replace(prefs, form_printer="A5-laser")
