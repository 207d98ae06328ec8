"""Today's range targets from past sessions (step up after a clean session); pure, no textual."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from backtimer.engine.plan import Level, compile_plan, progress_step
from backtimer.history.record import SessionRecord
from backtimer.routine.model import Routine, Span, Work

RATING_DROP = 2
"""A rating this much worse than the previous one holds every target for the next session."""


class Progression(NamedTuple):
    """What compile_plan needs today, and what changed since the last session."""

    level: Level
    targets: Mapping[str, float]
    """target_key -> value for each range with history; ranges without stay at `level`."""
    raised: Mapping[str, tuple[float, float]] = MappingProxyType({})
    """target_key -> (value last time, value today) for each target that stepped up."""
    held: str | None = None
    """Why targets that had earned a step up did not get one (a worse rating)."""


def parse_level(text: str) -> Level:
    """`--level low|high|N` -> a Level; ValueError for anything else."""
    if text in ("low", "high"):
        return text  # type: ignore[return-value]
    if text.isdigit():
        return int(text)
    raise ValueError(f"--level takes low, high or a whole number of steps, not {text!r}")


def progression(
    routine: Routine, sessions: Sequence[SessionRecord], override: Level | None = None
) -> Progression:
    """Targets from past `sessions` of `routine` (any order); `override` ignores history."""
    if override is not None:
        return Progression(override, {})
    ordered = sorted((s for s in sessions if s.routine == routine.name), key=lambda s: s.id)
    history = [s for s in ordered if s.level is None]
    if not history:  # nothing to step up from: skip compiling a plan just for its ranges
        return Progression("low", {})
    held = rating_hold(ordered)
    targets: dict[str, float] = {}
    raised: dict[str, tuple[float, float]] = {}
    earned = False
    for key, (work, expected) in routine_ranges(routine).items():
        last = _last_time(history, key, expected)
        if last is None:
            continue
        value, clean = last
        span = work.span
        value = span.at(value)
        up = _up(span, value, progress_step(work)) if clean else value
        earned = earned or up > value
        target = value if held else up
        targets[key] = target
        if target > value:
            raised[key] = (value, target)
    return Progression("low", targets, raised, held if earned else None)


def routine_ranges(routine: Routine) -> dict[str, tuple[Work, int]]:
    """target_key -> (its work, how many work steps a full session has) for each range."""
    works: dict[str, Work] = {}
    counts: Counter[str] = Counter()
    for step in compile_plan(routine, "low").steps:
        if step.kind == "work" and step.work is not None and step.span is not None:
            works[step.target_key] = step.work
            counts[step.target_key] += 1
    return {key: (work, counts[key]) for key, work in works.items()}


def rating_hold(sessions: Sequence[SessionRecord]) -> str | None:
    """The reason to hold targets when the latest rating dropped by RATING_DROP or more."""
    if not sessions or sessions[-1].rating is None:
        return None
    latest = sessions[-1].rating
    before = [s.rating for s in sessions[:-1] if s.rating is not None]
    if not before or latest > before[-1] - RATING_DROP:
        return None
    return (
        f"Your back felt worse after the last session ({before[-1]} -> {latest} out of 10), "
        "so targets stay where they were this time."
    )


def _last_time(
    history: Sequence[SessionRecord], key: str, expected: int
) -> tuple[float, bool] | None:
    """(value used, finished cleanly) in the latest session that reached `key`."""
    for session in reversed(history):
        rows = [r for r in session.steps if r.kind == "work" and r.target_key == key]
        rows = [r for r in rows if r.value is not None]
        if rows:
            value = rows[-1].value
            assert value is not None
            done = sum(1 for r in rows if r.clean)
            return value, done >= expected and all(r.clean for r in rows)
    return None


def _up(span: Span, value: float, step: float) -> float:
    return span.at(value + step)
