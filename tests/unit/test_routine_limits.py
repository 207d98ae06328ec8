"""Timeline limits: files that multiply into a huge timeline, or are too big to be a
routine, are refused at the key that breaks the limit, without building the plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from routine_trees import routines

from backtimer import paths
from backtimer.engine.plan import compile_plan
from backtimer.routine import limits
from backtimer.routine.loader import RoutineError, load_routine, load_text
from backtimer.routine.model import Routine
from backtimer.routine.tree import MAX_NODES, MAX_PROBLEMS, Tree
from backtimer.routine.validate import validate

ROUTINES = sorted(paths.bundled_routines_dir().glob("*.yaml"))


def problems(text: str) -> list[str]:
    with pytest.raises(RoutineError) as info:
        load_text(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def bomb(sets: int, sides: int, flow: int) -> str:
    labels = ", ".join(f"s{i}" for i in range(sides))
    items = "".join(f"      - {{name: f{i}, hold: 1s}}\n" for i in range(flow))
    return (
        f"name: Bomb\nexercises:\n  - name: B\n    sets: {sets}\n"
        f"    sides: [{labels}]\n    flow:\n{items}"
    )


def test_the_issues_bomb_is_refused_at_its_sides() -> None:
    text = bomb(50, 100, 100)
    assert 3000 < len(text) < 4000  # the 3.4 KB file of the issue: a million steps
    assert problems(text) == [
        "r.yaml:5:5: exercises[0] (B).sides: 100 sides: an exercise may have at most 20"
    ]


def test_a_bomb_within_the_list_limits_is_refused_at_its_sets() -> None:
    steps, time = problems(bomb(50, 20, 100))
    assert steps == (
        "r.yaml:4:5: exercises[0] (B).sets: 50 sets x 20 sides x 100 poses make 200,000 steps"
        " in this exercise alone; a routine may have at most 10,000 steps"
    )
    assert time.startswith("r.yaml:4:5: exercises[0] (B).sets: 50 sets x 20 sides x 100 poses")
    assert time.endswith("a routine may last at most 12 hours (with every range at its upper end)")


def test_a_long_flow_is_refused_at_its_key() -> None:
    [message] = problems(bomb(1, 2, 101))
    assert (
        message == "r.yaml:6:5: exercises[0] (B).flow: 101 poses: an exercise may have at most 100"
    )


def test_too_many_exercises_across_sections() -> None:
    section = "  - exercises:\n" + "      - {name: E, hold: 1s}\n" * 600
    [message] = problems("name: X\nsections:\n" + section + section)
    assert message == (
        "r.yaml:604:5: sections[1].exercises: more than 1,000 exercises"
        " (the most a routine may have)"
    )


def test_too_many_sections() -> None:
    section = "  - exercises: [{name: E, hold: 1s}]\n"
    [message] = problems("name: X\nsections:\n" + section * 1001)
    assert message == (
        "r.yaml:2:1: sections: more than 1,000 sections (a routine has at most that many exercises)"
    )


def test_steps_summed_over_exercises_are_refused_where_they_pass_the_limit() -> None:
    # each: a get-ready, 10 sets of (side, switch, side), 9 set rests, a rest: 41 steps
    one = "  - {name: E, hold: 1s, sets: 10, sides: both}\n"
    head = "name: X\ndefaults: {prepare: 1s, rest: 1s, set_rest: 1s, switch: 1s}\nexercises:\n"
    text = head + one * 300
    [message] = problems(text)
    size = limits.exercise_size(load_text(head + one * 2).exercises[0], False)
    at = limits.MAX_STEPS // size.steps  # the exercise (0-based) that passes the limit
    assert message.startswith(f"r.yaml:{4 + at}:5: exercises[{at}] (E): the routine reaches")
    assert message.endswith("steps with this exercise; a routine may have at most 10,000 steps")


def test_time_over_the_limit() -> None:
    [message] = problems("name: X\nexercises:\n  - {name: E, hold: 5h, sets: 3}\n")
    assert message.startswith("r.yaml:3:25: exercises[0] (E).sets: 3 sets make 15:01:05")
    assert message.endswith(
        "a routine may last at most 12 hours (with every range at its upper end)"
    )
    many = "name: X\nexercises:\n" + "  - {name: E, hold: 4h-5h}\n" * 3
    [message] = problems(many)
    assert message.startswith("r.yaml:5:5: exercises[2] (E): the routine reaches 15:00:")


def test_just_under_the_limits_loads() -> None:
    routine = load_text(bomb(1, 20, 100).replace("hold: 1s", "hold: 10s"))
    assert len(compile_plan(routine, "high").steps) <= limits.MAX_STEPS


def test_a_file_with_too_many_values_stops_being_read() -> None:
    [message] = problems("name: X\nexercises: [" + "a," * MAX_NODES + "]\n")
    assert message.startswith("r.yaml:2:") and message.endswith(
        f"more than {MAX_NODES:,} values: not a routine"
    )


def test_problems_stop_after_a_hundred() -> None:
    text = "name: X\nexercises: [{name: a, hold: 1s}]\n"
    found = problems(text + "".join(f"k{i}: 1\n" for i in range(300)))
    assert len(found) == MAX_PROBLEMS + 1
    assert (
        found[-1] == f"r.yaml:{3 + MAX_PROBLEMS}:1: 200 more problems from here on are not listed"
    )


def _bt(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "backtimer", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKTIMER_HOME": str(home)},
        timeout=60,
    )


def test_validate_refuses_a_bomb_and_list_shows_it_invalid(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "data" / "routines"
    folder.mkdir(parents=True)
    (folder / "bomb.yaml").write_text(bomb(50, 20, 100))
    done = _bt("validate", str(folder / "bomb.yaml"), home=home)
    assert done.returncode == 1 and ":4:5: exercises[0] (B).sets: " in done.stdout
    listed = _bt("list", home=home)
    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if line.startswith("bomb ")]
    assert "invalid" in row.split()


def _size(routine: Routine) -> tuple[int, float]:
    exercises = routine.exercises
    sizes = [limits.exercise_size(e, i == len(exercises) - 1) for i, e in enumerate(exercises)]
    return sum(s.steps for s in sizes), sum(s.seconds for s in sizes)


def _holds_to_the_plan(routine: Routine) -> None:
    """Multiplied out, the size is the plan's at its longest: steps counted with a get-ready
    for each exercise, time without what the plan may add to a get-ready."""
    plan = compile_plan(routine, "high")
    steps, seconds = _size(routine)
    assert len(plan.steps) <= steps <= len(plan.steps) + len(routine.exercises)
    assert seconds <= plan.total_seconds + 1e-6
    if all(e.settings.prepare > 0 and not e.caution for e in routine.exercises):
        assert steps == len(plan.steps)
        assert seconds == pytest.approx(plan.total_seconds)


@pytest.mark.parametrize("path", ROUTINES, ids=[p.stem for p in ROUTINES])
def test_the_size_of_every_bundled_routine_is_its_plans(path: Path) -> None:
    _holds_to_the_plan(load_routine(path))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines(broken=False))
def test_the_size_of_generated_routines_is_their_plans(data: dict[str, Any]) -> None:
    _, routine = validate(Tree(data=data), "r.yaml")
    assert routine is not None
    _holds_to_the_plan(routine)
