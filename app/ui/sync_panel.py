"""The sync window: is the counter connected to the provincial hub, when did it last sync
successfully, what is still waiting and for how long, the last error in the hub's own words, and
"Đồng bộ ngay". The health is read on the database thread; the button only pokes the engine.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import format_vn_datetime
from app.ui.style import styled
from app.ui.sync_controller import SyncController, read_health
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.sync import SyncHealth

log = logging.getLogger(__name__)
ENROLL_COMMAND = "motcua enroll --hub URL --code MÃ"


class SyncPanel(QDialog):
    def __init__(
        self, runner: TaskRunner, sync: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        styled(self)  # built after start-up: the application's style sheet
        self.runner = runner
        self.sync = sync
        self.health: SyncHealth | None = None
        self.setWindowTitle(self.tr("Đồng bộ với bưu điện tỉnh"))
        self.setMinimumWidth(560)

        self.state = QLabel()
        self.hub_url = QLabel()
        self.last_success = QLabel()
        self.pending = QLabel()
        self.oldest = QLabel()
        self.last_error = QLabel()
        self.device = QLabel()
        self.numbers = QLabel()
        self.hint = QLabel()
        form = QFormLayout()
        for name, label, value in (
            ("syncState", self.tr("Kết nối:"), self.state),
            ("syncHub", self.tr("Máy chủ tỉnh:"), self.hub_url),
            ("syncLastSuccess", self.tr("Lần đồng bộ thành công gần nhất:"), self.last_success),
            ("syncPending", self.tr("Thay đổi chờ gửi:"), self.pending),
            ("syncOldest", self.tr("Thay đổi cũ nhất đã chờ:"), self.oldest),
            ("syncError", self.tr("Lỗi gần nhất:"), self.last_error),
            ("syncDevice", self.tr("Mã quầy:"), self.device),
            ("syncNumbers", self.tr("Dải số của quầy:"), self.numbers),
        ):
            value.setObjectName(name)
            value.setAccessibleName(label.rstrip(":"))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
        self.hint.setObjectName("syncHint")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.hide()

        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"))
        self.sync_button.setAccessibleName(self.sync_button.text())
        self.sync_button.setEnabled(False)  # until the health says the counter is enrolled
        self.sync_button.clicked.connect(self.sync_now)
        buttons = QDialogButtonBox()
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Đóng"))
        close.setAccessibleName(close.text())
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.sync_button.setDefault(True)
        sync.health_changed.connect(self.show_health)
        self.show_loading()

    # ------------------------------------------------------------------ actions

    def refresh(self) -> None:
        self.runner.db(read_health, self.show_health, self._read_failed)

    def sync_now(self) -> None:
        self.sync_button.setEnabled(False)  # back on with the next report
        self.state.setText(self.tr("Đang đồng bộ…"))
        self.sync.sync_now()

    # ------------------------------------------------------------------ showing

    def show_loading(self) -> None:
        self.state.setText(self.tr("Đang đọc trạng thái…"))
        for label in (
            self.hub_url, self.last_success, self.pending, self.oldest, self.last_error,
            self.device, self.numbers,
        ):  # fmt: skip
            label.setText("")

    def show_health(self, health: SyncHealth) -> None:
        self.health = health
        if not health.enrolled:
            state = self.tr("Chưa kết nối máy chủ tỉnh")
        elif health.online:
            state = self.tr("Trực tuyến")
        else:
            state = self.tr("Ngoại tuyến")
        self.state.setText(state)
        self.hub_url.setText(health.hub_url or "—")
        self.last_success.setText(
            format_vn_datetime(health.last_success)
            if health.last_success is not None
            else self.tr("Chưa có lần nào")
        )
        self.pending.setText(f"{health.pending:,}".replace(",", "."))
        age = health.oldest_pending_age
        self.oldest.setText(self._age(age) if health.pending and age is not None else "—")
        if health.last_error:
            when = (
                self.tr(" (lúc {0})").format(format_vn_datetime(health.last_error_at))
                if health.last_error_at is not None
                else ""
            )
            self.last_error.setText(health.last_error + when)
        else:
            self.last_error.setText(self.tr("Không có"))
        self.device.setText(health.device_id)
        self.numbers.setText(" · ".join(self._blocks(health)))  # one line: see _blocks
        self.sync_button.setEnabled(health.enrolled)
        notes = list(health.number_warnings)
        if health.rehydrating:
            notes.append(
                self.tr(
                    "Vừa khôi phục: đang chờ lấy lại dữ liệu đã gửi ({0} thay đổi giữ lại)."
                ).format(health.held)
            )
        if not health.enrolled:
            notes.append(
                self.tr(
                    "Quầy chưa đăng ký với máy chủ tỉnh nên dữ liệu chỉ lưu trên máy này. Hãy xin "
                    "bưu điện tỉnh mã đăng ký rồi chạy lệnh: {0}"
                ).format(ENROLL_COMMAND)
            )
        self.hint.setVisible(bool(notes))
        self.hint.setText("\n".join(notes))
        self.adjustSize()  # the block line comes after the dialog opened

    def _blocks(self, health: SyncHealth) -> list[str]:
        # Short, on one line: a form row gives a label of several lines the height of one.
        out = []
        for b in health.blocks:
            if b["kind"] == "s10":
                out.append(
                    self.tr("S10 {0} {1:08d}–{2:08d} (còn {3})").format(
                        b["prefix"], b["lo"], b["hi"], b["remaining"]
                    )
                )
            elif b["valid_to"]:
                out.append(
                    self.tr("mã {0:04d}–{1:04d} đến {2}").format(b["lo"], b["hi"], b["valid_to"])
                )
            else:
                out.append(self.tr("mã {0:04d}–{1:04d}").format(b["lo"], b["hi"]))
        return out

    def _age(self, age: timedelta) -> str:
        minutes = max(0, int(age.total_seconds() // 60))
        if minutes < 60:
            return self.tr("{0} phút").format(minutes)
        if minutes < 48 * 60:
            return self.tr("{0} giờ").format(minutes // 60)
        return self.tr("{0} ngày").format(minutes // (24 * 60))

    def _read_failed(self, exc: BaseException) -> None:
        log.error("reading the sync state failed", exc_info=exc)
        self.state.setText(
            self.tr(
                "Không đọc được trạng thái đồng bộ. Hãy đóng rồi mở lại cửa sổ này; nếu vẫn lỗi "
                "thì báo cho bộ phận kỹ thuật."
            )
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
