"""Printing from the window: previews of the real PDFs, raster printing, remembered printers."""

from __future__ import annotations

from pathlib import Path

import pytest
from print_checks import MM_PER_PT, receive, sizes_mm
from print_checks import file_printer as print_file_printer
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from ui_helpers import wait_idle

from app.services.documents import render_for_dossier
from app.storage.events import events_for
from app.ui.printing import DocumentClass, PrintActions, PrintDocument, PrinterPrefs
from app.ui.printing.pdf_pages import page_sizes, render_pages
from app.ui.printing.preview_dialog import PreviewDialog
from app.ui.printing.printer_dialog import PrinterDialog
from app.ui.printing.printer_prefs import load_printer_prefs, save_printer_prefs
from app.ui.printing.qt_printer import print_pdf


@pytest.fixture
def dossier(ui_ws):
    return receive(ui_ws)


def file_printer(path: Path) -> QPrinter:
    return print_file_printer(path, QPrinter.PrinterMode.ScreenResolution)


def test_pages_render_at_the_asked_resolution(ui_ws, dossier) -> None:
    receipt = render_for_dossier(ui_ws, "receipt", dossier.code)
    (image,) = render_pages(receipt, 72)[:1]
    size = page_sizes(receipt)[0]
    assert image.width() == pytest.approx(size.width(), abs=1)
    assert image.height() == pytest.approx(size.height(), abs=1)
    assert round(size.width() * MM_PER_PT) == 148  # A5
    bigger = render_pages(receipt, 144)[0]
    assert bigger.width() == pytest.approx(2 * image.width(), abs=1)
    assert not bigger.isNull() and bigger.pixelColor(5, 5).lightness() > 240  # white paper


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("receipt", (148, 210)), ("label", (100, 150)), ("label-small", (50, 30))],
)
def test_printing_keeps_the_page_size(tmp_path, ui_ws, dossier, kind, expected) -> None:
    pdf = render_for_dossier(ui_ws, kind, dossier.code)
    target = tmp_path / f"{kind}.pdf"
    pages = print_pdf(pdf, file_printer(target))
    printed = target.read_bytes()
    assert pages == len(sizes_mm(pdf))
    assert sizes_mm(printed) == [expected] * pages


