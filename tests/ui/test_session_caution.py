"""The session screen shows an exercise's caution above its cue from its get-ready on."""

from __future__ import annotations

from textual.widgets import Static
from ui_support import build, run_for

from backtimer.routine.loader import load_text
from backtimer.ui.widgets.up_next import CautionText

ROUTINE = """name: C
defaults: {prepare: 3s, rest: 10s}
exercises:
  - {name: Sphinx, hold: 10s}
  - name: Cobra
    caution: Skip it if your lower back hurts.
    hold: 10s
"""


async def test_the_caution_shows_from_the_get_ready_and_hides_elsewhere() -> None:
    rig = build(load_text(ROUTINE))
    async with rig.app.run_test(size=(80, 30)) as pilot:
        caution = rig.app.screen.query_one(CautionText)
        await run_for(pilot, rig.clock, 1)  # Sphinx gets ready
        assert not caution.display
        await run_for(pilot, rig.clock, 12)  # the rest after the sphinx
        assert not caution.display
        await run_for(pilot, rig.clock, 10)  # Cobra gets ready (8 s: its caution's lead)
        assert caution.display
        assert str(rig.app.screen.query_one(CautionText, Static).content) == (
            "Caution: Skip it if your lower back hurts."
        )
        await run_for(pilot, rig.clock, 8)  # Cobra's hold
        assert caution.display and caution.region.height >= 1
