"""Snapshots of every screen and state; each docstring says what you should see."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path

from history_rig import ladder, open_store, real_history, record
from routine_builders import breaths, exercise, hold, reps, routine, short_routine
from textual.pilot import Pilot
from ui_support import Rig, build, catalog, run_for

from backtimer.routine.catalog import Listing
from backtimer.routine.model import Routine

Snap = Callable[..., bool]
TODAY = date(2026, 11, 20)


def at(rig: Rig, seconds: float, *keys: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Run the session `seconds` on the fake clock, then press `keys`."""

    async def run_before(pilot: Pilot[int]) -> None:
        await run_for(pilot, rig.clock, seconds)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def side_plank() -> Routine:
    """Prepare 3; per set: left 30, switch 3, right 30; set rest 10; then a bridge."""
    return routine(
        "Core",
        exercise("Side plank", hold(30), sides=("left", "right"), sets=3, cue="Hips up."),
        exercise("Bridge", reps(15, tempo=3.0), cue="Squeeze at the top."),
    )


def snap(snap_compare: Snap, rig: Rig, seconds: float, *keys: str, size: tuple[int, int]) -> bool:
    return snap_compare(rig.app, terminal_size=size, run_before=at(rig, seconds, *keys))


def test_picker(snap_compare: Snap) -> None:
    """You should see "Pick a routine", an empty filter field, Office chair, Plank holds and
    Short test with their total times and exercise counts in a column, Office chair
    highlighted, its description "At your desk." below the list, and "/ Filter  ^r History
    esc Quit" in the footer. No "yours" column: every routine here is bundled."""
    rig = build(catalog=catalog(), autostart=False)
    assert snap_compare(rig.app, terminal_size=(80, 24))


def test_start_card(snap_compare: Snap) -> None:
    """You should see SHORT TEST in a banner, "0:45 · 2 exercises", the sections
    "Main: Plank" and "Strengthen: Bridge", the description, "Caution: Stop if it hurts."
    in amber, and "Press Enter or Space to start"."""
    rig = build(short_routine(), autostart=False)
    assert snap_compare(rig.app, terminal_size=(80, 24))


def test_hold_with_side_and_set(snap_compare: Snap) -> None:
    """You should see WORK on a green line with "Main", SIDE PLANK large, "LEFT · set 2 of 3",
    the big countdown at 0:12, the step bar at 0:18 / 0:30, the cue "Hips up.",
    "Up next: Side plank, right, set 2 of 3, 0:30" and "step 6 of 15"."""
    rig = build(side_plank())
    assert snap(snap_compare, rig, 3 + 30 + 3 + 30 + 10 + 18, size=(80, 24))


def test_paced_reps(snap_compare: Snap) -> None:
    """You should see WORK, BRIDGE, the big rep counter "7 ╱ 15", the step bar at
    0:18 / 0:45 and "Up next: finish"."""
    r = routine("Reps", exercise("Bridge", reps(15, tempo=3.0), cue="Squeeze at the top."))
    rig = build(r)
    assert snap(snap_compare, rig, 3 + 18.5, size=(80, 24))


def test_self_paced_reps(snap_compare: Snap) -> None:
    """You should see WORK, BIRD DOG, "LEFT", the big rep counter "3 ╱ 10" after two
    presses of Enter, and "press Enter after each rep" where the step bar's time would be."""
    r = routine("Self", exercise("Bird dog", reps(10, tempo=None), sides=("left", "right")))
    rig = build(r)
    assert snap(snap_compare, rig, 3 + 7, "enter", "enter", size=(80, 24))


def test_breathing_pacer(snap_compare: Snap) -> None:
    """You should see WORK, CHILD'S POSE, the countdown at 1:30, and the pacer reading
    "Exhale" with its bar two thirds full (2 s into a 6 s exhale, after 4 s in and 2 s
    held); the step line says "0:22 / 1:52 · breath 2 of 8"."""
    r = routine("Breathe", exercise("Child's pose", breaths(8, 4, 2, 6, 2)))
    rig = build(r)
    assert snap(snap_compare, rig, 3 + 14 + 4 + 2 + 2, size=(80, 24))


def test_rest_with_up_next(snap_compare: Snap) -> None:
    """You should see REST on a blue line, REST as the name, the countdown at 0:06,
    no cue, "Up next: Bridge, 15 reps" and "step 13 of 15"."""
    rig = build(side_plank())
    total_plank = 3 + 3 * (30 + 3 + 30) + 2 * 10
    assert snap(snap_compare, rig, total_plank + 4, size=(80, 24))


def test_paused(snap_compare: Snap) -> None:
    """You should see PAUSED on a red line instead of WORK, PLANK, "LEFT", the countdown
    dimmed at 0:08, and the session still at step 2 of 7."""
    rig = build(short_routine())
    assert snap(snap_compare, rig, 5.5, "space", size=(80, 24))


