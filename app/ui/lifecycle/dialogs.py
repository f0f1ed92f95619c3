"""The small forms of the counter's moves: return a result, invite, reschedule, a noted move.

Each dialog runs its own job on the task runner and stays open when the service refuses, with
the service's Vietnamese message under the fields, so nothing typed is lost; it closes and emits
``completed`` when the move is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QObject,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.cccd_qr import parse_cccd_qr
from app.domain.errors import DomainError, ValidationFailed
from app.domain.lifecycle import Action
from app.domain.text import fold
from app.ui.lifecycle import jobs
from app.ui.lifecycle.common import VN_TIME, error_text
from app.ui.style import styled
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.lifecycle_ui_support import DossierActions
    from app.services.workstation import Workstation

ERROR_STYLE = "color: #b00020;"
MAX_AMOUNT = 100_000_000  # đồng; far above any fee, low enough to catch a typo of extra zeros


class ActionDialog(QDialog):
    """Fields, a message line and [action] [Hủy]; ``job()`` builds the database work."""

    completed = Signal(object)  # what the job returned

    def __init__(
        self,
        runner: TaskRunner,
        info: DossierActions,
        title: str,
        action_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        styled(self)  # built after start-up: the application's style sheet
        self.runner = runner
        self.info = info
        self._busy = False
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(640)

        self.heading = QLabel(
            self.tr("Hồ sơ {0} — {1}\n{2}").format(info.code, info.full_name, info.procedure_name)
        )
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setAccessibleName(self.tr("Thông báo"))
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.action_button = QPushButton(action_text)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        for button in (self.action_button, self.cancel_button):
            button.setAccessibleName(button.text())
        self.action_button.setDefault(True)  # Enter in a field does the move
        self.action_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ building

    def add_field(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text)
        self.form.addRow(label, widget)
        return label

    # ------------------------------------------------------------------ running

    def job(self) -> Callable[[Workstation], Any] | None:
        """The work to run, or None after saying what is missing (subclasses)."""
        raise NotImplementedError

    def submit(self) -> None:
        if self._busy:
            return  # a second Enter while the first is being recorded
        work = self.job()
        if work is None:
            return
        self._busy = True
        self.action_button.setEnabled(False)
        self.show_message("")
        self.runner.db(work, self._done, self._failed, changes="dossiers")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def is_busy(self) -> bool:
        return self._busy

    def _done(self, result: object) -> None:
        self._busy = False
        self.action_button.setEnabled(True)
        self.completed.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.action_button.setEnabled(True)
        self.show_message(error_text(exc))
        self.first_field().setFocus()

    def first_field(self) -> QWidget:
        return self.action_button


class ReturnDialog(ActionDialog):
    """Hand the result over after checking the receiver's ID (TT 17/2017 Art 5(2))."""

    def __init__(
        self, runner: TaskRunner, info: DossierActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            runner,
            info,
            self.tr("Trả kết quả hồ sơ {0}").format(info.code),
            self.tr("Trả kết quả"),
            parent,
        )
        self.applicant = QLabel(info.full_name)
        self.applicant.setObjectName("field-applicant")
        self.applicant.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(QLabel(self.tr("Người nộp hồ sơ")), self.applicant)
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("12 chữ số, hoặc quét mã QR trên thẻ căn cước"))
        self.id_number.setMaxLength(400)  # a QR payload goes through this field
        self.add_field(self.tr("Số định danh người nhận"), self.id_number)
        self.card = QLabel()
        self.card.setObjectName("cardHolder")
        self.card.setWordWrap(True)
        self.card.hide()
        self.form.addRow("", self.card)
        self.proxy = QCheckBox(self.tr("Người nhận thay"))
        self.proxy.setAccessibleName(self.proxy.text())
        self.form.addRow("", self.proxy)
        self.proxy_name = QLineEdit()
        self.add_field(self.tr("Họ tên người nhận thay"), self.proxy_name)
        self.authorisation = QLineEdit()
        self.authorisation.setPlaceholderText(self.tr("Số, ngày, nơi chứng thực giấy ủy quyền"))
        self.add_field(self.tr("Giấy ủy quyền"), self.authorisation)
        self.amount = QSpinBox()
        self.amount.setRange(0, MAX_AMOUNT)
        self.amount.setSingleStep(1000)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSuffix(" đ")
        self.add_field(self.tr("Số tiền thu khi trả"), self.amount)
        self._set_proxy_rows(False)
        self.proxy.toggled.connect(self._set_proxy_rows)
        self.id_number.installEventFilter(self)
        self.id_number.setFocus()

    def receiver(self) -> jobs.ReturnInput:
        return jobs.ReturnInput(
            id_number=self.id_number.text().strip(),
            proxy=self.proxy.isChecked(),
            name=self.proxy_name.text().strip() if self.proxy.isChecked() else "",
            authorisation=self.authorisation.text().strip() if self.proxy.isChecked() else "",
            amount=self.amount.value(),
        )

    def job(self) -> Callable[[Workstation], Any] | None:
        given = self.receiver()
        if not given.id_number:
            self.show_message(
                self.tr("Nhập số định danh trên thẻ căn cước của người nhận, hoặc quét mã QR.")
            )
            self.id_number.setFocus()
            return None
        code = self.info.code
        return lambda ws: jobs.return_to_citizen(ws, code, given)

    def read_card(self, payload: str) -> bool:
        """Take the ID number from a chip card's QR; someone else's card makes it a proxy return."""
        try:
            card = parse_cccd_qr(payload, self.info.today)
        except ValidationFailed as exc:
            self.show_message(" ".join(e.message for e in exc.errors))
            self.id_number.clear()
            return False
        except DomainError as exc:
            self.show_message(exc.message)
            self.id_number.clear()
            return False
        self.show_message("")
        self.id_number.setText(card.id_number)
        self.card.show()
        if fold(card.full_name) == fold(self.info.full_name):
            self.card.setText(self.tr("Thẻ căn cước của: {0}").format(card.full_name))
            self.proxy.setChecked(False)
            self.adjustSize()
            self.action_button.setFocus()
            return True
        # Someone else's card: a proxy, who needs an authorisation (TT 17/2017 Art 5(2)).
        self.card.setText(
            self.tr("Thẻ căn cước của: {0} — không phải người nộp. Ghi giấy ủy quyền.").format(
                card.full_name
            )
        )
        self.proxy.setChecked(True)
        self.proxy_name.setText(card.full_name)
        self.authorisation.setFocus()
        self.adjustSize()  # room for the wrapped line
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A scanner types the card's QR followed by Enter: read it instead of submitting it.
        if (
            watched is self.id_number
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and "|" in self.id_number.text()
        ):
            self.read_card(self.id_number.text())
            return True
        return super().eventFilter(watched, event)

    def first_field(self) -> QWidget:
        return self.id_number

    def _set_proxy_rows(self, on: bool) -> None:
        self.form.setRowVisible(self.proxy_name, on)
        self.form.setRowVisible(self.authorisation, on)
        self.adjustSize()
        if on:
            self.proxy_name.setFocus()


