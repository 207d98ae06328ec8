"""The history screen: opened from the picker (ctrl+r or the palette), the same lines as
`backtimer history` and `backtimer stats`, an empty history, a broken database; Escape
goes back. Sessions go into a temporary database through the real recorder and store."""

from __future__ import annotations

import io
from datetime import date, datetime

from history_rig import ladder, open_store, real_history, record
from textual.widgets import Static
from ui_support import build, catalog

from backtimer import cli, paths
from backtimer.history.report import stats_command
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.screens.picker import PickerScreen

TODAY = date(2026, 11, 20)
"""A Friday; its ISO week (2026-W47) starts on Monday 16 November."""


def text(screen: HistoryScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def three_sessions() -> None:
    """Two finished this week (one rated), one stopped after two steps today."""
    with open_store() as store:
        record(store, ladder(), datetime(2026, 11, 16, 7, 30))
        record(store, ladder(), datetime(2026, 11, 18, 7, 45), rating=7)
        record(store, ladder(), datetime(2026, 11, 20, 8, 0), stop_after=2)


def cli_output(*argv: str) -> str:
    out = io.StringIO()
    assert cli.main(list(argv), out) == 0
    return out.getvalue().rstrip("\n")


async def test_ctrl_r_shows_the_same_lines_as_the_cli_and_escape_goes_back() -> None:
    three_sessions()
    history = real_history()
    rig = build(catalog=catalog(), autostart=False, history=history.overview, today=TODAY)
    async with rig.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("down", "ctrl+r")
        screen = rig.app.screen
        assert isinstance(screen, HistoryScreen)
        assert text(screen, "#sessions") == cli_output("history")
        assert "stopped at step 3 of 5" in text(screen, "#sessions")
        stats = io.StringIO()
        with open_store() as store:
            stats_command(store, stats, today=TODAY)  # what `backtimer stats` prints today
        assert text(screen, "#stats") == stats.getvalue().rstrip("\n")
        assert text(screen, "#week") == "2 sessions this week (target 3: 1 to go) · streak 0 weeks"
        await pilot.press("escape")
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.shown[picker.query_one("OptionList").highlighted or 0].name == "Plank holds"
    history.close()


async def test_the_weekly_target_comes_from_the_config_file() -> None:
    paths.config_file().parent.mkdir(parents=True)
    paths.config_file().write_text("[history]\nweekly_target = 2\n")
    three_sessions()
    history = real_history()
    rig = build(catalog=catalog(), autostart=False, history=history.overview, today=TODAY)
    async with rig.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+r")
        screen = rig.app.screen
        assert isinstance(screen, HistoryScreen)
        assert text(screen, "#week") == "2 sessions this week (target 2: met) · streak 1 week"
        assert "(target: 2 sessions a week)" in text(screen, "#stats")
        assert "Streak: 1 week with at least 2 sessions." in text(screen, "#stats")
    history.close()


async def test_an_empty_history_says_so() -> None:
    history = real_history()
    rig = build(catalog=catalog(), autostart=False, history=history.overview, today=TODAY)
    async with rig.app.run_test() as pilot:
        await pilot.press("ctrl+r")
        screen = rig.app.screen
        assert isinstance(screen, HistoryScreen)
        assert text(screen, "#empty").startswith("No sessions yet.")
        assert not screen.query("#sessions") and not screen.query("#stats")
    history.close()


async def test_a_database_that_cannot_be_opened_is_a_message_not_a_crash() -> None:
    paths.history_file().parent.parent.mkdir(parents=True)
    paths.history_file().parent.write_text("a file where the data folder should be")
    history = real_history()
    assert history.store is None
    rig = build(catalog=catalog(), autostart=False, history=history.overview, today=TODAY)
    async with rig.app.run_test() as pilot:
        await pilot.press("ctrl+r")
        screen = rig.app.screen
        assert isinstance(screen, HistoryScreen)
        problem = text(screen, "#problem")
        assert problem.startswith("The history cannot be shown: cannot open the history database")
        assert str(paths.history_file()) in problem
        await pilot.press("escape")
        assert isinstance(rig.app.screen, PickerScreen)


async def test_a_read_that_fails_is_a_message_not_a_crash() -> None:
    three_sessions()
    history = real_history()
    assert history.store is not None
    history.store.close()  # every read now fails inside the store
    rig = build(catalog=catalog(), autostart=False, history=history.overview, today=TODAY)
    async with rig.app.run_test() as pilot:
        await pilot.press("ctrl+r")
        screen = rig.app.screen
        assert isinstance(screen, HistoryScreen)
        assert "cannot read the history database" in text(screen, "#problem")
    history.close()


async def test_the_palette_offers_the_history_from_the_picker() -> None:
    three_sessions()
    history = real_history()
    rig = build(catalog=catalog(), autostart=False, history=history.overview, today=TODAY)
    async with rig.app.run_test() as pilot:
        commands = {c.title: c for c in rig.app.get_system_commands(rig.app.screen)}
        assert "History" in commands
        commands["History"].callback()
        await pilot.pause()
        assert isinstance(rig.app.screen, HistoryScreen)
        assert rig.app.screen.query("#sessions")
    history.close()


async def test_the_footer_names_the_key() -> None:
    rig = build(catalog=catalog(), autostart=False, today=TODAY)
    async with rig.app.run_test():
        shown = {k: a.binding.description for k, a in rig.app.screen.active_bindings.items()}
        assert shown.get("ctrl+r") == "History"
