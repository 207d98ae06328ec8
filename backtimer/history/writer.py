"""HistoryWriter: history writes off the timer's path, retried until they land.

The timer's thread only hands a write (plain data, ops.py) to a queue; this writer's own
thread, with its own connection, applies the writes in order, one transaction each. When
the database cannot be written (locked by another process beyond the busy timeout, a full
disk, an I/O error), everything not written yet is kept in a journal file beside it
(journal.py, fsynced), and the writer tries again, waiting longer each time up to
RETRY_MAX, until the database is back; then every write goes in, in order, exactly once.
At the end (close) it waits a bounded time, and what is still not written stays in the
journal, which the next start merges.

What survives what: a write is in the database, or in the journal, once the writer took
it and either committed it or failed once (at most WRITE_BUSY_MS after it was handed
over; while the database is failing, a new write is journaled before it is tried). A
kill -9 loses only writes younger than that, or any not yet journaled when the journal
itself cannot be written (a full disk: they wait in memory, and a normal end says so).
No textual; the only clock is the wait between tries.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from backtimer.history.journal import Journal
from backtimer.history.ops import Op
from backtimer.history.schema import HistoryError
from backtimer.history.store import HistoryStore

Notify = Callable[[str], None]

WRITE_BUSY_MS = 1000
"""How long one try waits for another process's write lock before the writer journals
what waits (another backtimer holds it for milliseconds)."""
RETRY_FIRST, RETRY_MAX = 0.25, 5.0
"""Seconds between tries while the database cannot be written: doubling up to the max."""
EXIT_WAIT = 1.5
"""Seconds close() waits for the writes left at the end before it journals them (below
the app's hang-up watchdog, which ends the process 3 s after a closed terminal)."""


class HistoryWriter:
    """One per process; submit() never blocks and never raises for a database error."""

    def __init__(
        self,
        path: Path,
        notify: Notify,
        *,
        busy_ms: int | None = None,
        retry: tuple[float, float] | None = None,
        open_store: Callable[[], HistoryStore] | None = None,
    ) -> None:
        self.path, self.notify = path, notify
        busy = WRITE_BUSY_MS if busy_ms is None else busy_ms
        self._open = open_store or (
            lambda: HistoryStore.open(path, notify, busy_ms=busy, repair=False, check=False)
        )
        self._retry = (RETRY_FIRST, RETRY_MAX) if retry is None else retry
        self._queue: queue.SimpleQueue[Op] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        """Guards _pending, the journal and _abandoned (never taken by submit())."""
        self._pending: deque[Op] = deque()
        self._journal = Journal(path)
        self._ids: dict[str, int] = {}
        self._count = threading.Condition()
        self._submitted = self._done = 0
        self._closing = self._abandoned = False
        self.failing: str | None = None
        """Why the database cannot be written now; None when it can."""
        self._unkept = False
        self._thread = threading.Thread(target=self._run, name="backtimer-history", daemon=True)
        self._thread.start()

    # -- the timer's side ------------------------------------------------------------

    def submit(self, op: Op) -> None:
        """Queue one write; returns at once."""
        with self._count:
            self._submitted += 1
        self._queue.put(op)
        self._wake.set()

    def session_id(self, token: str) -> int | None:
        """The database id of the session with `token`, once its start is written."""
        return self._ids.get(token)

    def settle(self, timeout: float | None) -> bool:
        """Wait until every write submitted so far is written (True), or `timeout`."""
        with self._count:
            target = self._submitted
            return self._count.wait_for(lambda: self._done >= target, timeout)

    @property
    def journal(self) -> Path | None:
        """The journal file, while it holds writes that are not in the database yet."""
        return self._journal.path

    def close(self, wait: float | None = None) -> int:
        """Write what is left, waiting up to `wait` seconds (EXIT_WAIT); what is still not
        written then is kept in the journal for the next start. Returns how many were left."""
        self._closing = True
        self._wake.set()
        self._thread.join(EXIT_WAIT if wait is None else wait)
        if not self._thread.is_alive():
            return 0
        with self._lock:
            self._abandoned = True
            self._take()
            left = list(self._pending)
            try:
                self._journal.append(left)
            except OSError as err:
                self.notify(f"History: {len(left)} writes could not be kept ({err}); lost.")
            else:
                if left:
                    self.notify(
                        f"History could not be written before the end: {len(left)} writes"
                        f" wait in {self._journal.path} for the next start."
                    )
            self._journal.close()
        return len(left)

    # -- the writer's thread ---------------------------------------------------------

    def _take(self) -> None:
        """Move what was submitted into _pending (hold _lock)."""
        while True:
            try:
                self._pending.append(self._queue.get_nowait())
            except queue.Empty:
                return

    def _run(self) -> None:
        store: HistoryStore | None = None
        delay = self._retry[0]
        try:
            while True:
                self._wake.clear()
                with self._lock:
                    if self._abandoned:
                        return
                    self._take()
                    idle = not self._pending
                if idle:
                    if self._closing:
                        return
                    self._wake.wait()
                    continue
                if self.failing is not None:
                    self._keep()  # journal new writes before trying them
                try:
                    if store is None:
                        store = self._open()  # merges journals other processes left
                    self._drain(store)
                except (HistoryError, sqlite3.Error, OSError) as err:
                    if store is not None:
                        with suppress(Exception):
                            store.close()
                        store = None
                    self._failed(err)
                    self._wake.wait(delay)
                    delay = min(delay * 2, self._retry[1])
                    continue
                delay = self._retry[0]
                self._recovered()
        finally:
            if store is not None:
                with suppress(Exception):
                    store.close()

    def _drain(self, store: HistoryStore) -> None:
        while True:
            with self._lock:
                self._take()
                if not self._pending or self._abandoned:
                    return
                op = self._pending[0]
            ids = store.apply([op], refused=self._refused)
            with self._lock:
                self._ids.update(ids)
                if self._pending and self._pending[0] is op:
                    self._pending.popleft()
                if not self._pending and self._journal.path is not None:
                    self._journal.clear()
            with self._count:
                self._done += 1
                self._count.notify_all()

    def _refused(self, message: str) -> None:
        self.notify(f"History: {message}; it was left out.")

    def _failed(self, err: Exception) -> None:
        if self.failing is None:
            self.failing = str(err)
            self.notify(
                f"History cannot be written now ({err}). The session goes on; its steps"
                " are kept and written once the database can be written again."
            )
        self._keep()

    def _keep(self) -> None:
        with self._lock:
            if self._abandoned:
                return
            try:
                self._journal.append(list(self._pending))
            except OSError as err:
                if not self._unkept:
                    self._unkept = True
                    self.notify(
                        f"History: the steps that wait cannot be kept in a file either ({err});"
                        " they wait in memory."
                    )
            else:
                self._unkept = False

    def _recovered(self) -> None:
        if self.failing is not None:
            self.failing = None
            self.notify("History is written again; every step that waited is in.")
