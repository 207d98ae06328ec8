"""Text from files, the system or an exception is shown literally, never as markup; `/`
in the picker focuses the filter and is not typed into it."""

from __future__ import annotations

from pathlib import Path

from routine_builders import exercise, hold, routine
from textual.widgets import Input
from textual.widgets._toast import Toast
from ui_support import SoundAs, build, catalog

from backtimer.routine.catalog import Listing
from backtimer.ui.screens.picker import PickerScreen
from backtimer.ui.screens.start import StartScreen


def toasts(app: object) -> list[str]:
    from backtimer.ui.app import BacktimerApp

    assert isinstance(app, BacktimerApp)
    return [str(t.render()) for t in app.screen.query(Toast)]


async def test_a_broken_file_with_brackets_in_its_name_is_named_whole() -> None:
    path = Path("/home/you/.local/share/backtimer/routines/stretch[v2].yaml")
    broken = Listing("stretch[v2]", "user", None, f"{path}:1:1: not a mapping", path)
    rig = build(catalog=[broken, *catalog()], autostart=False)
    async with rig.app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert any("stretch[v2] does not load" in t for t in toasts(rig.app)), toasts(rig.app)


async def test_a_notice_from_the_sound_keeps_its_brackets() -> None:
    rig = build(routine("Hold", exercise("Plank", hold(30))))
    async with rig.app.run_test(size=(100, 30), notifications=True) as pilot:
        rig.app.notify("simpleaudio is not installed (pip install 'backtimer[simpleaudio]')")
        await pilot.pause()
        assert any("'backtimer[simpleaudio]'" in t for t in toasts(rig.app)), toasts(rig.app)


async def test_slash_focuses_the_filter_and_is_not_typed() -> None:
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test() as pilot:
        await pilot.press("slash", "p", "l", "a", "n", "k", "slash")
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.query_one(Input).value == "plank"
        assert [c.name for c in picker.shown] == ["Plank holds", "Short test"]


NO_DEVICE = "No sound device found: cues will use the terminal bell."


async def test_no_device_is_not_a_toast_over_the_start_card_or_the_session() -> None:
    """They say it for as long as it lasts; the picker, which does not, gets the toast."""
    rig = build(catalog=catalog(), autostart=False, player=SoundAs("bell"))
    async with rig.app.run_test(size=(60, 20), notifications=True) as pilot:
        rig.app.notify(NO_DEVICE)
        await pilot.pause()
        assert toasts(rig.app) == [NO_DEVICE]
        await pilot.press("enter")
        assert isinstance(rig.app.screen, StartScreen)
        rig.app.notify(NO_DEVICE)
        await pilot.pause()
        assert NO_DEVICE not in toasts(rig.app)
        await pilot.press("enter")
        rig.app.notify(NO_DEVICE)
        await pilot.pause()
        assert NO_DEVICE not in toasts(rig.app)
        rig.app.notify("The sound device stopped working: cues will use the terminal bell.")
        await pilot.pause()
        assert any("stopped working" in t for t in toasts(rig.app))
