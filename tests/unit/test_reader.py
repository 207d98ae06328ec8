"""The one reader of routine files (routine/validate.py, with the table in keys.py) and the
JSON Schema written from the same table.

- Its problems and positions are the ones the pydantic reader gave: the cases in
  tests/fixtures/reader_problems.jsonl were answered by it (the last commit with
  pydantic, 6a83a7e) and are checked here word for word.
- The schema's patterns and bounds accept what the checks accept, and refuse the rest
  but for the limits a pattern cannot count (6 hours, a range's order...).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routine_trees import one_change, routines

from backtimer.routine import fields
from backtimer.routine.durations import DurationError
from backtimer.routine.loader import RoutineError, load_routine, load_text
from backtimer.routine.schema import json_schema
from backtimer.routine.tree import Tree
from backtimer.routine.validate import validate
from backtimer.routine.yamltree import parse_tree

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*(ROOT / "routines").glob("*.yaml"), *(ROOT / "tests/fixtures").glob("*.yaml")])
SCHEMA = json_schema()
CASES = [
    json.loads(line)
    for line in (ROOT / "tests/fixtures/reader_problems.jsonl").read_text("utf-8").splitlines()
]


def _problems(text: str) -> list[str]:
    try:
        load_text(text, "r.yaml")
    except RoutineError as err:
        return [str(p) for p in err.problems]
    return []


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_the_problems_and_positions_pydantic_gave(case: dict[str, Any]) -> None:
    assert _problems(case["text"]) == case["problems"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_bundled_and_fixture_file_loads(path: Path) -> None:
    assert load_routine(path).exercises


def _exercises(data: dict[str, Any]) -> list[dict[str, Any]]:
    sections = data.get("sections") or [{"exercises": data.get("exercises")}]
    return [e for s in sections for e in s["exercises"]]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines(broken=False))
def test_a_valid_tree_is_its_routine(data: dict[str, Any]) -> None:
    problems, routine = validate(Tree(data=data), "f.yaml")
    assert not problems and routine is not None
    exercises = _exercises(data)
    assert [e.name for e in routine.exercises] == [e["name"].strip() for e in exercises]
    assert [len(e.flow) for e in routine.exercises] == [len(e.get("flow", ())) for e in exercises]


def _located(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    lines = text.splitlines()
    try:
        load_text(text, "f.yaml")
    except RoutineError as err:
        assert err.problems
        for p in err.problems:
            assert 1 <= p.line <= len(lines) + 1 and p.col >= 1 and "\n" not in p.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines(broken=True))
def test_odd_values_get_a_routine_or_located_problems(data: dict[str, Any]) -> None:
    _located(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_change(routines(broken=False)))
def test_a_broken_structure_gets_a_routine_or_located_problems(data: Any) -> None:
    _located(data)


def test_a_file_is_read_without_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from backtimer.routine import loader\n"
        "for name in sys.argv[1:]:\n"
        "    try: loader.load_routine(Path(name))\n"
        "    except loader.RoutineError: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    )
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("name: Fine\nexercises:\n  - {name: P, hold: 20-40s, sides: both}\n")
    bad.write_text("name: Broken\nexercises:\n  - {name: P, hold: 40-20s, colour: red}\n")
    env = {**os.environ, "BACKTIMER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(good), str(bad)], capture_output=True, text=True, env=env
    )
    assert done.stdout.strip() == "[]", done.stderr


# The schema against the checks: every text a check accepts matches the key's pattern;
# every text the pattern matches is accepted, or refused by a limit no pattern counts.
LIMITS = (
    "longer than",
    "lower end is bigger",
    "counts run from",
    "inhale and exhale must last",
    "one breath cycle longer",
)
KEYS = {
    "hold": fields.hold,  # the check the loader runs: durations, and max (max 2m)
    "time": fields.duration_span,
    "reps": fields.count_span,
    "breaths": fields.count_span,
    "tempo": fields.tempo,
    "breath": fields.breath,
    "progress": fields.seconds,
    "rest": fields.seconds,
    "sets": fields.sets,
    "sides": fields.sides,
    "name": fields.name,
    "say": fields.say,
}
TEXTS = st.text(alphabet="0123456789hmsHMS:.-/ \tselfSELFbothBOTHaxAX", max_size=12)
NAMES = st.text(alphabet="ab \t\n\u2028", max_size=8)


def _string_schema(key: str) -> dict[str, Any]:
    prop = SCHEMA["$defs"]["ExerciseIn"]["properties"][key]
    parts = [p for p in prop.get("anyOf", [prop]) if p.get("type") == "string"]
    assert len(parts) == 1, prop
    return parts[0]


def _number_schema(key: str) -> dict[str, Any]:
    prop = SCHEMA["$defs"]["ExerciseIn"]["properties"][key]
    (number,) = [p for p in prop["anyOf"] if p.get("type") in ("number", "integer")]
    return number


def _sets_limit(text: str) -> bool:
    numbers = [int(n) for n in re.findall("[0-9]+", text)]
    return any(not 1 <= n <= fields.MAX_SETS for n in numbers) or numbers != sorted(numbers)


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=600, deadline=None)
@given(text=TEXTS, name=NAMES)
def test_a_keys_pattern_accepts_what_its_check_accepts(key: str, text: str, name: str) -> None:
    value = name if key in ("name", "say") else text
    schema = _string_schema(key)
    try:
        KEYS[key](value)
        accepted, message = True, ""
    except DurationError as err:
        accepted, message = False, str(err)
    matches = re.search(schema["pattern"], value) is not None
    if accepted:
        assert matches, (value, schema["pattern"])
        assert len(value) >= schema.get("minLength", 0)
    elif matches:
        assert any(m in message for m in LIMITS) or (key == "sets" and _sets_limit(value)), (
            value,
            message,
        )


@pytest.mark.parametrize(
    "key", ["hold", "reps", "tempo", "progress", "rest", "sets", "breaths", "time"]
)
@pytest.mark.parametrize("number", [-1, 0, 0.5, 1, 2, 50, 51, 10_000, 10_001, 21_600, 21_601])
def test_a_keys_number_bounds_are_its_checks(key: str, number: float) -> None:
    try:
        KEYS[key](str(number))
        accepted = True
    except DurationError:
        accepted = False
    bounds = _number_schema(key)
    in_schema = bounds["minimum"] <= number <= bounds["maximum"] and (
        bounds["type"] == "number" or float(number).is_integer()
    )
    assert in_schema == accepted


def _as_an_editor_reads(node: Any) -> Any:
    """The reader's tree (every plain scalar text) as YAML 1.2 gives it to an editor."""
    if isinstance(node, dict):
        return {k: _as_an_editor_reads(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_an_editor_reads(v) for v in node]
    if isinstance(node, str) and re.fullmatch(r"-?[0-9]+", node):
        return int(node)
    if isinstance(node, str) and re.fullmatch(r"-?[0-9]+\.[0-9]*", node):
        return float(node)
    return node


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_bundled_and_fixture_file_meets_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    tree = parse_tree(path.read_text("utf-8"))
    jsonschema.validate(_as_an_editor_reads(tree.data), SCHEMA)
