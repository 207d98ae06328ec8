"""The JSON view of a plan: the fast text is exactly what json.dumps(indent=2) writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backtimer.engine.plan import Plan, compile_plan
from backtimer.present.plan_report import plan_json, plan_json_text
from backtimer.routine.loader import load_routine, load_text

ROUTINES = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.yaml"))
ODD = r"""
name: "Odd },      { \"quoted\" é ☃ \t tab"
exercises:
  - {name: "},      {", cue: "line\nbreak", hold: 1.5s, sides: ["}, {", "{\"a\": 1}"]}
  - {name: "]  }", reps: 10-12, tempo: self}
  - {name: "x", breaths: 3, breath: 4s/2s/6s/2s}
"""


def _dumps(plan: Plan) -> str:
    return json.dumps(plan_json(plan), indent=2, ensure_ascii=False)


@pytest.mark.parametrize("level", ["low", "high"])
def test_same_text_as_json_dumps(example_yaml: Path, level: str) -> None:
    routines = [load_routine(p) for p in [example_yaml, *ROUTINES]] + [load_text(ODD)]
    for routine in routines:
        plan = compile_plan(routine, level)  # type: ignore[arg-type]
        assert plan_json_text(plan) == _dumps(plan)


def test_a_plan_without_steps() -> None:
    plan = Plan("Empty", ())
    assert plan_json_text(plan) == _dumps(plan)
