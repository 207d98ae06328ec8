"""The picker's rows built in a child process (run/picker_rows.py through launch's
_picker, as `backtimer` builds them) are the rows the app would build itself: the same
routines, a broken file with its first problem, and today's plan of each once targets
have grown. A history the child cannot read leaves the plans to the app."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from history_rig import grown, ladder, open_store, real_history, record
from textual.widgets import OptionList
from ui_support import build

from backtimer import paths
from backtimer.engine.plan import Plan
from backtimer.launch import _picker
from backtimer.routine.catalog import listings
from backtimer.routine.loader import load_routine
from backtimer.routine.model import Routine
from backtimer.run.picker_rows import PickerRows, picker_rows
from backtimer.run.picker_rows import start as start_rows
from backtimer.ui.screens.picker import PickerScreen


def user_routines() -> None:
    """A routine whose targets grew in one clean session, and a broken file."""
    grown()
    broken = "name: Broken\nexercises:\n  - name: Plank\n    hold: -5s\n"
    (paths.user_routines_dir() / "broken.yaml").write_text(broken)


def from_child(level: str | None = None) -> PickerRows:
    child = start_rows(level)
    assert child is not None
    got = child.result(60)
    assert got is not None, "the child delivered"
    return got


@pytest.mark.parametrize("level", [None, "high"])
def test_the_childs_rows_are_the_apps_own(level: str | None) -> None:
    user_routines()
    got = from_child(level)
    here = listings()
    assert got.listings == here
    history = real_history()
    if level is not None:
        history.options = history.options._replace(level=level)
    try:
        own = [history.plan(item.routine) if item.routine else None for item in here]
    finally:
        history.close()
    assert got.plans == own
    broken = next(item for item in got.listings if item.name == "broken")
    assert broken.routine is None and "negative" in broken.problem
    grown = next(
        p for item, p in zip(got.listings, own, strict=True) if item.name == "Plank ladder"
    )
    assert grown is not None and grown.total_seconds > load_plan_low_total()


def load_plan_low_total() -> float:
    from backtimer.engine.plan import compile_plan

    return compile_plan(load_routine(paths.user_routines_dir() / "plank-ladder.yaml")).total_seconds


def test_each_plan_is_used_once_then_the_history_is_asked() -> None:
    user_routines()
    got = from_child()
    asked: list[str] = []
    history = real_history()

    def fallback(routine: Routine) -> Plan:
        asked.append(routine.name)
        return history.plan(routine)

    plan_for = got.plan_for(fallback)
    index = next(i for i, item in enumerate(got.listings) if item.name == "Plank ladder")
    routine = got.listings[index].routine
    assert routine is not None and got.plans is not None
    try:
        assert plan_for(routine) is got.plans[index]
        assert asked == []
        again = plan_for(routine)  # back from a session: today's totals may have grown
    finally:
        history.close()
    assert asked == ["Plank ladder"] and again == got.plans[index]


def test_a_history_that_needs_repair_is_left_to_the_app() -> None:
    db = paths.history_file()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)  # a damaged database
    got = from_child()
    assert got.plans is None and got.listings == listings()
    assert db.read_bytes().startswith(b"SQLite format 3\x00\xff"), "the child moved nothing"


def test_a_history_another_process_is_writing_is_still_read() -> None:
    with open_store() as store:
        record(store, ladder(), datetime(2026, 11, 16, 7, 30))
    lock = sqlite3.connect(paths.history_file(), isolation_level=None)
    try:
        lock.execute("BEGIN EXCLUSIVE")  # another process writing, as far as SQLite can tell
        got = picker_rows(None)
    finally:
        lock.close()
    history = real_history()
    try:
        assert got.plans == [history.plan(i.routine) if i.routine else None for i in got.listings]
    finally:
        history.close()


def test_a_history_that_cannot_be_read_leaves_the_plans_to_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app would then say why (and plan from no history): the child says nothing."""
    from backtimer.history import HistoryError, HistoryStore

    def unreadable(*args: object) -> None:
        raise HistoryError("database is locked")

    monkeypatch.setattr(HistoryStore, "progression", unreadable)
    got = picker_rows(None)
    assert got.plans is None and got.listings == listings()


async def test_the_picker_shows_todays_totals_from_the_childs_rows() -> None:
    user_routines()
    history = real_history()
    history_later = real_history()
    try:
        catalog, plan_today = _picker(start_rows(None), history, print)
        rig = build(
            catalog=catalog, autostart=False, prepare=history.prepare, plan_today=plan_today
        )
        async with rig.app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            picker = rig.app.screen
            assert isinstance(picker, PickerScreen)
            rows = [str(o.prompt) for o in picker.query_one(OptionList).options]
        ladder_row = next(row for row in rows if "Plank ladder" in row)
        routine = load_routine(paths.user_routines_dir() / "plank-ladder.yaml")
        total = history_later.plan(routine).total_seconds
        assert f"{int(total) // 60}:{int(total) % 60:02d}" in ladder_row, ladder_row
    finally:
        history.close()
        history_later.close()


def test_without_the_child_the_app_builds_the_rows_itself() -> None:
    user_routines()
    history = real_history()
    try:
        catalog, plan_today = _picker(None, history, print)
        assert list(catalog) == listings()
        routine = next(item.routine for item in catalog if item.routine is not None)
        assert plan_today(routine) == history.plan(routine)
    finally:
        history.close()
