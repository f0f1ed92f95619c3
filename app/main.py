"""The `motcua` command: with no subcommand it opens the counter window; otherwise the CLI.

``motcua`` and ``motcua --home DIR`` open the window; ``motcua --self-test DIR`` runs the
installer's smoke test through the window (app/ui/self_test.py); anything else (``motcua check``,
``motcua --help``, …) runs the headless CLI, which never imports Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def gui_home(args: Sequence[str]) -> tuple[bool, Path | None]:
    """Whether ``args`` ask for the window, and the data folder they name (None: default)."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--home":
        return True, Path(args[1])
    if len(args) == 1 and args[0].startswith("--home="):
        return True, Path(args[0].split("=", 1)[1])
    return False, None


def cli_home(args: Sequence[str]) -> Path | None:
    """The data folder a command line names with ``--home`` (None: the default folder)."""
    for index, arg in enumerate(args):
        if arg == "--home" and index + 1 < len(args):
            return Path(args[index + 1])
        if arg.startswith("--home="):
            return Path(arg.split("=", 1)[1])
    return None


def _no_display() -> bool:
    # Without a display Qt aborts the process; say so and fall back to the CLI summary instead.
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def _window_entry() -> Callable[[Path | None], int] | None:
    """The window's entry point, imported with the start-up tuning on (app/ui/start_tuning.py);
    None, with a message, when Qt cannot be loaded."""
    try:
        from app.ui import start_tuning

        start_tuning.begin()  # before the window's imports: they are most of the start
        try:
            from app.ui.app import run_gui
        except ImportError:
            start_tuning.end()
            raise
    except ImportError as exc:
        sys.stderr.write(
            f"Không mở được cửa sổ ({exc}). Cài lại phần mềm; "
            "tạm thời dùng chế độ dòng lệnh (`motcua --help`).\n"
        )
        return None
    return run_gui


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--self-test":
        from app.ui.self_test import run_self_test

        return run_self_test(Path(args[1]))
    wants_gui, home = gui_home(args)
    if wants_gui:
        if _no_display():
            sys.stderr.write(
                "Không có màn hình để mở cửa sổ; đang dùng chế độ dòng lệnh "
                "(gõ `motcua --help` để xem các lệnh).\n"
            )
        else:
            run_gui = _window_entry()
            if run_gui is not None:
                return run_gui(home)
    from app.cli import run  # the CLI never imports Qt
    from app.services.logs import configure_logging
    from app.services.workstation import default_home

    configure_logging(cli_home(args) or default_home())
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
