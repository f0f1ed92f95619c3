"""``motcua --self-test DIR``: the installed program's smoke run, through the real window.

It starts the counter window (GuiSession) on a fresh data folder, waits for the intake screen,
takes a demo citizen's dossier the way a clerk does (type the procedure, scan the ID card's QR,
type the phone, tick the papers, Ctrl+Enter), then prints the receipt through the app's own
print path to a PDF printer, and quits. What it proves on a target machine: the bundle's Python,
Qt (widgets, offscreen or a real screen, print support), fonts, catalog, SQLite, reportlab and
pdfium all load and work together.

The result is one JSON line on stdout; exit status 0 when every step passed, 1 otherwise (the
reason, in Vietnamese, is on stderr and in the JSON). It runs offscreen unless QT_QPA_PLATFORM
says otherwise, and gives up after a timeout. It refuses a folder that already holds a database:
a smoke run must never add a demo dossier to a real counter's data.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.app import GuiSession
    from app.ui.main_window import MainWindow
    from app.ui.printing import PrintActions, PrintDocument, PrinterPrefs
    from app.ui.printing.documents import DocumentClass

RECEIPT_PDF = "receipt.pdf"  # the receipt as rendered (text, for checking)
PRINTED_PDF = "receipt-printed.pdf"  # the receipt as sent through Qt print support (raster)
DEFAULT_TIMEOUT_S = 60.0
# A demo citizen (not a real person): the chip ID card's QR payload, as a scanner types it.
DEMO_PROCEDURE_SEARCH = "dang ky khai sinh"
DEMO_PROCEDURE_CODE = "1.001193"
DEMO_CARD = (
    "042190001234||Nguyễn Thị Hồng Nhung|12051990|Nữ|Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh|15082021"
)
DEMO_PHONE = "0912345678"
ACCEPT_KINDS = {"receipt", "dispatch", "label"}
FOCUS_WAIT_MS, FOCUS_WAITS = 50, 100  # up to 5 s for the window manager to activate the window


class SelfTestFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def prepare_home(home: Path) -> None:
    """Create the data folder's database and mark it set up (no first-run wizard)."""
    from app.services.setup import SELF_TEST, mark_set_up
    from app.services.workstation import DB_FILE, open_workstation

    if (home / DB_FILE).exists():
        raise SelfTestFailed(
            f"Thư mục {home} đã có dữ liệu của một quầy. Chạy kiểm tra với một thư mục trống "
            "(ví dụ một thư mục tạm mới) để không thêm hồ sơ mẫu vào dữ liệu thật."
        )
    home.mkdir(parents=True, exist_ok=True)
    ws = open_workstation(home)
    try:
        mark_set_up(ws, SELF_TEST)
    finally:
        ws.close()


