"""Fonts and resource lookup: found in a checkout, overridable, frozen, and fitted to width."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import app.printing.fonts as fonts
import app.resources as resources
from app.domain.errors import DomainError


def test_bundled_font_and_licence_exist():
    for name in ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "OFL.txt"]:
        assert resources.resource_path("fonts", name).is_file()
    total = sum(p.stat().st_size for p in resources.resource_path("fonts").iterdir())
    assert total < 2_000_000


def test_resources_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MOTCUA_RESOURCES", str(tmp_path))
    assert resources._resources_dir() == tmp_path


def test_resources_dir_when_frozen(monkeypatch, tmp_path):
    monkeypatch.delenv("MOTCUA_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources._resources_dir() == tmp_path / "resources"


def test_resources_dir_in_a_checkout(monkeypatch):
    monkeypatch.delenv("MOTCUA_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "frozen", False, raising=False)
    assert resources._resources_dir() == Path(resources.__file__).resolve().parents[1] / "resources"


def test_missing_font_says_to_reinstall(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "_registered", False)
    monkeypatch.setattr(fonts, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(DomainError, match="cài đặt lại ứng dụng"):
        fonts.register_fonts()


def test_fit_text_shrinks_then_cuts():
    width = fonts.text_width("Thủ tục xác nhận", fonts.REGULAR, 8)
    text, size = fonts.fit_text("Thủ tục xác nhận", fonts.REGULAR, 12, 6, width)
    assert (text, size) == ("Thủ tục xác nhận", 8)
    long = "Thủ tục xác nhận tình trạng hôn nhân cho công dân"
    cut, size = fonts.fit_text(long, fonts.REGULAR, 12, 6, width)
    assert size == 6
    assert cut.endswith("…")
    assert fonts.text_width(cut, fonts.REGULAR, 6) <= width
