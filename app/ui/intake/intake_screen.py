"""The intake screen: one citizen, one dossier, from procedure to printed receipt.

Keyboard flow: type the procedure, Enter; scan the ID card (or type); phone; tick the documents
(Space); Ctrl+Enter accepts. Every rule lives in the domain and services: this screen only
gathers input, shows what the rules answer, and runs the database work on the task runner.
"""

from __future__ import annotations

import logging
from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.dossier import Dossier, ReturnMethod
from app.domain.errors import DomainError, ValidationFailed
from app.domain.intake import IncompleteDossier
from app.domain.procedure import Procedure, Route
from app.domain.text import format_vn_datetime
from app.ui.intake.applicant_form import ApplicantForm
from app.ui.intake.context import IntakeContext, appointment_at, load_intake_context
from app.ui.intake.document_checklist import DocumentChecklist
from app.ui.intake.fees_panel import FeesPanel
from app.ui.intake.jobs import guidance_pdf, receive
from app.ui.intake.procedure_info import ProcedureInfo
from app.ui.intake.procedure_picker import ProcedurePicker
from app.ui.intake.return_panel import ReturnPanel
from app.ui.intake.widgets import Banner, group, scroll
from app.ui.printing import PrintActions, PrintDocument
from app.ui.printing.documents import GUIDANCE
from app.ui.style import ACCENT_COLOR, ACCEPT_STYLE, set_bold, set_text_color
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

APPOINTMENT_REFRESH_MS = 30_000  # the promised date can change at the 15:00 cut-off
WEEKDAYS = (
    QT_TRANSLATE_NOOP("IntakeScreen", "Thứ Hai"),
    QT_TRANSLATE_NOOP("IntakeScreen", "Thứ Ba"),
    QT_TRANSLATE_NOOP("IntakeScreen", "Thứ Tư"),
    QT_TRANSLATE_NOOP("IntakeScreen", "Thứ Năm"),
    QT_TRANSLATE_NOOP("IntakeScreen", "Thứ Sáu"),
    QT_TRANSLATE_NOOP("IntakeScreen", "Thứ Bảy"),
    QT_TRANSLATE_NOOP("IntakeScreen", "Chủ nhật"),
)


