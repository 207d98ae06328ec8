"""The picker at small sizes shows five routines or more (and says how many there are),
and reads a routine file again when it is chosen: a file fixed since is seen."""

from __future__ import annotations

from pathlib import Path

import pytest
from routine_builders import exercise, hold, routine
from textual.widgets import OptionList, Static
from ui_support import build

from backtimer.routine.catalog import load_listing
from backtimer.ui.screens.picker import PickerScreen
from backtimer.ui.screens.start import StartScreen

LONG = (
    "A full back workout at home: a light cardio warm-up, standing exercises for the "
    "lower and upper back, rows and opposite-limb reaches on all fours, swimmer and "
    "superman on the floor, and a cat-cow stretch to finish. You need an elastic band."
)


def six() -> list[object]:
    return [
        routine(f"Routine {n}", exercise("Plank", hold(20)), description=LONG, caution=LONG)
        for n in range(1, 7)
    ]


@pytest.mark.parametrize(("size", "at_least"), [((80, 24), 5), ((100, 30), 6), ((60, 20), 5)])
async def test_the_list_shows_five_routines_or_more(size: tuple[int, int], at_least: int) -> None:
    rig = build(catalog=six(), autostart=False)  # type: ignore[arg-type]
    async with rig.app.run_test(size=size) as pilot:
        await pilot.pause()  # the highlighted routine's detail is filled in
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one(OptionList)
        rows = options.scrollable_content_region.height
        assert rows >= at_least, options.region
        assert options.region.bottom <= size[1] - 1
        title = str(picker.query_one("#title", Static).content)
        assert title == "Pick a routine · 6 routines"
        detail = picker.query_one("#detail", Static)
        assert detail.region.height >= 2 and detail.region.bottom <= size[1] - 1


async def test_the_title_counts_what_the_filter_leaves() -> None:
    rig = build(catalog=six(), autostart=False)  # type: ignore[arg-type]
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", "5")
        title = str(rig.app.screen.query_one("#title", Static).content)
        assert title == "Pick a routine · 1 of 6 routines"


async def test_a_file_fixed_since_the_list_was_made_is_read_when_chosen(tmp_path: Path) -> None:
    path = tmp_path / "stretch[v2].yaml"
    path.write_text("name: Stretch v2\nexercises:\n  - {name: Twist, hodl: 30s}\n")
    broken = load_listing("stretch[v2]", "user", path)
    assert broken.routine is None
    rig = build(catalog=[broken], autostart=False)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(rig.app.screen, PickerScreen), "still broken: stays"
        path.write_text("name: Stretch v2\nexercises:\n  - {name: Twist, hold: 30s}\n")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, StartScreen)
        assert rig.app.screen.routine.name == "Stretch v2"
        await pilot.press("escape")
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert "Stretch v2" in str(picker.query_one(OptionList).get_option_at_index(0).prompt)
