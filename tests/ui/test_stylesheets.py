"""Screen stylesheets are global once loaded, so every rule must name its screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from routine_builders import short_routine
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from ui_support import build, catalog

from backtimer.ui.screens.confirm_quit import ConfirmQuitDialog
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.screens.picker import PickerScreen
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.screens.start import StartScreen
from backtimer.ui.screens.summary import SummaryScreen

SCREENS: list[type[Screen[object]]] = [
    PickerScreen, StartScreen, SessionScreen, SummaryScreen, ConfirmQuitDialog, HistoryScreen,
]  # fmt: skip


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.__name__)
def test_every_rule_is_scoped_to_its_screen(screen: type[Screen[object]]) -> None:
    assert isinstance(screen.CSS_PATH, str)
    tcss = Path(__import__(screen.__module__, fromlist=["_"]).__file__ or "").parent
    text = re.sub(r"/\*.*?\*/", "", (tcss / screen.CSS_PATH).read_text(), flags=re.S)
    for selectors in re.findall(r"([^{}]+)\{", text):
        for selector in selectors.split(","):
            assert selector.strip().startswith(screen.__name__), selector.strip()


async def test_the_pickers_rules_do_not_leak_into_the_session() -> None:
    """The picker's `#detail` has a thick left border; the session's `#detail` must not."""
    rig = build(catalog=catalog(), autostart=False)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(rig.app.screen, SessionScreen)
        assert rig.app.screen.query_one("#detail").styles.border_left[0] == ""


@pytest.mark.parametrize(
    ("with_routine", "autostart", "first"),
    [(False, False, PickerScreen), (True, False, StartScreen), (True, True, SessionScreen)],
)
async def test_the_first_screen_needs_no_second_parse_of_the_stylesheets(
    with_routine: bool,
    autostart: bool,
    first: type[Screen[object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its stylesheet is read with the app's, so pushing it re-parses nothing (start-up)."""
    reparsed: list[object] = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append(original(self)))
    rig = build(short_routine() if with_routine else None, catalog=catalog(), autostart=autostart)
    async with rig.app.run_test(size=(100, 30)):
        assert isinstance(rig.app.screen, first)
        assert rig.app.screen.css_path[0] in rig.app.css_path
        assert reparsed == []
