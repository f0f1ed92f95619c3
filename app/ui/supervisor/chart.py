"""Two small charts drawn with QPainter (QtCharts is not in PySide6-Essentials): received vs
returned per period, and how the returned results split into trước hạn / đúng hạn / quá hạn.

Each chart carries its figures in words as its accessible description, for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

RECEIVED_COLOR = "#0b4f8a"
RETURNED_COLOR = "#1b6e20"
SPLIT_COLORS = ("#1b6e20", "#5b9bd5", "#b00020")  # trước hạn, đúng hạn, quá hạn


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]


class BarChart(QWidget):
    """Grouped bars, one group per period; a legend on top."""

    def __init__(
        self, name: str, series: Sequence[str], colors: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.series = tuple(series)
        self.colors = tuple(colors)
        self.bars: tuple[Bar, ...] = ()
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = tuple(bars)
        self.setAccessibleDescription(
            "; ".join(
                f"{b.label}: "
                + ", ".join(f"{s} {v}" for s, v in zip(self.series, b.values, strict=False))
                for b in self.bars
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = painter.fontMetrics()
        line = metrics.height()
        # Legend.
        x = 8.0
        for name, color in zip(self.series, self.colors, strict=False):
            painter.fillRect(QRectF(x, 6, line * 0.8, line * 0.8), QColor(color))
            painter.setPen(QColor("#1f2328"))
            painter.drawText(QRectF(x + line, 2, 400, line + 4), Qt.AlignmentFlag.AlignLeft, name)
            x += line + metrics.horizontalAdvance(name) + 16
        top, bottom = line + 14, self.height() - line - 8
        left, right = 8.0, self.width() - 8.0
        if not self.bars or bottom <= top:
            painter.end()
            return
        highest = max((max(b.values, default=0) for b in self.bars), default=0) or 1
        group = (right - left) / len(self.bars)
        width = max(2.0, min(40.0, group * 0.8 / max(1, len(self.series))))
        painter.setPen(QColor("#c8ccd2"))
        painter.drawLine(int(left), int(bottom), int(right), int(bottom))
        for i, bar in enumerate(self.bars):
            start = left + i * group + (group - width * len(self.series)) / 2
            for j, value in enumerate(bar.values):
                height = (bottom - top) * value / highest
                rect = QRectF(start + j * width, bottom - height, width - 1, height)
                painter.fillRect(rect, QColor(self.colors[j % len(self.colors)]))
                if value and group > 60:
                    painter.setPen(QColor("#1f2328"))
                    painter.drawText(
                        QRectF(rect.x() - 10, rect.y() - line, width + 20, line),
                        Qt.AlignmentFlag.AlignHCenter,
                        str(value),
                    )
            if group > 40:
                painter.setPen(QColor("#1f2328"))
                label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(group) - 4)
                painter.drawText(
                    QRectF(left + i * group, bottom + 2, group, line + 4),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        painter.end()


class SplitBar(QWidget):
    """One horizontal bar split in parts (trước hạn / đúng hạn / quá hạn), with counts and %."""

    def __init__(
        self, name: str, parts: Sequence[str], colors: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.parts = tuple(parts)
        self.colors = tuple(colors)
        self.values: tuple[int, ...] = ()
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: Sequence[int]) -> None:
        self.values = tuple(values)
        total = sum(self.values)
        self.setAccessibleDescription(
            "; ".join(
                f"{p} {v} ({v * 100 / total:.1f}%)" if total else f"{p} 0"
                for p, v in zip(self.parts, self.values, strict=False)
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = painter.fontMetrics()
        line = metrics.height()
        total = sum(self.values)
        x, width = 8.0, self.width() - 16.0
        bar = QRectF(x, 4, width, line * 1.6)
        painter.fillRect(bar, QColor("#eef0f3"))
        legend_x = 8.0
        for value, name, color in zip(self.values, self.parts, self.colors, strict=False):
            if total:
                part = width * value / total
                painter.fillRect(QRectF(x, bar.y(), part, bar.height()), QColor(color))
                x += part
            share = f" {value} ({value * 100 / total:.1f}%)" if total else " 0"
            text = name + share
            painter.fillRect(
                QRectF(legend_x, bar.bottom() + 8, line * 0.8, line * 0.8), QColor(color)
            )
            painter.setPen(QColor("#1f2328"))
            painter.drawText(
                QRectF(legend_x + line, bar.bottom() + 4, 400, line + 4),
                Qt.AlignmentFlag.AlignLeft,
                text,
            )
            legend_x += line + metrics.horizontalAdvance(text) + 20
        painter.end()
