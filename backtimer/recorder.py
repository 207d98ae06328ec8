"""The history edge of a run: today's plan from past sessions, and a recorder that commits
every ended step. A broken database never stops a session: it notifies once and goes on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal, NamedTuple

from backtimer import paths
from backtimer.engine.event import Outcome
from backtimer.engine.plan import Level, Plan, compile_plan
from backtimer.history import HistoryError, HistoryStore, Progression, parse_level, progression
from backtimer.routine.model import Routine

Notify = Callable[[str], None]
Wall = Callable[[], datetime]


class Today(NamedTuple):
    """What a run will do: the plan, where it starts, and why its targets are what they are."""

    plan: Plan
    progression: Progression
    override: Level | None = None
    start_index: int = 0
    resume_id: int | None = None
    """The unfinished session being continued (--resume), if any."""
    notes: tuple[str, ...] = ()


def open_store(
    notify: Notify, failed: Callable[[HistoryError], None] | None = None
) -> HistoryStore | None:
    """The history database, or None (said through `notify`, handed to `failed`)."""
    try:
        return HistoryStore.open(paths.history_file(), notify)
    except HistoryError as err:
        notify(f"History is off for this session: {err}")
        if failed is not None:
            failed(err)
        return None


def plan_today(
    routine: Routine, store: HistoryStore | None, level: str | None = None, resume: bool = False
) -> Today:
    """Today's plan: --level if given, else the targets earned in past sessions."""
    override = parse_level(level) if level else None
    if resume and store is not None:
        found = _resumable(routine, store)
        if found is not None:
            return found
    sessions = []
    if store is not None:
        try:
            sessions = store.sessions(routine.name)
        except HistoryError:
            sessions = []
    prog = progression(routine, sessions, override)
    notes = () if not resume else ("Nothing to resume: starting from the beginning.",)
    return Today(compile_plan(routine, prog.level, prog.targets), prog, override, notes=notes)


def _resumable(routine: Routine, store: HistoryStore) -> Today | None:
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
    return Today(plan, prog, None, found[1], found[0], (note,))


class HistoryRecorder:
    """SessionRecorder backed by the history database; each ended step is committed at once."""

    def __init__(
        self, store: HistoryStore | None, routine: Routine, today: Today, wall: Wall, notify: Notify
    ) -> None:
        self.store, self.routine, self.today = store, routine, today
        self.wall, self.notify = wall, notify
        self.session_id: int | None = today.resume_id

    def on_start(self, plan: Plan) -> None:
        if self.today.resume_id is not None:
            self._guard(lambda s: s.reopen_session(self.today.resume_id or 0))
            return
        started = self.wall()

        def start(s: HistoryStore) -> None:
            self.session_id = s.start_session(
                self.routine,
                plan,
                started,
                level=self.today.override,
                targets=self.today.progression.targets,
            )

        self._guard(start)

    def on_step_ended(self, outcome: Outcome) -> None:
        if self.session_id is None:
            return
        step = self.today.plan.steps[outcome.step]
        self._guard(lambda s: s.record_step(self.session_id or 0, step, outcome))

    def on_finish(self, status: str) -> None:
        if self.session_id is None:
            return
        ended = self.wall()
        final: Literal["finished", "stopped"] = "finished" if status == "finished" else "stopped"
        self._guard(lambda s: s.finish_session(self.session_id or 0, ended, final))

    def rate(self, rating: int | None) -> None:
        if self.session_id is not None:
            self._guard(lambda s: s.set_rating(self.session_id or 0, rating))

    def _guard(self, write: Callable[[HistoryStore], None]) -> None:
        if self.store is None:
            return
        try:
            write(self.store)
        except HistoryError as err:
            self.notify(f"History stopped recording: {err}. The session goes on.")
            self.store = None
