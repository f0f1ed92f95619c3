"""What every bench prints beside its figures: the machine they were measured on."""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path


def _proc_field(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine() -> str:
    cpu = _proc_field("/proc/cpuinfo", "model name") or "?"
    mem_kb = _proc_field("/proc/meminfo", "MemTotal:")
    mem = f"{int(mem_kb.split()[0]) / 1024 / 1024:.1f} GB RAM" if mem_kb else "? RAM"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, {mem}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
