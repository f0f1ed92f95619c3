"""The hand-over tab (Bàn giao): scan the dossiers going to one agency, print and seal the record.

Keyboard and scanner first: choose the agency, then scan label after label (each scan + Enter
adds the dossier to that agency's draft batch, opened by the first scan; the field clears and
keeps focus). Printing the Biên bản giao nhận the first time seals the batch: its dossiers are on
their way, and the batch can no longer change (QĐ 45/2016 Art 7(4): the agency's time starts at
the signed hand-over). Sealed batches can be reprinted from the list of recent ones.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.intake.widgets import Banner
from app.ui.lifecycle import jobs
from app.ui.lifecycle.common import (
    Column,
    RecordsModel,
    RecordsTable,
    error_text,
    form_document,
    short_moment,
)
from app.ui.printing import PrintActions
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.handover import BatchItem, BatchRow
    from app.services.lifecycle_ui_support import AgencyChoice, HandoverOverview

_ITEM_HEADERS = (
    QT_TRANSLATE_NOOP("HandoverScreen", "STT"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Mã hồ sơ"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Số hiệu bưu gửi"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Người nộp"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Số bộ"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Thủ tục"),
)
_BATCH_HEADERS = (
    QT_TRANSLATE_NOOP("HandoverScreen", "Số bảng"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Cơ quan"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Niêm phong lúc"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Số hồ sơ"),
    QT_TRANSLATE_NOOP("HandoverScreen", "Lần in"),
)


def _header(text: str) -> str:
    return QCoreApplication.translate("HandoverScreen", text)


def _item_columns(numbers: dict[str, int]) -> list[Column]:
    getters: list[Any] = [
        lambda i: numbers.get(i.code, ""),
        lambda i: i.code,
        lambda i: i.s10,
        lambda i: i.full_name,
        lambda i: i.sets,
        lambda i: i.procedure_name,
    ]
    return [
        Column(_header(h), get, numeric=n in (0, 4))
        for n, (h, get) in enumerate(zip(_ITEM_HEADERS, getters, strict=True))
    ]


def _batch_columns() -> list[Column]:
    getters: list[Any] = [
        lambda b: b.number,
        lambda b: b.agency,
        lambda b: short_moment(b.sealed_at),
        lambda b: b.count,
        lambda b: b.prints,
    ]
    return [
        Column(_header(h), get, numeric=n >= 3)
        for n, (h, get) in enumerate(zip(_BATCH_HEADERS, getters, strict=True))
    ]


class HandoverScreen(QWidget):
    sealed = Signal(object, bytes)  # BatchRow, the Biên bản PDF (first print or reprint)
    scanned = Signal(bool)  # whether the last scan was added (for tests and sounds later)

    def __init__(
        self, runner: TaskRunner, printing: PrintActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Bàn giao"))
        self.runner = runner
        self.printing = printing
        self.overview: HandoverOverview | None = None
        self.draft: BatchRow | None = None
        self.confirm_box: QMessageBox | None = None
        self._loaded_once = False
        self._request = 0
        self._numbers: dict[str, int] = {}
        self._picked = ""  # the agency the person chose; until then the busiest one shows

        self.agency_label = QLabel(self.tr("Cơ quan nhận hồ sơ"))
        self.agency = QComboBox()
        self.agency.setMinimumContentsLength(28)
        self.agency.setAccessibleName(self.agency_label.text())
        self.agency_label.setBuddy(self.agency)
        self.batch_title = QLabel()
        self.batch_title.setObjectName("sectionTitle")
        self.batch_title.setWordWrap(True)
        self.scan_label = QLabel(self.tr("Quét nhãn hồ sơ"))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(
            self.tr("Quét mã vạch trên nhãn hoặc gõ mã hồ sơ, rồi nhấn Enter")
        )
        self.scan.setAccessibleName(self.scan_label.text())
        self.scan_label.setBuddy(self.scan)
        self.banner = Banner()
        self.banner.setAccessibleName(self.tr("Kết quả quét"))

        self.items_label = QLabel(self.tr("Hồ sơ trong bảng"))
        self.items_model = RecordsModel(_item_columns(self._numbers), lambda i: i.code, self)
        self.items = RecordsTable(
            self.items_model, self.items_label.text(), (40, 190, 120, 150, 52), self
        )
        self.items_label.setBuddy(self.items)
        self.remove_button = QPushButton(self.tr("Bỏ khỏi bảng"))
        self.discard_button = QPushButton(self.tr("Hủy bảng nháp"))
        self.seal_button = QPushButton(self.tr("In biên bản và niêm phong"))
        self.seal_button.setObjectName("acceptButton")

        self.recent_model = RecordsModel(_batch_columns(), lambda b: b.number, self)
        self.recent = RecordsTable(
            self.recent_model, self.tr("Biên bản đã in"), (140, 90, 120, 70, 55), self, stretch=1
        )
        self.reprint_button = QPushButton(self.tr("In lại biên bản"))
        for button in (
            self.remove_button,
            self.discard_button,
            self.seal_button,
            self.reprint_button,
        ):
            button.setAccessibleName(button.text())
            button.setAutoDefault(False)

        self._build_layout()
        self._connect()
        self._show_draft()

    def _build_layout(self) -> None:
        batch_box = QGroupBox(self.tr("Bảng giao nhận đang lập"))
        grid = QGridLayout()
        grid.addWidget(self.agency_label, 0, 0)
        grid.addWidget(self.agency, 0, 1)
        grid.addWidget(self.scan_label, 1, 0)
        grid.addWidget(self.scan, 1, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.seal_button)
        left = QVBoxLayout(batch_box)
        left.addLayout(grid)
        left.addWidget(self.banner)
        left.addWidget(self.batch_title)
        left.addWidget(self.items_label)
        left.addWidget(self.items, 1)
        left.addLayout(buttons)

        recent_box = QGroupBox(self.recent.accessibleName())
        right = QVBoxLayout(recent_box)
        right.addWidget(self.recent, 1)
        reprint = QHBoxLayout()
        reprint.addStretch(1)
        reprint.addWidget(self.reprint_button)
        right.addLayout(reprint)

        layout = QHBoxLayout(self)
        layout.addWidget(batch_box, 7)
        layout.addWidget(recent_box, 5)
        self.setFocusProxy(self.scan)
        order = [
            self.agency,
            self.scan,
            self.items,
            self.remove_button,
            self.discard_button,
            self.seal_button,
            self.recent,
            self.reprint_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.agency.activated.connect(self._agency_chosen)
        self.scan.returnPressed.connect(self._scanned)
        self.remove_button.clicked.connect(self.remove_selected)
        self.discard_button.clicked.connect(self.confirm_discard)
        self.seal_button.clicked.connect(self.confirm_seal)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.recent.row_activated.connect(lambda _row: self.reprint_selected())
        self.recent.selectionModel().currentChanged.connect(lambda *_a: self._show_draft())
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.items)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        self.runner.changed.connect(self._data_changed)

    # ------------------------------------------------------------------ public

    def current_agency(self) -> str:
        return str(self.agency.currentData() or "")

    def choose_agency(self, name: str) -> None:
        index = self.agency.findData(name)
        if index >= 0:
            self.agency.setCurrentIndex(index)
            self._agency_chosen(index)

    def focus_scan(self) -> None:
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Re-read the agencies, their drafts and the recent batches."""
        self._loaded_once = True
        self._request += 1
        request = self._request
        self.runner.db(
            jobs.handover_overview,
            lambda overview: self._overview_arrived(request, overview),
            self._failed,
        )

    def scan_code(self, text: str) -> None:
        code, agency = text.strip(), self.current_agency()
        if not code:
            return
        if not agency:
            self.banner.say("error", self.tr("Chọn cơ quan nhận hồ sơ trước khi quét nhãn."))
            self.agency.setFocus()
            return
        self.runner.db(
            lambda ws: jobs.scan_into_draft(ws, agency, code),
            self._added,
            self._scan_failed,
            changes="dossiers",
        )

    def remove_selected(self) -> None:
        code = self.items_model.code_at(self.items.current_row())
        if self.draft is None or code is None:
            self.banner.say("error", self.tr("Chọn hồ sơ cần bỏ trong bảng."))
            return
        batch_id = self.draft.id
        self.runner.db(
            lambda ws: jobs.remove_from_batch(ws, batch_id, code),
            lambda _r: self.banner.say(
                "ok", self.tr("Đã bỏ hồ sơ {0} khỏi bảng; hồ sơ trở lại chờ giao.").format(code)
            ),
            self._failed,
            changes="dossiers",
        )

    def confirm_discard(self) -> None:
        if self.draft is None:
            return
        box = self._ask(
            self.tr("Hủy bảng nháp"),
            self.tr(
                "Hủy bảng nháp {0}? Các hồ sơ trong bảng trở lại danh sách chờ giao; chưa có gì "
                "được in."
            ).format(self.draft.number),
            self.tr("Hủy bảng"),
        )
        box.accepted.connect(self._discard)

    def confirm_seal(self) -> QMessageBox | None:
        """Ask first: after printing, the batch is sealed and cannot be changed."""
        draft = self.draft
        if draft is None or draft.count == 0:
            self.banner.say(
                "error", self.tr("Bảng chưa có hồ sơ nào. Quét nhãn các hồ sơ cần giao.")
            )
            self.focus_scan()
            return None
        box = self._ask(
            self.tr("In biên bản và niêm phong"),
            self.tr(
                "In biên bản giao nhận {0}: {1} hồ sơ gửi «{2}».\n\nSau khi in, bảng được niêm "
                "phong và KHÔNG sửa được nữa; các hồ sơ chuyển sang «Đang chuyển đến cơ quan». "
                "Hồ sơ còn sót phải cho vào một bảng mới."
            ).format(draft.number, draft.count, draft.agency),
            self.tr("In và niêm phong"),
        )
        box.accepted.connect(self._seal)
        return box

    def reprint_selected(self) -> None:
        batch = self.recent_model.row_at(self.recent.current_row())
        if batch is None or not batch.sealed:
            self.banner.say(
                "error", self.tr("Chọn một bảng đã niêm phong trong danh sách để in lại.")
            )
            return
        batch_id = batch.id
        self.runner.db(
            lambda ws: jobs.seal_and_print(ws, batch_id),
            lambda result: self._printed(result, reprint=True),
            self._failed,
            changes="dossiers",
        )

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    # ----------------------------------------------------------------- private

    def _ask(self, title: str, text: str, yes: str) -> QMessageBox:
        if self.confirm_box is not None:
            self.confirm_box.close()
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        confirm = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Không"), QMessageBox.ButtonRole.RejectRole)
        for button in (confirm, cancel):
            button.setAccessibleName(button.text())
        # A stray scan (text + Enter) while the question is open must not seal anything.
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _r, b=box: self._question_closed(b))
        self.confirm_box = box
        box.open()
        return box

    def _question_closed(self, box: QMessageBox) -> None:
        if self.confirm_box is box:
            self.confirm_box = None
        self.focus_scan()

    def _seal(self) -> None:
        if self.draft is None:
            return
        batch_id = self.draft.id
        self.runner.db(
            lambda ws: jobs.seal_and_print(ws, batch_id),
            lambda result: self._printed(result, reprint=False),
            self._failed,
            changes="dossiers",
        )

    def _discard(self) -> None:
        if self.draft is None:
            return
        batch_id, number = self.draft.id, self.draft.number
        self.runner.db(
            lambda ws: jobs.discard_batch(ws, batch_id),
            lambda _r: self.banner.say("ok", self.tr("Đã hủy bảng nháp {0}.").format(number)),
            self._failed,
            changes="dossiers",
        )

    def _printed(self, result: tuple[BatchRow, bytes], *, reprint: bool) -> None:
        batch, pdf = result
        if reprint:
            text = self.tr("In lại biên bản {0} (lần in thứ {1}).").format(
                batch.number, batch.prints
            )
        else:
            text = self.tr(
                "Đã niêm phong bảng {0}: {1} hồ sơ chuyển sang «Đang chuyển đến cơ quan». "
                "Giao túi hồ sơ kèm biên bản và xin chữ ký của cơ quan."
            ).format(batch.number, batch.count)
        self.banner.say("ok", text)
        self.printing.show_documents([form_document("handover_minutes", pdf, batch.number)])
        self.sealed.emit(batch, pdf)

    def _scanned(self) -> None:
        text = self.scan.text()
        self.scan.clear()  # ready for the next label at once
        self.scan_code(text)

    def _added(self, result: tuple[BatchRow, BatchItem]) -> None:
        batch, item = result
        self.banner.say(
            "ok",
            self.tr("Đã thêm {0} — {1} vào bảng {2} ({3} hồ sơ).").format(
                item.code, item.full_name, batch.number, batch.count
            ),
        )
        self.scanned.emit(True)
        self.focus_scan()

    def _scan_failed(self, exc: BaseException) -> None:
        self.banner.say("error", error_text(exc))
        self.scanned.emit(False)
        self.focus_scan()

    def _failed(self, exc: BaseException) -> None:
        self.banner.say("error", error_text(exc))

    def _agency_chosen(self, _index: int) -> None:
        self._picked = self.current_agency()
        self._pick_draft()
        self.focus_scan()

    def _overview_arrived(self, request: int, overview: HandoverOverview) -> None:
        if request != self._request:
            return
        self.overview = overview
        wanted = self._picked
        self.agency.clear()
        for choice in overview.agencies:
            self.agency.addItem(self._agency_text(choice), choice.name)
        if not wanted:
            # Until the person chooses: the agency with a draft, or the most dossiers waiting.
            busiest = max(
                overview.agencies, key=lambda c: (c.draft is not None, c.waiting), default=None
            )
            wanted = busiest.name if busiest else ""
        self.agency.setCurrentIndex(max(0, self.agency.findData(wanted)))
        current = self.recent_model.code_at(self.recent.current_row())
        sealed = [b for b in overview.recent if b.sealed]  # the draft shows on the left
        self.recent_model.set_rows(sealed)
        numbers = [b.number for b in sealed]
        if current in numbers:
            self.recent.setCurrentIndex(self.recent_model.index(numbers.index(current), 0))
        self._pick_draft()

    def _agency_text(self, choice: AgencyChoice) -> str:
        text = self.tr("{0} — {1} hồ sơ chờ giao").format(choice.name, choice.waiting)
        if choice.draft is not None:
            text += self.tr(" (bảng nháp: {0} hồ sơ)").format(choice.draft.count)
        return text

    def _pick_draft(self) -> None:
        agency = self.current_agency()
        choice = next(
            (c for c in (self.overview.agencies if self.overview else []) if c.name == agency),
            None,
        )
        self.draft = choice.draft if choice is not None else None
        self._show_draft()
        if self.draft is None:
            self._numbers.clear()
            self.items_model.set_rows([])
            return
        batch_id = self.draft.id
        self.runner.db(
            lambda ws: jobs.batch_items(ws, batch_id),
            lambda items: self._items_arrived(batch_id, items),
            self._failed,
        )

    def _items_arrived(self, batch_id: str, items: list[BatchItem]) -> None:
        if self.draft is None or self.draft.id != batch_id:
            return
        if len(items) != self.draft.count:
            # Read after the overview, so newer: a scan recorded in between counts.
            self.draft = replace(self.draft, count=len(items))
            self._show_draft()
        current = self.items_model.code_at(self.items.current_row())
        self._numbers.clear()
        self._numbers.update({item.code: n for n, item in enumerate(items, 1)})
        self.items_model.set_rows(items)
        codes = [i.code for i in items]
        # The newest scan at the bottom is in view; a row the person chose stays chosen.
        row = codes.index(current) if current in codes else len(codes) - 1
        if row >= 0:
            self.items.setCurrentIndex(self.items_model.index(row, 0))
            self.items.scrollTo(self.items_model.index(len(codes) - 1, 0))

    def _show_draft(self) -> None:
        draft = self.draft
        if draft is None:
            agency = self.current_agency()
            self.batch_title.setText(
                self.tr("Chưa có bảng nháp cho «{0}»: nhãn quét đầu tiên sẽ lập bảng mới.").format(
                    agency
                )
                if agency
                else self.tr("Chọn cơ quan nhận hồ sơ.")
            )
        else:
            self.batch_title.setText(
                self.tr("Bảng {0} — {1} hồ sơ, chưa in").format(draft.number, draft.count)
            )
        has_items = draft is not None and draft.count > 0
        self.remove_button.setEnabled(has_items)
        self.discard_button.setEnabled(draft is not None)
        self.seal_button.setEnabled(has_items)
        chosen = self.recent_model.row_at(self.recent.current_row())
        self.reprint_button.setEnabled(chosen is not None and chosen.sealed)

    def _data_changed(self, topic: str) -> None:
        if topic in ("dossiers", "catalog") and self._loaded_once:
            self.refresh()
