"""The picker and the start card: arrows and Enter, `/` or typing filters, Escape goes back."""

from __future__ import annotations

from routine_builders import exercise, reps, routine, short_routine
from textual.widgets import Input, OptionList, Static
from ui_support import build, catalog

from backtimer.ui.screens.picker import PickerScreen
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.screens.start import StartScreen
from backtimer.ui.widgets.too_small import TooSmall


def highlighted(screen: PickerScreen) -> str:
    index = screen.query_one(OptionList).highlighted
    assert index is not None
    return screen.shown[index].routine.name


async def test_arrows_and_enter_pick_a_routine_and_escape_comes_back() -> None:
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test() as pilot:
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen) and highlighted(picker) == "Office chair"
        assert "At your desk." in str(picker.query_one("#detail", Static).content)
        await pilot.press("down", "enter")
        assert isinstance(rig.app.screen, StartScreen)
        assert rig.app.screen.routine.name == "Plank holds"
        await pilot.press("escape")
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen) and highlighted(picker) == "Plank holds"
        await pilot.press("escape")
        await pilot.pause()
    assert rig.app.return_code == 0


async def test_typing_filters_and_enter_takes_the_first_match() -> None:
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test() as pilot:
        await pilot.press("b", "r", "i")  # Bridge is in the short test routine
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.query_one(Input).value == "bri"
        assert [c.routine.name for c in picker.shown] == ["Short test"]
        await pilot.press("enter")
        assert isinstance(rig.app.screen, StartScreen)
        await pilot.press("space")
        assert isinstance(rig.app.screen, SessionScreen)


async def test_slash_filters_and_escape_clears_first() -> None:
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test() as pilot:
        await pilot.press("slash", "z", "z", "z")
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen) and picker.shown == []
        assert str(picker.query_one("#detail", Static).content) == "No routine matches."
        await pilot.press("escape")
        assert picker.query_one(Input).value == "" and len(picker.shown) == 3
        assert rig.app.screen is picker


async def test_a_routine_given_on_the_command_line_skips_the_picker() -> None:
    rig = build(routine("Direct", exercise("Bridge", reps(3))), autostart=False)
    async with rig.app.run_test() as pilot:
        assert isinstance(rig.app.screen, StartScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert rig.app.return_code == 0


async def test_too_small_and_compact_follow_the_terminal_size() -> None:
    rig = build(short_routine())
    async with rig.app.run_test(size=(100, 30)) as pilot:
        screen = rig.app.screen
        assert screen.has_class("-wide", "-big") and not screen.query_one(TooSmall).display
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert screen.has_class("-narrow", "-short") and not screen.query_one(TooSmall).display
        await pilot.resize_terminal(59, 20)
        await pilot.pause()
        assert screen.query_one(TooSmall).display
        assert not screen.query_one(".body").display


async def test_name_matches_come_before_description_matches() -> None:
    at_home = routine("Back strength", exercise("Row", reps(3)), description="Work out at home.")
    stretch = routine("Home stretch", exercise("Child's pose", reps(3)))
    rig = build(catalog=(at_home, stretch), autostart=False)
    async with rig.app.run_test() as pilot:
        await pilot.press("h", "o", "m", "e")
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert [c.routine.name for c in picker.shown] == ["Home stretch", "Back strength"]
        assert highlighted(picker) == "Home stretch"


async def test_a_late_highlight_from_before_a_refill_is_ignored() -> None:
    """Typed fast (or pasted), the filter refills the list again before the list's own
    messages arrive: one naming a row that is gone must neither crash nor show its text."""
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test() as pilot:
        await pilot.pause()
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        picker._fill("short")
        picker._fill("zzz")  # nothing matches
        await pilot.pause()
        assert picker.shown == []
        assert str(picker.query_one("#detail", Static).content) == "No routine matches."
        picker._fill("plank")
        picker._fill("office")  # row 0 again, another routine
        await pilot.pause()
        assert highlighted(picker) == "Office chair"
        assert "At your desk." in str(picker.query_one("#detail", Static).content)
