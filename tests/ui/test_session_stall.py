"""The session screen after a stall (the process stopped for 30 s): paused where it
stopped, with a notification that says so; nothing was skipped."""

from __future__ import annotations

from routine_builders import short_routine
from test_session_screen import countdown, drawn
from ui_support import build, run_for, session_screen

from backtimer.engine.clock import STALL_SECONDS


async def test_a_stall_pauses_the_screen_and_says_so() -> None:
    rig = build(short_routine())
    rig.clock.stall_after = STALL_SECONDS
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 5.5)
        assert countdown(rig.app) == "0:08"
        screen = session_screen(rig.app)
        assert screen is not None
        rig.clock.advance(30)  # stopped: no wake-up for 30 s
        screen.wake()
        await pilot.pause()
        assert screen.has_class("-paused") and screen.wake_at is None
        assert countdown(rig.app) == "0:08", "where it stopped"
        assert drawn(rig.app, "#phase-line").startswith(" PAUSED ")
        said = [n.message for n in rig.app._notifications]
        assert said == ["Paused: the timer was stopped for 30 seconds. Space to resume."]
        steps = [c for c in rig.recorder.calls if c[0] == "step"]
        assert len(steps) == 1, "only the get-ready was done"
        await pilot.press("space")
        await run_for(pilot, rig.clock, 8.5)
        assert len([c for c in rig.recorder.calls if c[0] == "step"]) == 2