class IntakeScreen(QWidget):
    ready = Signal()  # the catalog is loaded: the screen takes input
    accepted = Signal(object)  # Dossier, stored
    guidance_ready = Signal(bytes)  # the guidance slip PDF (no dossier was stored)
    open_dossier = Signal(str)  # the person asked to see a dossier in the lookup screen

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        printing: PrintActions | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Tiếp nhận hồ sơ"))
        self.runner = runner
        self.printing = printing or PrintActions(runner, self)
        self.context: IntakeContext | None = None
        self.procedure: Procedure | None = None
        self.last_dossier: Dossier | None = None
        self._busy = False

        self.picker = ProcedurePicker()
        self.info = ProcedureInfo()
        self.form = ApplicantForm(self._today)
        self.returns = ReturnPanel(lambda: self.form.value("address"))
        self.checklist = DocumentChecklist()
        self.fees = FeesPanel()
        self.appointment = QLabel("—")
        self.appointment.setObjectName("appointment")
        self.appointment.setWordWrap(True)
        set_bold(self.appointment, point_size=12)
        set_text_color(self.appointment, ACCENT_COLOR)
        self.appointment_title = QLabel(self.tr("Hẹn trả kết quả"))
        self.appointment_title.setObjectName("sectionTitle")
        set_bold(self.appointment_title)

        self.banner = Banner()
        self.view_last = QPushButton(self.tr("Xem hồ sơ vừa nhận"))
        self.reprint_last = QPushButton(self.tr("In lại giấy tờ"))
        self.guidance = QPushButton(self.tr("In phiếu hướng dẫn"))
        self.reset_button = QPushButton(self.tr("Làm mới"))
        self.accept_button = QPushButton(self.tr("Tiếp nhận (Ctrl+Enter)"))
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.setStyleSheet(ACCEPT_STYLE)  # this one button only
        for button in (
            self.view_last,
            self.reprint_last,
            self.guidance,
            self.reset_button,
            self.accept_button,
        ):
            button.setAccessibleName(button.text())
            button.setAutoDefault(False)
        self.view_last.setVisible(False)
        self.reprint_last.setVisible(False)

        self._build_layout()
        self._connect()
        self.timer = QTimer(self)
        self.timer.setObjectName("appointmentRefresh")
        self.timer.setInterval(APPOINTMENT_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._apply_tab_order()
        self.setEnabled(False)  # until the catalog is loaded
        self._banner("info", self.tr("Đang mở danh mục thủ tục…"))
        self.reload_context()

    # ------------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(group(self.tr("Thủ tục"), self.picker, self.info), 1)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(group(self.tr("Người nộp hồ sơ"), self.form))
        middle_layout.addWidget(group(self.tr("Nhận kết quả"), self.returns))
        middle_layout.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(group(self.tr("Thành phần hồ sơ"), self.checklist))
        right_layout.addWidget(
            group(self.tr("Phí và hẹn trả"), self.fees, self.appointment_title, self.appointment)
        )
        right_layout.addStretch(1)

        columns = QGridLayout()
        columns.setContentsMargins(0, 0, 0, 0)
        for index, (column, stretch) in enumerate(((left, 28), (middle, 31), (right, 41))):
            columns.addWidget(scroll(column), 0, index)
            columns.setColumnStretch(index, stretch)

        actions = QHBoxLayout()
        actions.addWidget(self.banner, 1)
        for button in (
            self.view_last,
            self.reprint_last,
            self.guidance,
            self.reset_button,
            self.accept_button,
        ):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(columns, 1)
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.picker.chosen.connect(self._procedure_chosen)
        self.picker.search.returnPressed.connect(self._after_procedure_enter)
        self.form.changed.connect(self.refresh)
        self.form.card_read.connect(lambda _c: self._banner("", ""))
        self.checklist.changed.connect(self.refresh)
        self.fees.changed.connect(self.refresh)
        self.returns.changed.connect(self.refresh)
        self.accept_button.clicked.connect(self.accept)
        self.guidance.clicked.connect(self.print_guidance)
        self.reset_button.clicked.connect(self.reset)
        self.view_last.clicked.connect(self._view_last)
        self.reprint_last.clicked.connect(self._reprint_last)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, activated=self.accept)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.runner.changed.connect(self._data_changed)
        self.printing.error.connect(self._printing_failed)

    def _apply_tab_order(self) -> None:
        chain: list[QWidget] = [self.picker.search, self.form.qr]
        chain += [self.form.inputs[name] for name in self.form.inputs]
        chain += [self.returns.counter, self.returns.post, self.returns.address]
        chain += self.checklist.tab_chain()
        chain += [self.fees.pages, self.fees.copies]
        chain += [
            self.accept_button,
            self.guidance,
            self.reset_button,
            self.view_last,
            self.reprint_last,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ context

    def reload_context(self) -> None:
        self.runner.db(load_intake_context, self._context_loaded, self._context_failed)

    def _context_loaded(self, context: IntakeContext) -> None:
        self.context = context
        self.picker.set_catalog(context.catalog)
        self.setEnabled(True)
        self._banner("", "")
        self.refresh()
        self.picker.search.setFocus()
        self.ready.emit()

    def _context_failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        self.setEnabled(True)
        self._banner(
            "error",
            self.tr("Không tải được danh mục thủ tục: {0}. Khởi động lại phần mềm.").format(
                message
            ),
        )

    def _data_changed(self, topic: str) -> None:
        if topic == "catalog":
            self.reload_context()

    def _today(self) -> date:
        return self.context.now().date() if self.context is not None else date.today()

    # ------------------------------------------------------------------ live state

    def _procedure_chosen(self, procedure: Procedure | None) -> None:
        self.procedure = procedure
        self.info.show_procedure(procedure)
        self.checklist.set_procedure(procedure)
        self._apply_tab_order()
        if procedure is not None and not procedure.by_post:
            self._banner("error", self._refusal_banner(procedure))
        else:
            self._banner("", "")
        self.refresh()

    def _refusal_banner(self, procedure: Procedure) -> str:
        # The full reason and what to do are in the procedure box; the banner points there.
        return self.tr(
            "Thủ tục «{0}» không tiếp nhận qua bưu điện. Xem lý do và hướng dẫn cho người dân "
            "ở khung Thủ tục."
        ).format(procedure.name)

    def _after_procedure_enter(self) -> None:
        if self.procedure is not None and self.procedure.by_post:
            self.form.qr.setFocus()

    def route(self) -> Route | None:
        if self.procedure is None or self.context is None:
            return None
        return self.context.catalog.routes.get(self.procedure.route)

    def refresh(self) -> None:
        """Recompute fees, the appointment and what may be pressed."""
        procedure, route = self.procedure, self.route()
        by_post = self.returns.method is ReturnMethod.POST
        fileable = procedure is not None and procedure.by_post
        # Nothing to pay for a procedure the counter refuses.
        self.fees.show_amounts(procedure if fileable else None, route, by_post)
        self.appointment.setText(self._appointment_text(procedure, route, by_post))
        self.accept_button.setEnabled(fileable and not self._busy and self.context is not None)
        self.guidance.setEnabled(fileable and bool(self.checklist.missing()))

    def _appointment_text(
        self, procedure: Procedure | None, route: Route | None, by_post: bool
    ) -> str:
        if procedure is None or route is None or self.context is None or not procedure.by_post:
            return "—"
        moment = appointment_at(self.context, procedure, route, by_post)
        return f"{format_vn_datetime(moment)} ({self.tr(WEEKDAYS[moment.weekday()])})"

    # ------------------------------------------------------------------ requests

    def request(self) -> dict[str, Any]:
        """The intake request as the services take it (see app.domain.intake.parse_intake)."""
        raw: dict[str, Any] = {
            "procedure": self.procedure.code if self.procedure else None,
            "applicant": self.form.raw(),
            "documents": self.checklist.raw(),
            "return_method": self.returns.method.value,
            "delivery_address": self.returns.address.text().strip()
            if self.returns.method is ReturnMethod.POST
            else "",
        }
        if self.fees.per_page:
            raw["pages"] = self.fees.pages.value()
            raw["copies"] = self.fees.copies.value()
        return raw

    def accept(self) -> None:
        """Ctrl+Enter: check what the screen can, then receive the dossier on the db thread."""
        if self._busy or self.context is None:
            return
        procedure = self.procedure
        if procedure is None:
            self._banner("error", self.tr("Chưa chọn thủ tục. Gõ tên thủ tục rồi bấm Enter."))
            self.picker.search.setFocus()
            return
        if not procedure.by_post:
            self._banner("error", self._refusal_banner(procedure))
            return
        errors = self.form.validate(show_all=True)
        missing = self.checklist.missing()
        if missing:
            self._banner("error", IncompleteDossier(procedure, missing).message)
            self.guidance.setFocus()
            return
        if errors:
            self._banner("error", self.tr("Kiểm tra các ô báo đỏ rồi bấm Tiếp nhận lại."))
            self._focus_field(errors[0].field)
            return
        raw = self.request()
        self._busy = True
        self.refresh()
        self._banner("info", self.tr("Đang tiếp nhận hồ sơ…"))
        self.runner.db(
            lambda ws: receive(ws, raw),
            self._accepted,
            self._accept_failed,
            changes="dossiers",
        )

    def _accepted(self, dossier: Dossier) -> None:
        self._busy = False
        self.last_dossier = dossier
        self.accepted.emit(dossier)
        self.printing.print_dossier(dossier.code)
        self.reset()
        self._banner(
            "ok",
            self.tr("Đã tiếp nhận hồ sơ {0}. Hẹn trả kết quả: {1}.").format(
                dossier.code, format_vn_datetime(dossier.appointment_at)
            ),
        )
        self.view_last.setVisible(True)
        self.reprint_last.setVisible(True)

    def _accept_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.refresh()
        if isinstance(exc, ValidationFailed):
            self.form.mark_touched(e.field.removeprefix("applicant.") for e in exc.errors)
            self.form.show_errors(exc.errors)
            for e in exc.errors:
                if e.field == "delivery_address":
                    self.returns.show_error(e.message)
            self._banner("error", "\n".join(str(e) for e in exc.errors))
            self._focus_field(exc.first.field)
        elif isinstance(exc, DomainError):
            self._banner("error", exc.message)
        else:
            log.error("receiving a dossier failed", exc_info=exc)
            self._banner(
                "error",
                self.tr(
                    "Chưa lưu được hồ sơ ({0}). Bấm Tiếp nhận lại; nếu vẫn lỗi, báo cho kỹ thuật."
                ).format(exc),
            )

    def _printing_failed(self, message: str) -> None:
        if self.last_dossier is not None:
            message = self.tr("Hồ sơ {0} đã được lưu. Chưa in được giấy tờ: {1}").format(
                self.last_dossier.code, message
            )
        self._banner("error", message)

    def _focus_field(self, field: str) -> None:
        name = field.removeprefix("applicant.")
        if name in self.form.inputs:
            self.form.inputs[name].setFocus()
        elif field == "delivery_address":
            self.returns.address.setFocus()
        elif field in ("pages", "copies"):
            self.fees.pages.setFocus()

    def print_guidance(self) -> None:
        """Missing documents: print the guidance slip. Nothing is stored: there is no dossier."""
        procedure = self.procedure
        if procedure is None or not procedure.by_post:
            return
        raw = self.request()
        documents = self.checklist.documents()
        name = self.form.value("full_name").strip()
        self.runner.db(
            lambda ws: guidance_pdf(ws, raw, procedure.code, documents, name),
            self._guidance_ready,
            self._guidance_failed,
        )

    def _guidance_ready(self, pdf: bytes) -> None:
        self.guidance_ready.emit(pdf)
        self.printing.show_documents([PrintDocument(GUIDANCE, pdf)])
        self._banner(
            "info",
            self.tr("Đã lập phiếu hướng dẫn. Hồ sơ chưa được tiếp nhận; hẹn người dân bổ sung."),
        )

    def _guidance_failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        self._banner("error", message)

    # ------------------------------------------------------------------ reset and helpers

    def reset(self) -> None:
        """Ready for the next citizen: empty form, focus in the procedure picker."""
        self.picker.clear()
        self.form.clear()
        self.returns.reset()
        self.fees.reset()
        self._banner("", "")
        self.refresh()
        self.picker.search.setFocus()

    def _view_last(self) -> None:
        if self.last_dossier is not None:
            self.open_dossier.emit(self.last_dossier.code)

    def _reprint_last(self) -> None:
        if self.last_dossier is not None:
            self.printing.print_dossier(self.last_dossier.code, preview=True)

    def _banner(self, kind: str, text: str) -> None:
        self.banner.say(kind, text)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)
