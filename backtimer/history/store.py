"""HistoryStore: sessions and their steps in SQLite, one transaction per write; no textual, no clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Literal

from backtimer.engine.event import Outcome
from backtimer.engine.plan import Level, Plan, Step
from backtimer.history.aggregates import Aggregates
from backtimer.history.journal import merge
from backtimer.history.lockfile import held, lock_path
from backtimer.history.ops import SESSION_NAMES, STEP_NAMES, Op, new_token
from backtimer.history.progression import Progression, max_keys, progression_newest
from backtimer.history.record import SessionRecord, StepRecord
from backtimer.history.rows import (
    SESSION_COLUMNS,
    STEP_COLUMNS,
    STEP_SELECT,
    placeholders,
    session_record,
    session_row,
    step_record,
    step_row,
)
from backtimer.history.schema import HistoryError, connect, is_corrupt, move_aside
from backtimer.routine.model import Routine

Notify = Callable[[str], None]

MERGE_BUSY_MS = 1000
"""How long opening waits for another process's write lock to merge journals."""

NEWEST_FIRST_BATCH = 2
NEWEST_MAX_BATCH = 128
"""HistoryStore.newest reads this many sessions first, and at most this many at a time."""


class HistoryStore(Aggregates):
    """The history database. Every write is one committed transaction, so a kill loses nothing.
    The reads that need no session's steps (counts, bests, tallies) are in aggregates.py."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(
        cls,
        path: Path,
        notify: Notify,
        *,
        busy_ms: int | None = None,
        repair: bool = True,
        check: bool = True,
    ) -> HistoryStore:
        """Open (creating or migrating) the database; a corrupt file is moved aside first
        (unless not `repair`: then it is an error). Then the journals other processes
        left beside it are merged, if the database can be written within MERGE_BUSY_MS
        (else they wait for the next open; see journal.py). Not `check`: skip the
        integrity check, which reads the whole file (a second connection of a process
        whose first one has just checked it).
        """
        store = cls._open(path, notify, busy_ms, repair, check)
        store.merge_journals(notify)
        return store

    def merge_journals(self, notify: Notify, busy_ms: int = MERGE_BUSY_MS) -> int:
        """Merge the journals left beside the database; returns the writes applied."""
        conn = self._conn
        before = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
        conn.execute(f"PRAGMA busy_timeout = {min(before, int(busy_ms))}")
        try:
            return merge(self, notify)
        except (HistoryError, OSError):
            return 0
        finally:
            conn.execute(f"PRAGMA busy_timeout = {before}")

    @classmethod
    def _open(
        cls, path: Path, notify: Notify, busy_ms: int | None, repair: bool, check: bool = True
    ) -> HistoryStore:
        """Open (creating or migrating) the database; a corrupt file is moved aside first
        (unless not `repair`: then it is an error).

        Opening holds the lock file beside the database shared, and moving a file aside
        holds it exclusively and checks the file again first, so a file is moved only if
        it is corrupt while no other process is opening it or has just replaced it.
        Raises HistoryError when the file cannot be used at all (locked for longer
        than the busy timeout, unwritable folder, schema from a newer backtimer).
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                with _lock(path, shared=True):
                    return cls(connect(path, busy_ms, check), path)
            except sqlite3.Error as exc:
                if not is_corrupt(exc) or not repair:
                    raise
            with held(lock_path(path), shared=False):
                try:
                    return cls(connect(path, busy_ms, check), path)  # another process replaced it
                except sqlite3.Error as exc:
                    if not is_corrupt(exc):
                        raise
                    moved = move_aside(path)
                    notify(
                        f"The history database {path} could not be read ({exc}). It was moved "
                        f"to {moved.name} and a new one was started."
                    )
                return cls(connect(path, busy_ms, check), path)
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(f"cannot open the history database {path}: {exc}") from exc

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so two processes queue on the
        # busy timeout instead of failing when a read would upgrade to a write.
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (a full disk, a lock) can leave the transaction open:
                # roll it back, or every later write fails inside it.
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot write to the history database {self.path}: {exc}") from exc

    # -- writes as data (see ops.py) -----------------------------------------------

    def apply(self, ops: Sequence[Op], refused: Notify | None = None) -> dict[str, int]:
        """Apply writes made by ops.py in one transaction, in order, each at most once
        ever: a write whose id was applied before is skipped, so replaying a journal
        changes nothing. Returns {session token: id} for the sessions the writes name.

        A write the database refuses (a CHECK, a step of a session that is not there)
        is left out and said through `refused`; any other error raises HistoryError and
        nothing is applied.
        """
        ids: dict[str, int] = {}
        with self._write() as db:
            for op in ops:
                db.execute("SAVEPOINT op")
                try:
                    _apply(db, op, ids)
                except sqlite3.IntegrityError as exc:
                    db.execute("ROLLBACK TO op")
                    if refused is not None:
                        refused(f"a {op['kind']} write was refused: {exc}")
                db.execute("RELEASE op")
        return ids

    # -- writing -------------------------------------------------------------------

    def start_session(
        self,
        routine: Routine,
        plan: Plan,
        started: datetime,
        *,
        level: Level | None = None,
        targets: Mapping[str, float] | None = None,
        speed: float = 1.0,
    ) -> int:
        """Record a new running session; returns its id. `level` is a --level override,
        `speed` the clock's (other than 1: a practice run)."""
        row = (*session_row(routine, plan, started, level, targets or {}, speed), new_token())
        sql = f"INSERT INTO sessions ({SESSION_COLUMNS}, token) VALUES ({placeholders(SESSION_COLUMNS)}, ?)"
        with self._write() as db:
            cur = db.execute(sql, row)
        assert cur.lastrowid is not None
        return cur.lastrowid

    def record_step(self, session_id: int, step: Step, outcome: Outcome) -> None:
        """Commit one ended step (call on every step_ended event, with its Outcome)."""
        row = step_row(session_id, step, outcome)
        with self._write() as db:
            db.execute(
                f"INSERT INTO steps ({STEP_COLUMNS}) VALUES ({placeholders(STEP_COLUMNS)})", row
            )

    def finish_session(
        self, session_id: int, ended: datetime, status: Literal["finished", "stopped"] = "finished"
    ) -> None:
        """Close a session: finished (the plan ran out) or stopped (quit before the end)."""
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET ended = ?, status = ? WHERE id = ?",
                (ended.isoformat(timespec="seconds"), status, session_id),
            )

    def reopen_session(self, session_id: int) -> None:
        """Mark a session running again before continuing it with --resume."""
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET ended = NULL, status = 'running' WHERE id = ?", (session_id,)
            )

    def set_rating(self, session_id: int, rating: int | None) -> None:
        """How the back feels after the session: 0 (bad) to 10 (good); None clears it."""
        if rating is not None and not 0 <= rating <= 10:
            raise ValueError(f"a rating is 0 to 10, not {rating}")
        with self._write() as db:
            db.execute("UPDATE sessions SET rating = ? WHERE id = ?", (rating, session_id))

    # -- reading -------------------------------------------------------------------

    def last_unfinished(self, routine: str, digest: str | None = None) -> tuple[int, int] | None:
        """(session id, next step index) when the latest session of `routine` was not finished.

        None when it finished, never started a step that remains, or (given `digest`)
        ran a different version of the file, whose step numbers would not match.
        """
        latest = self.sessions(routine, limit=1)
        if not latest:
            return None
        rec = latest[0]
        if rec.status == "finished" or (digest is not None and rec.digest != digest):
            return None
        if rec.next_index >= rec.total_steps:
            return None
        return rec.id, rec.next_index

    def session(self, session_id: int) -> SessionRecord | None:
        found = self._select("WHERE id = ?", (session_id,))
        return found[0] if found else None

    def sessions(
        self, routine: str | None = None, *, limit: int | None = None
    ) -> list[SessionRecord]:
        """Sessions newest first (all, or of one routine by name), each with its steps."""
        where, args = ("WHERE routine = ?", (routine,)) if routine is not None else ("", ())
        if limit is not None:
            where += f" ORDER BY id DESC LIMIT {int(limit)}"
        return self._select(where, args)

    def newest(self, routine: str, first: int = NEWEST_FIRST_BATCH) -> Iterator[SessionRecord]:
        """Sessions of `routine` newest first, each with its steps, read a few at a time
        as they are asked for (`first`, then four times as many each time): today's
        targets usually need only the latest session, and a year of history stays unread.
        Each batch is one snapshot; a session written meanwhile is newer than all of them
        and is not among them. Raises HistoryError while being read."""
        size, below = first, None
        args: tuple[object, ...]
        while True:
            where, args = "WHERE routine = ?", (routine,)
            if below is not None:
                where, args = where + " AND id < ?", (routine, below)
            found = self._select(f"{where} ORDER BY id DESC LIMIT {int(size)}", args)
            yield from found
            if len(found) < size:
                return
            size, below = min(size * 4, NEWEST_MAX_BATCH), found[-1].id

    def progression(self, routine: Routine, override: Level | None = None) -> Progression:
        """Today's targets for `routine` from this history, exactly progression() over all
        of its sessions: read newest first only as far as they need (newest), with the
        max holds' bests as one aggregate (longest_holds). Raises HistoryError."""
        bests = self.longest_holds(routine.name, max_keys(routine))
        return progression_newest(routine, self.newest(routine.name), bests, override)

    def _select(self, where: str, args: tuple[object, ...]) -> list[SessionRecord]:
        with self._read() as db:
            rows = db.execute(
                f"SELECT * FROM (SELECT * FROM sessions {where}) ORDER BY id DESC", args
            )
            sessions = list(rows)
            steps: dict[int, list[StepRecord]] = {r["id"]: [] for r in sessions}
            chosen = f"SELECT id FROM sessions {where}"
            sql = (
                f"SELECT {STEP_SELECT} FROM steps JOIN ({chosen}) AS s"
                " ON s.id = steps.session_id ORDER BY steps.id"
            )
            plain = db.cursor()
            plain.row_factory = None
            for row in plain.execute(sql, args):
                steps[row[0]].append(step_record(row))
        return [session_record(r, tuple(steps[r["id"]])) for r in sessions]

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several SELECTs, so a concurrent writer cannot tear them."""
        try:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history database {self.path}: {exc}") from exc


@contextmanager
def _lock(path: Path, shared: bool) -> Iterator[None]:
    """The lock file held; without it (a read-only folder) open anyway: no file can be
    created or moved there, so there is nothing to race."""
    with ExitStack() as stack:
        with suppress(OSError):
            stack.enter_context(held(lock_path(path), shared=shared))
        yield


START_SQL = (
    f"INSERT INTO sessions ({', '.join(SESSION_NAMES)}, token)"
    f" VALUES ({', '.join('?' for _ in SESSION_NAMES)}, ?) ON CONFLICT(token) DO NOTHING"
)
STEP_SQL = (
    f"INSERT INTO steps (session_id, {', '.join(STEP_NAMES)})"
    f" VALUES (?, {', '.join('?' for _ in STEP_NAMES)})"
)


def _apply(db: sqlite3.Connection, op: Op, ids: dict[str, int]) -> None:
    token, kind = op["session"], op["kind"]
    fresh = db.execute("INSERT INTO applied (op) VALUES (?) ON CONFLICT DO NOTHING", (op["id"],))
    if fresh.rowcount and kind == "start":
        row = op["row"]
        db.execute(START_SQL, (*(row[name] for name in SESSION_NAMES), token))
    found = db.execute("SELECT id FROM sessions WHERE token = ?", (token,)).fetchone()
    if found is None:
        raise sqlite3.IntegrityError(f"no session {token} in the history")
    sid = ids[token] = int(found[0])
    if not fresh.rowcount:
        return  # applied before (a journal merged twice, a write retried)
    if kind == "step":
        db.execute(STEP_SQL, (sid, *(op["row"][name] for name in STEP_NAMES)))
    elif kind == "finish":
        db.execute(
            "UPDATE sessions SET ended = ?, status = ? WHERE id = ?",
            (op["ended"], op["status"], sid),
        )
    elif kind == "reopen":
        db.execute("UPDATE sessions SET ended = NULL, status = 'running' WHERE id = ?", (sid,))
    elif kind == "rate":
        db.execute("UPDATE sessions SET rating = ? WHERE id = ?", (op["rating"], sid))
