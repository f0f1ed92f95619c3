"""The first-run wizard: try the demo at once, or set up this counter step by step.

Shown by the application over the main window when the workstation opens and is not set up
(app.services.setup.is_set_up). Enrollment runs on the network pool on its own page; everything
else is stored in one transaction when "Hoàn tất" is pressed. "Để sau" closes the wizard without
storing anything: the counter works on the demo office and the wizard comes back next time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.domain.setup import SetupPlan
from app.ui.lifecycle.common import error_text
from app.ui.printing.documents import DocumentClass, class_title
from app.ui.setup.pages import (
    AdminPage,
    CounterPage,
    DonePage,
    HubPage,
    OfficePage,
    PrintersPage,
    WelcomePage,
)
from app.ui.style import styled
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.domain.roles import SignedIn
    from app.services.sync import Enrollment
    from app.services.workstation import Workstation

_BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
)


class SetupWizard(QWizard):
    """``completed(SignedIn | None)``: set up (the administrator is signed in) or demo (None)."""

    completed = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self)
        self.runner = runner
        self._applying = False
        self._finished = False
        self.demo_chosen = False
        title = self.tr("Thiết lập Quầy Một Cửa")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumSize(820, 600)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Quay lại"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Để sau"))
        self.welcome = WelcomePage(self)
        self.office = OfficePage(self)
        self.counter = CounterPage(self)
        self.printers = PrintersPage(self)
        self.hub = HubPage(self)
        self.admin = AdminPage(self)
        self.done_page = DonePage(self)
        for page in (
            self.welcome,
            self.office,
            self.counter,
            self.printers,
            self.hub,
            self.admin,
            self.done_page,
        ):
            self.addPage(page)
        self.update_finish_text()
        self.currentIdChanged.connect(lambda _id: self._name_buttons())
        if parent is not None:
            parent.installEventFilter(self)  # the window closing closes the wizard too
        self._load_defaults()

    # ------------------------------------------------------------------ set-up

    def _load_defaults(self) -> None:
        from app.ui.printing.qt_printer import available_printers

        def defaults(ws: Workstation) -> str:
            from app.services.setup import counter_name

            return counter_name(ws)

        self.runner.db(defaults, self._got_counter_name, lambda _e: None)
        # The printer list may ask a print server: not on the GUI thread.
        self.runner.net(available_printers, self.printers.set_printers, self._no_printers)

    def _got_counter_name(self, name: str) -> None:
        if not self.counter.name.text():
            self.counter.name.setText(name)

    def _no_printers(self, _exc: BaseException) -> None:
        self.printers.set_printers([])

    def update_finish_text(self) -> None:
        demo = self.welcome.demo.isChecked()
        self.setButtonText(
            QWizard.WizardButton.FinishButton,
            self.tr("Bắt đầu dùng thử") if demo else self.tr("Hoàn tất"),
        )
        self._name_buttons()

    def _name_buttons(self) -> None:
        for which in _BUTTONS:
            button = self.button(which)
            button.setAccessibleName(button.text().replace("&", ""))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.parent() and self.isVisible():
            self._finished = True
            self.done(QWizard.DialogCode.Rejected)
        return False

    # ------------------------------------------------------------------ what the pages share

    def counter_name(self) -> str:
        return self.counter.name.text().strip()

    def enrolled(self, result: Enrollment) -> None:
        """The hub is the reference for the office's unit code (and its name, if it gave one)."""
        typed = self.office.form.unit_code.text().strip().upper()
        why = self.tr("Mã do bưu điện tỉnh quản lý (quầy đã đăng ký).")
        if typed and typed != result.office_code:
            why = self.tr(
                "Bưu điện tỉnh ghi mã đơn vị của quầy là {0} (khác mã đã nhập {1}); phần mềm "
                "dùng mã của tỉnh."
            ).format(result.office_code, typed)
        self.office.form.lock_unit_code(result.office_code, why)
        if result.office_name:
            self.office.form.name.setText(result.office_name)

    def plan(self) -> SetupPlan:
        username, name, secret, again = self.admin.values()
        return SetupPlan(
            office=self.office.form.details(),
            counter_name=self.counter.name.text(),
            admin_username=username,
            admin_name=name,
            admin_secret=secret,
            admin_secret_again=again,
            form_printer=self.printers.printer(DocumentClass.FORM),
            label_printer=self.printers.printer(DocumentClass.LABEL),
        )

    def summary_rows(self) -> list[tuple[str, str]]:
        plan = self.plan()
        office = plan.office.office_fields()
        enrollment = self.hub.result
        hub = (
            self.tr("Đã kết nối ({0})").format(enrollment.hub_url)
            if enrollment is not None
            else self.tr("Làm việc ngoại tuyến, đăng ký sau")
        )
        choose_later = self.tr("Chọn sau")
        return [
            (self.tr("Bưu điện"), office["name"]),
            (self.tr("Mã đơn vị"), office["unit_code"]),
            (self.tr("Trực thuộc"), office["parent_name"]),
            (self.tr("Xã/phường"), office["commune"]),
            (self.tr("Địa chỉ"), office["address"] or "—"),
            (self.tr("Số điện thoại"), office["phone"] or "—"),
            (self.tr("Tên quầy"), plan.counter_name.strip()),
            (class_title(DocumentClass.FORM), plan.form_printer or choose_later),
            (class_title(DocumentClass.LABEL), plan.label_printer or choose_later),
            (self.tr("Kết nối bưu điện tỉnh"), hub),
            (
                self.tr("Quản trị viên"),
                f"{plan.admin_name.strip()} ({plan.admin_username.strip().lower()})",
            ),
        ]

    # ------------------------------------------------------------------ finishing

    def accept(self) -> None:
        if self._finished:
            super().accept()
            return
        if self._applying:
            return
        self._applying = True
        if self.welcome.demo.isChecked():
            self.demo_chosen = True

            def demo(ws: Workstation) -> None:
                from app.services.setup import DEMO, mark_set_up

                mark_set_up(ws, DEMO)

            self.runner.db(demo, self._applied, self._failed, changes="settings")
            return
        from app.ui.printing.printer_prefs import PRINTER_KEYS

        plan = self.plan()
        printers = {
            PRINTER_KEYS[DocumentClass.FORM]: plan.form_printer,
            PRINTER_KEYS[DocumentClass.LABEL]: plan.label_printer,
        }

        def apply(ws: Workstation) -> SignedIn:
            from app.services.setup import apply_setup

            return apply_setup(ws, plan, extra_settings=printers)

        self.done_page.set_busy(True)
        self.done_page.show_message("")
        self.runner.db(apply, self._applied, self._failed, changes="settings")

    def _applied(self, session: SignedIn | None) -> None:
        self._applying = False
        self._finished = True
        self.done_page.set_busy(False)
        self.completed.emit(session)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._applying = False
        self.done_page.set_busy(False)
        self.done_page.show_message(error_text(exc))

    def reject(self) -> None:
        if self._applying:
            return  # the data is being stored: wait for it
        self._finished = True
        super().reject()
