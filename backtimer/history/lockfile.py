"""A lock file beside the history database, so that opening it and moving a corrupt one
aside never race between processes; no textual, no clock (a held lock is tried again a
bounded number of times, a short wait apart)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

LOCK_WAIT = 30.0
"""Seconds (about) to wait for the lock file; everything done under it is bounded by
SQLite's busy timeout, so this is only reached when something is badly stuck (a process
stopped while it held the lock)."""
POLL = 0.01
_pause = threading.Event().wait
"""Waits POLL seconds (an Event that is never set)."""


class LockTimeout(OSError):
    """The lock file stayed held by another process for LOCK_WAIT seconds."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


@contextmanager
def held(path: Path, *, shared: bool, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold `path` locked: shared (many at once) or exclusive (alone). POSIX: flock;
    Windows: msvcrt's byte lock, always exclusive. Raises OSError when the file cannot be
    created or LockTimeout after `wait` seconds."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, shared, wait)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


def try_exclusive(fd: int) -> bool:
    """Lock an open file exclusively if no one else holds it; False when someone does."""
    try:
        _acquire(fd, shared=False, wait=0.0)
    except LockTimeout:
        return False
    return True


if sys.platform == "win32":
    import msvcrt

    def _acquire(fd: int, shared: bool, wait: float) -> None:
        tries = max(1, round(wait / POLL) + 1)
        for attempt in range(tries):
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if attempt + 1 < tries:
                    _pause(POLL)
        raise LockTimeout("the lock file is held by another process")

    def _release(fd: int) -> None:
        with suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(fd: int, shared: bool, wait: float) -> None:
        mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
        tries = max(1, round(wait / POLL) + 1)
        for attempt in range(tries):
            try:
                fcntl.flock(fd, mode)
                return
            except BlockingIOError:
                if attempt + 1 < tries:
                    _pause(POLL)
        raise LockTimeout("the lock file is held by another process")

    def _release(fd: int) -> None:
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
