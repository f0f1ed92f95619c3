"""The paper Qt asks drivers for: turned sheets for landscape forms, label-wide media for labels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageLayout, QPageSize

from app.ui.printing.qt_printer import page_layout_for

MM = 72 / 25.4


def test_a_landscape_a4_report_is_portrait_a4_turned() -> None:
    layout = page_layout_for(QSizeF(297 * MM, 210 * MM))
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4
    assert layout.orientation() is QPageLayout.Orientation.Landscape


def test_the_small_label_is_50_mm_wide_media_not_a_turned_page() -> None:
    # Label drivers (CUPS rastertolabel) print a turned 30×50 page sideways on 50 mm stock.
    layout = page_layout_for(QSizeF(50 * MM, 30 * MM))
    size = layout.pageSize().size(QPageSize.Unit.Millimeter)
    assert (size.width(), size.height()) == (pytest.approx(50, abs=0.1), pytest.approx(30, abs=0.1))
    assert layout.orientation() is QPageLayout.Orientation.Portrait
    assert layout.pageSize().key().startswith("Custom.141.7")  # CUPS media Custom.WxH (points)


@pytest.mark.parametrize(("width", "height", "name"), [(148, 210, "A5"), (100, 150, "Custom")])
def test_portrait_pages_keep_their_size(width: int, height: int, name: str) -> None:
    layout = page_layout_for(QSizeF(width * MM, height * MM))
    assert layout.orientation() is QPageLayout.Orientation.Portrait
    assert layout.pageSize().id().name == name
    size = layout.fullRect(QPageLayout.Unit.Millimeter)
    assert (size.width(), size.height()) == (
        pytest.approx(width, abs=0.5),
        pytest.approx(height, abs=0.5),
    )