def _type_text(widget: QWidget, text: str) -> None:
    """Type as a keyboard or a USB scanner in keyboard mode does (any Unicode text)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def _press(
    widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    # QTest goes through the shortcut map as a real key press does (Ctrl+Enter is a QShortcut).
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key, modifier)


class SelfTest(QObject):
    """The steps, driven by the window's own signals; ``result`` is set when it ends."""

    def __init__(
        self, session: GuiSession, home: Path, timeout_s: float, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.home = home
        self.step = "mở cửa sổ"
        self.result: dict[str, Any] | None = None
        self.code = ""
        self._started = time.monotonic()
        self._window: MainWindow | None = None
        self._actions: PrintActions | None = None
        self._receipt_saved = False
        self._filled = False
        self._focus_waits = 0
        self._previous_hook = sys.excepthook
        self._timeout_s = timeout_s
        self._timer = QTimer(self)
        self._timer.setObjectName("selfTestTimeout")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        session.ready.connect(self._window_shown)
        session.failed.connect(self._fail)

    def start(self) -> None:
        # An exception in a slot only prints in Qt's event loop; here it fails the run.
        self._previous_hook = sys.excepthook
        sys.excepthook = self._unhandled
        self._timer.start(round(self._timeout_s * 1000))
        self.session.start()

    # ------------------------------------------------------------------ steps

    def _window_shown(self, window: MainWindow) -> None:
        self._window = window
        self.step = "chờ màn hình tiếp nhận"
        window.intake.ready.connect(self._intake_ready)

    def _intake_ready(self) -> None:
        # After the other handlers of ``ready`` (sync, sign-in) have run.
        QTimer.singleShot(0, self._guarded(self._activate))

    def _activate(self) -> None:
        """Shortcuts need the active window: on a real display activation is asynchronous."""
        window = self._window
        if self._filled or window is None:  # ``ready`` again after a catalog reload
            return
        self.step = "nhận bàn phím"
        if QApplication.activeWindow() is not window:
            window.raise_()
            window.activateWindow()
            self._focus_waits += 1
            if self._focus_waits > FOCUS_WAITS:
                raise SelfTestFailed("Cửa sổ không nhận được bàn phím (không thành cửa sổ chính).")
            QTimer.singleShot(FOCUS_WAIT_MS, self._guarded(self._activate))
            return
        self._filled = True
        self._fill_and_accept(window)

    def _fill_and_accept(self, window: MainWindow) -> None:
        screen = window.intake
        self.step = "chọn thủ tục"
        screen.picker.search.setFocus()
        _type_text(screen.picker.search, DEMO_PROCEDURE_SEARCH)
        _press(screen.picker.search, Qt.Key.Key_Return)
        if screen.procedure is None or screen.procedure.code != DEMO_PROCEDURE_CODE:
            raise SelfTestFailed(f"Không chọn được thủ tục {DEMO_PROCEDURE_CODE} trong danh mục.")
        self.step = "quét thẻ căn cước"
        screen.form.qr.setFocus()
        _type_text(screen.form.qr, DEMO_CARD)
        _press(screen.form.qr, Qt.Key.Key_Return)
        if screen.form.value("id_number") != "042190001234":
            raise SelfTestFailed("Quét mã QR thẻ căn cước mẫu không điền được thông tin.")
        self.step = "nhập số điện thoại"
        phone = screen.form.inputs["phone"]
        phone.setFocus()
        _type_text(phone, DEMO_PHONE)
        self.step = "đánh dấu giấy tờ"
        for line in screen.checklist.lines:
            if line.required is not None and not line.required.optional:
                line.check.setFocus()
                _press(line.check, Qt.Key.Key_Space)
        if screen.checklist.missing():
            raise SelfTestFailed("Đánh dấu giấy tờ bằng bàn phím không được.")
        self.step = "tiếp nhận (Ctrl+Enter)"
        screen.accepted.connect(self._guarded(self._accepted))
        screen.printing.documents_ready.connect(self._guarded(self._documents_ready))
        screen.printing.error.connect(self._fail)
        phone.setFocus()
        _press(phone, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if not self.code and "Đang tiếp nhận" not in screen.banner.text():
            raise SelfTestFailed(f"Ctrl+Enter không tiếp nhận hồ sơ: {screen.banner.text()}")

    def _accepted(self, dossier: Any) -> None:
        self.code = dossier.code
        self.step = "tạo giấy tờ in"

    def _documents_ready(self, docs: Sequence[PrintDocument]) -> None:
        kinds = {doc.kind for doc in docs}
        if kinds != ACCEPT_KINDS:
            raise SelfTestFailed(f"Giấy tờ in sau khi tiếp nhận không đủ: {sorted(kinds)}.")
        # Print the receipt again the way the counter prints to a chosen printer: the same
        # PrintActions, with a PDF printer in place of the remembered one.
        from app.ui.printing import PrintActions

        self.step = "in giấy tiếp nhận"
        actions = PrintActions(self.session.runner, self._window, printer_factory=self._printer)
        actions.documents_ready.connect(self._guarded(self._save_receipt))
        actions.printed.connect(self._guarded(self._printed))
        actions.error.connect(self._fail)
        self._actions = actions
        actions.print_dossier(self.code, ("receipt",), preview=False)

    def _printer(self, _doc_class: DocumentClass, _prefs: PrinterPrefs) -> QPrinter:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.home / PRINTED_PDF))
        return printer

    def _save_receipt(self, docs: Sequence[PrintDocument]) -> None:
        # Rendering is the database thread's job; this small write is the smoke run's own output.
        (self.home / RECEIPT_PDF).write_bytes(docs[0].pdf)
        self._receipt_saved = True

    def _printed(self, _doc: PrintDocument, target: str) -> None:
        printed = Path(target)
        if not printed.is_file() or printed.stat().st_size == 0:
            raise SelfTestFailed(f"In ra tệp PDF không được: {target} trống hoặc không có.")
        if not self._receipt_saved:
            raise SelfTestFailed("Không lưu được giấy tiếp nhận.")
        self._finish(
            {
                "ok": True,
                "code": self.code,
                "receipt_pdf": str(self.home / RECEIPT_PDF),
                "printed_pdf": str(printed),
                "seconds": round(time.monotonic() - self._started, 2),
            }
        )

    # ------------------------------------------------------------------ ending

    def _guarded(self, step: Any) -> Any:
        """``step`` reporting its failure instead of raising into Qt's event loop."""

        def run(*args: Any) -> None:
            if self.result is not None:
                return
            try:
                step(*args)
            except SelfTestFailed as exc:
                self._fail(exc.message)
            except Exception as exc:
                self._fail(f"{type(exc).__name__}: {exc}")

        return run

    def _unhandled(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        self._previous_hook(kind, exc, tb)  # the traceback, on stderr
        self._fail(f"lỗi không lường trước: {kind.__name__}: {exc}")

    def _timed_out(self) -> None:
        self._fail(f"Quá {self._timeout_s:g} giây mà chưa xong.")

    def _fail(self, message: str) -> None:
        self._finish(
            {
                "ok": False,
                "step": self.step,
                "message": f"Kiểm tra thất bại ở bước «{self.step}»: {message}",
                "seconds": round(time.monotonic() - self._started, 2),
            }
        )

    def _finish(self, result: dict[str, Any]) -> None:
        if self.result is not None:
            return
        self.result = result
        self._timer.stop()
        sys.excepthook = self._previous_hook
        app = QApplication.instance()
        if app is not None:
            app.exit(0 if result["ok"] else 1)


def _report(result: dict[str, Any]) -> int:
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    if not result["ok"]:
        sys.stderr.write(result["message"] + "\n")
    return 0 if result["ok"] else 1


def run_self_test(home: Path, timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """Run the smoke test on the fresh data folder ``home``; 0 when it passed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a smoke run shows no window
    home = home.expanduser().resolve()
    try:
        prepare_home(home)
    except SelfTestFailed as exc:
        return _report({"ok": False, "step": "chuẩn bị", "message": exc.message})
    except Exception as exc:  # StorageError, OSError: the folder cannot be used
        message = getattr(exc, "message", None) or str(exc)
        return _report(
            {"ok": False, "step": "chuẩn bị", "message": f"Không tạo được dữ liệu mẫu: {message}"}
        )

    from app.ui.app import GuiSession, prepare_application

    app = prepare_application()
    session = GuiSession(home)
    test = SelfTest(session, home, timeout_s)
    test.start()
    app.exec()
    session.shutdown()
    return _report(test.result or {"ok": False, "step": test.step, "message": "Dừng giữa chừng."})
