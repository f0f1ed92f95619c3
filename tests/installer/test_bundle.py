"""The one-folder bundle (installer/build) and the Windows installer script (installer/motcua.nsi).

Building the bundle takes a minute or two: it is built once for this module. Its programs are
run with a bare environment (no venv, no checkout on any path), as on a counter's PC.
makensis comes from MOTCUA_MAKENSIS (./test sets it from scripts/ensure-build-tools) or PATH;
without it these tests skip locally and FAIL in CI (env CI=true).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from smoke_checks import check_passed_run

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux bundle")


def bare_env(home: Path) -> dict[str, str]:
    """What a desktop session gives a program: no venv, no PYTHONPATH, no checkout."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [str(ROOT / "installer" / "build"), str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    yield out / "motcua"
    shutil.rmtree(out, ignore_errors=True)


def run_bundled(bundle: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / args[0]), *args[1:]],
        cwd=tmp_path,
        env=bare_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_bundle_smoke_run_receives_a_dossier_and_prints(bundle, tmp_path) -> None:
    home = tmp_path / "data"
    run = run_bundled(bundle, tmp_path, "motcua", "--self-test", str(home))
    result = check_passed_run(run, home)
    assert result["seconds"] < 60


def test_bundle_commands_answer(bundle, tmp_path) -> None:
    counter = run_bundled(bundle, tmp_path, "motcua", "--help")
    assert counter.returncode == 0, counter.stderr
    assert "usage: motcua" in counter.stdout
    assert "Quầy Một Cửa" in counter.stdout  # UTF-8 out, whatever the locale
    hub = run_bundled(bundle, tmp_path, "motcua-hub", "--help")
    assert hub.returncode == 0, hub.stderr
    assert "usage: motcua-hub" in hub.stdout
    # The hub's database is made by its Alembic migrations, shipped as files in the bundle.
    stats = run_bundled(
        bundle, tmp_path, "motcua-hub", "stats", "--db", str(tmp_path / "hub.sqlite3"), "--json"
    )
    assert stats.returncode == 0, stats.stderr[-4000:]
    assert stats.stdout.lstrip().startswith("{")


def test_bundle_holds_what_the_program_reads_and_not_the_tools(bundle) -> None:
    internal = bundle / "_internal"
    for needed in (
        "resources/fonts/NotoSans-Regular.ttf",
        "resources/catalog/catalog.json",
        "resources/translations/motcua_en.qm",
        "resources/icons/motcua.png",
        "hub/templates/track.html",
        "hub/migrations/env.py",
        "app/py.typed",
    ):
        assert (internal / needed).is_file(), needed
    assert (bundle / "motcua.desktop").is_file()
    for unwanted in ("_pytest", "hypothesis", "playwright", "libgtk-3.so.0", "tests"):
        assert not (internal / unwanted).exists(), unwanted
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    assert size < 300 * 1024 * 1024, f"the bundle grew to {size / 2**20:.0f} MB"


# ---------------------------------------------------------------- the Windows installer script


def makensis() -> str:
    path = os.environ.get("MOTCUA_MAKENSIS") or shutil.which("makensis")
    if path:
        return path
    message = "makensis not found: run scripts/ensure-build-tools (as root) or apt-get install nsis"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def stand_in_bundle(folder: Path) -> Path:
    """A bundle-shaped folder: the script's checks do not depend on the payload's content."""
    folder.mkdir()
    for name in ("motcua.exe", "motcua-gui.exe", "motcua-hub.exe"):
        (folder / name).write_bytes(b"MZ stand-in")
    icons = folder / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "motcua.ico", icons)
    return folder


def test_makensis_compiles_the_installer_script(tmp_path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    payload = stand_in_bundle(tmp_path / "bundle")
    setup = tmp_path / "motcua-setup.exe"
    run = subprocess.run(
        [
            makensis(),
            "-V2",
            "-WX",  # a warning (a missing file, an unused string) fails the build
            "-INPUTCHARSET",
            "UTF8",
            f"-DVERSION={version}",
            f"-DBUNDLE={payload}",
            f"-DOUTFILE={setup}",
            str(ROOT / "installer" / "motcua.nsi"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows program
    # The Vietnamese names went through as UTF-16 (Unicode true): the shortcut's name is there.
    assert "Quầy Một Cửa".encode("utf-16-le") in setup.read_bytes()


def test_makensis_requires_the_version(tmp_path) -> None:
    run = subprocess.run(
        [makensis(), "-V1", "-INPUTCHARSET", "UTF8", str(ROOT / "installer" / "motcua.nsi")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "-DVERSION" in run.stdout + run.stderr
