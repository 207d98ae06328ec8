"""Journal files beside the history database: writes that could not reach it yet, kept as
JSON lines (plain data, fsynced; never pickle) and merged into it at the next start.

A journal is `<database name>.pending-<pid>-<random>.jsonl`. Its process holds it locked
while it lives, so another process merges it only once that process is gone (ended, or
killed). Merging applies its writes in order, each at most once ever (the database keeps
the id of every write applied), so merging the same file twice changes nothing.
No textual, no clock.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.history.lockfile import try_exclusive
from backtimer.history.ops import BadOp, Op, checked, new_token

if TYPE_CHECKING:
    from backtimer.history.store import HistoryStore

Notify = Callable[[str], None]

MIDDLE, SUFFIX = ".pending-", ".jsonl"
MAX_BYTES = 16 * 1024 * 1024
"""A journal larger than this is not read (one session writes a few kilobytes)."""


class Journal:
    """This process's journal: created at the first append, removed by clear() once
    everything in it is in the database. Not thread-safe: the writer guards it."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path: Path | None = None
        self._fd: int | None = None
        self._size = 0
        self._kept: set[str] = set()

    def __contains__(self, op_id: str) -> bool:
        return op_id in self._kept

    def append(self, ops: Sequence[Op]) -> int:
        """Add the writes not in it yet, then fsync; returns how many. Raises OSError
        (a full disk); what was half written is cut off again."""
        new = [op for op in ops if op["id"] not in self._kept]
        if not new:
            return 0
        import json  # here, not at the top: most processes never journal (~1.4 ms a start)

        fd = self._open()
        data = "".join(json.dumps(op, ensure_ascii=True) + "\n" for op in new).encode()
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            with suppress(OSError):
                os.ftruncate(fd, self._size)
            raise
        self._size += len(data)
        self._kept.update(op["id"] for op in new)
        return len(new)

    def _open(self) -> int:
        if self._fd is not None:
            return self._fd
        name = f"{self.db.name}{MIDDLE}{os.getpid()}-{new_token()[:12]}{SUFFIX}"
        path = self.db.with_name(name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        try_exclusive(fd)  # a new name: no one else holds it
        _sync_folder(path.parent)
        self.path, self._fd, self._size = path, fd, 0
        return fd

    def clear(self) -> None:
        """Everything kept here is in the database: remove the file."""
        if self._fd is not None and self.path is not None:
            with suppress(OSError):
                self.path.unlink()
        self.close()
        self.path, self._size, self._kept = None, 0, set()

    def close(self) -> None:
        """Let go of the file (and its lock), leaving it for the next start to merge."""
        if self._fd is not None:
            with suppress(OSError):
                os.close(self._fd)
            self._fd = None


def _sync_folder(folder: Path) -> None:
    """So that the new file's name survives a power cut too (POSIX only)."""
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def left_behind(db: Path) -> list[Path]:
    """The journals beside `db`, oldest first (their writes are merged in that order)."""
    prefix = db.name + MIDDLE
    stamped = []
    with suppress(OSError), os.scandir(db.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(SUFFIX):
                with suppress(OSError):
                    stamped.append((entry.stat().st_mtime, entry.name, db.parent / entry.name))
    return [path for _, _, path in sorted(stamped)]


def merge(store: HistoryStore, notify: Notify) -> int:
    """Apply the journals that processes left behind (each skipped while its process
    lives); returns the writes applied. A journal is removed once its writes are in;
    a database error (HistoryError) leaves it for the next try."""
    total = 0
    for path in left_behind(store.path):
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue  # merged and removed by another process meanwhile
        try:
            if not try_exclusive(fd) or os.fstat(fd).st_nlink == 0:
                continue  # its process still runs, or it was merged meanwhile
            read = _read(fd, path, notify)
            if read is None:
                continue
            ops, bad = read
            store.apply(ops, refused=_said_of(path, notify))
            if bad:
                kept = path.with_name(path.name + ".unreadable")
                path.rename(kept)
                notify(f"History: {bad} unreadable lines of {path.name} were left in {kept.name}.")
            else:
                path.unlink()
            total += len(ops)
        finally:
            os.close(fd)
    return total


def _said_of(path: Path, notify: Notify) -> Notify:
    return lambda message: notify(f"History: from {path.name}, {message}")


def _read(fd: int, path: Path, notify: Notify) -> tuple[list[Op], int] | None:
    """(the writes, the number of lines that are not one), or None: too large to read."""
    size = os.fstat(fd).st_size
    if size > MAX_BYTES:
        notify(f"History: {path.name} is larger than {MAX_BYTES} bytes; it was not read.")
        return None
    import json

    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    ops: list[Op] = []
    bad = 0
    for line in b"".join(chunks).decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            ops.append(checked(json.loads(line)))
        except (ValueError, BadOp, RecursionError):
            bad += 1  # a line cut short by a crash, or not ours
    return ops, bad
