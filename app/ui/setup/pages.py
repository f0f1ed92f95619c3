"""The pages of the first-run wizard: welcome, office, counter, printers, hub, administrator, done.

Each page says in a sentence what it is for; required fields carry a star; Next stays off until
the page is complete, and the fields say why as the person leaves them.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from app.domain.errors import FieldError
from app.domain.setup import counter_name_problem
from app.ui.printing.documents import DocumentClass, class_title
from app.ui.setup.forms import HINT_COLOR, EnrollForm, FieldRows, OfficeForm, line_edit
from app.ui.style import ERROR_COLOR, set_bold

if TYPE_CHECKING:
    from app.services.sync import Enrollment
    from app.ui.setup.wizard import SetupWizard

# Page ids, in order.
WELCOME, OFFICE, COUNTER, PRINTERS, HUB, ADMIN, DONE = range(7)


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _note(text: str) -> QLabel:
    label = _intro(text)
    label.setStyleSheet(f"color: {HINT_COLOR};")
    label.setIndent(26)  # under its radio button's text
    return label


def _radio(text: str) -> QRadioButton:
    button = QRadioButton(text)
    button.setAccessibleName(text)
    set_bold(button)
    return button


STEPS = DONE  # the welcome page is not a step


class SetupPage(QWizardPage):
    def __init__(self, wizard: SetupWizard, title: str, subtitle: str, step: int = 0) -> None:
        super().__init__()
        self.setup = wizard
        if step:
            # Where the person is, in words a screen reader says too.
            title = wizard.tr("Bước {0}/{1}: {2}").format(step, STEPS, title)
        self.setTitle(title)
        self.setSubTitle(subtitle)


class WelcomePage(SetupPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            wizard.tr("Chào mừng đến với Quầy Một Cửa"),
            wizard.tr(
                "Phần mềm tiếp nhận hồ sơ thủ tục hành chính tại bưu điện văn hóa xã. "
                "Chọn cách bắt đầu rồi bấm nút ở góc dưới."
            ),
        )
        self.demo = _radio(self.tr("Dùng thử ngoại tuyến với dữ liệu mẫu"))
        self.full = _radio(self.tr("Thiết lập quầy này"))
        group = QButtonGroup(self)
        group.addButton(self.demo)
        group.addButton(self.full)
        self.full.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.full)
        layout.addWidget(
            _note(
                self.tr(
                    "Nhập thông tin bưu điện, tên quầy, máy in, kết nối với bưu điện tỉnh và tạo "
                    "tài khoản quản trị viên — khoảng 5 phút. Chuẩn bị mã đơn vị và mã đăng ký "
                    "do bưu điện tỉnh cấp (không có mã đăng ký thì vẫn làm việc ngoại tuyến được)."
                )
            )
        )
        layout.addSpacing(16)
        layout.addWidget(self.demo)
        layout.addWidget(
            _note(
                self.tr(
                    "Mở ngay với bưu điện mẫu (xã Kỳ Bắc, tỉnh Hà Tĩnh) và danh mục thủ tục có "
                    "sẵn, không cần máy chủ hay tài khoản — để tập làm quen. Thông tin thật nhập "
                    "sau trong menu Hệ thống › Cài đặt."
                )
            )
        )
        layout.addStretch(1)
        self.demo.toggled.connect(self._choice_changed)

    def _choice_changed(self) -> None:
        self.setup.update_finish_text()
        # Makes the wizard ask nextId() again (completeChanged does not): Finish instead of Next.
        self.setFinalPage(self.demo.isChecked())

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else OFFICE


class OfficePage(SetupPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            wizard.tr("Bưu điện"),
            wizard.tr(
                "Thông tin này in trên giấy tiếp nhận và phiếu gửi. Mục có dấu * là bắt buộc."
            ),
            1,
        )
        self.form = OfficeForm()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.form.changed.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.form.province.setFocus()

    def isComplete(self) -> bool:
        return self.form.is_valid()


class CounterPage(SetupPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            wizard.tr("Quầy"),
            wizard.tr(
                "Tên giúp bưu điện tỉnh phân biệt các quầy của cùng một bưu điện (ví dụ: Quầy 1)."
            ),
            2,
        )
        form = QFormLayout()
        self.rows = FieldRows(form)
        self.name = line_edit(self.tr("ví dụ: Quầy 1"))
        self.rows.add("counter_name", self.tr("Tên quầy *"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.name.textEdited.connect(lambda _t: self._edited())

    def _edited(self) -> None:
        self.rows.touched.add("counter_name")
        self.rows.show(self.problems())
        self.completeChanged.emit()

    def problems(self) -> list[FieldError]:
        problem = counter_name_problem(self.name.text())
        return [problem] if problem is not None else []

    def initializePage(self) -> None:
        self.name.setFocus()
        self.name.selectAll()

    def isComplete(self) -> bool:
        return not self.problems()


class PrintersPage(SetupPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            wizard.tr("Máy in"),
            wizard.tr(
                "Giấy tiếp nhận, phiếu gửi và phiếu hướng dẫn in ở máy in giấy tờ; nhãn mã vạch "
                "in ở máy in nhãn. Chưa cắm máy in thì để «Chọn sau»: khi in, phần mềm sẽ hỏi."
            ),
            3,
        )
        form = QFormLayout()
        self.combos: dict[DocumentClass, QComboBox] = {}
        for doc_class in DocumentClass:
            combo = QComboBox()
            label = QLabel(class_title(doc_class))
            label.setBuddy(combo)
            combo.setAccessibleName(label.text())
            form.addRow(label, combo)
            self.combos[doc_class] = combo
        self.status = _intro("")
        self.status.setAccessibleName(self.tr("Tình trạng máy in"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.set_printers(None)

    def set_printers(self, names: list[str] | None) -> None:
        """None: still looking; a list: the printers this computer knows."""
        for combo in self.combos.values():
            current = str(combo.currentData() or "")
            combo.clear()
            combo.addItem(self.tr("Chọn sau"), "")
            for name in names or []:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        if names is None:
            self.status.setText(self.tr("Đang tìm các máy in của máy tính…"))
        elif not names:
            self.status.setText(
                self.tr("Máy tính chưa có máy in nào. Cài máy in rồi chọn sau trong menu Máy in.")
            )
        else:
            self.status.setText("")

    def printer(self, doc_class: DocumentClass) -> str:
        return str(self.combos[doc_class].currentData() or "")

    def initializePage(self) -> None:
        self.combos[DocumentClass.FORM].setFocus()


class HubPage(SetupPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            wizard.tr("Kết nối bưu điện tỉnh"),
            wizard.tr(
                "Khi đã kết nối, hồ sơ được gửi lên bưu điện tỉnh mỗi khi có mạng; mất mạng thì "
                "quầy vẫn làm việc bình thường."
            ),
            4,
        )
        self.connect = _radio(self.tr("Kết nối ngay bằng mã đăng ký"))
        self.offline = _radio(self.tr("Làm việc ngoại tuyến, đăng ký sau"))
        group = QButtonGroup(self)
        group.addButton(self.connect)
        group.addButton(self.offline)
        self.connect.setChecked(True)
        self.enroll = EnrollForm(wizard.runner, wizard.counter_name)
        margins = self.enroll.layout()
        assert margins is not None
        margins.setContentsMargins(26, 0, 0, 0)  # under its radio button's text
        layout = QVBoxLayout(self)
        layout.addWidget(self.connect)
        layout.addWidget(self.enroll)
        layout.addSpacing(12)
        layout.addWidget(self.offline)
        layout.addWidget(
            _note(
                self.tr(
                    "Dữ liệu chỉ lưu trên máy này cho đến khi đăng ký. Đăng ký sau trong menu "
                    "Hệ thống › Cài đặt › Kết nối; các hồ sơ đã nhận sẽ được gửi lên khi đó."
                )
            )
        )
        layout.addStretch(1)
        self.connect.toggled.connect(self._choice_changed)
        self.enroll.changed.connect(self.completeChanged)
        self.enroll.busy_changed.connect(lambda _b: self.completeChanged.emit())
        self.enroll.enrolled.connect(self._enrolled)
        self.enroll.failed.connect(self._failed)
        self._advance = False

    @property
    def result(self) -> Enrollment | None:
        return self.enroll.result

    def _choice_changed(self) -> None:
        self.enroll.set_enabled_inputs(self.connect.isChecked() and self.result is None)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.enroll.busy:
            return False
        return self.offline.isChecked() or self.result is not None or self.enroll.filled()

    def validatePage(self) -> bool:
        if self.offline.isChecked() or self.result is not None:
            return True
        self._advance = True  # go on by itself once the hub has answered
        self.enroll.enroll()
        return False

    def _enrolled(self, result: Enrollment) -> None:
        self.enroll.set_enabled_inputs(False)
        self.setup.enrolled(result)
        self.completeChanged.emit()
        if self._advance and self.setup.currentPage() is self:
            self._advance = False
            self.setup.next()

    def _failed(self, _message: str) -> None:
        self._advance = False
        self.completeChanged.emit()


class AdminPage(SetupPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            wizard.tr("Quản trị viên"),
            wizard.tr(
                "Tài khoản đầu tiên là quản trị viên: dùng nó để tạo tài khoản cho từng người và "
                "sửa cài đặt. Từ nay mọi người đăng nhập trước khi làm việc."
            ),
            5,
        )
        form = QFormLayout()
        self.rows = FieldRows(form)
        self.username = line_edit(self.tr("ví dụ: lan.nguyen"))
        self.display_name = line_edit(self.tr("ví dụ: Nguyễn Thị Lan"))
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_again = QLineEdit()
        self.secret_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.rows.add(
            "admin_username",
            self.tr("Tên đăng nhập *"),
            self.username,
            self.tr("Chữ thường không dấu, chữ số, dấu chấm hoặc gạch (ví dụ: lan.nguyen)."),
        )
        self.rows.add("admin_name", self.tr("Họ và tên *"), self.display_name)
        self.rows.add(
            "admin_secret",
            self.tr("Mã PIN hoặc mật khẩu *"),
            self.secret,
            self.tr(
                "Mã PIN ít nhất 6 chữ số, không dùng dãy dễ đoán như 123456; hoặc mật khẩu "
                "ít nhất 8 ký tự. Ghi nhớ cẩn thận."
            ),
        )
        self.rows.add(
            "admin_secret_again", self.tr("Nhập lại mã PIN/mật khẩu *"), self.secret_again
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        for key, edit in (
            ("admin_username", self.username),
            ("admin_name", self.display_name),
            ("admin_secret", self.secret),
            ("admin_secret_again", self.secret_again),
        ):
            edit.textEdited.connect(lambda _t: self._edited())
            edit.editingFinished.connect(lambda k=key, e=edit: self._left(k, e))

    def values(self) -> tuple[str, str, str, str]:
        return (
            self.username.text(),
            self.display_name.text(),
            self.secret.text(),
            self.secret_again.text(),
        )

    def problems(self) -> list[FieldError]:
        from app.services.setup import admin_problems  # pure rules; its module is loaded by now

        return admin_problems(*self.values())

    def _left(self, key: str, edit: QLineEdit) -> None:
        if edit.text():
            self.rows.touched.add(key)
        self.rows.show(self.problems())

    def _edited(self) -> None:
        if self.secret_again.text() and len(self.secret_again.text()) >= len(self.secret.text()):
            self.rows.touched.add("admin_secret_again")  # say "they differ" as soon as it shows
        self.rows.show(self.problems())
        self.completeChanged.emit()

    def initializePage(self) -> None:
        self.username.setFocus()

    def isComplete(self) -> bool:
        return not self.problems()


class DonePage(SetupPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            wizard.tr("Xong"),
            wizard.tr("Kiểm tra lại rồi bấm «Hoàn tất» để lưu và bắt đầu làm việc."),
            6,
        )
        self.summary = QLabel()
        self.summary.setObjectName("setupSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Tóm tắt"))
        self.message = _intro("")
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.setAccessibleName(self.tr("Thông báo"))
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.busy = False

    def initializePage(self) -> None:
        self.show_message("")
        rows = self.setup.summary_rows()
        cells = "".join(
            f"<tr><td style='padding: 3px 18px 3px 0; color: {HINT_COLOR};'>{escape(k)}</td>"
            f"<td style='padding: 3px 0;'>{escape(v)}</td></tr>"
            for k, v in rows
        )
        self.summary.setText(f"<table>{cells}</table>")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.busy
