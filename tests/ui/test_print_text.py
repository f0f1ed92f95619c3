"""The Qt print path keeps text as text and looks like the PDF it prints."""

from __future__ import annotations

import pytest
from print_checks import file_printer, receive, render_gray, share_off, sizes_mm, text_of

from app.printing.text_layer import iter_split_pages
from app.services.documents import render_for_dossier
from app.ui.printing.qt_printer import print_pdf

KINDS = [
    ("receipt", (148, 210)),
    ("dispatch", (148, 210)),
    ("label", (100, 150)),
    ("label-small", (50, 30)),
]


@pytest.fixture
def dossier(ui_ws):
    return receive(ui_ws)


def test_the_text_layer_takes_the_text_out_of_the_raster(ui_ws, dossier) -> None:
    receipt = render_for_dossier(ui_ws, "receipt", dossier.code)
    (page,) = iter_split_pages(receipt, 72)
    texts = [run.text for run in page.runs]
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in texts
    assert "Nguyễn Thị Hồng Nhung" in texts
    title = next(r for r in page.runs if r.text.startswith("GIẤY TIẾP NHẬN"))
    assert title.bold and not title.italic and title.size == pytest.approx(11.5)
    # What is left is lines and codes: far less ink than the whole page.
    whole = render_gray(receipt, 72)[0]
    rest = page.raster
    ink_rest = sum(1 for i in range(0, len(rest.data), 4) if rest.data[i] < 128)
    ink_whole = sum(whole.histogram()[:128])
    assert ink_rest < 0.8 * ink_whole


@pytest.mark.parametrize(("kind", "expected_mm"), KINDS)
def test_printed_pages_keep_the_text_and_look_the_same(tmp_path, ui_ws, dossier, kind, expected_mm):
    source = render_for_dossier(ui_ws, kind, dossier.code)
    with_text, raster = tmp_path / "text.pdf", tmp_path / "raster.pdf"
    print_pdf(source, file_printer(with_text))
    print_pdf(source, file_printer(raster), raster_only=True)
    printed = with_text.read_bytes()
    assert sizes_mm(printed) == [expected_mm] * len(sizes_mm(source))
    printed_text = text_of(printed)
    for page in iter_split_pages(source, 36):
        assert page.runs
        for run in page.runs:  # every line of text went out as text
            assert " ".join(run.text.split()) in printed_text
    assert text_of(raster.read_bytes()) == ""
    original = render_gray(source)
    for expected, by_text, by_raster in zip(
        original, render_gray(printed), render_gray(raster.read_bytes()), strict=True
    ):
        # The old raster print is the reference look; the text print may differ only in the
        # anti-aliasing of glyph edges.
        assert share_off(by_raster, by_text) < 0.005
        assert share_off(expected, by_text) < 0.02


def test_the_receipt_prints_its_vietnamese_text(tmp_path, ui_ws, dossier) -> None:
    receipt = render_for_dossier(ui_ws, "receipt", dossier.code)
    target = tmp_path / "receipt.pdf"
    print_pdf(receipt, file_printer(target))
    text = text_of(target.read_bytes())
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Nguyễn Thị Hồng Nhung" in text
    assert f"Mã hồ sơ: {dossier.code}" in text
    # Smaller than the page as one 300 dpi picture.
    raster = tmp_path / "raster.pdf"
    print_pdf(receipt, file_printer(raster), raster_only=True)
    assert target.stat().st_size < raster.stat().st_size


def test_labels_go_to_a_zpl_printer_over_the_network_when_chosen(qtbot, runner, ui_ws, dossier):
    import socket
    import threading

    from ui_helpers import wait_idle

    from app.printing.zpl import decode_graphic_field
    from app.ui.printing import PrintActions, PrinterPrefs
    from app.ui.printing.printer_prefs import load_printer_prefs, save_printer_prefs

    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
            received.append(b"".join(chunks))

    thread = threading.Thread(target=serve)
    thread.start()
    address = f"127.0.0.1:{server.getsockname()[1]}"
    prefs = PrinterPrefs(preview=False, label_kind="network", label_address=address, label_dpi=203)
    runner.db(lambda ws: save_printer_prefs(ws, prefs))
    wait_idle(qtbot, runner)
    assert load_printer_prefs(ui_ws) == prefs
    actions = PrintActions(runner, printer_factory=lambda _c, _p: None)
    try:
        with qtbot.waitSignal(actions.printed, timeout=10_000) as printed:
            actions.print_dossier(dossier.code, ["label"])
        wait_idle(qtbot, runner)
    finally:
        thread.join(5)
        server.close()
    assert printed.args[1] == address
    (job,) = received
    bitmap = decode_graphic_field(job.decode("ascii"))
    assert bitmap.height == pytest.approx(1199, abs=8)  # 150 mm at 8 dots/mm
