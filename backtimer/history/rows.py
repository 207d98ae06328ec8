"""Converting engine steps/outcomes to database rows and rows back to records; no I/O, no textual."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from backtimer.engine.event import Outcome
from backtimer.engine.plan import Level, Plan, Step
from backtimer.history.record import SessionRecord, StepRecord, decode_targets, encode_targets
from backtimer.routine.model import Routine

if TYPE_CHECKING:
    import sqlite3

SESSION_COLUMNS = (
    "routine, file, digest, started, status, level, targets, total_steps, planned_seconds, speed"
)
STEP_COLUMNS = (
    "session_id, step_index, exercise, item, side, set_number, kind, work_kind, status, "
    "planned, spent, adjusted, reps, shortened, target_key, value, range_low, range_high"
)


def placeholders(columns: str) -> str:
    return ", ".join("?" for _ in columns.split(","))


def session_row(
    routine: Routine,
    plan: Plan,
    started: datetime,
    level: Level | None,
    targets: Mapping[str, float],
    speed: float = 1.0,
) -> tuple[object, ...]:
    """`speed`: the session clock's speed (--speed); other than 1 is a practice run."""
    return (
        routine.name, routine.source, routine.digest, started.isoformat(timespec="seconds"),
        "running", None if level is None else str(level), encode_targets(targets),
        len(plan.steps), plan.total_seconds, float(speed),
    )  # fmt: skip


def step_row(session_id: int, step: Step, outcome: Outcome) -> tuple[object, ...]:
    if outcome.step != step.index:
        raise ValueError(f"outcome of step {outcome.step} given for step {step.index}")
    work = step.work if step.kind == "work" else None
    span = step.span
    return (
        session_id, step.index, step.exercise, step.item, step.side, step.set, step.kind,
        work.kind if work else None, outcome.status, outcome.planned, outcome.spent,
        outcome.adjusted, outcome.reps, int(shortened(step, outcome)), step.target_key,
        step_value(step), span.low if span else None, span.high if span else None,
    )  # fmt: skip


def shortened(step: Step, outcome: Outcome) -> bool:
    """Ended early or shortened, or fewer self-paced reps counted than the target. A max
    hold is never short: it ends when you stop (or at its cap)."""
    if step.open_ended:
        return False
    if outcome.shortened:
        return True
    return step.self_paced and step.reps is not None and (outcome.reps or 0) < step.reps


def step_value(step: Step) -> float | None:
    """The value a work step's range took: a count for reps/breaths, else seconds."""
    if step.kind != "work" or step.work is None or step.open_ended:
        return None
    if step.work.kind in ("reps", "breaths"):
        return None if step.reps is None else float(step.reps)
    return step.seconds


STEP_COLUMN_NAMES = tuple(c.strip() for c in STEP_COLUMNS.split(","))
STEP_SELECT = ", ".join(f"steps.{name}" for name in STEP_COLUMN_NAMES)
"""STEP_COLUMNS of the steps table, for a SELECT joined with another table."""
_SHORTENED = STEP_COLUMN_NAMES.index("shortened")


def step_record(row: tuple[Any, ...]) -> StepRecord:
    """A plain row of STEP_SELECT (session_id first) as a StepRecord. Plain tuples, not
    sqlite3.Row: a year of sessions is some 40,000 steps, read before the picker's first
    frame (bench/history_start.py), and by name each took three times as long."""
    s = _SHORTENED
    return StepRecord._make((*row[1:s], bool(row[s]), *row[s + 1 :]))


def session_record(r: sqlite3.Row, steps: tuple[StepRecord, ...]) -> SessionRecord:
    return SessionRecord(
        r["id"], r["routine"], r["file"], r["digest"], r["started"], r["ended"], r["status"],
        r["rating"], r["level"], decode_targets(r["targets"]), r["total_steps"],
        r["planned_seconds"], steps, r["token"] or "", r["speed"],
    )  # fmt: skip
