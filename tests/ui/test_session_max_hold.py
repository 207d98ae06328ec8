"""A max hold (`hold: max`) in the full-screen app, built by make_app on a fake clock:
the big number counts up each second, Enter ends it, the time held is recorded."""

from __future__ import annotations

import pytest
from textual.widgets import Static
from ui_support import build, run_for, wake_through

from backtimer.engine.event import Outcome
from backtimer.routine.loader import load_text
from backtimer.ui.screens.summary import SummaryScreen
from backtimer.ui.widgets.big_number import BigNumber

TEXT = """name: Max
exercises:
  - name: Plank
    cue: Forearms under shoulders.
    hold: max 2m
    prepare: 3s
"""


async def test_the_clock_counts_up_and_enter_ends_the_hold() -> None:
    rig = build(load_text(TEXT))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await run_for(pilot, rig.clock, 3.0)  # the get-ready
        seen = [rig.app.screen.query_one(BigNumber).shown]
        for _ in wake_through(rig.app, rig.clock, 12.5):
            seen.append(rig.app.screen.query_one(BigNumber).shown)
        distinct = [s for i, s in enumerate(seen) if i == 0 or s != seen[i - 1]]
        assert distinct == [f"0:{n:02}" for n in range(0, 13)]
        meter = rig.app.screen.query_one("#step-meter").render_line(0).text
        assert "held 0:12 · up to 2:00 · Enter when you stop" in meter
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, SummaryScreen)
        assert str(rig.app.screen.query_one("#counts", Static).content).startswith(
            "Exercises: 1 done"
        )
    steps = [c for c in rig.recorder.calls if c[0] == "step"]
    assert len(steps) == 2
    held = steps[1][1]
    assert isinstance(held, Outcome) and held.status == "done"
    assert held.spent == pytest.approx(12.5, abs=0.01)
    assert "go" in rig.player.played and "halfway" not in rig.player.played
