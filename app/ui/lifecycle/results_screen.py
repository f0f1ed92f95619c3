"""The results tab (Kết quả): results coming back from the agency, and handing them over.

Keyboard and scanner first: the scan field has focus. Scanning the label of a dossier whose
result is ready (or that was refused) books it in at the counter; scanning one already waiting at
the counter opens the return dialog, whose ID field takes the citizen's chip-card QR next. The
list on the left holds the results waiting; the panel on the right, the chosen dossier's moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import DossierStatus, ReturnMethod
from app.ui.intake.widgets import Banner
from app.ui.lifecycle import jobs
from app.ui.lifecycle.actions_panel import DossierActionsPanel
from app.ui.lifecycle.common import Column, RecordsModel, RecordsTable, error_text, short_moment
from app.ui.printing import PrintActions
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.lifecycle import ActionLists
    from app.services.lifecycle_ui_support import ResultScan

_HEADERS = (
    QT_TRANSLATE_NOOP("ResultsScreen", "Mã hồ sơ"),
    QT_TRANSLATE_NOOP("ResultsScreen", "Người nộp"),
    QT_TRANSLATE_NOOP("ResultsScreen", "Điện thoại"),
    QT_TRANSLATE_NOOP("ResultsScreen", "Trạng thái"),
    QT_TRANSLATE_NOOP("ResultsScreen", "Hẹn trả"),
    QT_TRANSLATE_NOOP("ResultsScreen", "Lần mời"),
)
_WIDTHS = (195, 150, 95, 125, 115, 60)  # the name takes the room left


def _columns() -> list[Column]:
    def header(i: int) -> str:
        return QCoreApplication.translate("ResultsScreen", _HEADERS[i])

    getters: list[Any] = [
        lambda r: r["code"],
        lambda r: r["full_name"],
        lambda r: r["phone"],
        lambda r: r["status_label"],
        lambda r: short_moment(r["appointment_at"]),
        lambda r: r.get("invitations", 0),
    ]
    return [Column(header(i), get, numeric=i == 5) for i, get in enumerate(getters)]


class ResultsScreen(QWidget):
    scanned = Signal(object)  # ResultScan after a scan was handled; None when it was refused

    def __init__(
        self, runner: TaskRunner, printing: PrintActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Kết quả"))
        self.runner = runner
        self._loaded_once = False
        self._request = 0

        self.scan_label = QLabel(self.tr("Quét nhãn hồ sơ"))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(
            self.tr("Quét mã vạch trên nhãn, hoặc gõ mã hồ sơ / số hiệu bưu gửi rồi nhấn Enter")
        )
        self.scan.setAccessibleName(self.scan_label.text())
        self.scan_label.setBuddy(self.scan)
        self.scan_label.setObjectName("sectionTitle")
        self.banner = Banner()
        self.banner.setAccessibleName(self.tr("Kết quả quét"))
        hint = QLabel(
            self.tr(
                "Kết quả cơ quan gửi về: quét nhãn để ghi nhận về quầy. Người dân đến nhận: quét "
                "nhãn hoặc chọn trong danh sách, rồi bấm «Trả kết quả…»."
            )
        )
        hint.setWordWrap(True)

        self.list_label = QLabel(self.tr("Kết quả chờ trả"))
        self.list_label.setObjectName("sectionTitle")
        self.model = RecordsModel(_columns(), lambda r: str(r["code"]), self)
        self.table = RecordsTable(self.model, self.list_label.text(), _WIDTHS, self, stretch=1)
        self.list_label.setBuddy(self.table)
        self.count = QLabel()
        self.panel = DossierActionsPanel(runner, printing, self)

        top = QGroupBox(self.tr("Nhận kết quả về quầy và trả kết quả"))
        top_layout = QVBoxLayout(top)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label)
        scan_row.addWidget(self.scan, 1)
        top_layout.addLayout(scan_row)
        top_layout.addWidget(self.banner)
        top_layout.addWidget(hint)

        left = QVBoxLayout()
        left.addWidget(self.list_label)
        left.addWidget(self.table, 1)
        left.addWidget(self.count)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.panel, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addLayout(body, 1)
        self.setFocusProxy(self.scan)
        QWidget.setTabOrder(self.scan, self.table)

        self.scan.returnPressed.connect(self._scanned)
        self.table.row_activated.connect(self._open_row)
        self.panel.dialog_closed.connect(self.focus_scan)
        runner.changed.connect(self._data_changed)

    # ------------------------------------------------------------------ public

    def focus_scan(self) -> None:
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scan.selectAll()

    def refresh(self) -> None:
        self._loaded_once = True
        self._request += 1
        request = self._request
        self.runner.db(
            jobs.action_lists,
            lambda lists: self._lists_arrived(request, lists),
            lambda exc: self.banner.say("error", error_text(exc)),
        )

    def scan_code(self, text: str) -> None:
        """What Enter in the scan field does (a scanner types the label, then Enter)."""
        code = text.strip()
        if not code:
            return
        self.panel.say("", "")
        self.runner.db(
            lambda ws: jobs.scan_result(ws, code),
            self._scan_done,
            self._scan_failed,
            changes="dossiers",
        )

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    # ----------------------------------------------------------------- private

    def _scanned(self) -> None:
        text = self.scan.text()
        self.scan.clear()  # ready for the next label at once
        self.scan_code(text)

    def _scan_done(self, scan: ResultScan) -> None:
        info = scan.dossier
        self.panel.set_info(info)
        outcome = scan.outcome.value
        if outcome == "recorded":
            text = self.tr("Đã ghi nhận kết quả hồ sơ {0} ({1}) về quầy.").format(
                info.code, info.full_name
            )
            if scan.previous is DossierStatus.REFUSED:
                text += " " + self.tr(
                    "Hồ sơ bị từ chối: in Mẫu 03 và trả lại giấy tờ cho người nộp."
                )
            if info.return_method is ReturnMethod.POST:
                text += " " + self.tr(
                    "Người nộp đăng ký nhận qua bưu chính: bấm «Giao bưu tá phát…»."
                )
            else:
                text += " " + self.tr("Báo cho người nộp đến nhận (gọi điện hoặc giấy mời).")
            self.banner.say("ok", text)
            self.focus_scan()
        elif outcome == "at_counter":
            self.banner.say(
                "info",
                self.tr("Hồ sơ {0} đang chờ trả: kiểm tra thẻ căn cước của người nhận.").format(
                    info.code
                ),
            )
            self.panel.open_return()
        else:
            self.banner.say(
                "info",
                self.tr(
                    "Hồ sơ {0} đang ở trạng thái «{1}»: chưa có kết quả để nhận về quầy. "
                    "Các thao tác được phép ở bên phải."
                ).format(info.code, info.status.label),
            )
            self.focus_scan()
        self.scanned.emit(scan)

    def _scan_failed(self, exc: BaseException) -> None:
        self.banner.say("error", error_text(exc))
        self.focus_scan()
        self.scanned.emit(None)

    def _open_row(self, row: int) -> None:
        code = self.model.code_at(row)
        if code:
            self.panel.load(code)

    def _lists_arrived(self, request: int, lists: ActionLists) -> None:
        if request != self._request:
            return
        current = self.model.code_at(self.table.current_row())
        self.model.set_rows(lists.results_waiting)
        codes = [str(r["code"]) for r in lists.results_waiting]
        if current in codes:
            self.table.setCurrentIndex(self.model.index(codes.index(current), 0))
        self.count.setText(self.tr("{0} kết quả đang chờ trả.").format(len(codes)))

    def _data_changed(self, topic: str) -> None:
        if topic == "dossiers" and self._loaded_once:
            self.refresh()
