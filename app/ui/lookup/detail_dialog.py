"""One dossier in full: its data, documents, fees and the timeline of its events.

Built from a ``DossierDetail`` already loaded on the database thread; the dialog itself reads
nothing. Reprint buttons only ask (``reprint_requested``); the window's print actions do the work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import ReturnMethod
from app.domain.text import format_vn_date, format_vn_datetime, format_vnd
from app.services.documents import DOCUMENT_LABELS, DocumentKind
from app.services.lookup import DossierDetail
from app.services.timeline import describe_event
from app.services.workstation import VN_TZ
from app.ui.style import styled

AnyIndex = QModelIndex | QPersistentModelIndex


class _Event(Protocol):
    """What the timeline reads of an event (``DossierDetail.events``)."""

    @property
    def type(self) -> str: ...
    @property
    def payload(self) -> Mapping[str, Any]: ...
    @property
    def at(self) -> str: ...
    @property
    def actor(self) -> str: ...


class _RowsModel(QAbstractTableModel):
    """A small read-only table (documents, fees, events): a few dozen rows at most."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        numeric: frozenset[int] = frozenset(),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self._numeric = numeric

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._numeric:
            # Amounts and counts line up on the right, as on the printed forms.
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._rows[index.row()][index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return section + 1


def _short(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return f"{moment:%d/%m/%Y %H:%M}"


class DetailDialog(QDialog):
    reprint_requested = Signal(str, str)  # dossier code, document kind ("receipt", "label")
    actions_requested = Signal(str)  # dossier code: open its moves (return, invite, …)

    def __init__(self, detail: DossierDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self)  # built after start-up: the application's style sheet
        self.detail = detail
        d = detail.dossier
        self.setWindowTitle(self.tr("Hồ sơ {0}").format(d.code))
        self.setAccessibleName(self.tr("Chi tiết hồ sơ"))
        self.resize(1200, 700)

        body = QWidget(self)
        # Two columns so a whole dossier fits a 1366×768 screen with little scrolling.
        grid = QGridLayout(body)
        grid.addWidget(self._dossier_box(), 0, 0, 3, 1)
        grid.addWidget(self._applicant_box(), 0, 1)
        grid.addWidget(self._table_box(self.tr("Phí, lệ phí và cước"), *self._fees()), 1, 1)
        grid.addWidget(self._table_box(self.tr("Diễn biến hồ sơ"), *self._timeline()), 2, 1)
        grid.addWidget(self._table_box(self.tr("Thành phần hồ sơ"), *self._documents()), 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)

        self.reprint_receipt = QPushButton(self.tr("In lại giấy tiếp nhận"), self)
        self.reprint_receipt.setAccessibleName(self.tr("In lại giấy tiếp nhận"))
        self.reprint_label = QPushButton(self.tr("In lại nhãn"), self)
        self.reprint_label.setAccessibleName(self.tr("In lại nhãn"))
        self.actions_button = QPushButton(self.tr("Thao tác…"), self)
        self.actions_button.setAccessibleName(self.tr("Thao tác…"))
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.setAccessibleName(self.tr("Đóng"))
        for button in (self.reprint_receipt, self.reprint_label, self.actions_button):
            button.setAutoDefault(False)
        # Enter closes: a scanner that types into this dialog by mistake must not reprint.
        self.close_button.setDefault(True)
        self.reprint_receipt.clicked.connect(lambda: self._reprint(DocumentKind.RECEIPT))
        self.reprint_label.clicked.connect(lambda: self._reprint(DocumentKind.LABEL))
        self.actions_button.clicked.connect(lambda: self.actions_requested.emit(self.code()))
        self.close_button.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_receipt)
        buttons.addWidget(self.reprint_label)
        buttons.addWidget(self.actions_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.close_button, self.reprint_receipt)
        QWidget.setTabOrder(self.reprint_receipt, self.reprint_label)
        QWidget.setTabOrder(self.reprint_label, self.actions_button)
        self.close_button.setFocus()

    def code(self) -> str:
        return self.detail.dossier.code

    def refresh(self, detail: DossierDetail) -> None:
        """Show the dossier's latest state (a print or a status change adds to its timeline)."""
        if detail.dossier.code != self.code():
            return
        self.detail = detail
        status = self.findChild(QLabel, "field-status")
        if status is not None:
            status.setText(detail.dossier.status.label)
        view = self.table("events")
        if view is not None:
            headers, rows, _name, numeric = self._timeline()
            old = view.model()
            view.setModel(_RowsModel(headers, rows, numeric, view))
            old.deleteLater()

    def field_text(self, name: str) -> str:
        """The text shown for a field (by its object name, e.g. "code"); for tests and a11y."""
        label = self.findChild(QLabel, f"field-{name}")
        return label.text() if label is not None else ""

    # ----------------------------------------------------------------- private

    def _reprint(self, kind: DocumentKind) -> None:
        self.reprint_requested.emit(self.code(), kind.value)

    def _form(self, title: str, fields: Sequence[tuple[str, str, str]]) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setAccessibleName(title)
        form = QFormLayout(box)
        for name, label, value in fields:
            text = QLabel(value or "—", box)
            text.setObjectName(f"field-{name}")
            text.setWordWrap(True)
            text.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            text.setAccessibleName(label)
            form.addRow(label, text)
        return box

    def _dossier_box(self) -> QGroupBox:
        d = self.detail.dossier
        p = self.detail.procedure
        days = (
            self.tr("Trong ngày")
            if d.processing_days == 0
            else self.tr("{0} ngày làm việc").format(d.processing_days)
        )
        by_post = d.return_method is ReturnMethod.POST
        fields = [
            ("code", self.tr("Mã hồ sơ"), d.code),
            ("s10", self.tr("Số hiệu bưu gửi"), d.s10),
            ("status", self.tr("Trạng thái"), d.status.label),
            ("procedure", self.tr("Thủ tục"), f"{d.procedure_name} ({d.procedure_code})"),
            ("field", self.tr("Lĩnh vực"), p.field if p else ""),
            ("agency", self.tr("Cơ quan giải quyết"), d.agency),
            ("received_at", self.tr("Thời gian nhận hồ sơ"), format_vn_datetime(d.received_at)),
            (
                "appointment_at",
                self.tr("Thời gian trả kết quả"),
                format_vn_datetime(d.appointment_at.astimezone(VN_TZ)),
            ),
            ("handover_due", self.tr("Hạn giao cho cơ quan"), format_vn_date(d.handover_due)),
            ("processing_days", self.tr("Thời gian giải quyết"), days),
            (
                "return_method",
                self.tr("Nhận kết quả"),
                self.tr("Qua dịch vụ bưu chính công ích") if by_post else self.tr("Tại quầy"),
            ),
        ]
        if by_post:
            fields.append(("delivery_address", self.tr("Địa chỉ nhận kết quả"), d.delivery_address))
        fields.append(("sets", self.tr("Số lượng hồ sơ (bộ)"), str(d.sets)))
        if d.pages:
            fields.append(("pages", self.tr("Số trang chứng thực"), str(d.pages)))
            fields.append(("copies", self.tr("Số bản"), str(d.copies)))
        fields.append(("note", self.tr("Ghi chú"), d.note))
        fields.append(("staff", self.tr("Người tiếp nhận"), d.staff))
        return self._form(self.tr("Hồ sơ"), fields)

    def _applicant_box(self) -> QGroupBox:
        a = self.detail.dossier.applicant
        return self._form(
            self.tr("Người nộp hồ sơ"),
            [
                ("full_name", self.tr("Họ và tên"), a.full_name),
                ("id_number", self.tr("Số định danh cá nhân"), a.id_number),
                ("date_of_birth", self.tr("Ngày sinh"), format_vn_date(a.date_of_birth)),
                ("sex", self.tr("Giới tính"), a.sex.value),
                ("phone", self.tr("Số điện thoại"), a.phone),
                ("address", self.tr("Địa chỉ"), a.address),
                ("email", self.tr("Thư điện tử"), a.email),
            ],
        )

    def _documents(self) -> tuple[list[str], list[list[str]], str, frozenset[int]]:
        rows = [[doc.name, doc.kind.label, str(doc.count)] for doc in self.detail.dossier.documents]
        headers = [self.tr("Tên giấy tờ"), self.tr("Loại bản"), self.tr("Số lượng")]
        return headers, rows, "documents", frozenset({2})

    def _fees(self) -> tuple[list[str], list[list[str]], str, frozenset[int]]:
        d = self.detail.dossier
        rows = [[f.name, format_vnd(f.amount)] for f in d.fees]
        rows.append([self.tr("Cước bưu chính"), format_vnd(d.postage)])
        rows.append([self.tr("Tổng cộng"), format_vnd(d.total)])
        return [self.tr("Khoản thu"), self.tr("Số tiền")], rows, "fees", frozenset({1})

    def _event_text(self, e: _Event) -> str:
        if e.type == "dossier.received":
            return self.tr("Tiếp nhận hồ sơ tại quầy")
        if e.type == "document.printed":
            kind = str(e.payload.get("kind", ""))
            try:
                name = DOCUMENT_LABELS[DocumentKind(kind)]
            except ValueError:
                return describe_event(e.type, e.payload)
            if e.payload.get("reprint"):
                return self.tr("In lại: {0}").format(name)
            return self.tr("In: {0}").format(name)
        return describe_event(e.type, e.payload)

    def _timeline(self) -> tuple[list[str], list[list[str]], str, frozenset[int]]:
        events = sorted(self.detail.events, key=lambda e: (e.at, e.seq))
        rows = [[_short(e.at), self._event_text(e), e.actor] for e in events]
        return (
            [self.tr("Thời gian"), self.tr("Diễn biến"), self.tr("Người thực hiện")],
            rows,
            "events",
            frozenset(),
        )

    def _table_box(
        self,
        title: str,
        headers: list[str],
        rows: list[list[str]],
        name: str,
        numeric: frozenset[int],
    ) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setAccessibleName(title)
        view = QTableView(box)
        view.setObjectName(f"table-{name}")
        view.setAccessibleName(title)
        view.setModel(_RowsModel(headers, rows, numeric, view))
        view.verticalHeader().setVisible(False)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setTabKeyNavigation(False)  # Tab leaves the table, as the rest of the dialog
        header = view.horizontalHeader()
        wide = 1 if name == "events" else 0  # the text column takes the room left
        for column in range(len(headers)):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == wide
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        height = header.sizeHint().height() + view.verticalHeader().defaultSectionSize() * max(
            len(rows), 1
        )
        # As tall as its rows (a long timeline scrolls inside its own table).
        view.setFixedHeight(min(height + 2 * view.frameWidth(), 260))
        layout = QVBoxLayout(box)
        layout.addWidget(view)
        layout.addStretch(1)
        return box

    def table(self, name: str) -> QTableView | None:
        """The documents, fees or events table (for tests)."""
        return self.findChild(QTableView, f"table-{name}")
