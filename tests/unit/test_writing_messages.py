"""Issue 12, "Writing a routine": the messages a person writing a routine reads say what
is wrong and how to fix it, at the FILE:LINE:COL where the fix goes."""

from __future__ import annotations

import pytest

from backtimer.routine.loader import RoutineError, load_text


def errors(text: str) -> list[str]:
    with pytest.raises(RoutineError) as info:
        load_text(text, "r.yaml")
    return [str(p) for p in info.value.problems]


PLANK = "name: T\nexercises:\n  - name: Plank\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "hold: -5s",
            "r.yaml:4:11: exercises[0] (Plank).hold: '-5s': durations cannot be negative (write 5s)",
        ),
        (
            "hold: -10-20s",
            "r.yaml:4:11: exercises[0] (Plank).hold: '-10-20s': durations cannot be negative (write 10-20s)",
        ),
        (
            "time: 30s\n    rest: -1m",
            "r.yaml:5:11: exercises[0] (Plank).rest: '-1m': durations cannot be negative (write 1m)",
        ),
    ],
)
def test_a_negative_duration_says_so(value: str, expected: str) -> None:
    assert errors(f"{PLANK}    {value}\n") == [expected]


def test_a_bad_tempo_lists_what_is_accepted_with_self() -> None:
    found = errors(f"{PLANK}    reps: 10\n    tempo: fast\n")
    assert found == [
        "r.yaml:5:12: exercises[0] (Plank).tempo: 'fast' is not a tempo: give the seconds"
        " per paced rep (3s, 2.5, 0:03) or self (you press Enter after each rep)"
    ]


