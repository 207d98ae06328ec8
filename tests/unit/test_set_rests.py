"""set_rest with one value per set: rests that grow from set to set, in one exercise."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine.plan import compile_plan
from backtimer.routine.limits import exercise_size
from backtimer.routine.loader import RoutineError, load_routine, load_text

GROWING = """name: Growing rests
exercises:
  - name: Plank
    hold: 20s
    sets: 4
    set_rest: [30s, 45s, 1m]
"""


def set_rests(text: str, level: str = "low") -> list[tuple[int, float | None]]:
    plan = compile_plan(load_text(text), level)  # type: ignore[arg-type]
    return [(s.set, s.seconds) for s in plan.steps if s.kind == "set_rest"]


def test_each_gap_takes_its_own_rest_in_order() -> None:
    assert set_rests(GROWING) == [(2, 30.0), (3, 45.0), (4, 60.0)]


def test_one_exercise_keeps_one_history_key() -> None:
    plan = compile_plan(load_text(GROWING))
    assert {s.target_key for s in plan.steps if s.kind == "work"} == {"Plank"}


def test_the_last_rest_repeats_for_later_sets() -> None:
    text = GROWING.replace("sets: 4", "sets: 2-5").replace("[30s, 45s, 1m]", "[20s, 40s]")
    assert set_rests(text, "high") == [(2, 20.0), (3, 40.0), (4, 40.0), (5, 40.0)]
    assert set_rests(text, "low") == [(2, 20.0)]


def test_a_rest_of_zero_in_the_list_leaves_that_gap_out() -> None:
    text = GROWING.replace("[30s, 45s, 1m]", "[30s, 0, 1m]")
    assert set_rests(text) == [(2, 30.0), (4, 60.0)]


def test_a_list_in_defaults_applies_to_every_exercise() -> None:
    text = """name: D
defaults: {set_rest: [10s, 20s]}
exercises:
  - {name: A, hold: 5s, sets: 3}
  - {name: B, reps: 5, sets: 2}
"""
    assert set_rests(text) == [(2, 10.0), (3, 20.0), (2, 10.0)]


def test_the_total_and_the_limits_count_each_rest() -> None:
    routine = load_text(GROWING)
    plan = compile_plan(routine)
    assert plan.total_seconds == 5 + 4 * 20 + 30 + 45 + 60
    size = exercise_size(routine.exercises[0], last=True)
    assert size.seconds == plan.total_seconds and size.steps == len(plan.steps) + 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[30s, x]", "set_rest: rest 2 of the list: 'x' is not a duration"),
        ("[]", "set_rest: give a rest (30s) or a list of rests, one per set"),
        ("[30s, [1, 2]]", "set_rest: rest 2 of the list: expected a single value, got a list"),
        ("[10s, 20s, 30s, 40s]", "set_rest: 4 rests listed, but 4 sets have 3 rests between them"),
        ("[-5s]", "durations cannot be negative"),
    ],
)
def test_a_wrong_list_is_one_message_at_its_place(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(GROWING.replace("[30s, 45s, 1m]", value))
    with pytest.raises(RoutineError) as err:
        load_routine(path)
    text = str(err.value)
    assert message in text and f"{path}:" in text


def test_a_list_on_one_set_says_there_is_no_gap(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(GROWING.replace("sets: 4", "sets: 1"))
    with pytest.raises(RoutineError, match="1 set has no rests between them"):
        load_routine(path)
