"""How big a routine may get, checked without building its timeline. No textual.

A few kilobytes can ask for a million steps (sets x sides x poses of a flow), so the
plan is never built to find out. First the YAML tree's lists are counted, before any
value is checked: a file with too many exercises, sides or poses is refused at once.
Then, on the valid routine, each exercise's steps and time are multiplied out from its
counts, at its longest (every range at its upper end). The limits are far above any real
routine (the bundled ones have at most 16 exercises, 67 steps and 31 minutes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from backtimer.routine.durations import format_seconds
from backtimer.routine.model import Exercise, Routine, Work
from backtimer.routine.tree import Path, Problem, Tree

MAX_EXERCISES = 1_000
MAX_SIDES = 20
MAX_FLOW = 100
MAX_STEPS = 10_000
MAX_HOURS = 12
MAX_SECONDS = MAX_HOURS * 3600.0


def tree_problems(tree: Tree) -> list[Problem]:
    """Lists longer than a routine's: sections and exercises (counted together), sides
    and flow. Only lengths are read, so this is quick on any tree the reader returns."""
    data = tree.data
    if not isinstance(data, dict):
        return []
    sections = data.get("sections")
    if isinstance(sections, list) and len(sections) > MAX_EXERCISES:
        message = (
            f"more than {MAX_EXERCISES:,} sections (a routine has at most that many exercises)"
        )
        return [_problem(tree, ("sections",), message)]
    problems: list[Problem] = []
    total = 0
    for path, exercises in _exercise_lists(data):
        total += len(exercises)
        if total > MAX_EXERCISES:
            message = f"more than {MAX_EXERCISES:,} exercises (the most a routine may have)"
            return [_problem(tree, (*path, "exercises"), message)]
        for i, exercise in enumerate(exercises):
            if isinstance(exercise, dict):
                problems += _list_problems(tree, (*path, "exercises", i), exercise)
    return problems


def _exercise_lists(data: dict[str, Any]) -> Iterator[tuple[Path, list[Any]]]:
    """(path of the mapping that holds it, the list) for each `exercises:` list."""
    if isinstance(data.get("exercises"), list):
        yield (), data["exercises"]
    sections = data.get("sections")
    if isinstance(sections, list):
        for i, section in enumerate(sections):
            if isinstance(section, dict) and isinstance(section.get("exercises"), list):
                yield ("sections", i), section["exercises"]


def _list_problems(tree: Tree, path: Path, exercise: dict[str, Any]) -> list[Problem]:
    out = []
    for key, limit, what in (("sides", MAX_SIDES, "sides"), ("flow", MAX_FLOW, "poses")):
        value = exercise.get(key)
        if isinstance(value, list) and len(value) > limit:
            message = f"{len(value):,} {what}: an exercise may have at most {limit}"
            out.append(_problem(tree, (*path, key), message))
    return out


class Size(NamedTuple):
    """An exercise's share of the timeline at its longest."""

    steps: int
    """Every step, counting a get-ready for each exercise (an upper bound by one)."""
    seconds: float
    """Planned seconds of work, switches and rests, and the `prepare` setting (the plan
    may make a get-ready longer, never shorter); self-paced reps count nothing."""


def exercise_size(exercise: Exercise, last: bool) -> Size:
    """Steps and seconds, multiplied out from the counts: the plan is not built."""
    s = exercise.settings
    sets = int(exercise.sets_range.high) if exercise.sets_range else exercise.sets
    sides = max(1, len(exercise.sides))
    items = exercise.items
    pairs = sides * len(items)  # (side, item) pairs in one set, a work step each
    switches = pairs - 1 if s.switch > 0 else 0
    set_rests = [r for r in map(s.rest_after_set, range(1, sets)) if r > 0]
    rest = 0 if last or s.rest <= 0 else 1
    steps = 1 + sets * (pairs + switches) + len(set_rests) + rest
    work = sum(_work_seconds(item.work) for item in items) * sides
    seconds = (
        max(s.prepare, 0.0) + sets * (work + switches * s.switch) + sum(set_rests) + rest * s.rest
    )
    return Size(steps, seconds)


def _work_seconds(work: Work) -> float:
    """One work step at the upper end of its range (as engine.plan times it)."""
    value = work.span.high
    if work.kind in ("hold", "time", "max"):
        return value
    count = int(value)
    if work.kind == "breaths" or work.breath_paced:
        return count * work.breath.cycle if work.breath else 0.0
    if work.tempo is None:
        return 0.0  # self-paced: no planned time
    return count * (work.tempo + (work.seconds.low if work.seconds else 0.0))


def timeline_problems(routine: Routine, tree: Tree) -> list[Problem]:
    """The first exercise at which the routine passes the step or the time limit."""
    exercises = routine.exercises
    paths = _exercise_paths(tree.data)
    problems: list[Problem] = []
    steps, seconds = 0, 0.0
    over_steps = over_time = False
    for i, exercise in enumerate(exercises):
        size = exercise_size(exercise, i == len(exercises) - 1)
        steps += size.steps
        seconds += size.seconds
        path = paths[i] if i < len(paths) else ()
        if steps > MAX_STEPS and not over_steps:
            over_steps = True
            alone = size.steps > MAX_STEPS
            problems.append(_over(tree, path, exercise, alone, f"{steps:,} steps", _steps_limit()))
        if seconds > MAX_SECONDS and not over_time:
            over_time = True
            alone = size.seconds > MAX_SECONDS
            length = f"{format_seconds(seconds)} of planned time"
            problems.append(_over(tree, path, exercise, alone, length, _time_limit()))
        if over_steps and over_time:
            break
    return problems


def _steps_limit() -> str:
    return f"a routine may have at most {MAX_STEPS:,} steps"


def _time_limit() -> str:
    return f"a routine may last at most {MAX_HOURS} hours (with every range at its upper end)"


def _over(
    tree: Tree, path: Path, exercise: Exercise, alone: bool, amount: str, limit: str
) -> Problem:
    """At the key that multiplies an exercise too far, or at the exercise that tips the
    sum over."""
    if alone:
        keys = [k for k in ("sets", "sides", "flow") if (*path, k) in tree.key_marks]
        counts = _counts(exercise)
        message = f"{counts} make {amount} in this exercise alone; {limit}"
        return _problem(tree, (*path, keys[0]) if keys else path, message)
    return _problem(tree, path, f"the routine reaches {amount} with this exercise; {limit}")


def _counts(exercise: Exercise) -> str:
    sets = int(exercise.sets_range.high) if exercise.sets_range else exercise.sets
    parts = [f"{sets} set" if sets == 1 else f"{sets} sets"]
    if exercise.sides:
        parts.append(f"{len(exercise.sides)} sides")
    if exercise.flow:
        parts.append(f"{len(exercise.flow)} poses")
    return " x ".join(parts)


def _exercise_paths(data: Any) -> list[Path]:
    """The tree path of each exercise, in the routine's order (the tree is valid)."""
    if not isinstance(data, dict):
        return []
    return [
        (*path, "exercises", i)
        for path, exercises in _exercise_lists(data)
        for i in range(len(exercises))
    ]


def _problem(tree: Tree, path: Path, message: str) -> Problem:
    line, col = tree.where(path)
    label = tree.label(path)
    return Problem(line, col, f"{label}: {message}" if label else message)
