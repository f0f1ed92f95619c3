"""A cheaper answer to PySide6's "does this module use PySide6?" question at import time.

PySide6 (its ``__feature__`` support, PYSIDE-2029) asks that question of every module imported
after it, by ``inspect.getsource`` — tokenizing each file and keeping its lines in ``linecache``.
At start-up that is some 60 modules and 15–20 ms of the GUI thread (more when another thread
imports at the same time: docs/performance.md). Reading the file's bytes gives the same answer
(the string "PySide6" in the source) for ordinary source modules; anything else still goes to
PySide6's own check. Nothing here changes what any module does: motcua selects no features.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_motcua_fast"


def install_fast_feature_check() -> bool:
    """Replace the check once PySide6 is imported; False when PySide6 has no such hook."""
    import PySide6.QtCore  # noqa: F401  (initialises shibokensupport.feature)

    feature = sys.modules.get("shibokensupport.feature")
    original: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)  # built-in, compiled or source-less: PySide6 decides
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, _MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