# The contact methods of app.services.lifecycle.ContactMethod, with the counter's words.
INVITATION_METHODS: tuple[tuple[str, str], ...] = (
    ("letter", QT_TRANSLATE_NOOP("InvitationDialog", "Giấy mời (in giấy mời)")),
    ("call", QT_TRANSLATE_NOOP("InvitationDialog", "Gọi điện thoại")),
    ("delivery_attempt", QT_TRANSLATE_NOOP("InvitationDialog", "Phát tận nhà không thành công")),
)


class InvitationDialog(ActionDialog):
    """One invitation to collect a result (TT 17/2017: two, two working days apart)."""

    def __init__(
        self, runner: TaskRunner, info: DossierActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            runner,
            info,
            self.tr("Ghi lần mời nhận kết quả — hồ sơ {0}").format(info.code),
            self.tr("Ghi lần mời"),
            parent,
        )
        self.method = QComboBox()
        for value, text in INVITATION_METHODS:
            self.method.addItem(QCoreApplication.translate("InvitationDialog", text), value)
        self.add_field(self.tr("Cách mời"), self.method)
        self.on = QDateEdit(_qdate(info.today))
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.on.setCalendarPopup(True)
        self.on.setMaximumDate(_qdate(info.today))
        self.add_field(self.tr("Ngày mời"), self.on)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Ví dụ: gọi số 0912…, người nhà nghe máy"))
        self.add_field(self.tr("Ghi chú"), self.note)
        rule = QLabel(
            self.tr(
                "Đã có {0} lần mời hợp lệ. Cần ít nhất 2 lần, cách nhau ít nhất 2 ngày làm việc, "
                "trước khi chuyển kết quả lại cơ quan."
            ).format(info.invitations)
        )
        rule.setWordWrap(True)
        self.form.addRow("", rule)
        self.method.setFocus()

    def job(self) -> Callable[[Workstation], Any] | None:
        code, method = self.info.code, str(self.method.currentData())
        on: date = self.on.date().toPython()  # type: ignore[assignment]
        note = self.note.text().strip()
        letter = method == "letter"
        return lambda ws: jobs.record_invitation(ws, code, method, on, note, letter)

    def first_field(self) -> QWidget:
        return self.method


