"""What a session amounted to (time, exercises done and skipped); plain data, no Textual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backtimer.engine.event import Outcome
from backtimer.engine.session import Session
from backtimer.present.text import clean

ExerciseStatus = Literal["done", "skipped", "partly skipped", "partly done", "not reached"]


@dataclass(frozen=True)
class ExerciseTally:
    name: str
    status: ExerciseStatus


@dataclass(frozen=True)
class Tally:
    routine: str
    finished: bool
    """False when the user quit before the end."""
    active_seconds: float
    """Time spent, pauses excluded."""
    planned_seconds: float
    exercises: tuple[ExerciseTally, ...]

    def count(self, *statuses: ExerciseStatus) -> int:
        return sum(1 for e in self.exercises if e.status in statuses)

    @property
    def done(self) -> int:
        return self.count("done")

    @property
    def skipped(self) -> int:
        return self.count("skipped", "partly skipped")


def tally(session: Session, now: float) -> Tally:
    plan = session.plan
    last: dict[int, Outcome] = {o.step: o for o in session.outcomes}
    names: dict[int, str] = {}
    statuses: dict[int, set[str]] = {}
    for step in plan.steps:
        names.setdefault(step.exercise_index, clean(step.exercise))
        seen = statuses.setdefault(step.exercise_index, set())
        if step.kind == "work" and step.index in last:
            seen.add(last[step.index].status)
    if not session.finished and session.step.kind in ("work", "switch", "set_rest"):
        statuses[session.step.exercise_index].add("stopped")
    exercises = tuple(ExerciseTally(names[i], _status(statuses[i])) for i in sorted(names))
    return Tally(
        clean(plan.name),
        session.finished,
        session.active_seconds(now),
        plan.total_seconds,
        exercises,
    )


def _status(seen: set[str]) -> ExerciseStatus:
    if not seen:
        return "not reached"
    if "stopped" in seen:
        return "partly skipped" if "skipped" in seen else "partly done"
    if seen == {"done"}:
        return "done"
    return "skipped" if seen == {"skipped"} else "partly skipped"
