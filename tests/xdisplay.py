"""A real X display for tests: Xvfb at a chosen size with openbox managing its windows, as on a
counter's desktop. Tests that need it skip locally and FAIL in CI when the tools are missing
(scripts/ensure-display-tools installs them)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "openbox", "xwininfo")
# A line of `xwininfo -root -tree`: `0x400007 "Name": ("class" "class")  1366x768+1+20 …`
_WINDOW = re.compile(r'^\s*0x[0-9a-f]+ "(.*)": \(', re.MULTILINE)


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not found: run scripts/ensure-display-tools (as root)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


class XDisplay:
    def __init__(self, width: int = 1366, height: int = 768) -> None:
        require_tools()
        read, write = os.pipe()
        # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
        self._xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write),
                "-screen",
                "0",
                f"{width}x{height}x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        if not number:
            self._xvfb.kill()
            raise RuntimeError("Xvfb did not start")
        self.name = f":{number}"
        self._wm = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a program shown on this display through Qt's xcb platform."""
        env = {
            k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
        }
        env["DISPLAY"] = self.name
        env.update(extra)
        return env

    def window_names(self) -> list[str]:
        """The names of the windows mapped on the display, as xwininfo lists them."""
        out = subprocess.run(
            ["xwininfo", "-root", "-tree"], env=self.env(), capture_output=True, check=False
        ).stdout.decode("utf-8", "replace")
        return _WINDOW.findall(out)

    def close(self) -> None:
        for proc in (self._wm, self._xvfb):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def program(name: str) -> Path:
    """A console script of the environment the tests run in (./test: the bootstrap's .venv)."""
    import sys

    return Path(sys.executable).parent / name
