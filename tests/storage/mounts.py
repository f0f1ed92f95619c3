"""Real small file systems for the disk tests: a tiny tmpfs (a disk that fills up, or that is
remounted read-only), and ext4 on a loop device that the kernel switches to read-only mid-run
(``errors=remount-ro`` + ``trigger_fs_error``, as after a disk fault) while files are open.

Root is needed. Without it the tests skip — except in CI (CI=true), where they fail instead.
The tools come from scripts/ensure-disk-test-tools (util-linux, e2fsprogs).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def need_mounting() -> None:
    """Skip (fail in CI) unless this process may mount file systems."""
    reason = None
    if os.geteuid() != 0:
        reason = "mounting a test file system needs root"
    elif shutil.which("mount") is None:
        reason = "no mount command (run scripts/ensure-disk-test-tools)"
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run these tests")
    pytest.skip(reason)


def _unmount(point: Path) -> None:
    if _run("umount", str(point)).returncode != 0:
        _run("umount", "-l", str(point))  # still busy: detach it, the kernel frees it later


@contextlib.contextmanager
def tmpfs(point: Path, size: str) -> Iterator[Path]:
    need_mounting()
    point.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point))
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount tmpfs: {done.stderr}")
        pytest.skip(f"cannot mount tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        _unmount(point)


def remount_read_only(point: Path) -> None:
    done = _run("mount", "-o", "remount,ro", str(point))
    assert done.returncode == 0, done.stderr


@contextlib.contextmanager
def ext4_that_fails(folder: Path) -> Iterator[tuple[Path, Callable[[], None]]]:
    """An ext4 file system on a loop device; calling the function makes the kernel switch it to
    read-only at once, open files and all (what a failing disk does to a running program)."""
    need_mounting()
    if shutil.which("mkfs.ext4") is None:
        pytest.fail("no mkfs.ext4: run scripts/ensure-disk-test-tools")
    image, point = folder / "disk.img", folder / "ext4"
    point.mkdir(parents=True, exist_ok=True)
    with image.open("wb") as fh:
        fh.truncate(32 * 1024 * 1024)
    made = _run("mkfs.ext4", "-q", "-F", str(image))
    assert made.returncode == 0, made.stderr
    done = _run("mount", "-o", "loop,errors=remount-ro", str(image), str(point))
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a loop device: {done.stderr}")
        pytest.skip(f"no loop devices here: {done.stderr.strip()}")
    try:
        device = Path(_run("findmnt", "-n", "-o", "SOURCE", str(point)).stdout.strip()).name
        trigger = Path("/sys/fs/ext4") / device / "trigger_fs_error"
        if not trigger.exists():
            pytest.skip("this kernel has no ext4 trigger_fs_error")

        def fail() -> None:
            trigger.write_text("motcua test: disk fault\n")

        yield point, fail
    finally:
        _unmount(point)
        image.unlink(missing_ok=True)


def fill(folder: Path) -> Path:
    """Write a file until the disk is full to the last byte; returns it (delete it to free)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for chunk in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
            block = b"\0" * chunk
            while True:
                try:
                    os.write(fd, block)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
                    break
    finally:
        os.close(fd)
    return filler
