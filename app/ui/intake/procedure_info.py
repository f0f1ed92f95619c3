"""What the counter should know about the chosen procedure, and why it may be refused."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.intake import NotFileableByPost
from app.domain.procedure import Procedure


def escape(text: str) -> str:
    """Catalog text shown as rich text: ``&``, ``<`` and ``>`` stay literal.

    (``html.escape`` would do, but importing ``html`` costs the window 4 ms at start-up.)
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ProcedureInfo(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(
            "background: #fdecea; color: #8a1c1c; border: 1px solid #e0a9a9;"
            " border-radius: 4px; padding: 6px;"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details)
        layout.addWidget(self.refusal)
        self.show_procedure(None)

    def show_procedure(self, procedure: Procedure | None) -> None:
        if procedure is None:
            self.details.setText(self.tr("Chưa chọn thủ tục."))
            self.refusal.setVisible(False)
            return
        days = (
            self.tr("trong ngày")
            if procedure.same_day
            else self.tr("{0} ngày làm việc").format(procedure.processing_days)
        )
        lines = [
            f"<b>{escape(procedure.name)}</b> ({escape(procedure.code)})",
            self.tr("Lĩnh vực: {0}").format(escape(procedure.field)),
            self.tr("Cơ quan giải quyết: {0}").format(escape(procedure.agency)),
            self.tr("Thời hạn giải quyết: {0}").format(days),
        ]
        if procedure.result_name:
            lines.append(self.tr("Kết quả: {0}").format(escape(procedure.result_name)))
        self.details.setText("<br>".join(lines))
        self.refusal.setVisible(not procedure.by_post)
        if not procedure.by_post:
            self.refusal.setText(NotFileableByPost(procedure).message)
