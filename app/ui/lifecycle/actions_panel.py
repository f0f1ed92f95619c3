"""One dossier after intake: where it is, and the counter's moves that its state allows.

The same panel serves the results tab (beside its scan field), and, in a dialog, the home lists
and the lookup detail. A button is enabled only when the state machine (allowed_actions for the
counter) or the records (a form needs its content on file) allow it, so a refused click is rare;
when the service still refuses, its Vietnamese message shows in the dialog or the banner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import ReturnMethod
from app.domain.lifecycle import Action
from app.ui.intake.widgets import Banner
from app.ui.lifecycle import jobs
from app.ui.lifecycle.common import error_text, form_document
from app.ui.lifecycle.dialogs import (
    ActionDialog,
    InvitationDialog,
    NoteDialog,
    RescheduleDialog,
    ReturnDialog,
)
from app.ui.printing import PrintActions
from app.ui.style import styled
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.domain.dossier import Dossier
    from app.services.lifecycle_ui_support import DossierActions

# The panel's fields, in reading order.
FIELDS = (
    "code",
    "applicant",
    "phone",
    "procedure",
    "status",
    "appointment",
    "return_method",
    "invitations",
    "agency_note",
)


class DossierActionsPanel(QWidget):
    loaded = Signal(object)  # DossierActions now shown
    moved = Signal(str)  # a move was recorded: the dossier's code
    dialog_closed = Signal()  # a move's dialog closed (done or cancelled)

    def __init__(
        self, runner: TaskRunner, printing: PrintActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.printing = printing
        self.info: DossierActions | None = None
        self.dialog: ActionDialog | None = None
        self._wanted = ""  # the code asked for last (a slow answer for an older one is dropped)

        labels = {
            "code": self.tr("Mã hồ sơ"),
            "applicant": self.tr("Người nộp"),
            "phone": self.tr("Số điện thoại"),
            "procedure": self.tr("Thủ tục"),
            "status": self.tr("Trạng thái"),
            "appointment": self.tr("Hẹn trả kết quả"),
            "return_method": self.tr("Nhận kết quả"),
            "invitations": self.tr("Lần mời nhận"),
            "agency_note": self.tr("Ý kiến của cơ quan"),
        }
        self.summary = QGroupBox(self.tr("Hồ sơ đang chọn"))
        form = QFormLayout(self.summary)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for name in FIELDS:
            value = QLabel("—")
            value.setObjectName(f"field-{name}")
            value.setWordWrap(True)
            value.setAccessibleName(labels[name])
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(labels[name], value)
            self.fields[name] = value
        self.fields["status"].setStyleSheet("font-weight: bold;")

        self.banner = Banner()
        self.banner.setAccessibleName(self.tr("Thông báo"))

        self.buttons: dict[str, QPushButton] = {}
        moves = QGroupBox(self.tr("Thao tác"))
        grid = QGridLayout(moves)
        for i, (key, text) in enumerate(
            (
                ("return", self.tr("Trả kết quả…")),
                ("invite", self.tr("Ghi lần mời…")),
                ("deliver", self.tr("Giao bưu tá phát…")),
                ("supplement", self.tr("Nhận bổ sung…")),
                ("reschedule", self.tr("Hẹn lại…")),
                # The moves that end a dossier's life come last, away from the first focus.
                ("to_agency", self.tr("Chuyển lại cơ quan…")),
                ("withdraw", self.tr("Rút hồ sơ…")),
            )
        ):
            grid.addWidget(self._button(key, text), i // 4, i % 4)
        prints = QGroupBox(self.tr("In phiếu"))
        row = QHBoxLayout(prints)
        for key, text in (
            ("supplement_form", self.tr("In Mẫu 02 (bổ sung)")),
            ("refusal_form", self.tr("In Mẫu 03 (từ chối)")),
            ("control_form", self.tr("In Mẫu 05 (kiểm soát)")),
        ):
            row.addWidget(self._button(key, text))
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.banner)
        layout.addWidget(moves)
        layout.addWidget(prints)
        layout.addStretch(1)

        self.buttons["return"].clicked.connect(self.open_return)
        self.buttons["invite"].clicked.connect(self.open_invitation)
        self.buttons["deliver"].clicked.connect(lambda: self._open_note(Action.SEND_FOR_DELIVERY))
        self.buttons["to_agency"].clicked.connect(lambda: self._open_note(Action.RETURN_TO_AGENCY))
        self.buttons["supplement"].clicked.connect(lambda: self._open_note(Action.SUPPLEMENT))
        self.buttons["withdraw"].clicked.connect(lambda: self._open_note(Action.WITHDRAW))
        self.buttons["reschedule"].clicked.connect(self.open_reschedule)
        self.buttons["supplement_form"].clicked.connect(lambda: self.print_form("supplement"))
        self.buttons["refusal_form"].clicked.connect(lambda: self.print_form("refusal"))
        self.buttons["control_form"].clicked.connect(lambda: self.print_form("control"))
        runner.changed.connect(self._data_changed)
        self.show_actions(None)

    def _button(self, key: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        self.buttons[key] = button
        return button

    # ------------------------------------------------------------------ public

    def load(self, code: str) -> None:
        """Show the dossier with this code or S10 (read on the database thread)."""
        wanted = code.strip()
        if not wanted:
            return
        self._wanted = wanted
        self.runner.db(
            lambda ws: jobs.dossier_actions(ws, wanted),
            lambda info: self._arrived(wanted, info),
            self._load_failed,
        )

    def set_info(self, info: DossierActions) -> None:
        """Show a dossier already read by another job (a scan)."""
        self._wanted = info.code
        self._arrived(info.code, info)

    def say(self, kind: str, text: str) -> None:
        self.banner.say(kind, text)

    def show_actions(self, info: DossierActions | None) -> None:
        self.info = info
        if info is None:
            for label in self.fields.values():
                label.setText("—")
            for button in self.buttons.values():
                button.setEnabled(False)
            return
        f = self.fields
        f["code"].setText(f"{info.code}  ·  {info.s10}")
        f["applicant"].setText(info.full_name)
        f["phone"].setText(info.phone or "—")
        f["procedure"].setText(f"{info.procedure_name} — {info.agency}")
        status = info.status.label
        if info.batch_number:
            status = self.tr("{0} (bảng giao nhận {1})").format(status, info.batch_number)
        f["status"].setText(status)
        when = f"{info.appointment_at:%H:%M, %d/%m/%Y}"
        f["appointment"].setText(self.tr("{0} — QUÁ HẠN").format(when) if info.overdue else when)
        f["appointment"].setStyleSheet("color: #b00020; font-weight: bold;" if info.overdue else "")
        if info.return_method is ReturnMethod.POST:
            f["return_method"].setText(
                self.tr("Qua bưu chính: {0}").format(info.delivery_address or "—")
            )
        else:
            f["return_method"].setText(self.tr("Tại quầy"))
        f["invitations"].setText(self._invitation_text(info))
        f["agency_note"].setText(info.agency_note or "—")

        b = self.buttons
        b["return"].setEnabled(info.may(Action.RETURN))
        b["invite"].setEnabled(info.may_invite)
        b["deliver"].setEnabled(info.may(Action.SEND_FOR_DELIVERY))
        b["to_agency"].setEnabled(info.may(Action.RETURN_TO_AGENCY))
        b["supplement"].setEnabled(info.may(Action.SUPPLEMENT))
        b["withdraw"].setEnabled(info.may(Action.WITHDRAW))
        b["reschedule"].setEnabled(info.is_open)
        kinds = {k.value for k in info.forms}
        b["supplement_form"].setEnabled("supplement" in kinds)
        b["refusal_form"].setEnabled("refusal" in kinds)
        b["control_form"].setEnabled("control" in kinds)
        waiting_for_invitations = Action.RETURN_TO_AGENCY in info.actions
        b["to_agency"].setToolTip(
            ""
            if info.may_return_to_agency or not waiting_for_invitations
            else self.tr("Cần ít nhất 2 lần mời, cách nhau ít nhất 2 ngày làm việc.")
        )

    def first_enabled_button(self) -> QPushButton | None:
        return next((b for b in self.buttons.values() if b.isEnabled()), None)

    # ------------------------------------------------------------------ moves

    def open_return(self) -> ReturnDialog | None:
        if self.info is None:
            return None
        dialog = ReturnDialog(self.runner, self.info, self)
        self._open(dialog, self._returned)
        return dialog

    def open_invitation(self) -> InvitationDialog | None:
        if self.info is None:
            return None
        dialog = InvitationDialog(self.runner, self.info, self)
        self._open(dialog, self._invited)
        return dialog

    def open_reschedule(self) -> RescheduleDialog | None:
        if self.info is None:
            return None
        dialog = RescheduleDialog(self.runner, self.info, self)
        self._open(dialog, self._rescheduled)
        return dialog

    def print_form(self, kind: str) -> None:
        if self.info is None:
            return
        code = self.info.code
        self.runner.db(
            lambda ws: jobs.render_form(ws, kind, code),
            lambda pdf: self.printing.show_documents([form_document(kind, pdf, code)]),
            lambda exc: self.say("error", error_text(exc)),
            changes="dossiers",
        )

    def _open_note(self, action: Action) -> NoteDialog | None:
        if self.info is None:
            return None
        code = self.info.code
        required = ""
        if action is Action.SUPPLEMENT:
            texts = (
                self.tr("Nhận hồ sơ bổ sung — {0}").format(code),
                self.tr("Nhận bổ sung"),
                self.tr("Giấy tờ đã nhận"),
                self.tr(
                    "Đối chiếu với Phiếu yêu cầu bổ sung (Mẫu 02). Hồ sơ sẽ được chuyển lại "
                    "cho cơ quan giải quyết."
                ),
            )
        elif action is Action.SEND_FOR_DELIVERY:
            texts = (
                self.tr("Giao bưu tá phát tận nhà — {0}").format(code),
                self.tr("Giao bưu tá"),
                self.tr("Bưu tá nhận"),
                self.tr("Kết quả được giao cho bưu tá để phát tới địa chỉ: {0}").format(
                    self.info.delivery_address or "—"
                ),
            )
        elif action is Action.RETURN_TO_AGENCY:
            texts = (
                self.tr("Chuyển kết quả lại cơ quan — {0}").format(code),
                self.tr("Chuyển lại cơ quan"),
                self.tr("Ghi chú"),
                self.tr(
                    "Người nộp không đến nhận sau {0} lần mời. Kết quả được chuyển lại «{1}»."
                ).format(self.info.invitations, self.info.agency),
            )
        else:
            texts = (
                self.tr("Rút hồ sơ — {0}").format(code),
                self.tr("Rút hồ sơ"),
                self.tr("Lý do rút hồ sơ"),
                self.tr("Theo đơn đề nghị rút hồ sơ của người nộp. Việc này không hoàn tác được."),
            )
            required = self.tr("Ghi lý do rút hồ sơ (theo đơn của người nộp).")
        dialog = NoteDialog(self.runner, self.info, action, texts, required=required, parent=self)
        self._open(dialog, lambda _d, a=action: self._moved(a))
        return dialog

    def _open(self, dialog: ActionDialog, on_done: object) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.completed.connect(on_done)
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: ActionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.dialog_closed.emit()

    def _returned(self, dossier: Dossier) -> None:
        self.say(
            "ok",
            self.tr("Đã trả kết quả hồ sơ {0}. Nhớ cho người nhận ký sổ trả kết quả.").format(
                dossier.code
            ),
        )
        self.moved.emit(dossier.code)

    def _invited(self, invited: jobs.Invited) -> None:
        state = invited.state
        text = self.tr("Đã ghi lần mời. Hồ sơ có {0} lần mời hợp lệ.").format(state.count)
        if state.may_return_to_agency:
            text += " " + self.tr("Nếu người nộp vẫn không đến, có thể chuyển lại cơ quan.")
        elif state.next_allowed is not None:
            text += " " + self.tr("Lần mời tiếp theo được tính từ ngày {0}.").format(
                f"{state.next_allowed:%d/%m/%Y}"
            )
        letter = invited.letter
        if letter is not None and letter.pdf is not None and self.info is not None:
            self.printing.show_documents([form_document("invitation", letter.pdf, self.info.code)])
        if letter is not None and letter.problem:
            self.say("error", text + " " + letter.problem)
        else:
            self.say("ok", text)
        if self.info is not None:
            self.moved.emit(self.info.code)

    def _rescheduled(self, printed: jobs.Printed) -> None:
        if self.info is None:
            return
        if printed.pdf is not None:
            self.printing.show_documents([form_document("apology", printed.pdf, self.info.code)])
            self.say(
                "ok", self.tr("Đã hẹn lại ngày trả. Đưa phiếu xin lỗi (Mẫu 04) cho người nộp.")
            )
        else:
            self.say("error", self.tr("Đã hẹn lại ngày trả. {0}").format(printed.problem))
        self.moved.emit(self.info.code)

    def _moved(self, action: Action) -> None:
        done = {
            Action.SUPPLEMENT: self.tr("Đã nhận hồ sơ bổ sung; hồ sơ chờ chuyển lại cơ quan."),
            Action.SEND_FOR_DELIVERY: self.tr("Đã giao kết quả cho bưu tá phát tận nhà."),
            Action.RETURN_TO_AGENCY: self.tr("Đã chuyển kết quả lại cơ quan giải quyết."),
            Action.WITHDRAW: self.tr("Đã rút hồ sơ theo đề nghị của người nộp."),
        }
        self.say("ok", done.get(action, ""))
        if self.info is not None:
            self.moved.emit(self.info.code)

    # ------------------------------------------------------------------ private

    def _invitation_text(self, info: DossierActions) -> str:
        if not info.may_invite:
            return "—"
        count = info.invitations
        next_day = f"{info.next_invitation:%d/%m/%Y}" if info.next_invitation else ""
        if count == 0:
            return self.tr("Chưa mời lần nào")
        if info.may_return_to_agency:
            return self.tr("{0} lần hợp lệ — đủ điều kiện chuyển lại cơ quan").format(count)
        return self.tr("{0} lần hợp lệ; lần tiếp theo từ {1}").format(count, next_day)

    def _arrived(self, wanted: str, info: DossierActions) -> None:
        if wanted != self._wanted:
            return  # the person has already asked for another dossier
        self.show_actions(info)
        self.loaded.emit(info)

    def _load_failed(self, exc: BaseException) -> None:
        self.say("error", error_text(exc))

    def _data_changed(self, topic: str) -> None:
        if topic == "dossiers" and self.info is not None:
            self.load(self.info.code)


class DossierActionsDialog(QDialog):
    """The panel on its own, for a dossier opened from the home lists or the lookup detail."""

    def __init__(
        self, runner: TaskRunner, printing: PrintActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        styled(self)  # built after start-up: the application's style sheet
        self.setWindowTitle(self.tr("Thao tác hồ sơ"))
        self.setAccessibleName(self.tr("Thao tác hồ sơ"))
        self.resize(900, 540)
        self.panel = DossierActionsPanel(runner, printing, self)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.setAccessibleName(self.close_button.text())
        # Enter closes: a scanner typing into this dialog by mistake must not start a move.
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(buttons)
        self.panel.loaded.connect(self._loaded)

    def load(self, code: str) -> None:
        self.panel.load(code)

    def _loaded(self, info: DossierActions) -> None:
        self.setWindowTitle(self.tr("Thao tác hồ sơ {0}").format(info.code))
        button = self.panel.first_enabled_button()
        (button or self.close_button).setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel.dialog is not None:
            self.panel.dialog.close()
        super().closeEvent(event)
