"""Snapshots of every screen and state; each docstring says what you should see."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from history_rig import ladder, open_store, real_history, record
from routine_builders import breaths, exercise, hold, reps, routine, short_routine
from textual.pilot import Pilot
from ui_support import Rig, SoundAs, build, catalog, run_for

from backtimer.engine.plan import compile_plan
from backtimer.routine.catalog import Listing
from backtimer.routine.model import Routine
from backtimer.run.hooks import NullRecorder, Prepared

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
    """You should see "Pick a routine · 3 routines", an empty filter field, Office chair, Plank holds and
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
    0:18 / 0:45 and "Last exercise: the session ends after this."."""
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
    """You should see REST on a blue stage, REST as the name, the countdown at 0:06,
    the bridge's cue "Squeeze at the top." to get into position, "Up next: Bridge, 15 reps"
    and "step 13 of 15"."""
    rig = build(side_plank())
    total_plank = 3 + 3 * (30 + 3 + 30) + 2 * 10
    assert snap(snap_compare, rig, total_plank + 4, size=(80, 24))


def test_paused(snap_compare: Snap) -> None:
    """You should see PAUSED on a red stage instead of WORK, PLANK, "LEFT", the countdown
    dimmed at 0:08, the session still at step 2 of 7, and "space Resume" in the keys."""
    rig = build(short_routine())
    assert snap(snap_compare, rig, 5.5, "space", size=(80, 24))


def test_compact_layout(snap_compare: Snap) -> None:
    """At 60x20 you should see the same hold as the big layout, packed: WORK, SIDE PLANK on
    one line, "LEFT · set 2 of 3", the countdown at 0:12 in the 7-row pixel font on the
    green stage, the cue, up next and the session line, and the keys, nothing cut off."""
    rig = build(side_plank())
    assert snap(snap_compare, rig, 3 + 30 + 3 + 30 + 10 + 18, size=(60, 20))


def test_too_small(snap_compare: Snap) -> None:
    """At 50x15 you should see only "Terminal too small: make it at least 60x20." in the
    middle."""
    rig = build(short_routine())
    assert snap(snap_compare, rig, 5, size=(50, 15))


def test_summary(snap_compare: Snap) -> None:
    """You should see SESSION COMPLETE in green, "Short test", "Time spent: 0:28 (planned
    0:45)", "Exercises: 1 done · 1 skipped", "✓ Plank  (done)", "↷ Bridge  (skipped)" and
    "Press Enter to close." on a band above the keys."""
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
    """You should see HISTORY in a banner, "2 sessions this week (target 3: 1 to go) ·
    streak 0 weeks", "Recent sessions" with four Plank ladder rows, newest first (20 Nov "stopped at step 3
    of 5", 18 Nov "finished, back 7/10", 16 Nov and 9 Nov "finished"), then "Last 8 weeks
    (target: 3 sessions a week)" in bold with eight weeks 2026-W40 to W47, empty but for
    W46 (█·· 1) and W47 (██· 2) with minute bars, "Streak: 0 weeks with at least 3
    sessions.", the legend "█ a finished session, · one still to do for the target, ✓ target
    met" under the weeks, and "Best per exercise": Plank hold 0:35, Bridge 12 reps; "esc
    Back" in the footer."""
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


# Every screen at the sizes the issue names: a tmux pane (60x20, 80x24), a laptop
# terminal (100x30), and a terminal across the room (160x48, 220x60).
SIZES = [(60, 20), (80, 24), (100, 30), (160, 48), (220, 60)]
sized = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


def six() -> tuple[Routine, ...]:
    long = (
        "A full back workout at home: a light cardio warm-up, standing exercises for the "
        "lower and upper back, and a cat-cow stretch to finish."
    )
    return (
        *catalog(),
        routine("Back strength", exercise("Row", reps(12)), description=long, caution=long),
        routine("Home stretch", exercise("Cat-cow", breaths(6, 4, 4))),
        routine("Warm-up", exercise("March", hold(60))),
    )


@sized
def test_picker_at(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see "Pick a routine · 6 routines", the filter field, and at least five of
    the six routines (all six from 100x30; a scrollbar where some are below), Office chair
    highlighted with "At your desk." in the detail below the list, and the keys."""
    rig = build(catalog=six(), autostart=False)
    assert snap_compare(rig.app, terminal_size=size)


@sized
def test_start_card_without_sound_at(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see SHORT TEST in a banner, "0:45 · 2 exercises", the sections, the
    caution, and below the card, always in view: a red band "No sound device found: cues
    will use the terminal bell (no voice, no soft cues)." and "Press Enter or Space to
    start"."""
    rig = build(short_routine(), autostart=False, player=SoundAs("bell"))
    assert snap_compare(rig.app, terminal_size=size)


@sized
def test_work_at(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see the green stage: WORK and "Main", SIDE PLANK (in the pixel font from
    100x30), "LEFT · set 2 of 3", and the countdown at 0:12 as large as the size allows (3
    rows of box digits at 80x24, 7 rows and more of pixel digits elsewhere; at least 7 at
    160x48 and 220x60), then the step bar 0:18 / 0:30, the cue "Hips up.", "Up next: Side
    plank, right, set 2 of 3, 0:30", the session line near the bottom and the keys."""
    rig = build(side_plank())
    assert snap(snap_compare, rig, 3 + 30 + 3 + 30 + 10 + 18, size=size)


@sized
def test_rest_at(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see the blue stage: REST, the countdown at 0:06, the bridge's cue
    "Squeeze at the top." and "Up next: Bridge, 15 reps"."""
    rig = build(side_plank())
    total_plank = 3 + 3 * (30 + 3 + 30) + 2 * 10
    assert snap(snap_compare, rig, total_plank + 4, size=size)


@sized
def test_paused_at(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see the red stage: PAUSED, PLANK, "LEFT", the countdown dimmed at 0:08,
    and "space Resume" in the keys."""
    rig = build(short_routine())
    assert snap(snap_compare, rig, 5.5, "space", size=size)


@sized
def test_no_sound_at(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see the plank at work with the badge "NO SOUND DEVICE · BELL ONLY" in
    white on red at the right of the phase line, 50 s into the session (it lasts)."""
    rig = build(side_plank(), player=SoundAs("bell"))
    assert snap(snap_compare, rig, 50, size=size)


@sized
def test_summary_at(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see SESSION COMPLETE, "Short test", the time, the exercises, the lines the
    history adds, and, always in view above the keys without scrolling, "How does your back
    feel? Press 0 (bad) to 9, or t for 10 (good). Enter skips."."""

    def prepare(r: Routine) -> Prepared:
        lines = ["This week: 2 of 3 sessions · streak 1 week", "Next time: Plank 10 s → 12 s"]
        return Prepared(compile_plan(r), NullRecorder(), summary=lambda: lines, rate=print)

    rig = build(short_routine(), prepare=prepare)
    assert snap(snap_compare, rig, 46, size=size)
