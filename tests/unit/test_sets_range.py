"""`sets: 2-3`: a range of sets, read by the loader, in the JSON Schema, chosen by
level and targets, and stepped up one set at a time by progression (after the hold)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from history_support import record

from backtimer.engine.plan import compile_plan, sets_key
from backtimer.history.progression import progression
from backtimer.history.store import HistoryStore
from backtimer.routine.loader import RoutineError, load_text
from backtimer.routine.model import Routine, Span
from backtimer.routine.schema import json_schema
from backtimer.routine.validate import validate
from backtimer.routine.yamltree import parse_tree

PLANK = "name: P\ndefaults: {prepare: 0, rest: 5s, set_rest: 5s}\nexercises:\n"
DAY = datetime(2025, 3, 3, 8, 0)


def plank(sets: str = "2-3", hold: str = "20-30s") -> Routine:
    return load_text(f"{PLANK}  - {{name: Plank, hold: {hold}, sets: {sets}}}\n", "p.yaml")


def test_the_reader_reads_a_range_of_sets() -> None:
    text = f"{PLANK}  - {{name: Plank, hold: 20s, sets: 2-3}}\n  - {{name: Cat, hold: 5s}}\n"
    tree = parse_tree(text)
    problems, checked = validate(tree, "p.yaml")
    assert checked is not None and not problems
    first, second = checked.exercises
    assert (first.sets, first.sets_range) == (2, Span(2, 3))
    assert (second.sets, second.sets_range) == (1, None)


def test_a_single_number_of_sets_is_not_a_range() -> None:
    ex = plank("3").exercises[0]
    assert (ex.sets, ex.sets_range) == (3, None)


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        ("3-2", "p.yaml:4:39: exercises[0] (Plank).sets: sets '3-2': the range's lower end"),
        ("0-2", "p.yaml:4:39: exercises[0] (Plank).sets: sets must be a whole number from 1"),
        ("2-51", "sets must be a whole number from 1 to 50, or a range like 2-3 (got '2-51')"),
        ("2-", "or a range like 2-3 (got '2-')"),
        ("two", "or a range like 2-3 (got 'two')"),
        ("2.5", "or a range like 2-3 (got '2.5')"),
    ],
)
def test_bad_ranges_of_sets_say_where(sets: str, message: str) -> None:
    with pytest.raises(RoutineError) as info:
        plank(sets)
    found = [str(p) for p in info.value.problems]
    assert any(message in p for p in found), found


def test_validate_prints_file_line_col_for_a_bad_range(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"{PLANK}  - name: Plank\n    hold: 20s\n    sets: 3-1\n")
    result = subprocess.run(
        [sys.executable, "-m", "backtimer", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{bad}:6:11: exercises[0] (Plank).sets: sets '3-1'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_json_schema_takes_a_number_or_a_range() -> None:
    sets = json_schema()["$defs"]["ExerciseIn"]["properties"]["sets"]
    assert sets["default"] == 1
    number, text = sets["anyOf"]
    assert number == {"type": "integer", "minimum": 1, "maximum": 50}
    assert re.search(text["pattern"], "2-3") and re.search(text["pattern"], " 3 ")
    assert not re.search(text["pattern"], "2-3s")


def test_levels_and_targets_choose_the_sets() -> None:
    r = plank("2-4", "20s")

    def sets(*args: object) -> int:
        plan = compile_plan(r, *args)  # type: ignore[arg-type]
        return sum(1 for s in plan.steps if s.kind == "work")

    assert sets("low") == 2
    assert sets("high") == 4
    assert sets(1) == 3
    assert sets(9) == 4  # clamped
    assert sets("low", {"Plank (sets)": 3}) == 3
    assert sets("low", {"Plank (sets)": 7}) == 4
    plan = compile_plan(r, "low", {sets_key(r.exercises[0]): 3})
    assert [(s.set, s.sets) for s in plan.steps if s.kind == "work"] == [(1, 3), (2, 3), (3, 3)]
    assert plan.steps[-1].ends_exercise


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "h.sqlite3", print) as s:
        yield s


def sessions(store: HistoryStore, r: Routine, n: int, **how: object) -> list[tuple[float, int]]:
    """(plank seconds, sets) of each of `n` sessions, each run with today's targets."""
    seen = []
    for day in range(n):
        p = progression(r, store.sessions(r.name))
        plan = compile_plan(r, p.level, p.targets)
        work = [s for s in plan.steps if s.kind == "work"]
        seen.append((work[0].seconds or 0.0, work[0].sets))
        record(store, r, DAY + timedelta(days=day), targets=dict(p.targets), **how)  # type: ignore[arg-type]
    return seen


def test_the_hold_grows_first_then_a_set_up_to_the_top(store: HistoryStore) -> None:
    r = plank("2-3", "20-30s")
    assert sessions(store, r, 6) == [(20, 2), (25, 2), (30, 2), (30, 3), (30, 3), (30, 3)]
    p = progression(r, store.sessions(r.name))
    assert p.targets == {"Plank": 30, "Plank (sets)": 3}


def test_without_a_range_to_grow_each_clean_session_adds_a_set(store: HistoryStore) -> None:
    r = plank("3-6", "10s")
    assert [sets for _, sets in sessions(store, r, 5)] == [3, 4, 5, 6, 6]


def test_the_step_up_to_a_new_set_is_announced(store: HistoryStore) -> None:
    r = plank("2-3", "20s")
    sessions(store, r, 1)
    p = progression(r, store.sessions(r.name))
    assert p.raised == {"Plank (sets)": (2, 3)}


def test_a_skipped_set_holds_the_sets(store: HistoryStore) -> None:
    r = plank("2-3", "20s")
    assert [sets for _, sets in sessions(store, r, 3, skip={0})] == [2, 2, 2]


def test_a_worse_back_holds_the_sets(store: HistoryStore) -> None:
    r = plank("2-3", "20s")
    record(store, r, DAY, rating=8)
    record(store, r, DAY + timedelta(days=1), rating=5)
    p = progression(r, store.sessions(r.name))
    assert p.targets == {"Plank (sets)": 2}
    assert p.held is not None


def test_a_session_with_more_sets_must_finish_them_all(store: HistoryStore) -> None:
    """The hold steps up only after every planned set, three of them once a set was added."""
    r = plank("2-3", "20-30s")
    targets = {"Plank": 30.0, "Plank (sets)": 3.0}
    plan = compile_plan(r, "low", targets)
    work = [s.index for s in plan.steps if s.kind == "work"]
    record(store, r, DAY, targets=targets, stop_after=work[1] + 1)  # two sets of three
    p = progression(r, store.sessions(r.name))
    assert p.targets == {"Plank": 30, "Plank (sets)": 3}
    assert p.raised == {}


def test_the_summary_and_the_start_card_say_a_set_was_added(store: HistoryStore) -> None:
    from datetime import date

    from backtimer.history.summary import added
    from backtimer.ui.screens.start import target_lines

    r = plank("2-3", "20s")
    sid = record(store, r, DAY)
    assert added(store, sid, r, date(2025, 3, 3)).raised == {"Plank (sets)": (2, 3)}
    p = progression(r, store.sessions(r.name))
    plan = compile_plan(r, p.level, p.targets)
    assert target_lines(plan, p.raised) == ["Plank (sets) 3 (up from 2)"]
