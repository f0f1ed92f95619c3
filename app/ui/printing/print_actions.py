"""Print actions any screen can use: render a dossier's documents, preview or print them.

Rendering runs on the database thread (``render_for_dossier`` records each print as an event);
previews and printing happen on the GUI thread. Which printer gets which document class, and
whether to preview first, are stored settings (``PrinterPrefs``). Qt print support and the
dialogs are imported on first use: the window does not need them to take the first citizen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.errors import DomainError
from app.ui.file_errors import write_error_reason
from app.ui.printing.documents import DocumentClass, PrintDocument, class_title
from app.ui.printing.printer_prefs import PrinterPrefs, load_printer_prefs, save_printer_prefs
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from app.services.workstation import Workstation
    from app.ui.printing.preview_dialog import PreviewDialog
    from app.ui.printing.printer_dialog import PrinterDialog

# What the counter prints when it accepts a dossier.
ACCEPT_KINDS: tuple[str, ...] = ("receipt", "dispatch", "label")  # services DocumentKind

PrinterFactory = Callable[[DocumentClass, PrinterPrefs], "QPrinter | None"]
AskPrinter = Callable[[QWidget | None, DocumentClass], "QPrinter | None"]


def remembered_printer(doc_class: DocumentClass, prefs: PrinterPrefs) -> QPrinter | None:
    from app.ui.printing.qt_printer import printer_named

    return printer_named(prefs.printer_for(doc_class))


def ask_for_printer(parent: QWidget | None, doc_class: DocumentClass) -> QPrinter | None:
    from app.ui.printing import qt_printer

    return qt_printer.ask_for_printer(parent, doc_class)


def _render(ws: Workstation, code: str, kinds: Sequence[str]) -> list[PrintDocument]:
    # Database thread; reportlab is imported on first use, not when the window opens.
    from app.services.documents import render_for_dossier

    return [PrintDocument(str(k), render_for_dossier(ws, k, code), code) for k in kinds]


class PrintActions(QObject):
    """``print_dossier(code)`` after a receipt; ``reprint(code, kind)`` from a dossier's detail."""

    documents_ready = Signal(object)  # list[PrintDocument], rendered and about to be shown/printed
    printed = Signal(object, str)  # PrintDocument, printer name (or output file)
    message = Signal(str)  # a short line for the status bar
    error = Signal(str)  # a Vietnamese message saying what to do

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        printer_factory: PrinterFactory = remembered_printer,
        ask_printer: AskPrinter = ask_for_printer,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._widget = parent
        self._printer_factory = printer_factory
        self._ask_printer = ask_printer
        self.preview: PreviewDialog | None = None
        self.printer_dialog: PrinterDialog | None = None

    # ------------------------------------------------------------------ entry points

    def print_dossier(
        self, code: str, kinds: Sequence[str] = ACCEPT_KINDS, *, preview: bool | None = None
    ) -> None:
        """Render the dossier's documents, then preview or print them (``None``: as set)."""
        wanted = tuple(kinds)
        self.runner.db(
            lambda ws: (load_printer_prefs(ws), _render(ws, code, wanted)),
            lambda result: self._deliver(result[1], result[0], preview),
            self._failed,
            changes="dossiers",
        )

    def reprint(self, code: str, kind: str) -> None:
        """A reprint is always previewed first: the person asked for one specific paper."""
        self.print_dossier(code, (kind,), preview=True)

    def show_documents(
        self, documents: Sequence[PrintDocument], *, preview: bool | None = None
    ) -> None:
        """Preview or print documents rendered elsewhere (e.g. the guidance slip)."""
        docs = list(documents)
        self.runner.db(
            load_printer_prefs, lambda prefs: self._deliver(docs, prefs, preview), self._failed
        )

    def choose_printers(self) -> None:
        """Open the printer settings (non-modal); the choice is stored when saved."""
        self.runner.db(load_printer_prefs, self._open_printer_dialog, self._failed)

    def _open_printer_dialog(self, prefs: PrinterPrefs) -> None:
        from app.ui.printing.printer_dialog import PrinterDialog
        from app.ui.printing.qt_printer import available_printers

        dialog = PrinterDialog(prefs, available_printers(), self._widget)
        dialog.chosen.connect(self.save_prefs)
        self.printer_dialog = dialog
        dialog.open()

    def save_prefs(self, prefs: PrinterPrefs) -> None:
        self.runner.db(
            lambda ws: save_printer_prefs(ws, prefs),
            lambda _r: self._say(self.tr("Đã lưu lựa chọn máy in.")),
            self._failed,
        )

    # ------------------------------------------------------------------ delivery

    def _deliver(
        self, docs: list[PrintDocument], prefs: PrinterPrefs, preview: bool | None
    ) -> None:
        self.documents_ready.emit(docs)
        if preview if preview is not None else prefs.preview:
            self.open_preview(docs)
            return
        not_printed, problems = self._print_each(docs, prefs, ask=False)
        if not_printed:
            # Whatever did not print opens in the preview, with the reason, to print from there.
            unassigned = (
                {class_title(d.doc_class).lower() for d in not_printed} if not problems else ()
            )
            note = " ".join(problems) or self.tr(
                "Chưa chọn {0} hoặc máy in không sẵn sàng. Bấm «In» để chọn máy in."
            ).format(", ".join(sorted(unassigned)))
            self.open_preview(not_printed, note)

    def open_preview(self, docs: Sequence[PrintDocument], note: str = "") -> PreviewDialog:
        from app.ui.printing.preview_dialog import PreviewDialog

        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        dialog = PreviewDialog(docs, self._widget, note)
        dialog.print_requested.connect(self._print_from_preview)
        dialog.save_requested.connect(self._save_pdf)
        self.preview = dialog
        dialog.show()
        return dialog

    def _print_from_preview(self, docs: list[PrintDocument]) -> None:
        self.runner.db(
            load_printer_prefs,
            lambda prefs: self._print_each(docs, prefs, ask=True)[0],
            self._failed,
        )

    def _print_each(
        self, docs: Sequence[PrintDocument], prefs: PrinterPrefs, *, ask: bool
    ) -> tuple[list[PrintDocument], list[str]]:
        """Print what has a printer; returns the documents left unprinted and why, in words."""
        from app.ui.printing.qt_printer import print_pdf

        left: list[PrintDocument] = []
        problems: list[str] = []
        for doc in docs:
            if doc.doc_class is DocumentClass.LABEL and prefs.label_is_zpl:
                self._send_zpl(doc, prefs)
                continue
            printer = self._printer_factory(doc.doc_class, prefs)
            if printer is None and ask:
                printer = self._ask_printer(self._widget, doc.doc_class)
                if printer is not None and printer.printerName():
                    prefs = prefs.with_printer(doc.doc_class, printer.printerName())
                    self.save_prefs(prefs)
            if printer is None:
                left.append(doc)
                continue
            # Labels through a driver go as one image: thermal drivers often misrender text.
            raster = prefs.raster_only or doc.doc_class is DocumentClass.LABEL
            try:
                print_pdf(doc.pdf, printer, raster_only=raster)
            except DomainError as exc:
                self._report(exc.message)
                problems.append(exc.message)
                left.append(doc)
                continue
            target = printer.printerName() or printer.outputFileName()
            self.printed.emit(doc, target)
            self._say(self.tr("Đã gửi «{0}» tới {1}.").format(doc.title, target))
        return left, problems

    def _send_zpl(self, doc: PrintDocument, prefs: PrinterPrefs) -> None:
        """A raw label printer: the label rendered to ZPL and sent off the GUI thread."""
        from app.printing.raw_printer import RawKind, RawTarget, send_raw
        from app.printing.zpl import label_pdf_to_zpl

        target = RawTarget(RawKind(prefs.label_kind), prefs.label_address)
        dpi = prefs.label_dpi

        def send() -> None:
            send_raw(target, label_pdf_to_zpl(doc.pdf, dpi), title=doc.code or doc.kind)

        def sent(_result: object) -> None:
            self.printed.emit(doc, target.describe())
            self._say(self.tr("Đã gửi «{0}» tới {1}.").format(doc.title, target.describe()))

        self.runner.net(send, sent, self._failed)

    def _save_pdf(self, doc: PrintDocument) -> None:
        from PySide6.QtWidgets import QFileDialog

        suggested = f"{doc.code or doc.kind}-{doc.kind}.pdf".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(
            self._widget, self.tr("Lưu tệp PDF"), suggested, self.tr("Tệp PDF (*.pdf)")
        )
        if not path:
            return
        self.runner.net(
            lambda: Path(path).write_bytes(doc.pdf),
            lambda _n: self._say(self.tr("Đã lưu {0}.").format(path)),
            lambda exc: self._report(
                self.tr("Không lưu được tệp {0}: {1}. Chọn thư mục khác.").format(
                    path, write_error_reason(exc)
                )
            ),
        )

    # ------------------------------------------------------------------ feedback

    def _say(self, text: str) -> None:
        if self.preview is not None and self.preview.isVisible():
            self.preview.set_status(text)
        self.message.emit(text)

    def _report(self, text: str) -> None:
        if self.preview is not None and self.preview.isVisible():
            self.preview.set_status(text)
        self.error.emit(text)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self._report(exc.message)
        else:
            self._report(
                self.tr("Không in được: {0}. Thử lại; nếu vẫn lỗi, báo cho kỹ thuật.").format(exc)
            )
