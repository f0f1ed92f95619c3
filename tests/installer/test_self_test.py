"""``motcua --self-test DIR`` from the venv: the smoke run itself, without building the bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from smoke_checks import check_passed_run, result_of

ROOT = Path(__file__).resolve().parents[2]


def self_test(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "app", "--self-test", str(home)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_self_test_receives_a_dossier_and_prints_its_receipt(tmp_path) -> None:
    home = tmp_path / "data"
    result = check_passed_run(self_test(home), home)
    assert result["seconds"] < 60


def test_self_test_refuses_a_folder_with_data(tmp_path) -> None:
    home = tmp_path / "data"
    assert self_test(home).returncode == 0
    again = self_test(home)  # now it holds a counter's database: never add to real data
    assert again.returncode == 1
    result = result_of(again)
    assert result["ok"] is False
    assert "đã có dữ liệu" in result["message"] and "thư mục trống" in result["message"]
    assert result["message"] in again.stderr


def test_self_test_reports_a_folder_it_cannot_use(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = self_test(blocker / "data")
    assert run.returncode == 1
    result = result_of(run)
    assert result["ok"] is False and result["step"] == "chuẩn bị"
