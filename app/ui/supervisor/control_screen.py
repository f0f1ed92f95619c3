"""Kiểm soát: the supervisor's tab, with Chốt ngày and Báo cáo as sub-tabs.

Built lazily like the other screens; it asks for figures only when first shown (a counter-staff
session then sees the service's refusal instead of figures).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.printing import PrintActions
from app.ui.supervisor.day_close_tab import DayCloseTab
from app.ui.supervisor.reports_tab import AskPath, ReportsTab, ask_save_path
from app.ui.tasks import TaskRunner


class ControlScreen(QWidget):
    def __init__(
        self,
        runner: TaskRunner,
        printing: PrintActions,
        today: date,
        parent: QWidget | None = None,
        ask_path: AskPath = ask_save_path,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Kiểm soát"))
        self.day_close = DayCloseTab(runner, printing, today, self)
        self.reports = ReportsTab(runner, printing, today, self, ask_path)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Kiểm soát"))
        self.tabs.addTab(self.day_close, self.tr("Chốt ngày"))
        self.tabs.addTab(self.reports, self.tr("Báo cáo"))
        self.tabs.currentChanged.connect(self._load_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._loaded: set[int] = set()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load_current(self.tabs.currentIndex())

    def _load_current(self, index: int) -> None:
        if index in self._loaded:
            return
        self._loaded.add(index)
        (self.day_close.load if index == 0 else self.reports.load)()

    def refresh(self) -> None:
        """Someone else signed in: what they may see differs; load again when shown."""
        self._loaded.clear()
        if self.isVisible():
            self._load_current(self.tabs.currentIndex())

    def focus_first(self) -> None:
        (self.day_close.day if self.tabs.currentIndex() == 0 else self.reports.start).setFocus()
