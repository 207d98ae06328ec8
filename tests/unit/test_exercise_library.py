"""Issue 13: the exercise library (each exercise defined once, used by id with a routine's
own dose) and how often a routine is meant to be done (per_week)."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from history_support import default_routine, record

from backtimer import cli, paths
from backtimer.history.report import stats_command
from backtimer.history.store import HistoryStore
from backtimer.routine import library
from backtimer.routine.keys import LIBRARY
from backtimer.routine.loader import RoutineError, load_routine, load_text
from backtimer.routine.schema import json_schema
from backtimer.routine.yamltree import parse_tree

ROOT = Path(__file__).parents[2]
BUNDLED = sorted(paths.bundled_routines_dir().glob("*.yaml"))


def problems(text: str) -> list[str]:
    with pytest.raises(RoutineError) as err:
        load_text(text, "r.yaml")
    return [str(p) for p in err.value.problems]


def test_a_routine_uses_a_library_exercise_with_its_own_dose() -> None:
    r = load_text("name: R\nexercises:\n  - use: table-pose\n    hold: 40s\n")
    (ex,) = r.exercises
    entry = library.lookup("table-pose")
    assert (ex.name, ex.cue, ex.caution) == (entry["name"], entry["cue"], entry["caution"])
    assert ex.work is not None and ex.work.seconds == (40, 40)
    assert ex.sets == 1, "its own dose replaces the library's whole dose (2 sets there)"


def test_without_a_dose_the_library_default_is_used_and_keys_given_win() -> None:
    r = load_text("name: R\nexercises:\n  - use: seated-twist\n    name: Twist\n")
    (ex,) = r.exercises
    assert ex.name == "Twist" and ex.sides == ("left", "right")
    assert ex.work is not None and ex.work.count == (4, 4) and ex.work.tempo == 4
    assert ex.caution.startswith("A twist.")


def test_an_unknown_exercise_is_a_file_line_col_error_with_a_suggestion() -> None:
    text = "name: R\nexercises:\n  - use: tabel-pose\n    hold: 20s\n"
    assert problems(text) == [
        "r.yaml:3:10: exercises[0].use: no exercise 'tabel-pose' in the library,"
        " did you mean 'table-pose'? (backtimer exercises lists them)"
    ]


def test_name_is_required_only_without_use() -> None:
    assert problems("name: R\nexercises:\n  - hold: 20s\n") == [
        "r.yaml:3:5: exercises[0].name: missing required key 'name'"
    ]


def test_a_user_routine_can_use_the_library(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: Mine\nexercises:\n  - use: plank\n    hold: 15s\n    sets: 2\n")
    assert load_routine(path).exercises[0].name == "Plank"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Mine\nexercises:\n  - use: Plank!\n")
    assert cli.main(["validate", str(bad)]) == 1
    assert capsys.readouterr().out.startswith(f"{bad}:3:10: exercises[0].use: an exercise id")


def _exercise_paths(tree: Any) -> list[tuple[Any, ...]]:
    data = tree.data
    sections = data.get("sections") or [{"exercises": data["exercises"]}]
    base: tuple[Any, ...] = ("sections",) if "sections" in data else ()
    out = []
    for i, s in enumerate(sections):
        for j, _ in enumerate(s["exercises"]):
            out.append((*base, i, "exercises", j) if base else ("exercises", j))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_routine_has_a_source_a_caution_and_library_or_own_exercises(
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^# Source: \d{3}_[0-9a-f]+\.txt", text, re.M), "a # Source: line"
    assert load_routine(path).caution.strip(), "a caution"
    names = {(e.keys["name"], e.keys["cue"]) for e in library.bundled().values()}
    tree = parse_tree(text)
    for at in _exercise_paths(tree):
        ex = _get(tree.data, at)
        if "use" in ex:
            continue
        # Its own: not a library exercise written out again, nor one another routine has.
        assert (ex["name"], ex.get("cue")) not in names, f"{path.stem}: use the library"
        for other in BUNDLED:
            if other != path:
                twin = [e for e in load_routine(other).exercises if e.name == ex["name"]]
                assert all(e.cue != ex.get("cue") for e in twin), f"{ex['name']} in {other}"


def test_every_library_exercise_is_used_by_a_bundled_routine() -> None:
    for exercise_id in library.bundled():
        assert library.used_by(exercise_id, BUNDLED), exercise_id


def test_every_library_exercise_has_a_source_and_a_dose() -> None:
    for ex in library.bundled().values():
        assert re.match(r"\d{3}_[0-9a-f]+\.txt, ", ex.keys["source"]), ex.id
        assert library.dose_text(ex.keys), ex.id


def test_the_library_schema_is_stored_and_the_library_meets_it() -> None:
    stored = json.loads((ROOT / "docs" / "library.schema.json").read_text())
    assert stored == json_schema(LIBRARY), (
        "run: backtimer schema --library > docs/library.schema.json"
    )
    for file in library.folder().glob("*.yaml"):
        jsonschema.validate(parse_tree(file.read_text()).data, stored)
    routine_schema = json_schema()
    jsonschema.validate({"name": "R", "exercises": [{"use": "plank"}]}, routine_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "R", "exercises": [{"hold": "2s"}]}, routine_schema)


def test_an_id_given_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    entry = "  - id: a\n    name: A\n    hold: 2s\n    source: x\n"
    with pytest.raises(RoutineError) as err:
        library.read_library(f"exercises:\n{entry}{entry}", path, {})
    assert [str(p) for p in err.value.problems] == [f"{path}:6:9: id 'a' given twice ({path})"]


def test_the_exercises_command_lists_and_filters(capsys: Any) -> None:
    assert cli.main(["exercises", "PLANK"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("plank: Plank · hold 20-30s, 2-3 sets\n")
    assert "low-plank: Low plank" in out and "table-pose" not in out
    assert "Used by: lower-back-strength, plank-holds" in out
    assert cli.main(["exercises", "no such thing"]) == 1


# Frequency


def test_per_week_is_read_shown_and_checked(capsys: Any) -> None:
    assert load_text("name: R\nper_week: 2-3\nexercises: [{name: A, hold: 2s}]\n").per_week == (
        2,
        3,
    )
    assert load_text("name: R\nexercises: [{name: A, hold: 2s}]\n").per_week is None
    assert problems("name: R\nper_week: 15\nexercises: [{name: A, hold: 2s}]\n") == [
        "r.yaml:2:11: per_week: per_week must be a whole number of times from 1 to 14,"
        " or a range like 2-3 (got '15')"
    ]
    assert cli.main(["show", "back-strength"]) == 0
    assert "Meant to be done 2-3 times a week." in capsys.readouterr().out


ARTICLES = {
    "lower-back-strength": (3, "001_"),
    "plank-holds": (3, "001_"),
    "bodyweight-back": (2, "001_"),
    "back-strength": (2, "000_"),
}


@pytest.mark.parametrize("stem", sorted(ARTICLES))
def test_bundled_frequencies_follow_the_articles(stem: str) -> None:
    path = paths.bundled_routines_dir() / f"{stem}.yaml"
    low, article = ARTICLES[stem]
    r = load_routine(path)
    assert r.per_week is not None and r.per_week.low == low
    line = next(x for x in path.read_text().splitlines() if x.startswith("per_week:"))
    assert f"# {article}" in line, "the article's file name next to the value"


def test_stats_for_one_routine_counts_its_sessions_toward_its_own_target(
    capsys: Any,
) -> None:
    db = paths.history_file()
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore.open(db, pytest.fail) as store:
        for day in (6, 7):
            record(store, default_routine("Back strength"), datetime(2025, 1, day, 8))
        record(store, default_routine("Plank holds"), datetime(2025, 1, 8, 8))
        out = io.StringIO()
        code = stats_command(
            store, out, as_json=True, today=date(2025, 1, 8), weekly_target=2,
            routine="Back strength",
        )  # fmt: skip
    stats = json.loads(out.getvalue())
    assert code == 0 and stats["weekly_target"] == 2 and stats["weeks"][-1]["sessions"] == 2
    assert cli.main(["stats", "back-strength"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Back strength only\n")
    assert "(target: 2 sessions a week)" in text


def test_the_start_card_says_how_often() -> None:
    from backtimer.engine.plan import compile_plan
    from backtimer.present.text import totals_text

    text = "name: R\nper_week: 2-3\nexercises: [{name: A, hold: 2s}]\n"
    routine = load_text(text)
    assert totals_text(routine, compile_plan(routine)) == "0:07 · 1 exercise · 2-3 times a week"
    routine = load_text(text.replace("2-3", "7"))
    assert totals_text(routine, compile_plan(routine)).endswith(" · every day")