class RescheduleDialog(ActionDialog):
    """A new date with the reason for the delay; the apology (Mẫu 04) prints after."""

    def __init__(
        self, runner: TaskRunner, info: DossierActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            runner,
            info,
            self.tr("Hẹn lại ngày trả kết quả — hồ sơ {0}").format(info.code),
            self.tr("Hẹn lại và in Mẫu 04"),
            parent,
        )
        self.current = QLabel(_moment_text(info.appointment_at))
        self.current.setObjectName("field-appointment")
        self.form.addRow(QLabel(self.tr("Hẹn trả hiện tại")), self.current)
        slot = info.appointment_at.time()
        start = max(info.appointment_at.date(), info.today)
        suggested = datetime.combine(date.fromordinal(start.toordinal() + 1), slot)
        self.new_at = QDateTimeEdit(
            QDateTime(_qdate(suggested.date()), QTime(suggested.hour, suggested.minute))
        )
        self.new_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.new_at.setCalendarPopup(True)
        self.new_at.setMinimumDate(_qdate(info.today))
        self.add_field(self.tr("Ngày giờ hẹn mới"), self.new_at)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("In trên phiếu xin lỗi, ví dụ: cơ quan cần xác minh")
        )
        self.add_field(self.tr("Lý do chậm trả"), self.reason)
        self.reason.setFocus()

    def job(self) -> Callable[[Workstation], Any] | None:
        reason = self.reason.text().strip()
        if not reason:
            self.show_message(self.tr("Ghi lý do chậm trả kết quả (in trên phiếu xin lỗi)."))
            self.reason.setFocus()
            return None
        chosen = self.new_at.dateTime()
        day: date = chosen.date().toPython()  # type: ignore[assignment]
        at: time = chosen.time().toPython()  # type: ignore[assignment]
        new_at = datetime.combine(day, at, tzinfo=VN_TIME)
        code = self.info.code
        return lambda ws: jobs.reschedule(ws, code, new_at, reason)

    def first_field(self) -> QWidget:
        return self.new_at


class NoteDialog(ActionDialog):
    """A move that takes a note: supplement received, postman, back to the agency, withdrawal."""

    def __init__(
        self,
        runner: TaskRunner,
        info: DossierActions,
        action: Action,
        texts: tuple[str, str, str, str],  # title, button, field label, explanation
        *,
        required: str = "",  # the message when the note is left empty; "" = optional
        parent: QWidget | None = None,
    ) -> None:
        title, button, field, explanation = texts
        super().__init__(runner, info, title, button, parent)
        self.action = action
        self.required = required
        if explanation:
            text = QLabel(explanation)
            text.setWordWrap(True)
            self.form.addRow(text)
        self.note = QLineEdit()
        self.add_field(field, self.note)
        self.note.setFocus()

    def job(self) -> Callable[[Workstation], Any] | None:
        note = self.note.text().strip()
        if self.required and not note:
            self.show_message(self.required)
            self.note.setFocus()
            return None
        code, action = self.info.code, self.action
        return lambda ws: jobs.move(ws, action, code, note)

    def first_field(self) -> QWidget:
        return self.note


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _moment_text(moment: datetime) -> str:
    return f"{moment.astimezone(VN_TIME):%H:%M, %d/%m/%Y}"
