"""The picker marks the user's own routines (`yours`) and lists a routine file that does not
load as invalid with its first problem, instead of leaving it out; files in a temporary
BACKTIMER_HOME, listed the way `backtimer` lists them at start-up."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static
from ui_support import build

from backtimer import paths
from backtimer.routine.catalog import listings
from backtimer.ui.screens.picker import PickerScreen
from backtimer.ui.screens.start import StartScreen

MINE = "name: My plank\nexercises:\n  - {name: Plank, hold: 20-40s}\n"
BROKEN = "name: Broken\nexercises:\n  - name: Plank\n    hodl: 20s\n"


def user_file(name: str, text: str) -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


def rows(picker: PickerScreen) -> dict[str, str]:
    options = picker.query_one(OptionList)
    return {c.name: str(options.get_option_at_index(i).prompt) for i, c in enumerate(picker.shown)}


async def test_user_routines_are_marked_and_a_broken_file_is_listed_with_its_problem() -> None:
    user_file("my-plank.yaml", MINE)
    broken = user_file("broken.yaml", BROKEN)
    rig = build(catalog=listings(), autostart=False)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        shown = rows(picker)
        assert shown["My plank"].split()[2] == "yours"
        assert "yours" not in shown["Home stretch"]  # bundled
        assert "broken" in shown and "yours" in shown["broken"]
        assert "invalid: 4:5: exercises[0] (Plank).hodl: unknown key" in shown["broken"]

        await pilot.press("enter")  # the broken file is listed first (user files, by name)
        assert rig.app.screen is picker
        detail = str(picker.query_one("#detail", Static).content)
        assert f"{broken}:4:5: exercises[0] (Plank).hodl: unknown key 'hodl'" in detail

        await pilot.press("down", "enter")
        assert isinstance(rig.app.screen, StartScreen)
        assert rig.app.screen.routine.name == "My plank"


async def test_the_first_row_is_highlighted_even_with_a_broken_file_below() -> None:
    """A broken row has no routine; it must not pass for "the routine chosen before"."""
    user_file("a-plank.yaml", MINE)
    user_file("broken.yaml", BROKEN)
    rig = build(catalog=listings(), autostart=False)
    async with rig.app.run_test():
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert [c.name for c in picker.shown[:2]] == ["My plank", "broken"]
        assert picker.query_one(OptionList).highlighted == 0


async def test_typing_finds_a_broken_file_by_its_name() -> None:
    user_file("broken.yaml", BROKEN)
    rig = build(catalog=listings(), autostart=False)
    async with rig.app.run_test() as pilot:
        await pilot.press(*"brok")
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert [c.name for c in picker.shown] == ["broken"]


async def test_without_user_routines_there_is_no_yours_column() -> None:
    rig = build(catalog=listings(), autostart=False)
    async with rig.app.run_test():
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen) and not picker.tags
        assert all("yours" not in prompt for prompt in rows(picker).values())
