"""The `motcua` command: with no subcommand it opens the counter window; otherwise the CLI."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from app.cli import run  # the CLI never imports Qt

    try:
        return run(args)
    except BrokenPipeError:
        # `motcua search … | head` closed the pipe: not an error worth a traceback.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's flush quiet
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
