"""The history edge of a run: today's plan from past sessions, and a recorder that hands
every ended step to the history's writer thread. Nothing here waits for the database: a
locked or broken one never stops or delays a session (see history/writer.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from backtimer import paths
from backtimer.engine.event import Outcome
from backtimer.engine.plan import Level, Plan, compile_plan
from backtimer.history.ops import Op, finish_op, new_token, rate_op, reopen_op, start_op, step_op
from backtimer.history.progression import Progression, parse_level, progression
from backtimer.routine.model import Routine
from backtimer.run.late_writer import LateWriter

if TYPE_CHECKING:  # SQLite and the store: imported where a database is opened or read
    from backtimer.history.schema import HistoryError
    from backtimer.history.store import HistoryStore
    from backtimer.history.writer import HistoryWriter

Notify = Callable[[str], None]
Wall = Callable[[], datetime]


class Writes(Protocol):
    """What a recorder hands its writes to: a HistoryWriter, or run/late_writer.py's
    LateWriter, which holds them until the full screen's first frame is drawn."""

    def submit(self, op: Op) -> None: ...

    def session_id(self, token: str) -> int | None: ...

    def settle(self, timeout: float | None) -> bool: ...


class Today(NamedTuple):
    """What a run will do: the plan, where it starts, and why its targets are what they are."""

    plan: Plan
    progression: Progression
    override: Level | None = None
    start_index: int = 0
    resume_id: int | None = None
    """The unfinished session being continued (--resume), if any."""
    notes: tuple[str, ...] = ()
    resume_token: str | None = None
    """The token of the session being continued (its writes name it)."""


def open_store(
    notify: Notify, failed: Callable[[HistoryError], None] | None = None
) -> HistoryStore | None:
    """The history database, or None (said through `notify`, handed to `failed`)."""
    from backtimer.history.schema import HistoryError
    from backtimer.history.store import HistoryStore

    try:
        return HistoryStore.open(paths.history_file(), notify)
    except HistoryError as err:
        notify(f"History is off for this session: {err}")
        if failed is not None:
            failed(err)
        return None


def open_writer(store: HistoryStore | None, notify: Notify) -> HistoryWriter | None:
    """The thread that writes the history of the runs of this process (None: history off)."""
    from backtimer.history.writer import HistoryWriter

    return None if store is None else HistoryWriter(store.path, notify)


def plan_today(
    routine: Routine,
    store: HistoryStore | None,
    level: str | None = None,
    resume: bool = False,
    *,
    strict: bool = False,
) -> Today:
    """Today's plan: --level if given, else the targets earned in past sessions (from
    none when the history cannot be read, unless `strict`: then HistoryError)."""
    from backtimer.history.schema import HistoryError

    override = parse_level(level) if level else None
    if resume and store is not None:
        found = _resumable(routine, store)
        if found is not None:
            return found
    try:
        prog = None if store is None else store.progression(routine, override)
    except HistoryError:
        if strict:
            raise
        prog = None
    if prog is None:  # no history, or it cannot be read
        prog = progression(routine, (), override)
    notes = () if not resume else ("Nothing to resume: starting from the beginning.",)
    return Today(compile_plan(routine, prog.level, prog.targets), prog, override, notes=notes)


def _resumable(routine: Routine, store: HistoryStore) -> Today | None:
    from backtimer.history.schema import HistoryError

    try:
        found = store.last_unfinished(routine.name, routine.digest)
        record = store.session(found[0]) if found else None
    except HistoryError:
        return None
    if found is None or record is None:
        return None
    level = parse_level(record.level) if record.level else "low"
    plan = compile_plan(routine, level, record.targets)
    prog = Progression(level, dict(record.targets))
    note = f"Resuming at step {found[1] + 1} of {len(plan.steps)}."
    return Today(plan, prog, None, found[1], found[0], (note,), record.token or None)


class HistoryRecorder:
    """SessionRecorder backed by the history: each call hands one write to `writer` and
    returns at once; the writer applies them in order, retrying until they land."""

    def __init__(
        self,
        writer: Writes | None,
        routine: Routine,
        today: Today,
        wall: Wall,
        speed: float = 1.0,
    ) -> None:
        self.writer, self.routine, self.today, self.wall = writer, routine, today, wall
        self.speed = speed
        """The clock's speed (--speed): other than 1 records a practice run."""
        self.token = today.resume_token or new_token()
        """The session's token: its writes name it, so they need no database id."""

    @property
    def session_id(self) -> int | None:
        """The session's database id, once its start is written (see settle)."""
        if self.today.resume_id is not None:
            return self.today.resume_id
        return None if self.writer is None else self.writer.session_id(self.token)

    def settle(self, timeout: float | None) -> bool:
        """Wait up to `timeout` seconds for this process's writes to be in the database."""
        return True if self.writer is None else self.writer.settle(timeout)

    def on_start(self, plan: Plan) -> None:
        if self.today.resume_id is not None:
            self._submit(reopen_op(self.token))
            return
        targets = self.today.progression.targets
        today, wall = self.today, self.wall()
        build = partial(
            start_op, self.token, self.routine, plan, wall, today.override, targets, self.speed
        )
        if isinstance(self.writer, LateWriter):  # the first frame is not drawn yet
            self.writer.submit_later(build)
        else:
            self._submit(build())

    def on_step_ended(self, outcome: Outcome) -> None:
        step = self.today.plan.steps[outcome.step]
        self._submit(step_op(self.token, step, outcome))

    def on_finish(self, status: str) -> None:
        final: Literal["finished", "stopped"] = "finished" if status == "finished" else "stopped"
        self._submit(finish_op(self.token, self.wall(), final))

    def rate(self, rating: int | None) -> None:
        self._submit(rate_op(self.token, rating))

    def _submit(self, op: Op) -> None:
        if self.writer is not None:
            self.writer.submit(op)
