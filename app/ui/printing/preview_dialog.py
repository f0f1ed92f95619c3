"""The print preview: the very PDFs that will be printed, page by page, one document at a time."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.printing.documents import PrintDocument
from app.ui.printing.pdf_pages import POINTS_PER_INCH, page_sizes, render_pages
from app.ui.style import styled

MAX_PREVIEW_DPI = 150.0  # a 50×30 mm sticker is shown enlarged, but not absurdly


class PreviewDialog(QDialog):
    """Non-modal, so the counter can keep typing; ``print_requested`` carries what to print."""

    print_requested = Signal(object)  # list[PrintDocument]
    save_requested = Signal(object)  # PrintDocument

    def __init__(
        self, documents: Sequence[PrintDocument], parent: QWidget | None = None, note: str = ""
    ) -> None:
        super().__init__(parent)
        styled(self)  # built after start-up: the application's style sheet
        self.documents = list(documents)
        self.setWindowTitle(self.tr("Xem trước khi in"))
        self.setAccessibleName(self.tr("Xem trước khi in"))
        self.resize(1000, 680)

        self.note = QLabel(note)
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Giấy tờ cần in"))
        self.list.setMaximumWidth(260)
        for doc in self.documents:
            self.list.addItem(doc.title)

        self.pages_host = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_host)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_layout.setSpacing(12)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages_host)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(self.tr("Trang in"))
        self.scroll.setStyleSheet("QScrollArea { background: #8a8f98; }")
        self.pages_host.setStyleSheet("background: #8a8f98;")

        self.status = QLabel("")
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)

        self.print_one = QPushButton(self.tr("In giấy tờ này"))
        self.print_all = QPushButton(self.tr("In tất cả (Ctrl+P)"))
        self.save = QPushButton(self.tr("Lưu tệp PDF…"))
        self.close_button = QPushButton(self.tr("Đóng"))
        for button in (self.print_one, self.print_all, self.save, self.close_button):
            button.setAccessibleName(button.text())
        self.print_all.setDefault(True)

        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.print_one, self.print_all, self.save, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.list.currentRowChanged.connect(self._show_document)
        self.print_one.clicked.connect(self._print_current)
        self.print_all.clicked.connect(lambda: self.print_requested.emit(list(self.documents)))
        self.save.clicked.connect(self._save_current)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_all.click)
        self.pages: list[QLabel] = []
        if self.documents:
            self.list.setCurrentRow(0)
        self.print_all.setFocus()

    def current_document(self) -> PrintDocument | None:
        row = self.list.currentRow()
        return self.documents[row] if 0 <= row < len(self.documents) else None

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _print_current(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self.print_requested.emit([doc])

    def _save_current(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self.save_requested.emit(doc)

    def _show_document(self, row: int) -> None:
        for label in self.pages:
            label.deleteLater()
        self.pages = []
        if not 0 <= row < len(self.documents):
            return
        pdf = self.documents[row].pdf
        sizes = page_sizes(pdf)
        if not sizes:
            return
        # Fit the page width to the area right of the list (the layout may not be laid out yet,
        # so derive it from the dialog's own width), leaving room for the scroll bar.
        room = max(300, self.width() - self.list.maximumWidth() - 80)
        widest = max(s.width() for s in sizes) / POINTS_PER_INCH
        dpi = min(MAX_PREVIEW_DPI, room / widest)
        ratio = self.devicePixelRatioF()
        for number, image in enumerate(render_pages(pdf, dpi * ratio), 1):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAccessibleName(self.tr("Trang {0}").format(number))
            label.setStyleSheet("background: white; border: 1px solid #555;")
            self.pages_layout.addWidget(label)
            self.pages.append(label)
