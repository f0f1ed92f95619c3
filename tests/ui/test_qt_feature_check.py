"""The faster PySide6 feature check gives PySide6's own answers (app/ui/qt_feature_check.py)."""

from __future__ import annotations

import inspect
import json
import sys
from types import ModuleType

import app.ui
import app.ui.intake.intake_screen
import app.ui.qt_feature_check as check
from app.domain import text


def _pyside_answer(module: ModuleType) -> bool:
    # What PySide6's check answers: whether the module's source mentions PySide6.
    try:
        return "PySide6" in inspect.getsource(module)
    except (OSError, TypeError):
        return False


def test_the_check_is_installed_once() -> None:
    feature = sys.modules["shibokensupport.feature"]
    installed = feature._mod_uses_pyside
    assert getattr(installed, "_motcua_fast", False)
    assert check.install_fast_feature_check() is True
    assert feature._mod_uses_pyside is installed  # not wrapped twice


def test_same_answers_as_pyside() -> None:
    uses = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    for module in (app.ui.intake.intake_screen, text, json, check):
        assert uses(module) == _pyside_answer(module), module.__name__
    assert uses(app.ui.intake.intake_screen) is True
    assert uses(text) is False
    assert uses(sys) is False  # built-in: handed to PySide6's own check
