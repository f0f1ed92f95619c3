"""The English translation covers every string of the window and its .qm is compiled from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from app.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TS = resource_path("translations", "motcua_en.ts")
QM = resource_path("translations", "motcua_en.qm")


def test_ts_is_current_complete_and_compiled(tmp_path) -> None:
    fresh = tmp_path / "motcua_en.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "app" / "ui").rglob("*.py"))
    options = ["-silent", "-no-obsolete", "-locations", "none"]  # as scripts/update-translations
    options += ["-source-language", "vi_VN", "-target-language", "en_US"]
    subprocess.run([BIN / "pyside6-lupdate", *options, *sources, "-ts", fresh], check=True)
    hint = "run scripts/update-translations and translate the new strings"
    assert fresh.read_text(encoding="utf-8") == TS.read_text(encoding="utf-8"), hint
    assert 'type="unfinished"' not in TS.read_text(encoding="utf-8"), hint
    compiled = tmp_path / "motcua_en.qm"
    subprocess.run([BIN / "pyside6-lrelease", "-silent", fresh, "-qm", compiled], check=True)
    assert compiled.read_bytes() == QM.read_bytes(), hint
