"""The bundle's `motcua-hub` executable: the same entry point as the installed script."""

from __future__ import annotations

import multiprocessing

from hub.cli import main

if __name__ == "__main__":
    # `serve --workers N` starts worker processes: in a frozen program they re-enter here.
    multiprocessing.freeze_support()
    raise SystemExit(main())
