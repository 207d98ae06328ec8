"""The loader: the issue's example loads exactly; every error class has its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.routine.loader import MAX_BYTES, RoutineError, load_bytes, load_routine, load_text


def errors(text: str) -> list[str]:
    with pytest.raises(RoutineError) as info:
        load_text(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def test_example_loads_exactly(example_yaml: Path) -> None:
    r = load_routine(example_yaml)
    assert r.name == "Lower back relief"
    assert r.caution.startswith("Stop any exercise")
    assert [s.name for s in r.sections] == ["Warm-up", "Stretch", "Strengthen"]
    ex = {e.name: e for e in r.exercises}
    cat = ex["Cat-cow"]
    assert cat.work is not None and cat.work.breath_paced and cat.work.count is not None
    assert cat.work.count.low == 15 and cat.work.breath is not None
    assert cat.work.breath.phases == (3.0, 3.0)
    dog = ex["Downward dog"].work
    assert dog is not None and dog.seconds is not None
    assert (dog.kind, dog.seconds.low, dog.seconds.high) == ("hold", 20, 40)
    lunge = ex["Lunge to pigeon"]
    assert lunge.sides == ("left leg", "right leg")
    assert [i.name for i in lunge.flow] == ["Low lunge", "Pigeon pose"]
    assert ex["Lying twist"].sides == ("left", "right")
    child = ex["Child's pose"]
    assert child.work is not None and child.work.kind == "breaths"
    assert child.settings.rest == 0
    bridge = ex["Glute bridge"]
    assert bridge.settings.rest == 20  # the section's defaults
    assert bridge.work is not None and bridge.work.seconds is not None
    assert bridge.work.kind == "reps" and bridge.work.seconds.low == 5
    assert ex["Plank"].sets == 3
    assert ex["Bird dog"].work is not None and ex["Bird dog"].work.self_paced
    assert ex["Shrugs"].work is not None and ex["Shrugs"].work.kind == "time"
    assert len(r.digest) == 64


def test_flat_exercises_list() -> None:
    r = load_text("name: Flat\nexercises:\n  - name: Plank\n    hold: 30s\n")
    assert [e.name for e in r.exercises] == ["Plank"]


def test_defaults_cascade_and_override() -> None:
    text = """
name: Cascade
defaults: {rest: 10s, prepare: 3s}
sections:
  - name: A
    defaults: {rest: 20s}
    exercises:
      - {name: One, hold: 30s}
      - {name: Two, hold: 30s, rest: 40s, prepare: 0}
