"""Timeline rules: steps, order and totals follow docs/routine-format.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine.plan import compile_plan
from backtimer.routine.loader import load_routine, load_text


def kinds(text: str) -> list[tuple[str, str, str, int, float | None]]:
    plan = compile_plan(load_text(text))
    return [(s.kind, s.item, s.side, s.set, s.seconds) for s in plan.steps]


def test_example_total_and_steps(example_yaml: Path) -> None:
    plan = compile_plan(load_routine(example_yaml))
    # prepare 5 x 9 + rests (15 x 4 + 20 x 3) + set rests 2 x 30 + switches 3 + 1 + 1 (x5)
    # + work: 90 + 20 + (30 + 20) x 2 + 30 x 2 + 64 + 120 + 30 x 3 + 30
    work = 90 + 20 + 100 + 60 + 64 + 120 + 90 + 30
    assert plan.total_seconds == 45 + 60 + 60 + 60 + 25 + work
    assert plan.self_paced_steps == 2
    assert plan.steps[-1].kind == "work" and plan.steps[-1].exercise == "Shrugs"


def test_sides_sets_and_rests() -> None:
    steps = kinds(
        "name: T\nexercises:\n  - {name: P, hold: 30s, sets: 2, sides: both}\n  - {name: Q, time: 10s}\n"
    )
    assert steps == [
        ("prepare", "P", "left", 1, 5.0),
        ("work", "P", "left", 1, 30.0),
        ("switch", "P", "right", 1, 5.0),
        ("work", "P", "right", 1, 30.0),
        ("set_rest", "P", "left", 2, 30.0),
        ("work", "P", "left", 2, 30.0),
        ("switch", "P", "right", 2, 5.0),
        ("work", "P", "right", 2, 30.0),
        ("rest", "P", "", 2, 15.0),
        ("prepare", "Q", "", 1, 5.0),
        ("work", "Q", "", 1, 10.0),
    ]


def test_flow_switches_between_items_and_sides() -> None:
    text = """name: F
defaults: {prepare: 0, switch: 4s}
exercises:
  - name: Flow
    sides: [a, b]
    flow:
      - {name: One, hold: 10s}
      - {name: Two, hold: 20-40s}
"""
    assert kinds(text) == [
        ("work", "One", "a", 1, 10.0),
        ("switch", "Two", "a", 1, 4.0),
        ("work", "Two", "a", 1, 20.0),
        ("switch", "One", "b", 1, 4.0),
        ("work", "One", "b", 1, 10.0),
        ("switch", "Two", "b", 1, 4.0),
        ("work", "Two", "b", 1, 20.0),
    ]


@pytest.mark.parametrize(
    ("work", "seconds"),
    [
        ("hold: 30s", 30),
        ("time: 1m", 60),
        ("reps: 10", 30),  # 10 x tempo 3 s
        ("{reps: 10, tempo: 2s}", 20),
        ("{reps: 10, hold: 5s}", 80),  # 10 x (3 + 5)
        ("{reps: 10, breath: 3s/3s}", 60),  # one rep per breath
        ("{breaths: 8}", 64),  # 8 x 4s/4s
        ("{breaths: 4, breath: 4s/2s/6s/2s}", 56),
        ("{hold: 20-40s}", 20),
        ("{reps: 15-20}", 45),
    ],
)
def test_work_seconds(work: str, seconds: float) -> None:
    if not work.startswith("{"):
        work = "{" + work + "}"
    body = work[1:-1]
    plan = compile_plan(
        load_text(f"name: W\ndefaults: {{prepare: 0}}\nexercises:\n  - {{name: E, {body}}}\n")
    )
    assert plan.total_seconds == seconds


def test_self_paced_counts_zero() -> None:
    plan = compile_plan(
        load_text(
            "name: S\ndefaults: {prepare: 0}\nexercises:\n  - {name: E, reps: 10, tempo: self}\n"
        )
    )
    assert plan.total_seconds == 0 and plan.self_paced_steps == 1
    assert plan.steps[0].seconds is None and plan.steps[0].reps == 10


def test_levels_and_targets() -> None:
    r = load_text("name: L\ndefaults: {prepare: 0}\nexercises:\n  - {name: E, hold: 20-40s}\n")
    assert compile_plan(r, "low").total_seconds == 20
    assert compile_plan(r, "high").total_seconds == 40
    assert compile_plan(r, 2).total_seconds == 30  # two steps of 5 s
    assert compile_plan(r, 10).total_seconds == 40  # clamped
    assert compile_plan(r, targets={"E": 35}).total_seconds == 35
    assert compile_plan(r, targets={"E": 99}).total_seconds == 40


def test_zero_rest_and_no_rest_after_last() -> None:
    steps = kinds(
        "name: Z\nexercises:\n  - {name: A, hold: 5s, rest: 0}\n  - {name: B, hold: 5s}\n"
    )
    assert [k for k, *_ in steps] == ["prepare", "work", "prepare", "work"]


def test_sections_only_group() -> None:
    text = """name: G
sections:
  - name: one
    exercises: [{name: A, hold: 5s}]
  - name: two
    exercises: [{name: B, hold: 5s}]
"""
    plan = compile_plan(load_text(text))
    assert [s.kind for s in plan.steps] == ["prepare", "work", "rest", "prepare", "work"]
    assert plan.steps[-1].section == "two"


def test_flags_for_set_and_exercise_ends() -> None:
    plan = compile_plan(
        load_text("name: T\nexercises:\n  - {name: P, hold: 3s, sets: 2, sides: both}\n")
    )
    works = [s for s in plan.steps if s.kind == "work"]
    assert [s.ends_set for s in works] == [False, True, False, True]
    assert [s.ends_exercise for s in works] == [False, False, False, True]
    assert [s.side_change for s in plan.steps if s.kind == "switch"] == [True, True]


@pytest.mark.parametrize("level", ["low", "high"])
def test_steps_equal_ones_built_by_the_constructor(example_yaml: Path, level: str) -> None:
    """compile_plan's steps are exactly the ones Step(**fields) builds."""
    from backtimer.engine.plan import Step

    routines = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.yaml"))
    for path in [example_yaml, *routines]:
        for step in compile_plan(load_routine(path), level).steps:  # type: ignore[arg-type]
            names = list(Step._fields)
            assert list(step._asdict()) == names
            built = Step(**{n: getattr(step, n) for n in names})
            assert step == built and hash(step) == hash(built) and repr(step) == repr(built)
