"""Where the bundled resources (fonts, icons, catalog) live, in a checkout and when frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _resources_dir() -> Path:
    override = os.environ.get("MOTCUA_RESOURCES")
    if override:
        return Path(override)
    # PyInstaller unpacks data files under sys._MEIPASS; the spec copies resources/ there.
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


RESOURCES_DIR: Path = _resources_dir()


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``."""
    return RESOURCES_DIR.joinpath(*parts)
