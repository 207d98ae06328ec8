"""LateWriter: a session's writes held in memory until the full screen's first frame is
drawn, then handed, in order, to a HistoryWriter started then (SQLite, the store, the
journal and json are imported only then: ~4 ms of every start). No textual.

What survives what is as for HistoryWriter (history/writer.py): the writes held here are
the start of a session and whatever ended in its first fraction of a second, younger
than the writer's own WRITE_BUSY_MS that a kill -9 may lose; a normal end, Ctrl+C or a
crash before that frame starts the writer at close() and hands it everything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

from backtimer.history.ops import Op

if TYPE_CHECKING:
    from backtimer.history.writer import HistoryWriter

Notify = Callable[[str], None]


class LateWriter:
    """A HistoryWriter for `path`, started at start() (or at the first call that needs
    the database: settle(), close()); submit() before then keeps the write here."""

    def __init__(self, path: Path, notify: Notify) -> None:
        self.path, self.notify = path, notify
        self._lock = Lock()
        self._held: list[Op | Callable[[], Op]] = []
        self._writer: HistoryWriter | None = None

    def start(self) -> HistoryWriter:
        """Start the writer (once) and hand it every write held so far, in order."""
        from backtimer.history.writer import HistoryWriter  # outside the lock: ~3 ms

        with self._lock:
            if self._writer is None:
                writer = HistoryWriter(self.path, self.notify)
                for op in self._held:
                    writer.submit(op() if callable(op) else op)
                self._held.clear()
                self._writer = writer
            return self._writer

    @property
    def started(self) -> bool:
        return self._writer is not None

    def submit(self, op: Op) -> None:
        """Hand one write on, or hold it until start(); returns at once."""
        with self._lock:
            if self._writer is None:
                self._held.append(op)
                return
            writer = self._writer
        writer.submit(op)

    def submit_later(self, build: Callable[[], Op]) -> None:
        """As submit(build()), building the write only when the writer starts: a
        session's start encodes its targets as JSON, and json is not imported before
        the first frame either (~1.4 ms)."""
        with self._lock:
            if self._writer is None:
                self._held.append(build)
                return
            writer = self._writer
        writer.submit(build())

    def session_id(self, token: str) -> int | None:
        """The database id of the session with `token`, once its start is written."""
        writer = self._writer
        return None if writer is None else writer.session_id(token)

    def settle(self, timeout: float | None) -> bool:
        """Wait up to `timeout` seconds for every write so far to be in the database."""
        return self.start().settle(timeout)

    @property
    def journal(self) -> Path | None:
        writer = self._writer
        return None if writer is None else writer.journal

    def close(self, wait: float | None = None) -> int:
        """As HistoryWriter.close(), starting the writer first if it never was."""
        return self.start().close(wait)
