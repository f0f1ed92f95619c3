"""Fees due to the agency, postage and the total, recomputed as the form changes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QWidget

from app.domain.errors import ValidationFailed
from app.domain.fees import compute_fees, postage
from app.domain.procedure import FeeRule, Procedure, Route
from app.domain.text import format_vnd
from app.ui.style import set_bold


class FeesPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = QSpinBox()
        self.pages.setRange(0, 10_000)
        self.copies = QSpinBox()
        self.copies.setRange(1, 100)
        self.fee_lines = QLabel()
        self.fee_lines.setWordWrap(True)
        self.postage = QLabel()
        self.total = QLabel()
        self.total.setObjectName("total")
        set_bold(self.total)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(4)
        self.pages_label = QLabel(self.tr("Số trang bản chính"))
        self.copies_label = QLabel(self.tr("Số bản sao"))
        for label, spin in ((self.pages_label, self.pages), (self.copies_label, self.copies)):
            label.setBuddy(spin)
            spin.setAccessibleName(label.text())
            spin.valueChanged.connect(lambda _v: self.changed.emit())
            self.form.addRow(label, spin)
        self.form.addRow(QLabel(self.tr("Phí, lệ phí")), self.fee_lines)
        self.form.addRow(QLabel(self.tr("Cước bưu chính")), self.postage)
        self.form.addRow(QLabel(self.tr("Tổng thu")), self.total)
        self.per_page = False
        self.show_amounts(None, None, False)

    def reset(self) -> None:
        self.pages.setValue(0)
        self.copies.setValue(1)

    def show_amounts(self, procedure: Procedure | None, route: Route | None, by_post: bool) -> int:
        """Show the amounts for the current choices; returns the total (0 when unknown)."""
        self.per_page = procedure is not None and any(
            f.rule is FeeRule.PER_PAGE for f in procedure.fees
        )
        for widget in (self.pages_label, self.pages, self.copies_label, self.copies):
            widget.setVisible(self.per_page)
        if procedure is None:
            for label in (self.fee_lines, self.postage, self.total):
                label.setText("—")
            return 0
        try:
            fees = compute_fees(procedure, self.pages.value(), self.copies.value())
        except ValidationFailed as exc:
            self.fee_lines.setText(exc.first.message)
            fees = ()
        else:
            free = self.tr("Miễn phí")
            self.fee_lines.setText(
                "\n".join(f"{f.name}: {format_vnd(f.amount) if f.amount else free}" for f in fees)
                or free
            )
        cost = postage(route, by_post) if route is not None else 0
        self.postage.setText(format_vnd(cost))
        total = sum(f.amount for f in fees) + cost
        self.total.setText(format_vnd(total))
        return total
