"""The start card shows today's targets (stepped up, or above the range's low end), why
targets were held back, and where a resumed session continues; history from a temporary
database through the real recorder and the CLI's history seam."""

from __future__ import annotations

from datetime import datetime

from history_rig import ladder, open_store, real_history, record
from textual.widgets import Static
from ui_support import build

from backtimer.ui.screens.start import StartScreen

MONDAY = datetime(2026, 11, 16, 7, 30)


def card_text(screen: object, selector: str) -> str:
    assert isinstance(screen, StartScreen)
    return str(screen.query_one(selector, Static).content)


async def test_targets_that_stepped_up_since_last_time() -> None:
    with open_store() as store:
        record(store, ladder(), MONDAY)
    history = real_history()
    rig = build(ladder(), autostart=False, prepare=history.prepare)
    async with rig.app.run_test():
        assert card_text(rig.app.screen, "#targets").splitlines() == [
            "Today's targets",
            "  Plank 25 s (up from 20 s)",
            "  Bridge 11 reps (up from 10 reps)",
        ]
        assert not rig.app.screen.query("#held")
    history.close()


async def test_a_first_session_at_the_low_end_shows_no_targets() -> None:
    history = real_history()
    rig = build(ladder(), autostart=False, prepare=history.prepare)
    async with rig.app.run_test():
        assert isinstance(rig.app.screen, StartScreen)
        assert not rig.app.screen.query("#targets")
    history.close()


async def test_level_high_shows_each_range_at_its_top() -> None:
    rig = build(ladder(), autostart=False, level="high")
    async with rig.app.run_test():
        assert card_text(rig.app.screen, "#targets").splitlines()[1:] == [
            "  Plank 40 s (range 20-40 s)",
            "  Bridge 15 reps (range 10-15 reps)",
        ]


async def test_a_worse_rating_holds_targets_and_says_why() -> None:
    with open_store() as store:
        record(store, ladder(), MONDAY, rating=8)
        record(store, ladder(), MONDAY.replace(day=18), rating=5)
    history = real_history()
    rig = build(ladder(), autostart=False, prepare=history.prepare)
    async with rig.app.run_test():
        assert "up from" not in card_text(rig.app.screen, "#targets")
        assert "  Plank 25 s (range 20-40 s)" in card_text(rig.app.screen, "#targets")
        held = card_text(rig.app.screen, "#held")
        assert held.startswith("Your back felt worse after the last session (8 → 5 out of 10)")
    history.close()


async def test_resume_says_where_the_session_continues() -> None:
    with open_store() as store:
        record(store, ladder(), MONDAY, stop_after=3)
    history = real_history(resume=True)
    rig = build(ladder(), autostart=False, prepare=history.prepare)
    async with rig.app.run_test() as pilot:
        assert card_text(rig.app.screen, "#notes") == "Resuming at step 4 of 5."
        await pilot.press("enter")
        await pilot.pause()
        assert rig.app.conductor is not None and rig.app.conductor.session.index == 3
    history.close()