"""
    one, two = load_text(text).exercises
    assert (one.settings.rest, one.settings.prepare) == (20, 3)
    assert (two.settings.rest, two.settings.prepare) == (40, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: X\nexercises:\n  - name: P\n    hodl: 30s\n",
            "r.yaml:4:5: exercises[0] (P).hodl: unknown key 'hodl', did you mean 'hold'?",
        ),
        (
            "name: X\nexercises:\n  - name: P\n    hold: 30s\n    time: 20s\n",
            "r.yaml:3:5: exercises[0] (P): give exactly one of",
        ),
        (
            "name: X\nexercises:\n  - name: P\n",
            "r.yaml:3:5: exercises[0] (P): give exactly one of hold, time, reps, breaths, flow (found none",
        ),
        (
            "name: X\nexercises:\n  - name: P\n    hold: soon\n",
            "r.yaml:4:11: exercises[0] (P).hold: 'soon' is not a duration",
        ),
        ("name: X\nexercises:\n  - name: P\n    hold: 40-20s\n", "lower end is bigger"),
        ("name: X\nexercises:\n  - name: P\n    reps: many\n", "'many' is not a count"),
        (
            "name: X\nexercises:\n  - name: P\n    hold: 3s\n    sides: left\n",
            "r.yaml:5:12: exercises[0] (P).sides: use 'both'",
        ),
        (
            "name: X\nexercises:\n  - name: P\n    hold: 3s\n    sets: 0\n",
            "sets must be a whole number from 1 to 50",
        ),
        (
            "name: X\nexercises:\n  - name: P\n    hold: 3s\n    tempo: 2s\n",
            "tempo applies to reps only",
        ),
        (
            "name: X\nexercises:\n  - name: P\n    breaths: 3\n    breath: 4s\n",
            "not a breath pattern",
        ),
        (
            "name: X\nexercises:\n  - hold: 3s\n",
            "r.yaml:3:5: exercises[0].name: missing required key 'name'",
        ),
        (
            "exercises:\n  - name: P\n    hold: 3s\n",
            "r.yaml:1:1: name: missing required key 'name'",
        ),
        ("name: X\n", "give either 'sections:' or a flat 'exercises:' list"),
        ("name: X\nexercises: []\n", "exercises: expected a non-empty list"),
        (
            "name: X\nsections:\n  - name: A\n    exercises:\n      - name: P\n        flow: []\n",
            "flow: expected a non-empty list",
        ),
        (
            "name: X\nexercises:\n  - name: P\n    flow:\n      - name: Q\n",
            "r.yaml:5:9: exercises[0] (P).flow[0] (Q): give exactly one of hold, time, reps, breaths (",
        ),
        ("name: X\nexercises: {name: P}\n", "exercises: expected a list"),
        (
            "name: X\nname: Y\nexercises:\n  - {name: P, hold: 3s}\n",
            "r.yaml:2:1: duplicate key 'name'",
        ),
        (
            "name: X\nexercises:\n  - name: P\n    hold: [3s]\n",
            "expected a single value, got a list",
        ),
        (
            "name: X\ndefaults:\n  reset: 3s\nexercises:\n  - {name: P, hold: 3s}\n",
            "unknown key 'reset', did you mean 'rest'?",
        ),
        (
            "name: X\nexercises:\n  - {name: P, hold: 3s, sides: [a, a]}\n",
            "each side label must be different",
        ),
        ("- just\n- a list\n", "r.yaml:1:1: a routine is a mapping"),
        ("name: [unclosed\n", "r.yaml:1:7: YAML syntax: the '[' opened here is not closed"),
        ("", "r.yaml:1:1: the file is empty"),
        ('name: X\nexercises:\n  - name: ""\n    hold: 3s\n', "a name cannot be empty"),
    ],
)
def test_each_error_class_has_its_line(text: str, expected: str) -> None:
    found = errors(text)
    assert any(expected in e for e in found), found


def test_all_errors_reported_at_once() -> None:
    text = "name: X\nexercises:\n  - name: A\n    hodl: 3s\n  - name: B\n    hold: x\n  - name: C\n    reps: 0\n"
    found = errors(text)
    assert [e.split(":")[1] for e in found] == ["4", "6", "8"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!python/object/apply:os.system [echo hi]\n", "tags like"),
        ("name: !!python/name:os.system\n", "tags like"),
        ("a: &x [1, 2]\nb: *x\n", "anchors and aliases are not supported"),
        ("name: X\n---\nname: Y\n", "only one YAML document"),
        ("x: " + "[" * 200 + "]" * 200 + "\n", "nested deeper than"),
        ('name: "\x1b[2J"\n', "control characters"),
    ],
)
def test_hostile_yaml_is_refused(text: str, message: str) -> None:
    assert any(message in e for e in errors(text))


def test_alias_bomb_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    found = errors("\n".join(lines))
    assert "anchors and aliases" in found[0]


def test_yaml_11_surprises_keep_their_text() -> None:
    r = load_text("name: no\nexercises:\n  - name: on\n    time: 1:30\n    sides: [yes, no]\n")
    assert r.name == "no"
    ex = r.exercises[0]
    assert ex.name == "on" and ex.sides == ("yes", "no")
    assert ex.work is not None and ex.work.seconds is not None and ex.work.seconds.low == 90


def test_escape_sequences_in_names_are_neutralised() -> None:
    r = load_text(
        'name: "Evil \\e[31mred\\e[0m \\x9b2J"\nexercises:\n  - {name: "a\\u202eb", hold: 3s}\n'
    )
    assert "\x1b" not in r.name and "\x9b" not in r.name
    assert "\u202e" not in r.exercises[0].name


def test_binary_empty_and_huge_files(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="binary data"):
        load_bytes(b"name: x\n\x00\x01\x02", "f")
    with pytest.raises(RoutineError, match="not UTF-8"):
        load_bytes(b"name: caf\xe9\n", "f")
    with pytest.raises(RoutineError, match="empty"):
        load_bytes(b"  \n\n", "f")
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(100 * 1024 * 1024)
    with pytest.raises(RoutineError, match="larger than"):
        load_routine(big)  # reads at most MAX_BYTES + 1 bytes (timed in bench/loading.py)
    assert MAX_BYTES < 100 * 1024 * 1024


def test_random_binary_junk_gets_a_message() -> None:
    import random

    rng = random.Random(7)
    for _ in range(200):
        junk = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 400)))
        try:
            load_bytes(junk, "junk")
        except RoutineError as err:
            assert all(p.line >= 1 and p.col >= 1 for p in err.problems)


def test_the_collector_is_held_off_only_while_loading() -> None:
    import gc

    good, bad = b"name: On\nexercises:\n  - {name: P, hold: 30s}\n", b"name: On\nexercises: []\n"
    assert gc.isenabled()
    load_bytes(good, "good")
    with pytest.raises(RoutineError):
        load_bytes(bad, "bad")
    assert gc.isenabled()
    gc.disable()  # held off by someone else (start-up): loading leaves it off
    try:
        load_bytes(good + b"# edited\n", "good")
        assert not gc.isenabled()
    finally:
        gc.enable()


GOOD = b"name: T\nexercises:\n  - name: Plank\n    hold: 30s\n"


def test_a_byte_order_mark_is_dropped() -> None:
    with_mark = load_bytes(b"\xef\xbb\xbf" + GOOD, "r.yaml")
    assert with_mark.name == "T"
    assert with_mark._replace(digest="") == load_bytes(GOOD, "r.yaml")._replace(digest="")


def test_bad_utf8_after_a_byte_order_mark_is_placed_in_the_file() -> None:
    for prefix in (b"", b"\xef\xbb\xbf"):
        with pytest.raises(RoutineError) as err:
            load_bytes(prefix + b"name: T\nexercises: \xff\n", "r.yaml")
        assert str(err.value.problems[0]).startswith("r.yaml:2:12: not UTF-8")