def test_preview_shows_each_document_and_prints_all(qtbot, ui_ws, dossier) -> None:
    docs = [
        PrintDocument(k, render_for_dossier(ui_ws, k, dossier.code), dossier.code)
        for k in ("receipt", "label")
    ]
    dialog = PreviewDialog(docs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.list.count() == 2
    assert dialog.list.item(0).text() == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert len(dialog.pages) == 1 and dialog.pages[0].pixmap().height() > 500
    dialog.list.setCurrentRow(1)
    label_pixmap = dialog.pages[0].pixmap()
    assert label_pixmap.height() / label_pixmap.width() == pytest.approx(1.5, rel=0.02)
    with qtbot.waitSignal(dialog.print_requested) as wanted:
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert [d.kind for d in wanted.args[0]] == ["receipt", "label"]
    with qtbot.waitSignal(dialog.print_requested) as one:
        dialog.print_one.click()
    assert [d.kind for d in one.args[0]] == ["label"]


def test_direct_printing_sends_each_document_to_its_class_printer(
    qtbot, tmp_path, runner, ui_ws, dossier
) -> None:
    asked: list[tuple[DocumentClass, PrinterPrefs]] = []

    def factory(doc_class: DocumentClass, prefs: PrinterPrefs) -> QPrinter:
        asked.append((doc_class, prefs))
        return file_printer(tmp_path / f"{doc_class.value}-{len(asked)}.pdf")

    runner.db(lambda ws: save_printer_prefs(ws, PrinterPrefs(False, "A5-laser", "Nhan-nhiet")))
    actions = PrintActions(runner, printer_factory=factory)
    printed: list[tuple[str, str]] = []
    actions.printed.connect(lambda doc, target: printed.append((doc.kind, target)))
    actions.print_dossier(dossier.code)
    wait_idle(qtbot, runner)
    assert [c for c, _ in asked] == [DocumentClass.FORM, DocumentClass.FORM, DocumentClass.LABEL]
    assert asked[0][1].label_printer == "Nhan-nhiet"
    assert [k for k, _ in printed] == ["receipt", "dispatch", "label"]
    assert Path(printed[2][1]).name.startswith("label-")
    assert actions.preview is None  # printed straight away, as set
    kinds = [
        e.payload["kind"] for e in events_for(ui_ws.db, dossier.id) if e.type == "document.printed"
    ]
    assert kinds == ["receipt", "dispatch", "label"]


def test_direct_printing_without_a_printer_falls_back_to_preview(
    qtbot, runner, ui_ws, dossier
) -> None:
    runner.db(lambda ws: save_printer_prefs(ws, PrinterPrefs(preview=False)))
    actions = PrintActions(runner, printer_factory=lambda _c, _p: None)
    actions.print_dossier(dossier.code, ["receipt"])
    wait_idle(qtbot, runner)
    qtbot.addWidget(actions.preview)
    assert actions.preview.isVisible()
    assert "Chưa chọn máy in giấy tờ" in actions.preview.note.text()


def test_printing_from_preview_asks_for_a_printer_once(qtbot, tmp_path, runner, dossier) -> None:
    asked: list[DocumentClass] = []

    def ask(_parent, doc_class):
        asked.append(doc_class)
        return file_printer(tmp_path / "chosen.pdf")

    actions = PrintActions(runner, printer_factory=lambda _c, _p: None, ask_printer=ask)
    actions.print_dossier(dossier.code, ["label"])
    wait_idle(qtbot, runner)
    qtbot.addWidget(actions.preview)
    with qtbot.waitSignal(actions.printed, timeout=5000):
        actions.preview.print_all.click()
    assert asked == [DocumentClass.LABEL]
    assert (tmp_path / "chosen.pdf").stat().st_size > 1000
    assert "Đã gửi" in actions.preview.status.text()


def test_reprint_previews_one_document_and_is_recorded(qtbot, runner, ui_ws, dossier) -> None:
    actions = PrintActions(runner)
    with qtbot.waitSignal(actions.documents_ready, timeout=5000) as ready:
        actions.reprint(dossier.code, "receipt")
    wait_idle(qtbot, runner)
    qtbot.addWidget(actions.preview)
    assert [d.kind for d in ready.args[0]] == ["receipt"]
    assert actions.preview.isVisible()
    actions.reprint(dossier.code, "receipt")
    wait_idle(qtbot, runner)
    qtbot.addWidget(actions.preview)
    reprints = [
        e.payload["reprint"]
        for e in events_for(ui_ws.db, dossier.id)
        if e.type == "document.printed"
    ]
    assert reprints == [False, True]


def test_render_errors_reach_the_person(qtbot, runner) -> None:
    actions = PrintActions(runner)
    with qtbot.waitSignal(actions.error, timeout=5000) as failed:
        actions.print_dossier("000.00.04.H42-270203-9999")
    wait_idle(qtbot, runner)
    assert "Không tìm thấy hồ sơ" in failed.args[0]


def test_printer_choices_are_remembered(qtbot, runner, ui_ws) -> None:
    assert load_printer_prefs(ui_ws) == PrinterPrefs()  # preview first, no printer yet
    dialog = PrinterDialog(PrinterPrefs(True, "Cu-may-in", ""), ["A5-laser", "Nhan-nhiet"])
    qtbot.addWidget(dialog)
    form = dialog.combos[DocumentClass.FORM]
    assert "không thấy máy in" in form.currentText()  # a remembered printer that is gone
    form.setCurrentIndex(form.findData("A5-laser"))
    labels = dialog.combos[DocumentClass.LABEL]
    labels.setCurrentIndex(labels.findData("Nhan-nhiet"))
    dialog.preview.setChecked(False)
    actions = PrintActions(runner)
    dialog.chosen.connect(actions.save_prefs)
    with qtbot.waitSignal(dialog.chosen):
        dialog.save_button.click()
    wait_idle(qtbot, runner)
    assert load_printer_prefs(ui_ws) == PrinterPrefs(False, "A5-laser", "Nhan-nhiet")


def test_a_printer_that_fails_leaves_the_documents_in_preview_with_the_reason(
    qtbot, tmp_path, runner, dossier
) -> None:
    runner.db(lambda ws: save_printer_prefs(ws, PrinterPrefs(preview=False)))
    broken = tmp_path / "no-such-folder" / "out.pdf"  # the "printer" cannot start a job
    actions = PrintActions(runner, printer_factory=lambda _c, _p: file_printer(broken))
    errors: list[str] = []
    actions.error.connect(errors.append)
    actions.print_dossier(dossier.code, ["receipt"])
    wait_idle(qtbot, runner)
    qtbot.addWidget(actions.preview)
    assert errors and "Kiểm tra máy in" in errors[0]
    assert actions.preview.isVisible()
    assert actions.preview.note.text() == errors[0]
    assert [d.kind for d in actions.preview.documents] == ["receipt"]
