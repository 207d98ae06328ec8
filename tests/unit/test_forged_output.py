"""Text in a routine file never forges output: values in messages are quoted on one
line, names are one line, invisible characters go, numbers use the digits 0-9."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.routine.loader import Located, RoutineError, load_text
from backtimer.routine.shown import clean


def problems(text: str) -> list[str]:
    with pytest.raises(RoutineError) as info:
        load_text(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def exercise(key: str, value: str) -> str:
    return f"name: X\nexercises:\n  - name: P\n    {key}: {value}\n"


def test_a_newline_in_a_value_cannot_print_a_second_problem(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text(exercise("hold", '"3s\\nx.yaml:9:9: forged"'))
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == (
        f"{bad}:4:11: exercises[0] (P).hold: '3s\\nx.yaml:9:9: forged' is not a duration"
        " (try 30s, 1m30s or 1:30)\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        'name: "Two\\nlines"\nexercises:\n  - {name: P, hold: 3s}\n',
        'name: X\nexercises:\n  - {name: "P\\nx.yaml:1:1: forged", hold: 3s}\n',
        'name: X\nexercises:\n  - {name: P, hold: 3s, sides: ["left", "right\\r\\nleg"]}\n',
        'name: X\nexercises:\n  - {name: P, flow: [{name: "a\\u2028b", hold: 3s}]}\n',
        'name: X\nsections:\n  - {name: "A\\u2029B", exercises: [{name: P, hold: 3s}]}\n',
    ],
)
def test_names_sides_and_section_names_are_one_line(text: str) -> None:
    [message] = problems(text)
    assert message.endswith("has a line break: a name is one line")
    assert "\n" not in message


def test_every_problem_prints_on_one_line() -> None:
    located = Located("dir\n/x\x1b[2J.yaml", 1, 2, "a\nb\u202ec")
    assert str(located) == "dir\\n/x\\x1b[2J.yaml:1:2: a\\nb\\u202ec"


def test_invisible_characters_go_so_lookalike_sides_are_the_same() -> None:
    [message] = problems(exercise("hold", '3s\n    sides: [right, "right\\u200b"]'))
    assert message == "r.yaml:5:12: exercises[0] (P).sides: each side label must be different"
    invisible = "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff"
    assert clean(f"a{invisible}b") == "ab"
    assert clean("a\u2028b\u2029c") == "a\nb\nc"
    assert clean("a\x1b[2Jb\x9b") == "a\ufffd[2Jb\ufffd"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("hold", "'٣٠s'"),
        ("hold", "'３０s'"),
        ("hold", "'1:٣٠'"),
        ("reps", "²"),
        ("reps", "'１０-１２'"),
        ("breaths", "'٦'"),
        ("sets", "²"),
    ],
)
def test_numbers_are_written_with_the_digits_0_to_9(key: str, value: str) -> None:
    extra = "\n    hold: 3s" if key == "sets" else ""
    [message] = problems(exercise(key, value) + extra)
    assert message.endswith("': write numbers with the digits 0-9")
    assert "invalid literal" not in message


def test_a_count_with_thousands_of_digits_gets_a_message() -> None:
    [message] = problems(exercise("reps", "1" * 5000))
    assert message.endswith("…': counts run from 1 to 10000")


def test_a_long_value_is_cut_in_the_message() -> None:
    [message] = problems(exercise("hold", "x" * 5000))
    assert len(message) < 200


def test_list_neutralises_escape_sequences_in_file_names(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "data" / "routines"
    folder.mkdir(parents=True)
    name = "evil\x1b[2J\x1b]0;pwn\x07"
    (folder / f"{name}.yaml").write_text("name: E\nexercises:\n  - {name: P, hold: 3s}\n")
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "BACKTIMER_HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "evil\\x1b[2J\\x1b]0;pwn\\x07 " in done.stdout
