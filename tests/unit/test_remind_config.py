"""config.toml [remind] and the spellings of intervals, hours and days it shares with the flags."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from backtimer.config import RemindConfig, load_config
from backtimer.remind.spec import (
    SpecError,
    parse_days,
    parse_hours,
    parse_span,
    say_days,
    say_hours,
    say_span,
)

WEEKDAYS = frozenset(range(5))


def read(tmp_path: Path, toml: str) -> tuple[RemindConfig, tuple[str, ...]]:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    config = load_config(path)
    return config.remind, config.notes


def test_no_table_gives_two_hours_weekdays_nine_to_six_and_the_desk_break(tmp_path: Path) -> None:
    remind, notes = read(tmp_path, "[sound]\nbackend = 'off'\n")
    assert remind == RemindConfig()
    assert (remind.every, remind.hours, remind.days) == (
        timedelta(hours=2),
        (time(9), time(18)),
        WEEKDAYS,
    )
    assert remind.routine is None and notes == ()


def test_every_key_set_is_used(tmp_path: Path) -> None:
    remind, notes = read(
        tmp_path,
        '[remind]\nevery = "1h30m"\nroutine = "office-chair"\nhours = "8:30-17"\n'
        'days = ["mon", "wed", "fri"]\n',
    )
    assert notes == ()
    assert remind == RemindConfig(
        timedelta(minutes=90), "office-chair", (time(8, 30), time(17)), frozenset({0, 2, 4})
    )


def test_a_bare_number_of_minutes_is_an_interval(tmp_path: Path) -> None:
    assert read(tmp_path, "[remind]\nevery = 45\n")[0].every == timedelta(minutes=45)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("every", '"5m"', "10m to 8h"),
        ("every", '"9h"', "10m to 8h"),
        ("every", '"often"', "10m to 8h"),
        ("every", "true", "10m to 8h"),
        ("routine", '""', "routine name"),
        ("routine", "3", "routine name"),
        ("hours", '"18:00-09:00"', "09:00-18:00"),
        ("hours", '"25-26"', "09:00-18:00"),
        ("hours", "9", "09:00-18:00"),
        ("days", '"weekdays"', "mon-fri"),
        ("days", "[1, 2]", "mon-fri"),
        ("days", '""', "mon-fri"),
    ],
)
def test_each_wrong_value_is_one_note_and_its_default(
    tmp_path: Path, key: str, value: str, words: str
) -> None:
    good = 'routine = "warm-up"' if key == "every" else 'every = "3h"'
    remind, notes = read(tmp_path, f"[remind]\n{good}\n{key} = {value}\n")
    if key == "every":
        assert remind.every == RemindConfig().every
        assert remind.routine == "warm-up"  # the good value next to it is kept
    else:
        assert remind.every == timedelta(hours=3)  # the good value next to it is kept
        assert getattr(remind, key) == getattr(RemindConfig(), key)
    assert len(notes) == 1, notes
    assert f"[remind] {key} = " in notes[0] and words in notes[0] and "default" in notes[0]


def test_an_unknown_key_and_a_non_table_are_one_note_each(tmp_path: Path) -> None:
    remind, notes = read(tmp_path, '[remind]\nsnooze = "5m"\n')
    assert remind == RemindConfig() and len(notes) == 1 and "'snooze'" in notes[0]
    remind, notes = read(tmp_path, 'remind = "2h"\n')
    assert remind == RemindConfig() and len(notes) == 1 and "must be a table" in notes[0]


@pytest.mark.parametrize(
    ("text", "minutes"), [("2h", 120), ("90m", 90), ("1h30m", 90), ("45 min", 45), ("30", 30)]
)
def test_spans(text: str, minutes: int) -> None:
    span = parse_span(text, timedelta(0), timedelta(hours=24))
    assert span == timedelta(minutes=minutes)
    assert parse_span(say_span(span), timedelta(0), timedelta(hours=24)) == span


@pytest.mark.parametrize(
    ("text", "days", "said"),
    [
        ("mon-fri", WEEKDAYS, "mon-fri"),
        ("Monday, Wednesday,friday", frozenset({0, 2, 4}), "mon,wed,fri"),
        ("sat-sun", frozenset({5, 6}), "sat-sun"),
        ("fri-mon", frozenset({4, 5, 6, 0}), "mon,fri-sun"),
        ("mon-sun", frozenset(range(7)), "every day"),
    ],
)
def test_days(text: str, days: frozenset[int], said: str) -> None:
    assert parse_days(text) == days
    assert say_days(days) == said


def test_hours_round_trip_and_midnight() -> None:
    assert say_hours(*parse_hours("9-18")) == "09:00-18:00"
    assert say_hours(*parse_hours("00:00-24:00")) == "00:00-24:00"
    with pytest.raises(SpecError):
        parse_hours("9:00-9:00")


def test_the_readme_remind_example_loads_without_a_note(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    example = readme.split("```toml\n")[1].split("```")[0]
    remind, notes = read(tmp_path, example)
    assert notes == ()
    assert remind == RemindConfig(routine="office-chair")
