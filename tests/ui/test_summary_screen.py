"""The summary: the rating question in view without scrolling at 60x20 and 80x24, a
session stopped early is rated too, and Enter goes back to the picker when the routine
was chosen there."""

from __future__ import annotations

import pytest
from routine_builders import exercise, hold, routine
from textual.widgets import Static
from ui_support import build, run_for

from backtimer.engine.plan import compile_plan
from backtimer.routine.model import Routine
from backtimer.run.hooks import NullRecorder, Prepared
from backtimer.ui.screens.picker import PickerScreen
from backtimer.ui.screens.summary import SummaryScreen


def twelve() -> Routine:
    """Twelve 5 s holds: a summary longer than a small terminal."""
    return routine("Twelve", *(exercise(f"Hold {n}", hold(5)) for n in range(1, 13)))


def rated(ratings: list[int | None]) -> object:
    def prepare(r: Routine) -> Prepared:
        lines = ["This week: 2 of 3 sessions · streak 1 week", "Next time: Hold 1 5 s → 6 s"]
        return Prepared(compile_plan(r), NullRecorder(), summary=lambda: lines, rate=ratings.append)

    return prepare


def prompt(app: object) -> Static:
    from backtimer.ui.app import BacktimerApp

    assert isinstance(app, BacktimerApp) and isinstance(app.screen, SummaryScreen)
    return app.screen.query_one("#prompt", Static)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_rating_question_is_in_view_without_scrolling(size: tuple[int, int]) -> None:
    ratings: list[int | None] = []
    rig = build(twelve(), prepare=rated(ratings))  # type: ignore[arg-type]
    async with rig.app.run_test(size=size) as pilot:
        await run_for(pilot, rig.clock, 3 + 12 * 5 + 11 * 20 + 1)
        ask = prompt(rig.app)
        assert str(ask.content).startswith("How does your back feel?")
        region = ask.region
        assert region.height >= 1 and region.bottom <= size[1] - 1, region  # above the keys
        body = rig.app.screen.query_one(".body")
        assert body.scroll_y == 0 and body.max_scroll_y > 0, (
            "the list does scroll, the question not"
        )
        await pilot.press("8")
        assert ratings == [8]


async def test_a_session_stopped_early_is_rated_too() -> None:
    ratings: list[int | None] = []
    rig = build(twelve(), prepare=rated(ratings))  # type: ignore[arg-type]
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await run_for(pilot, rig.clock, 10)
        await pilot.press("q", "y")
        assert str(prompt(rig.app).content).startswith("How does your back feel?")
        await pilot.press("4")
        assert ratings == [4]


async def test_enter_on_the_summary_goes_back_to_the_picker_it_came_from() -> None:
    short = routine("Short", exercise("Plank", hold(5)))
    rig = build(catalog=[short, twelve()], autostart=False)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # the picker, then the start card
        await run_for(pilot, rig.clock, 9)
        assert str(prompt(rig.app).content) == "Press Enter to go back to the routines."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, PickerScreen)
        assert rig.app.return_code is None, "still running"
        await pilot.press("down", "enter", "enter")  # and a second session from there
        await run_for(pilot, rig.clock, 5)
        assert rig.app.screen.query_one("#name").shown == "HOLD 1"  # type: ignore[attr-defined]


async def test_enter_on_the_summary_of_a_routine_given_on_the_command_line_ends() -> None:
    rig = build(routine("Short", exercise("Plank", hold(5))))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await run_for(pilot, rig.clock, 9)
        assert str(prompt(rig.app).content) == "Press Enter to close."
        await pilot.press("enter")
        await pilot.pause()
    assert rig.app.return_code == 0
