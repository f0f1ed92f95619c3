"""The `motcua` command: with no subcommand it opens the counter window; otherwise the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from app.cli import run  # the CLI never imports Qt

    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
