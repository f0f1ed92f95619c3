"""The counter's log files: rotating, scrubbed of personal data and tokens, exportable for support.

``configure_logging(home)`` sends every record to ``home/logs/motcua.log`` (1 MB × 5 files). The
file is written by a background thread (a ``QueueListener``), so a log call on the GUI thread never
waits for the disk. A ``RedactingFilter`` rewrites each record before anything formats or queues
it: message, arguments, exception and stack text all go through ``app.domain.redaction.redact``.
If the folder cannot be written (read-only, full), records go to stderr instead and the app says
so once; logging never takes the app down.

``export_logs(home, target)`` zips the log files (scrubbed again on the way out) with a summary of
the machine and the database — counts and versions only, never content. See docs/operations.md.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import logging.handlers
import platform
import queue
import shutil
import sys
import threading
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.redaction import redact
from app.storage.disk_errors import oserror_message
from app.storage.summary import database_summary

LOG_DIR = "logs"
LOG_FILE = "motcua.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
# Libraries whose INFO/DEBUG lines carry full URLs (query strings included) or request details.
_QUIET = ("urllib3", "requests", "httpx", "httpcore", "keyring", "asyncio", "multipart")

_lock = threading.Lock()
_state: dict[str, Any] = {}


class RedactingFilter(logging.Filter):
    """Rewrites a record in place so no handler, queue or formatter sees personal data."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_motcua_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, scrubbed
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            text = record.exc_text or self._formatter.formatException(record.exc_info)
            record.exc_text = redact(text)
            # The traceback objects hold the frames' locals; the text is all a handler needs.
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._motcua_redacted = True
        return True


