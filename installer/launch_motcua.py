"""The bundle's `motcua` (and on Windows `motcua-gui`): the installed script's entry point."""

from __future__ import annotations

import multiprocessing

from app.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child process must not start the app again
    raise SystemExit(main())
