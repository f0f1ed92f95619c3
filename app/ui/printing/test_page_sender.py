"""Printing the test page (app.printing.test_page) to the form or the label printer.

The page is rendered on the database thread (it names the office and uses the workstation's
clock); a Qt printer is driven on the GUI thread as ``PrintActions`` does; a ZPL label printer is
sent to on the network pool. The settings being edited are used, saved or not: a printer is
tried before its choice is kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.domain.errors import DomainError
from app.ui.i18n import translate
from app.ui.printing.printer_prefs import PrinterPrefs
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from app.printing.raw_printer import RawTarget
    from app.services.workstation import Workstation

FORM_SIZE = "A5"
LABEL_SIZES = ("100x150", "50x30")  # app.printing.test_page.SIZES of the two labels
JOB_PREFIX = "motcua-trang-in-thu"  # the job title CUPS shows (and the tests look for)

PrinterLookup = Callable[[str], "QPrinter | None"]


def _printer_named(name: str) -> QPrinter | None:
    from app.ui.printing.qt_printer import printer_named

    return printer_named(name)


@dataclass(frozen=True)
class TestPageSent:
    __test__ = False  # not a pytest test class

    target: str  # the printer's name or the label printer's address
    job: str  # the print job's title


class TestPageSender(QObject):
    """``print_form(name, raster_only=…)`` and ``print_label(prefs, size)``; one signal each way."""

    __test__ = False

    sent = Signal(object)  # TestPageSent
    failed = Signal(str)  # a Vietnamese message saying what to do

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject | None = None,
        printer_lookup: PrinterLookup = _printer_named,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._printer_lookup = printer_lookup

    def print_form(self, printer_name: str, *, raster_only: bool = False) -> None:
        if not printer_name:
            self.failed.emit(
                translate(
                    "TestPage",
                    "Chưa chọn máy in giấy tờ. Chọn máy in trong danh sách rồi bấm in thử.",
                )
            )
            return
        self._render(
            FORM_SIZE,
            printer_name,
            lambda pdf: self._print_qt(pdf, printer_name, raster_only=raster_only),
        )

    def print_label(self, prefs: PrinterPrefs, size: str = LABEL_SIZES[0]) -> None:
        if not prefs.label_is_zpl:
            if not prefs.label_printer:
                self.failed.emit(
                    translate(
                        "TestPage",
                        "Chưa chọn máy in nhãn. Chọn máy in trong danh sách rồi bấm in thử.",
                    )
                )
                return
            # Labels through a driver go as one image, as PrintActions sends them.
            name = prefs.label_printer
            self._render(size, name, lambda pdf: self._print_qt(pdf, name, raster_only=True))
            return
        from app.printing.raw_printer import RawKind, RawTarget, check_address

        target = RawTarget(RawKind(prefs.label_kind), prefs.label_address.strip())
        try:
            check_address(target.kind, target.address)
        except DomainError as exc:
            self.failed.emit(exc.message)
            return
        shown = f"ZPL {target.describe()} ({prefs.label_dpi} dpi)"
        self._render(size, shown, lambda pdf: self._send_zpl(pdf, target, prefs.label_dpi))

    # ------------------------------------------------------------------ steps

    def _render(self, size: str, printer_name: str, then: Callable[[bytes], None]) -> None:
        def render(ws: Workstation) -> bytes:
            from app.printing.test_page import test_page_pdf

            return test_page_pdf(
                office_name=ws.office.name,
                printer_name=printer_name,
                printed_at=ws.now(),
                size=size,
            )

        self.runner.db(render, then, self._error)

    def _print_qt(self, pdf: bytes, name: str, *, raster_only: bool) -> None:
        """GUI thread: Qt's printing is not thread-safe."""
        from app.ui.printing.qt_printer import print_pdf

        printer = self._printer_lookup(name)
        if printer is None:
            self.failed.emit(
                translate(
                    "TestPage",
                    "Không thấy máy in «{0}». Kiểm tra máy in đã bật và đã cài trên máy tính, "
                    "rồi chọn lại trong danh sách.",
                ).format(name)
            )
            return
        job = _job_title()
        printer.setDocName(job)
        try:
            print_pdf(pdf, printer, raster_only=raster_only)
        except DomainError as exc:
            self.failed.emit(exc.message)
            return
        self.sent.emit(TestPageSent(printer.printerName() or printer.outputFileName(), job))

    def _send_zpl(self, pdf: bytes, target: RawTarget, dpi: int) -> None:
        from app.printing.raw_printer import send_raw
        from app.printing.zpl import label_pdf_to_zpl

        job = _job_title()

        def send() -> None:
            send_raw(target, label_pdf_to_zpl(pdf, dpi), title=job)

        self.runner.net(
            send, lambda _r: self.sent.emit(TestPageSent(target.describe(), job)), self._error
        )

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.failed.emit(exc.message)
        else:
            self.failed.emit(
                translate(
                    "TestPage", "Không in được trang thử: {0}. Thử lại; nếu vẫn lỗi, báo kỹ thuật."
                ).format(exc)
            )


def _job_title() -> str:
    # Unique, and only letters, digits and "-": CUPS backends put the title in file names.
    return f"{JOB_PREFIX}-{uuid.uuid4().hex[:8]}"