class _FileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file that falls back to stderr (saying so once) when the disk refuses."""

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)
            return
        _fallback_notice(self.baseFilename, error)
        # stderr may be gone too (a windowed app on Windows): then nothing more can be done.
        with contextlib.suppress(Exception):
            sys.stderr.write(self.format(record) + "\n")

    def close(self) -> None:
        # Closing flushes: on a full disk that fails too, and must not stop the app's exit.
        try:
            super().close()
        except OSError as exc:
            _fallback_notice(self.baseFilename, exc)
            self.stream = None  # type: ignore[assignment]


def _fallback_notice(path: str, error: OSError) -> None:
    with _lock:
        if _state.get("warned"):
            return
        _state["warned"] = True
    with contextlib.suppress(Exception):
        sys.stderr.write(
            f"motcua: không ghi được nhật ký vào {path} ({oserror_message(error)}). "
            "Nhật ký tạm ghi ra màn hình lệnh; phần mềm vẫn làm việc bình thường.\n"
        )


def _stderr_handler() -> logging.Handler:
    # A windowed app on Windows (pythonw) has no stderr at all.
    return logging.StreamHandler(sys.stderr) if sys.stderr is not None else logging.NullHandler()


def log_path(home: Path) -> Path:
    return Path(home) / LOG_DIR / LOG_FILE


def configure_logging(home: Path, *, console: bool = False, level: int = logging.INFO) -> Path:
    """Send all logging to ``home/logs/motcua.log`` (and stderr with ``console``); idempotent.

    Calling again with the same arguments changes nothing; another home replaces the handlers.
    Returns the log file's path (written to stderr instead when the folder is not writable).
    """
    path = log_path(home)
    key = (str(path), console, level)
    with _lock:
        if _state.get("key") == key:
            return path
    _teardown()
    root = logging.getLogger()
    root.setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    formatter = logging.Formatter(FORMAT)
    redacting = RedactingFilter()
    targets: list[logging.Handler] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = _FileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        _fallback_notice(str(path), exc)
        file_handler = _stderr_handler()
        console = False  # stderr already gets everything
    file_handler.setFormatter(formatter)
    targets.append(file_handler)
    if console:
        stream = _stderr_handler()
        stream.setFormatter(formatter)
        targets.append(stream)
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    front = logging.handlers.QueueHandler(records)
    front.addFilter(redacting)
    front._motcua = True  # type: ignore[attr-defined]
    listener = logging.handlers.QueueListener(records, *targets, respect_handler_level=True)
    listener.start()
    root.addHandler(front)
    with _lock:
        _state.update(key=key, handler=front, listener=listener, targets=targets)
        if not _state.get("atexit"):
            atexit.register(shutdown_logging)
            _state["atexit"] = True
    logging.getLogger(__name__).info(
        "logging to %s (Python %s, %s)", path, platform.python_version(), platform.platform()
    )
    return path


def flush_logging() -> None:
    """Write out everything queued so far (before reading or zipping the files)."""
    with _lock:
        listener = _state.get("listener")
        targets = list(_state.get("targets") or ())
    if listener is None:
        return
    listener.stop()  # drains the queue
    for handler in targets:
        handler.flush()
    listener.start()


def shutdown_logging() -> None:
    """Stop the writer thread and close the files (at exit; tests between homes)."""
    _teardown()


def _teardown() -> None:
    with _lock:
        front = _state.pop("handler", None)
        listener = _state.pop("listener", None)
        targets = _state.pop("targets", [])
        _state.pop("key", None)
        _state.pop("warned", None)  # a new configuration may say it once again
    root = logging.getLogger()
    if front is not None:
        root.removeHandler(front)
    # Handlers left by an earlier import of this module (a reloaded test module) go too.
    for handler in list(root.handlers):
        if getattr(handler, "_motcua", False):
            root.removeHandler(handler)
    if listener is not None:
        listener.stop()
    for handler in targets:
        handler.close()


# ---------------------------------------------------------------- export for support


def log_files(home: Path) -> list[Path]:
    """The current log and its rotated predecessors, newest first."""
    folder = Path(home) / LOG_DIR
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.name.startswith(LOG_FILE)]
    return sorted(found, key=lambda p: (p.name != LOG_FILE, p.name))


def tail(home: Path, lines: int = 200) -> str:
    """The last ``lines`` lines of the current log (scrubbed), for the settings page."""
    flush_logging()
    path = log_path(home)
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 200 * lines))
            data = fh.read()
    except FileNotFoundError:
        return ""
    text = data.decode("utf-8", errors="replace")
    return redact("\n".join(text.splitlines()[-lines:]))


def system_summary(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What support needs to know about this counter: versions, disk, database shape."""
    from app import __version__

    home = Path(home)
    try:
        usage = shutil.disk_usage(home)
        disk: dict[str, Any] = {"free_bytes": usage.free, "total_bytes": usage.total}
    except OSError as exc:
        disk = {"error": oserror_message(exc)}
    from app.services.workstation import DB_FILE

    summary: dict[str, Any] = {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "machine": platform.machine(),
        "disk": disk,
        "database": database_summary(home / DB_FILE),
        "log_files": [{"name": p.name, "bytes": p.stat().st_size} for p in log_files(home)],
    }
    for name, value in (extra or {}).items():
        summary[str(name)] = redact(str(value))
    return summary


def export_logs(home: Path, target: Path, *, extra: Mapping[str, str] | None = None) -> Path:
    """A zip for support: the log files and a system summary; no database content, no token.

    ``extra`` carries what this layer cannot know (the Qt version, from the window). Raises
    ``DiskError`` (a Vietnamese message) when the zip cannot be written.
    """
    from app.storage.disk_errors import raise_for_oserror

    flush_logging()
    target = Path(target)
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    summary = system_summary(home, extra)
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("he-thong.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
            for path in log_files(home):
                text = path.read_bytes().decode("utf-8", errors="replace")
                # Scrubbed again: files written by an older version, or by hand, pass too.
                zf.writestr(f"logs/{path.name}", redact(text))
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise_for_oserror(exc, target)
    logging.getLogger(__name__).info("logs exported (%d bytes)", target.stat().st_size)
    return target