def test_a_tempo_too_long_keeps_its_own_message() -> None:
    assert errors(f"{PLANK}    reps: 10\n    tempo: 7h\n") == [
        "r.yaml:5:12: exercises[0] (Plank).tempo: '7h' is longer than 6 hours"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "name: T\nexercises:\n\t- name: Plank\n    hold: 30s\n",
            "r.yaml:3:1: YAML syntax: a tab character: YAML indents with spaces only;"
            " replace the tab with spaces",
            id="tab",
        ),
        pytest.param(
            "name: T\nexercises:\n  - name: Plank: side\n    hold: 30s\n",
            "r.yaml:3:16: YAML syntax: a colon followed by a space inside the value of"
            """ 'name': put the value in quotes, like name: "Plank: side\"""",
            id="colon-in-name",
        ),
        pytest.param(
            "name: T\nexercises:\n  - name: Plank\n    hold: 30s\n   - name: Bird\n    reps: 5\n",
            "r.yaml:5:4: YAML syntax: line 5 is indented 3 spaces, which lines up with"
            " neither the '-' of the list on line 3 (2 spaces) nor its keys (4 spaces):"
            " indent the items of one list alike",
            id="list-item-indent",
        ),
        pytest.param(
            "name: T\nexercises:\n  - name: Plank\n    hold: 30s\n - name: Bird\n   reps: 5\n",
            "r.yaml:5:2: YAML syntax: line 5 starts a list item at 1 space, but line 3's"
            " is at 2 spaces: indent the lines of one list or mapping alike",
            id="list-item-dedent",
        ),
        pytest.param(
            "name: T\nexercises:\n  - name: Plank\n    hold: 30s\n      reps: 5\n",
            "r.yaml:5:11: YAML syntax: line 5 is indented 6 spaces, deeper than the key on"
            " line 4 (4 spaces), which already has a value: the keys of one mapping line up",
            id="key-too-deep",
        ),
        pytest.param(
            'name: "Test\nexercises:\n  - name: Plank\n    hold: 30s\n',
            'r.yaml:1:7: YAML syntax: the quote " opened here is never closed: add the closing "',
            id="unclosed-quote",
        ),
        pytest.param(
            "name: T\nexercises:\n  - name: Plank\n    sides: [left, right\n    hold: 30s\n",
            "r.yaml:4:12: YAML syntax: the '[' opened here is not closed with ']' before"
            " line 5: close it, or put the value in quotes if the '[' is part of the text",
            id="unclosed-bracket",
        ),
        pytest.param(
            "name: T\nexercises:\n  - name: Plank\n    - hold: 30s\n",
            "r.yaml:4:5: YAML syntax: a '-' among the keys of the mapping on line 3: remove"
            " the stray '-', or, to start a list item, line it up with the '-' above it",
            id="stray-dash",
        ),
        pytest.param(
            "name: T\nexercises\n  - name: a\n    hold: 3s\n",
            "r.yaml:2:1: YAML syntax: 'exercises' is not followed by ':': a key is written"
            " exercises: followed by its value",
            id="key-without-colon",
        ),
        pytest.param(
            "name: T\nexercises:\n  - name: a\n    hold:30s\n    rest: 3s\n",
            "r.yaml:4:5: YAML syntax: a key needs a space after its colon: write hold: 30s",
            id="no-space-after-colon",
        ),
        pytest.param(
            'name: T\ncue: "say "hi" now"\n',
            """r.yaml:2:12: YAML syntax: text after the closing ": a quoted value ends at"""
            """ its closing quote; to have " inside the value, put the whole value in ' quotes""",
            id="quote-inside-quotes",
        ),
        pytest.param(
            "name: T\ncue: @home\n",
            """r.yaml:2:6: YAML syntax: a value cannot start with '@': put the value in"""
            """ quotes ("@home")""",
            id="reserved-first-character",
        ),
    ],
)
def test_a_yaml_syntax_error_says_what_to_fix(text: str, expected: str) -> None:
    assert errors(text) == [expected]


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_libyaml_and_pyyaml_errors_read_alike(loader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same words whether libyaml is installed or PyYAML parses on its own."""
    import yaml

    from backtimer.routine import yamltree

    monkeypatch.setattr(yamltree, "_Loader", getattr(yaml, loader))
    assert errors("name: T\nexercises:\n  - name: Plank\n   hold: 30s\n") == [
        "r.yaml:4:4: YAML syntax: line 4 is indented 3 spaces, which lines up with neither"
        " the '-' of the list on line 3 (2 spaces) nor its keys (4 spaces): indent the"
        " items of one list alike"
    ]


def test_a_duplicate_key_is_listed_with_every_other_problem() -> None:
    text = (
        "name: T\nexercises:\n  - name: Plank\n    hold: 30s\n    hold: 40s\n"
        "  - name: Bird\n    reps: abc\n  - name: Cat\n    hold: -5s\nname: Other\n"
    )
    assert errors(text) == [
        "r.yaml:5:5: duplicate key 'hold': given first on line 4, which is the one read;"
        " remove one of them",
        "r.yaml:7:11: exercises[1] (Bird).reps: 'abc' is not a count (try 15 or 10-12)",
        "r.yaml:9:11: exercises[2] (Cat).hold: '-5s': durations cannot be negative (write 5s)",
        "r.yaml:10:1: duplicate key 'name': given first on line 1, which is the one read;"
        " remove one of them",
    ]


def test_a_duplicate_key_alone_still_refuses_the_file() -> None:
    text = "name: T\nexercises:\n  - name: Plank\n    hold: 30s\n    hold: 30s\n"
    assert errors(text) == [
        "r.yaml:5:5: duplicate key 'hold': given first on line 4, which is the one read;"
        " remove one of them"
    ]


def test_a_duplicated_list_is_not_read_twice() -> None:
    """The second `exercises:` is skipped whole: its problems are not the routine's."""
    text = (
        "name: T\nexercises:\n  - name: Plank\n    hold: 30s\n"
        "exercises:\n  - name: X\n    flow: [{nmae: 3}]\n"
    )
    assert errors(text) == [
        "r.yaml:5:1: duplicate key 'exercises': given first on line 2, which is the one"
        " read; remove one of them"
    ]
