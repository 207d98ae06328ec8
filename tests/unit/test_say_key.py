"""The `say:` key: the text the voice speaks in place of an exercise's (or flow item's)
name. The reader accepts and refuses the values the JSON Schema says, a refused one is
reported at its value, and every step of the exercise carries it but the rest after it."""

from __future__ import annotations

import re

import pytest

from backtimer.engine.plan import Step, compile_plan
from backtimer.routine.loader import RoutineError, load_text
from backtimer.routine.schema import json_schema
from backtimer.routine.validate import validate
from backtimer.routine.yamltree import parse_tree

ROUTINE = """name: Say
exercises:
  - name: Cat-cow (spine flex)
    say: "Cat cow"
    reps: 3
    sets: 2
    sides: both
  - name: Lunge to pigeon
    say: Lunge and pigeon
    flow:
      - name: Low lunge (front knee over ankle)
        say: Low lunge
        hold: 3s
      - name: Pigeon pose
        hold: 3s
  - name: Plank
    hold: 3s
"""


def test_say_loads_on_exercises_and_flow_items() -> None:
    cat, lunge, plank = load_text(ROUTINE).exercises
    assert (cat.name, cat.say) == ("Cat-cow (spine flex)", "Cat cow")
    assert [i.say for i in cat.items] == ["Cat cow"]
    assert lunge.say == "Lunge and pigeon"
    assert [(i.name, i.say) for i in lunge.flow] == [
        ("Low lunge (front knee over ankle)", "Low lunge"),
        ("Pigeon pose", ""),
    ]
    assert plank.say == "" and plank.items[0].say == ""


def test_every_step_carries_its_items_say_but_the_rest_after_it() -> None:
    steps = compile_plan(load_text(ROUTINE)).steps
    assert [(s.kind, s.item, s.say) for s in steps] == [
        ("prepare", "Cat-cow (spine flex)", "Cat cow"),
        ("work", "Cat-cow (spine flex)", "Cat cow"),
        ("switch", "Cat-cow (spine flex)", "Cat cow"),
        ("work", "Cat-cow (spine flex)", "Cat cow"),
        ("set_rest", "Cat-cow (spine flex)", "Cat cow"),
        ("work", "Cat-cow (spine flex)", "Cat cow"),
        ("switch", "Cat-cow (spine flex)", "Cat cow"),
        ("work", "Cat-cow (spine flex)", "Cat cow"),
        ("rest", "Cat-cow (spine flex)", ""),
        ("prepare", "Low lunge (front knee over ankle)", "Low lunge"),
        ("work", "Low lunge (front knee over ankle)", "Low lunge"),
        ("switch", "Pigeon pose", ""),
        ("work", "Pigeon pose", ""),
        ("rest", "Lunge to pigeon", ""),
        ("prepare", "Plank", ""),
        ("work", "Plank", ""),
    ]


def test_steps_with_say_equal_ones_built_by_the_constructor() -> None:
    names = list(Step._fields)
    for step in compile_plan(load_text(ROUTINE)).steps:
        assert list(step._asdict()) == names
        built = Step(**{n: getattr(step, n) for n in names})
        assert step == built and hash(step) == hash(built) and repr(step) == repr(built)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Cat cow", "Cat cow"),
        ("'  Cat cow  '", "Cat cow"),
        ("3", "3"),  # every plain value is read as text, as for `name:`
        ("x" * 200, "x" * 200),
        ('"Cat\\e[2Jcow"', "Cat\ufffd[2Jcow"),  # control characters cleaned like any text
        (">\nCat\ncow", "Cat cow"),  # a folded scalar is one line
    ],
)
def test_accepted_values(value: str, expected: str) -> None:
    for text in (_exercise(value), _flow_item(value)):
        assert load_text(text).exercises[0].items[0].say == expected


BAD = [
    ('""', "a spoken name cannot be empty"),
    ('"   "', "a spoken name cannot be empty"),
    ("[a]", "expected text, got a mapping or a list"),
    ("{a: b}", "expected text, got a mapping or a list"),
    ('"Cat\\ncow"', "a spoken name must be a single line"),
    ('"Cat\\u2028cow"', "a spoken name must be a single line"),
    ("|\nCat\ncow", "a spoken name must be a single line"),
    ("x" * 201, "a spoken name longer than 200 characters"),
]


@pytest.mark.parametrize(("value", "message"), BAD)
def test_refused_on_an_exercise_at_the_value(value: str, message: str) -> None:
    text = _exercise(value)
    assert _validate(text) == [(5, 10, f"exercises[0] (P).say: {message}")]
    assert _errors(text) == [f"r.yaml:5:10: exercises[0] (P).say: {message}"]


@pytest.mark.parametrize(("value", "message"), BAD)
def test_refused_on_a_flow_item_at_the_value(value: str, message: str) -> None:
    text = _flow_item(value)
    expected = f"exercises[0] (P).flow[0] (Q).say: {message}"
    assert _validate(text) == [(7, 14, expected)]
    assert _errors(text) == [f"r.yaml:7:14: {expected}"]


def test_say_is_not_a_section_or_routine_key() -> None:
    text = "name: X\nsay: Ex\nexercises:\n  - {name: P, hold: 3s}\n"
    (found,) = _errors(text)
    assert found.startswith("r.yaml:2:1: say: unknown key 'say' (valid keys: caution, ")


def test_the_json_schema_has_say_with_the_loaders_limits() -> None:
    defs = json_schema()["$defs"]
    for model in ("ExerciseIn", "FlowItemIn"):
        text, null = defs[model]["properties"]["say"]["anyOf"]
        assert null == {"type": "null"}
        assert (text["type"], text["minLength"], text["maxLength"]) == ("string", 1, 200)
        for value, ok in [("Cat cow", True), ("Cat cow\n", True), ("a\nb", False)]:
            assert bool(re.fullmatch(text["pattern"], value)) == ok
    assert "say" not in json_schema()["properties"]
    for model in ("SectionIn", "DefaultsIn"):
        assert "say" not in defs[model]["properties"]


def _exercise(value: str) -> str:
    """A routine whose one exercise says `value` (its line 5, column 10)."""
    say = value.replace("\n", "\n" + " " * 6)  # a block scalar's lines, indented
    return f"name: X\nexercises:\n  - name: P\n    hold: 3s\n    say: {say}\n"


def _flow_item(value: str) -> str:
    """A routine whose one flow item says `value` (its line 7, column 14)."""
    say = value.replace("\n", "\n" + " " * 10)
    item = f"      - name: Q\n        hold: 3s\n        say: {say}\n"
    return f"name: X\nexercises:\n  - name: P\n    flow:\n{item}"


def _validate(text: str) -> list[tuple[int, int, str]]:
    tree = parse_tree(text)
    assert not tree.problems
    problems, routine = validate(tree, "r.yaml")
    assert routine is None
    return [(p.line, p.col, p.message) for p in problems]


def _errors(text: str) -> list[str]:
    with pytest.raises(RoutineError) as info:
        load_text(text, "r.yaml")
    return [str(p) for p in info.value.problems]
