"""Work done in a fresh child process while this one goes on: the child runs one task,
sends the result back pickled through a pipe, and leaves; the parent takes it when it
needs it.

The full-screen app's start uses this to read what its first frame shows (the picker's
rows, or the routine and today's plan of it) on the second core while this process
imports Textual. Pickle is safe here: it comes from this process's own child through
a pipe, never from a file.

A fresh interpreter (posix_spawn), not a fork: after a fork every page the parent
writes to is copied first, and Python writes to nearly every page it has (reference
counts), so a fork during start-up cost the parent more page faults (~1,700 measured,
about 8 ms) than the child saved it. The child starts from nothing instead, on the
other core, and has the whole of Textual's import to be done in.

The child never reaches the terminal (its stdin and stderr are /dev/null; its stdout
is the pipe), dies at once on Ctrl+C like the parent, and after ALARM seconds whatever
it is doing. The parent reaps it in every case. Anything unexpected (no posix_spawn on
this system, the child failing, taking too long or sending something unreadable)
gives None, and the caller does the work itself as it would without a child.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from typing import Generic, TypeVar

try:  # the C unpickler alone: importing pickle.py too costs ~1-2 ms of every start
    from _pickle import loads
except ImportError:  # pragma: no cover - a Python without it
    from pickle import loads

T = TypeVar("T")

ALARM = 10
"""Seconds after which the child is killed, whatever it is doing (a parent that died)."""
CHUNK = 1 << 16
ENTRY = "from backtimer.run.child import main; main()"
"""What the child runs: a module that imports only what the task needs."""


class Spawned(Generic[T]):
    """A child process computing `task(*args)`; `result()` waits for it (once)."""

    def __init__(self, pid: int, fd: int, kind: type[T]) -> None:
        self.pid, self._fd, self._kind = pid, fd, kind
        self._done = False

    @classmethod
    def start(cls, task: str, args: Sequence[str], kind: type[T]) -> Spawned[T] | None:
        """Start a child running `task` ("module:function", called with the string
        `args`); None where that cannot be done. A task that returns None (it could
        not do what was asked) gives a result() of None."""
        if not hasattr(os, "posix_spawn"):
            return None
        read, write = os.pipe()
        try:
            actions = [
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, write, 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_CLOSE, read),
                (os.POSIX_SPAWN_CLOSE, write),
            ]
            argv = [sys.executable, "-c", ENTRY, str(ALARM), task, *args]
            pid = os.posix_spawn(sys.executable, argv, os.environ, file_actions=actions)
        except (OSError, ValueError):
            os.close(read)
            return None
        finally:
            os.close(write)
        return cls(pid, read, kind)

    def result(self, timeout: float) -> T | None:
        """What the child sent, within `timeout` seconds; None if it failed or is late
        (then it is killed). The child is reaped either way."""
        if self._done:
            return None
        self._done = True
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        ended = False
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                    return None  # late: killed below
                chunk = os.read(self._fd, CHUNK)
                if not chunk:
                    ended = True
                    break
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            os.close(self._fd)
            ok = self._reap(kill=not ended)
        if not ok:
            return None
        try:
            got = loads(b"".join(chunks))
        except Exception:  # a child cut short mid-write: any unpickling error
            return None
        return got if isinstance(got, self._kind) else None

    def close(self) -> None:
        """Give up on the result: the child is killed and reaped (a no-op once taken)."""
        if not self._done:
            self._done = True
            os.close(self._fd)
            self._reap(kill=True)

    def _reap(self, kill: bool) -> bool:
        """Wait for the child, killed first if `kill` (after its pipe closed it is
        leaving by itself); whether it exited with status 0."""
        with suppress(OSError):
            if kill:
                os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        return False
