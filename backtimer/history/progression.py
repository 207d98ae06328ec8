"""Today's range targets from past sessions (step up after a clean session); pure, no textual.

A range of sets (`sets: 2-3`) gains one set after a clean session in which every range of
the exercise was already at its upper end: first the hold (or the reps) grows, then a set."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from backtimer.engine.plan import (
    Level,
    choose_sets,
    compile_plan,
    progress_step,
    sets_key,
    target_key,
)
from backtimer.history.record import SessionRecord
from backtimer.routine.model import Exercise, Routine, Span, Work

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
    """Targets from past `sessions` of `routine` (any order); `override` ignores history
    for the ranges. A max hold's target is its best so far, whatever the level."""
    mine = (s for s in sessions if s.routine == routine.name and not s.practice)
    ordered = sorted(mine, key=lambda s: s.id)
    targets: dict[str, float] = max_bests(routine, ordered)
    if override is not None:
        return Progression(override, targets)
    history = [s for s in ordered if s.level is None]
    if not history:  # nothing to step up from: skip compiling a plan just for its ranges
        return Progression("low", targets)
    held = rating_hold(ordered)
    raised: dict[str, tuple[float, float]] = {}
    earned = False
    used: dict[str, float] = {}
    """The value each range took last time."""
    owners = {target_key(e, i): e for e in routine.exercises for i in e.items}
    for key, (work, expected) in routine_ranges(routine).items():
        last = _last_time(history, key, _expected(owners[key], expected))
        if last is None:
            continue
        value, clean = last
        span = work.span
        value = used[key] = span.at(value)
        up = _up(span, value, progress_step(work)) if clean else value
        earned = earned or up > value
        target = value if held else up
        targets[key] = target
        if target > value:
            raised[key] = (value, target)
    for ex in routine.exercises:
        sets = _next_sets(ex, history, used)
        if sets is None:
            continue
        before, up = sets
        earned = earned or up > before
        target = before if held else up
        targets[sets_key(ex)] = target
        if target > before:
            raised[sets_key(ex)] = (before, target)
    return Progression("low", targets, raised, held if earned else None)


def max_bests(routine: Routine, sessions: Sequence[SessionRecord]) -> dict[str, float]:
    """target_key -> the longest completed hold of each max hold (`hold: max`) with one."""
    keys = {target_key(e, i) for e in routine.exercises for i in e.items if i.work.kind == "max"}
    out: dict[str, float] = {}
    for session in sessions:
        for r in session.steps:
            if r.kind == "work" and r.status == "done" and r.target_key in keys:
                out[r.target_key] = max(out.get(r.target_key, 0.0), r.spent)
    return {k: v for k, v in out.items() if v > 0}


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
        f"Your back felt worse after the last session ({before[-1]} → {latest} out of 10), "
        "so targets stay where they were this time."
    )


def _sets_in(exercise: Exercise, session: SessionRecord) -> int:
    """How many sets `exercise` had in `session` (a session without --level)."""
    return choose_sets(exercise, "low", session.targets)


def _expected(exercise: Exercise, at_low: int) -> Callable[[SessionRecord], int]:
    """How many work steps of one range a session had, from `at_low` at the lowest sets."""
    per_set = at_low // choose_sets(exercise, "low", {})
    return lambda session: per_set * _sets_in(exercise, session)


def _last_time(
    history: Sequence[SessionRecord], key: str, expected: Callable[[SessionRecord], int]
) -> tuple[float, bool] | None:
    """(value used, finished cleanly) in the latest session that reached `key`;
    `expected` gives how many work steps of `key` that session had."""
    for session in reversed(history):
        rows = [r for r in session.steps if r.kind == "work" and r.target_key == key]
        rows = [r for r in rows if r.value is not None]
        if rows:
            value = rows[-1].value
            assert value is not None
            done = sum(1 for r in rows if r.clean)
            return value, done >= expected(session) and all(r.clean for r in rows)
    return None


def _next_sets(
    ex: Exercise, history: Sequence[SessionRecord], used: Mapping[str, float]
) -> tuple[float, float] | None:
    """(sets last time, sets earned) for an exercise with a range of sets: one more after a
    clean session with every range of the exercise at its upper end (`used`)."""
    span = ex.sets_range
    if span is None:
        return None
    for session in reversed(history):
        rows = [r for r in session.steps if r.kind == "work" and r.exercise == ex.name]
        if not rows:
            continue
        before = _sets_in(ex, session)
        per_set = len(ex.sides or ("",)) * len(ex.items)
        done = sum(1 for r in rows if r.clean)
        clean = done >= per_set * before and all(r.clean for r in rows)
        top = all(
            not item.work.span.is_range
            or used.get(target_key(ex, item), item.work.span.low) >= item.work.span.high
            for item in ex.items
        )
        return float(before), float(_up(span, before, 1.0) if clean and top else before)
    return None


def _up(span: Span, value: float, step: float) -> float:
    return span.at(value + step)
