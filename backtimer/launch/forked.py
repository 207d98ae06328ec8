"""Work done in a forked child while this process goes on: the child computes, sends the
result back pickled through a pipe, and leaves; the parent takes it when it needs it.

The full-screen app's start uses this to build the picker's rows (every routine file
read and validated, today's plan of each from the history) on the second core while
this process imports Textual. Pickle is safe here: it comes from this process's own
child through a pipe, never from a file.

The child never reaches the terminal (its stdin, stdout and stderr are /dev/null), dies
at once on Ctrl+C like the parent (SIGINT is not caught there) and after ALARM seconds
whatever it is doing, and leaves through os._exit, so nothing inherited runs twice
(atexit handlers, buffered output). The parent reaps it in every case. Anything
unexpected (no fork on this system, a thread already running, the child dying, taking
too long or sending something unreadable) gives None, and the caller does the work
itself as it would without a child.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable
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


class Forked(Generic[T]):
    """A child process computing `work()`; `result()` waits for it (once)."""

    def __init__(self, pid: int, fd: int, kind: type[T]) -> None:
        self.pid, self._fd, self._kind = pid, fd, kind
        self._done = False

    @classmethod
    def start(cls, work: Callable[[], T], kind: type[T]) -> Forked[T] | None:
        """Fork a child running `work`; None where that cannot be done safely."""
        if not hasattr(os, "fork") or not _alone():
            return None  # a fork beside running threads can copy a held lock
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # pragma: no cover - the child: coverage of it is not collected
            os.close(read)
            _child(work, write)
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


def _alone() -> bool:
    """No thread runs but this one."""
    return threading.active_count() == 1


def _child(work: Callable[[], object], fd: int) -> None:  # pragma: no cover - in the child
    """Run `work`, write its pickle to `fd`, exit: 0 when all of it was written."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(ALARM)
        null = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):
            os.dup2(null, target)
        import pickle

        data = memoryview(pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(fd, data) :]
        code = 0
    finally:
        os._exit(code)
