"""How Python runs while the counter window starts, put back once the workstation is open.

Two settings, each measured with ``bench/bench_ui_start.py`` (docs/performance.md):

- The cyclic garbage collector is paused. Starting allocates a few hundred thousand objects
  that live as long as the window (Qt's enum classes, the window's modules and widgets); the
  collector ran some 25 times over them before the intake was ready and found nothing to free
  (7–8 ms of the GUI thread). Reference counting still frees everything else at once.
- The GIL switch interval is 1 ms instead of Python's 5 ms. The database thread opens the
  workstation meanwhile; each of its file reads releases the GIL and then waited up to 5 ms for
  the GUI thread's Python to let go, so the open took ~90 ms for ~30 ms of work while the GUI
  thread queued behind it on import locks.

``begin`` and ``end`` may be called more than once; only the first ``end`` after a ``begin``
restores anything. The entry point begins before the window's modules are imported; the
session ends it once the workstation is open (the window is built by then: what is left before
the intake takes input is delivering the catalog), when the open fails, and at shutdown.
"""

from __future__ import annotations

import gc
import sys

START_SWITCH_INTERVAL_S = 0.001

_saved_interval: float | None = None
_paused_gc = False


def begin() -> None:
    global _saved_interval, _paused_gc
    if _saved_interval is not None:
        return
    _saved_interval = sys.getswitchinterval()
    sys.setswitchinterval(START_SWITCH_INTERVAL_S)
    _paused_gc = gc.isenabled()
    gc.disable()


def end() -> None:
    global _saved_interval, _paused_gc
    if _saved_interval is None:
        return
    sys.setswitchinterval(_saved_interval)
    _saved_interval = None
    if _paused_gc:
        gc.enable()  # (only what this module paused: a caller's own gc.disable() stays)
        _paused_gc = False


def active() -> bool:
    return _saved_interval is not None
