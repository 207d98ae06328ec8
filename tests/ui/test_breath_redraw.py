"""The breath bar redraws the cells around its fill's edge, not its whole line, 5 times a
second (the pacer's CPU against termdown's)."""

from __future__ import annotations

from routine_builders import breaths, exercise, routine
from textual.geometry import Region
from ui_support import build, wake_through

from backtimer.ui.widgets.breath_pacer import BreathPacer


async def test_a_breath_frame_redraws_a_few_cells() -> None:
    rig = build(routine("Breathe", exercise("Child's pose", breaths(4, 4, 2, 6, 2))))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        for _ in wake_through(rig.app, rig.clock, 3 + 0.5):
            pass
        await pilot.pause()
        pacer = rig.app.screen.query_one(BreathPacer)
        regions: list[tuple[Region, ...]] = []
        original = pacer.refresh

        def refresh(*r: Region, **kw: object) -> BreathPacer:
            regions.append(r)
            return original(*r, **kw)  # type: ignore[arg-type]

        pacer.refresh = refresh  # type: ignore[method-assign]
        for _ in wake_through(rig.app, rig.clock, 3.0):  # inside the 4 s inhale
            pass
        assert pacer.breathing is not None and pacer.breathing.phase == "Inhale"
        assert regions, "the bar moved"
        widest = max(
            sum(r.width for r in group) if group else pacer.size.width for group in regions
        )
        assert widest <= 10, f"{widest} of {pacer.size.width} cells redrawn in one frame"
