"""Settings → Máy in: the form printer, the label printer (driver or raw ZPL), test pages.

The choices are ``PrinterPrefs`` (app/ui/printing/printer_prefs.py), loaded and saved on the
database thread. A label printer's address is checked as it is typed (no I/O); a bad one is
never saved. "In trang thử" uses what is on screen, saved or not, so a printer can be tried
before it is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.printing.raw_printer import RawKind, check_address
from app.printing.zpl import DPI_CHOICES
from app.ui.i18n import translate
from app.ui.printing.printer_prefs import (
    LABEL_QT,
    PrinterPrefs,
    load_printer_prefs,
    save_printer_prefs,
)
from app.ui.printing.test_page_sender import LABEL_SIZES, TestPageSender, TestPageSent
from app.ui.style import ERROR_COLOR, OK_COLOR, set_text_color, styled
from app.ui.tasks import TaskRunner


def _available_printers() -> list[str]:
    from app.ui.printing.qt_printer import available_printers

    return available_printers()


def _label_kinds() -> list[tuple[str, str]]:
    return [
        (LABEL_QT, translate("PrintersPage", "Máy in thường qua trình điều khiển")),
        (RawKind.NETWORK.value, translate("PrintersPage", "Máy in nhãn ZPL qua mạng")),
        (RawKind.CUPS.value, translate("PrintersPage", "ZPL qua hàng đợi CUPS")),
        (RawKind.PATH.value, translate("PrintersPage", "ZPL qua đường dẫn")),
    ]


def _address_hint(kind: str) -> str:
    hints = {
        RawKind.NETWORK.value: translate(
            "PrintersPage",
            "Địa chỉ IP của máy in nhãn, ví dụ 192.168.1.50 hoặc 192.168.1.50:9100 "
            "(in trang cấu hình của máy in để xem).",
        ),
        RawKind.CUPS.value: translate(
            "PrintersPage", "Tên hàng in dạng raw trong CUPS, ví dụ zebra (xem bằng lpstat -p)."
        ),
        RawKind.PATH.value: translate(
            "PrintersPage",
            "Máy in chia sẻ \\\\tên-máy\\tên-máy-in, hoặc đường dẫn thiết bị như /dev/usb/lp0.",
        ),
    }
    return hints.get(
        kind,
        translate(
            "PrintersPage",
            "Nhãn được in qua trình điều khiển của máy in, dưới dạng ảnh. Chọn máy in ở trên.",
        ),
    )


def _size_title(size: str) -> str:
    width, height = size.split("x")
    return translate("PrintersPage", "Nhãn {0} × {1} mm").format(width, height)


class PrintersPage(QWidget):
    saved = Signal(object)  # PrinterPrefs, once stored

    @staticmethod
    def page_title() -> str:
        return translate("PrintersPage", "Máy in")

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        printers: Callable[[], Sequence[str]] = _available_printers,
    ) -> None:
        super().__init__(parent)
        styled(self)
        self.runner = runner
        self.prefs = PrinterPrefs()
        self._loaded = False
        self.setAccessibleName(self.page_title())
        self.test_pages = TestPageSender(runner, self)
        self.test_pages.sent.connect(self._test_sent)
        self.test_pages.failed.connect(lambda text: self._say(text, error=True))

        intro = QLabel(
            self.tr(
                "Chọn máy in cho giấy tờ khổ A5 và cho nhãn bưu gửi, rồi bấm «In trang thử» để "
                "kiểm tra trước khi lưu."
            )
        )
        intro.setWordWrap(True)

        # -- form printer
        form_box = QGroupBox(self.tr("Máy in giấy tờ (A5)"))
        self.form_printer = QComboBox()
        form_label = QLabel(self.tr("Máy in giấy tờ (A5)"))
        form_label.setBuddy(self.form_printer)
        self.form_printer.setAccessibleName(form_label.text())
        self.form_test = QPushButton(self.tr("In trang thử giấy tờ"))
        self.form_test.setAccessibleName(self.form_test.text())
        self.form_test.clicked.connect(self.print_form_test)
        form_layout = QFormLayout(form_box)
        form_layout.addRow(form_label, self.form_printer)
        form_layout.addRow("", self.form_test)

        # -- label printer
        label_box = QGroupBox(self.tr("Máy in nhãn"))
        self.label_kind = QComboBox()
        for value, text in _label_kinds():
            self.label_kind.addItem(text, value)
        kind_label = QLabel(self.tr("Cách nối máy in nhãn"))
        kind_label.setBuddy(self.label_kind)
        self.label_kind.setAccessibleName(kind_label.text())
        self.label_printer = QComboBox()
        printer_label = QLabel(self.tr("Máy in nhãn (trình điều khiển)"))
        printer_label.setBuddy(self.label_printer)
        self.label_printer.setAccessibleName(printer_label.text())
        self.address = QLineEdit()
        address_label = QLabel(self.tr("Địa chỉ máy in nhãn"))
        address_label.setBuddy(self.address)
        self.address.setAccessibleName(address_label.text())
        self.address_hint = QLabel()
        self.address_hint.setWordWrap(True)
        self.address_problem = QLabel()
        self.address_problem.setObjectName("addressProblem")
        self.address_problem.setAccessibleName(self.tr("Lỗi địa chỉ máy in nhãn"))
        self.address_problem.setWordWrap(True)
        set_text_color(self.address_problem, ERROR_COLOR)
        self.dpi = QComboBox()
        for dpi in DPI_CHOICES:
            self.dpi.addItem(self.tr("{0} dpi").format(dpi), dpi)
        dpi_label = QLabel(self.tr("Độ phân giải của máy in nhãn"))
        dpi_label.setBuddy(self.dpi)
        self.dpi.setAccessibleName(dpi_label.text())
        self.test_size = QComboBox()
        for size in LABEL_SIZES:
            self.test_size.addItem(_size_title(size), size)
        size_label = QLabel(self.tr("Khổ nhãn in thử"))
        size_label.setBuddy(self.test_size)
        self.test_size.setAccessibleName(size_label.text())
        self.label_test = QPushButton(self.tr("In trang thử nhãn"))
        self.label_test.setAccessibleName(self.label_test.text())
        self.label_test.clicked.connect(self.print_label_test)
        label_layout = QFormLayout(label_box)
        label_layout.addRow(kind_label, self.label_kind)
        label_layout.addRow(printer_label, self.label_printer)
        label_layout.addRow(address_label, self.address)
        label_layout.addRow("", self.address_hint)
        label_layout.addRow("", self.address_problem)
        label_layout.addRow(dpi_label, self.dpi)
        label_layout.addRow(size_label, self.test_size)
        label_layout.addRow("", self.label_test)

        # -- how to print
        self.preview = QCheckBox(self.tr("Xem trước khi in"))
        self.preview.setAccessibleName(self.preview.text())
        self.raster_only = QCheckBox(self.tr("In dạng ảnh (cho máy in in sai chữ)"))
        self.raster_only.setAccessibleName(self.raster_only.text())

        self.status = QLabel()
        self.status.setObjectName("printersStatus")
        self.status.setAccessibleName(self.tr("Thông báo"))
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setAccessibleName(self.save_button.text())
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(form_box)
        layout.addWidget(label_box)
        layout.addWidget(self.preview)
        layout.addWidget(self.raster_only)
        layout.addStretch(1)
        layout.addLayout(buttons)

        order = [
            self.form_printer,
            self.form_test,
            self.label_kind,
            self.label_printer,
            self.address,
            self.dpi,
            self.test_size,
            self.label_test,
            self.preview,
            self.raster_only,
            self.save_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        self.label_kind.currentIndexChanged.connect(self._kind_changed)
        self.address.textChanged.connect(self._check_address)
        self._printers = list(printers())
        self._fill(self.prefs)
        self.setEnabled(False)  # until the stored choices are shown
        self.reload()

    # ------------------------------------------------------------------ state

    def reload(self) -> None:
        self.runner.db(load_printer_prefs, self._loaded_prefs, self._failed)

    def _loaded_prefs(self, prefs: PrinterPrefs) -> None:
        self.prefs = prefs
        self._fill(prefs)
        self._loaded = True
        self.setEnabled(True)

    def _fill(self, prefs: PrinterPrefs) -> None:
        self._fill_printers(self.form_printer, prefs.form_printer)
        self._fill_printers(self.label_printer, prefs.label_printer)
        index = self.label_kind.findData(prefs.label_kind)
        self.label_kind.setCurrentIndex(max(0, index))
        self.address.setText(prefs.label_address)
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(prefs.label_dpi)))
        self.preview.setChecked(prefs.preview)
        self.raster_only.setChecked(prefs.raster_only)
        self._kind_changed()

    def _fill_printers(self, combo: QComboBox, current: str) -> None:
        combo.clear()
        combo.addItem(self.tr("(chưa chọn)"), "")
        for name in self._printers:
            combo.addItem(name, name)
        if current and current not in self._printers:
            # Kept as chosen: a printer switched off today is still the one to use tomorrow.
            combo.addItem(self.tr("{0} (không thấy máy in)").format(current), current)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def current_prefs(self) -> PrinterPrefs:
        """What the page shows, as preferences (not checked; see ``problem``)."""
        return replace(
            self.prefs,
            form_printer=str(self.form_printer.currentData() or ""),
            label_printer=str(self.label_printer.currentData() or ""),
            label_kind=str(self.label_kind.currentData() or LABEL_QT),
            label_address=self.address.text().strip(),
            label_dpi=int(self.dpi.currentData() or DPI_CHOICES[0]),
            preview=self.preview.isChecked(),
            raster_only=self.raster_only.isChecked(),
        )

    def problem(self) -> str:
        """Why the label printer's address cannot work, or "" when it can (or is not used)."""
        kind = str(self.label_kind.currentData() or LABEL_QT)
        if kind == LABEL_QT:
            return ""
        try:
            check_address(RawKind(kind), self.address.text())
        except DomainError as exc:
            return exc.message
        return ""

    def _kind_changed(self) -> None:
        kind = str(self.label_kind.currentData() or LABEL_QT)
        zpl = kind != LABEL_QT
        self.label_printer.setEnabled(not zpl)
        self.address.setEnabled(zpl)
        self.dpi.setEnabled(zpl)
        self.address_hint.setText(_address_hint(kind))
        placeholders = {
            RawKind.NETWORK.value: "192.168.1.50:9100",
            RawKind.CUPS.value: "zebra",
            RawKind.PATH.value: "\\\\may-quay-1\\zebra",
        }
        self.address.setPlaceholderText(placeholders.get(kind, ""))
        self._check_address()

    def _check_address(self) -> None:
        # An empty address is only a problem once the person saves or prints: no red text while
        # the field has not been filled yet.
        problem = self.problem() if self.address.text().strip() else ""
        self.address_problem.setText(problem)
        self.address_problem.setVisible(bool(problem))

    # ------------------------------------------------------------------ actions

    def save(self) -> None:
        problem = self.problem()
        if problem:
            self.address_problem.setText(problem)
            self.address_problem.setVisible(True)
            self._say(self.tr("Chưa lưu: {0}").format(problem), error=True)
            self.address.setFocus()
            return
        prefs = self.current_prefs()
        self.save_button.setEnabled(False)
        self.runner.db(
            lambda ws: save_printer_prefs(ws, prefs),
            lambda _r: self._saved(prefs),
            self._save_failed,
        )

    def _saved(self, prefs: PrinterPrefs) -> None:
        self.prefs = prefs
        self.save_button.setEnabled(True)
        self._say(self.tr("Đã lưu cài đặt máy in."))
        self.saved.emit(prefs)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._failed(exc)

    def print_form_test(self) -> None:
        prefs = self.current_prefs()
        self._say(self.tr("Đang in trang thử…"))
        self.test_pages.print_form(prefs.form_printer, raster_only=prefs.raster_only)

    def print_label_test(self) -> None:
        problem = self.problem()
        if problem:
            self._say(problem, error=True)
            self.address.setFocus()
            return
        self._say(self.tr("Đang in trang thử…"))
        self.test_pages.print_label(self.current_prefs(), str(self.test_size.currentData()))

    def _test_sent(self, sent: TestPageSent) -> None:
        self._say(
            self.tr(
                "Đã gửi trang thử tới {0}. Kiểm tra: các vạch thước đúng 10 mm, mã vạch quét "
                "được, dấu tiếng Việt rõ ràng."
            ).format(sent.target)
        )

    # ------------------------------------------------------------------ feedback

    def _failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", "")  # DomainError and StorageError say what to do
        self._say(
            message
            or self.tr(
                "Không đọc hoặc lưu được cài đặt máy in: {0}. Thử lại; nếu vẫn lỗi, báo kỹ thuật."
            ).format(exc),
            error=True,
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        set_text_color(self.status, ERROR_COLOR if error else OK_COLOR)
        self.status.setProperty("error", error)
        self.status.setText(text)
