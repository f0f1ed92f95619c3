"""The README's first command on a desktop: the window opens on a real X display (Xvfb, with a
window manager), through Qt's xcb platform plugin and the libraries scripts/bootstrap installs
— not the offscreen platform the other UI tests use."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from xdisplay import XDisplay, program

# Only against a hang: the window is waited for by polling, never timed.
HANG = 300.0


@pytest.fixture
def display() -> Iterator[XDisplay]:
    screen = XDisplay(1366, 768)
    try:
        yield screen
    finally:
        screen.close()


def test_motcua_opens_its_window_on_a_real_display(display: XDisplay, tmp_path: Path) -> None:
    app = subprocess.Popen(
        [str(program("motcua")), "--home", str(tmp_path / "home")],
        env=display.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + HANG
        # An empty data folder opens the main window with the first-run wizard over it.
        while "Thiết lập Quầy Một Cửa" not in display.window_names():
            if app.poll() is not None:
                pytest.fail(f"motcua ended (status {app.returncode}) before its window opened:\n"
                            + app.communicate()[0].decode(errors="replace"))  # fmt: skip
            if time.monotonic() > deadline:  # a hang, not a speed target: the wait is polled
                pytest.fail(f"no window after {HANG:.0f} s: motcua seems to hang")
            time.sleep(0.1)
        assert any(name.startswith("Quầy Một Cửa —") for name in display.window_names())
        assert app.poll() is None
    finally:
        app.terminate()
        app.communicate(timeout=HANG)


def test_self_test_passes_through_the_xcb_platform(display: XDisplay, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(program("motcua")), "--self-test", str(tmp_path / "check")],
        env=display.env(QT_QPA_PLATFORM="xcb"),
        capture_output=True,
        timeout=HANG,
        check=False,
    )
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert done.returncode == 0 and report["ok"] is True, done.stderr.decode(errors="replace")
