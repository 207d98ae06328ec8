"""Today's range targets from past sessions (step up after a clean session); pure, no textual.

A range of sets (`sets: 2-3`) gains one set after a clean session in which every range of
the exercise was already at its upper end: first the hold (or the reps) grows, then a set."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    routine: Routine, sessions: Iterable[SessionRecord], override: Level | None = None
) -> Progression:
    """Targets from past `sessions` of `routine` (any order, all of them); `override`
    ignores history for the ranges. A max hold's target is its best so far, whatever the level."""
    mine = [s for s in sessions if s.routine == routine.name and not s.practice]
    mine.sort(key=lambda s: s.id, reverse=True)
    return progression_newest(routine, mine, max_bests(routine, mine), override)


def progression_newest(
    routine: Routine,
    newest: Iterable[SessionRecord],
    bests: Mapping[str, float],
    override: Level | None = None,
) -> Progression:
    """progression() from the routine's sessions newest first, read only as far as the
    targets need: usually the latest session or two. `newest` may be a lazy reader
    (HistoryStore.newest), so a long history is not loaded to start a session; `bests`
    holds the longest done hold of each key over all of them (HistoryStore.longest_holds,
    or max_bests), which a newest-first walk could not stop early for.
    """
    keys = max_keys(routine)
    targets: dict[str, float] = {k: v for k, v in bests.items() if k in keys and v > 0}
    if override is not None:
        return Progression(override, targets)
    ordered = _Seen(s for s in newest if s.routine == routine.name and not s.practice)
    history = _Seen(s for s in ordered if s.level is None)
    if not history.any():  # nothing to step up from: skip compiling a plan just for its ranges
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


class _Seen:
    """An iterable read once and kept: each walk replays what was read, then reads on,
    so several newest-first lookups share one lazy reader and each stops where it can."""

    def __init__(self, source: Iterable[SessionRecord]) -> None:
        self._source = iter(source)
        self._kept: list[SessionRecord] = []

    def __iter__(self) -> Iterator[SessionRecord]:
        n = 0
        while True:
            if n == len(self._kept):
                nxt = next(self._source, None)
                if nxt is None:
                    return
                self._kept.append(nxt)
            yield self._kept[n]
            n += 1

    def any(self) -> bool:
        return next(iter(self), None) is not None


def max_keys(routine: Routine) -> frozenset[str]:
    """The target_key of each max hold (`hold: max`) of `routine`."""
    return frozenset(
        target_key(e, i) for e in routine.exercises for i in e.items if i.work.kind == "max"
    )


def max_bests(routine: Routine, sessions: Iterable[SessionRecord]) -> dict[str, float]:
    """target_key -> the longest completed hold of each max hold (`hold: max`) with one."""
    keys = max_keys(routine)
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


def rating_hold(newest: Iterable[SessionRecord]) -> str | None:
    """The reason to hold targets when the latest rating dropped by RATING_DROP or more
    from the one before it (`newest`: sessions newest first)."""
    walk = iter(newest)
    last = next(walk, None)
    if last is None or last.rating is None:
        return None
    latest = last.rating
    before = next((s.rating for s in walk if s.rating is not None), None)
    if before is None or latest > before - RATING_DROP:
        return None
    return (
        f"Your back felt worse after the last session ({before} → {latest} out of 10), "
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
    newest: Iterable[SessionRecord], key: str, expected: Callable[[SessionRecord], int]
) -> tuple[float, bool] | None:
    """(value used, finished cleanly) in the latest session that reached `key`;
    `expected` gives how many work steps of `key` that session had."""
    for session in newest:
        rows = [r for r in session.steps if r.kind == "work" and r.target_key == key]
        rows = [r for r in rows if r.value is not None]
        if rows:
            value = rows[-1].value
            assert value is not None
            done = sum(1 for r in rows if r.clean)
            return value, done >= expected(session) and all(r.clean for r in rows)
    return None


def _next_sets(
    ex: Exercise, newest: Iterable[SessionRecord], used: Mapping[str, float]
) -> tuple[float, float] | None:
    """(sets last time, sets earned) for an exercise with a range of sets: one more after a
    clean session with every range of the exercise at its upper end (`used`)."""
    span = ex.sets_range
    if span is None:
        return None
    for session in newest:
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