def test_compact_layout(snap_compare: Snap) -> None:
    """At 60x20 you should see the same hold as the big layout, packed: WORK, SIDE PLANK on
    one line, "LEFT · set 2 of 3", the countdown at 0:12, the cue, up next and the
    session line, and the footer, with nothing cut off."""
    rig = build(side_plank())
    assert snap(snap_compare, rig, 3 + 30 + 3 + 30 + 10 + 18, size=(60, 20))


def test_too_small(snap_compare: Snap) -> None:
    """At 50x15 you should see only "Terminal too small: backtimer needs at least 60x20."
    in the middle, and the footer."""
    rig = build(short_routine())
    assert snap(snap_compare, rig, 5, size=(50, 15))


def test_summary(snap_compare: Snap) -> None:
    """You should see SESSION COMPLETE in green, "Short test", "Time spent: 0:28 (planned
    0:45)", "Exercises: 1 done · 1 skipped", "✓ Plank  (done)", "↷ Bridge  (skipped)" and
    "Press Enter to close"."""
    rig = build(short_routine())

    async def run_before(pilot: Pilot[int]) -> None:
        await run_for(pilot, rig.clock, 3 + 10 + 3 + 10 + 2)  # into the rest
        await pilot.press("n", "n", "n")  # skip the rest, the prepare and the bridge
        await pilot.pause()

    assert snap_compare(rig.app, terminal_size=(80, 24), run_before=run_before)


def four_weeks_of_history() -> None:
    """A finished session in week 46, two in week 47 (one rated 7), and one stopped today."""
    with open_store() as store:
        record(store, ladder(), datetime(2026, 11, 9, 7, 30))
        record(store, ladder(), datetime(2026, 11, 16, 7, 30))
        record(store, ladder(), datetime(2026, 11, 18, 7, 45), rating=7)
        record(store, ladder(), datetime(2026, 11, 20, 8, 0), stop_after=2)


def test_history_screen(snap_compare: Snap) -> None:
    """You should see HISTORY in a banner, "This week: 2 of 3 sessions · streak 0 weeks",
    "Recent sessions" with four Plank ladder rows, newest first (20 Nov "stopped at step 3
    of 5", 18 Nov "finished, back 7/10", 16 Nov and 9 Nov "finished"), then "Last 8 weeks
    (target: 3 sessions a week)" in bold with eight weeks 2026-W40 to W47, empty but for
    W46 (█·· 1) and W47 (██· 2) with minute bars, "Streak: 0 weeks with at least 3
    sessions.", and "Best per exercise": Plank hold 0:35, Bridge 12 reps; "esc Back" in the
    footer."""
    four_weeks_of_history()
    history = real_history()
    rig = build(catalog=catalog(), autostart=False, history=history.overview, today=TODAY)
    assert snap_compare(rig.app, terminal_size=(100, 36), press=["ctrl+r"])
    history.close()


def test_start_card_with_targets(snap_compare: Snap) -> None:
    """You should see PLANK LADDER in a banner, "1:22 · 2 exercises", "Main: Plank, Bridge",
    then "Today's targets" in bold with "Plank 40 s (up from 35 s)" and "Bridge 13 reps (up
    from 12 reps)" under it, the description "Holds that grow." and "Press Enter or Space
    to start"."""
    four_weeks_of_history()
    history = real_history()
    rig = build(ladder(), autostart=False, prepare=history.prepare)
    assert snap_compare(rig.app, terminal_size=(80, 24))
    history.close()


def test_picker_with_your_routines_and_a_broken_file(snap_compare: Snap) -> None:
    """You should see the broken file "broken" first, tagged "yours" in the accent colour and
    "invalid: 4:5: exercises[0] (Plank).hodl: unknown k…" in red, cut with an ellipsis at
    the list's edge; then "My plank" tagged "yours" with "0:23 · 1 exercise"; then the
    bundled Office chair, Plank holds and Short test with an empty tag column. "broken" is
    highlighted and the detail below the list reads "This file does not load:", the whole
    /home/you/.../broken.yaml:4:5: problem, and "Fix it and restart (`backtimer validate
    FILE` lists every problem)."."""
    path = Path("/home/you/.local/share/backtimer/routines/broken.yaml")
    problem = f"{path}:4:5: exercises[0] (Plank).hodl: unknown key 'hodl', did you mean 'hold'?"
    mine = routine("My plank", exercise("Plank", hold(20)))
    listed = [Listing("broken", "user", None, problem, path), Listing.of(mine, "user")]
    rig = build(catalog=[*listed, *catalog()], autostart=False)
    assert snap_compare(rig.app, terminal_size=(80, 24))
