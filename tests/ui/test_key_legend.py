"""The key legend at the bottom of every screen: the screen's keys, the command palette's
at the right edge (as Textual's Footer draws them), and a click on a key runs it."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input
from ui_support import build, catalog

from backtimer.ui.screens.picker import PickerScreen
from backtimer.ui.widgets.key_legend import KeyLegend


def legend_text(screen: object) -> str:
    assert isinstance(screen, PickerScreen)
    legend = screen.query_one(KeyLegend)
    return str(legend.render())


async def test_the_picker_legend_has_its_keys_and_the_palette_at_the_edge() -> None:
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = legend_text(rig.app.screen)
        assert text.startswith(" / Filter  ^r History  esc Quit ")
        assert text.endswith("▏^p palette ") and len(text) == 100
        assert not rig.app.screen.query("Footer")


async def test_no_palette_key_where_it_does_not_fit() -> None:
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        legend = rig.app.screen.query_one(KeyLegend)
        await pilot.resize_terminal(36, 30)
        await pilot.pause()
        assert "palette" not in str(legend.render())


async def test_a_click_on_a_key_runs_it() -> None:
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert not picker.query_one(Input).has_focus
        await pilot.click(KeyLegend, offset=(2, 0))  # "/ Filter"
        assert picker.query_one(Input).has_focus
        await pilot.click(KeyLegend, offset=(95, 0))  # "^p palette"
        await pilot.pause()
        assert isinstance(rig.app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(KeyLegend, offset=(30, 0))  # "esc Quit"
        await pilot.pause()
    assert rig.app.return_code == 0
