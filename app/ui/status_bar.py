"""The status bar: which office and who is at the counter, the hub connection, the sync backlog
and the clock. The sync client (issue 4) drives the connection and pending slots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

CLOCK_INTERVAL_MS = 1_000
_SIGNED_OUT = "\0"  # role marker: accounts in use, nobody signed in


class _ClickableLabel(QLabel):
    """A status slot that opens its details when clicked (F9 does the same from the keyboard)."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class StatusBar(QStatusBar):
    connection_clicked = Signal()  # the person wants the sync details

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self.office = QLabel()
        self.staff = QLabel()
        self._role = ""  # the signed-in person's role, when accounts are in use
        self.connection = _ClickableLabel()
        self.connection.setCursor(Qt.CursorShape.PointingHandCursor)
        self.connection.clicked.connect(self.connection_clicked)
        self.pending = QLabel()
        self.clock = QLabel()
        for name, label in (
            ("statusOffice", self.office),
            ("statusStaff", self.staff),
            ("statusConnection", self.connection),
            ("statusPending", self.pending),
            ("statusClock", self.clock),
        ):
            label.setObjectName(name)
            label.setContentsMargins(6, 0, 6, 0)
            self.addPermanentWidget(label)
        self.timer = QTimer(self)
        self.timer.setObjectName("statusClock")
        self.timer.setInterval(CLOCK_INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self.set_office("", "")
        self.set_staff("")
        self.set_connection(False)
        self.set_pending(0)
        self.tick()

    @Slot(str, str)
    def set_office(self, name: str, unit_code: str) -> None:
        self.office.setText(f"{name} ({unit_code})" if unit_code else name)

    @Slot(str)
    def set_staff(self, name: str) -> None:
        if self._role == _SIGNED_OUT:
            text = self.tr("Chưa đăng nhập")
        elif self._role:
            text = f"{self._role}: {name}" if name else ""
        else:
            text = self.tr("Giao dịch viên: {0}").format(name) if name else ""
        self.staff.setText(text)
        self.staff.setVisible(bool(text))

    def set_person(self, name: str, role_label: str) -> None:
        """Who is signed in and their role; ``name`` empty: nobody is (accounts are in use)."""
        self._role = role_label if name else _SIGNED_OUT
        self.set_staff(name)

    def clear_person(self) -> None:
        """No accounts in use: the counter's name from the settings, as before accounts."""
        self._role = ""

    def set_connection(self, online: bool, detail: str = "") -> None:
        """``detail``: the sync summary in words (last success, backlog, last error)."""
        text = self.tr("Đã kết nối") if online else self.tr("Ngoại tuyến")
        self.connection.setText(f"● {text}")
        self.connection.setStyleSheet("color: #1b6e20;" if online else "color: #8a5a00;")
        self.connection.setToolTip(detail)
        self.connection.setAccessibleName(text)

    def set_pending(self, count: int | None) -> None:
        """Events not yet acknowledged by the hub; None when unknown."""
        shown = "?" if count is None else f"{count:,}".replace(",", ".")
        self.pending.setText(self.tr("Chờ đồng bộ: {0}").format(shown))

    @Slot()
    def tick(self) -> None:
        self.clock.setText(f"{self._now():%H:%M  %d/%m/%Y}")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)
