"""Whole routines through make_app on a fake clock: hands-free, keys, quit, summary."""

from __future__ import annotations

import io
import json
import math

from routine_builders import breaths, exercise, hold, reps, routine, short_routine
from textual.timer import Timer
from textual.widgets import Static
from ui_support import build, run_for, session_screen, wake_through

from backtimer.engine.clock import FakeClock
from backtimer.engine.plan import compile_plan
from backtimer.routine.model import Routine
from backtimer.run.event_log import EventLog
from backtimer.run.hooks import NullRecorder, Prepared
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.confirm_quit import ConfirmQuitDialog
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.screens.summary import SummaryScreen
from backtimer.ui.widgets.big_number import BigNumber
from backtimer.ui.widgets.breath_pacer import BreathPacer
from backtimer.ui.widgets.heading import BigName


def shown(app: BacktimerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def drawn(app: BacktimerApp, selector: str) -> str:
    """The first line a self-drawn widget shows, as plain text."""
    return app.screen.query_one(selector).render_line(0).text


def countdown(app: BacktimerApp) -> str:
    return app.screen.query_one(BigNumber).shown


async def test_runs_hands_free_to_the_summary() -> None:
    rig = build(short_routine())
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await run_for(pilot, rig.clock, 44.9)
        assert isinstance(rig.app.screen, SessionScreen)
        await run_for(pilot, rig.clock, 0.2)
        assert isinstance(rig.app.screen, SummaryScreen)
        assert shown(rig.app, "#title") == "SESSION COMPLETE"
        assert shown(rig.app, "#time") == "Time spent: 0:45 (planned 0:45)"
        assert shown(rig.app, "#counts") == "Exercises: 2 done · 0 skipped"
    played = rig.player.played
    assert played[:4] == ["get_ready", "tick", "tick", "go"]
    assert played.count("go") == 3 and played.count("rep") == 2 and played[-1] == "finish"
    assert rig.recorder.calls[0] == ("start", "Short test")
    assert rig.recorder.calls[-1] == ("finish", "finished")
    assert sum(1 for c in rig.recorder.calls if c[0] == "step") == 7


async def test_countdown_shows_every_second_once_even_across_a_pause() -> None:
    rig = build(routine("Hold", exercise("Plank", hold(30))))
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 3)  # the prepare step
        seen = [countdown(rig.app)]
        for screen in wake_through(rig.app, rig.clock, 12.5):
            seen.append(countdown(rig.app))
            deadline = screen.conductor.live.deadline
            assert deadline is not None
            assert countdown(rig.app) == f"0:{math.ceil(deadline - rig.clock.t - 1e-6):02}"
        await pilot.press("space")
        rig.clock.advance(100)
        await pilot.press("space")
        for _ in wake_through(rig.app, rig.clock, 17.4):
            seen.append(countdown(rig.app))
        distinct = [s for i, s in enumerate(seen) if i == 0 or s != seen[i - 1]]
        assert distinct == [f"0:{n:02}" for n in range(30, 0, -1)]
        assert len(seen) <= 36, "about one wake-up a second, plus the events"


async def test_an_early_wake_up_does_not_show_a_second_twice() -> None:
    rig = build(routine("Hold", exercise("Plank", hold(30))))
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 5)
        screen = session_screen(rig.app)
        assert screen is not None and screen.wake_at is not None
        before, target = countdown(rig.app), screen.wake_at
        rig.clock.set(target - 0.0005)  # timers may fire a little early
        screen.wake(target)
        assert (before, countdown(rig.app)) == ("0:28", "0:27")
        assert screen.wake_at is not None and screen.wake_at > target


async def test_pause_freezes_and_resume_carries_on() -> None:
    rig = build(short_routine())
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 5.5)
        assert countdown(rig.app) == "0:08"
        await pilot.press("space")
        screen = session_screen(rig.app)
        assert screen is not None and screen.has_class("-paused")
        assert drawn(rig.app, "#phase-line").startswith(" PAUSED ") and screen.wake_at is None
        await run_for(pilot, rig.clock, 60)
        assert countdown(rig.app) == "0:08"
        await pilot.press("space")
        assert screen.has_class("-work") and screen.wake_at is not None
        await run_for(pilot, rig.clock, 1)
        assert countdown(rig.app) == "0:07"


async def test_skip_back_and_ten_seconds_more_or_less() -> None:
    rig = build(short_routine())
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 4)
        screen = session_screen(rig.app)
        assert screen is not None and screen.conductor.live.index == 1
        await pilot.press("plus")
        assert countdown(rig.app) == "0:19"
        await pilot.press("minus", "minus")
        assert countdown(rig.app) == "0:03", "shortened to nothing: on to the switch"
        await pilot.press("b")
        assert screen.conductor.live.index == 1 and countdown(rig.app) == "0:10"
        await pilot.press("n")
        assert screen.conductor.live.index == 2
        assert drawn(rig.app, "#phase-line").startswith(" SWITCH ")
        assert screen.conductor.live.outcomes[-1].status == "skipped"
        await pilot.press("b")  # just began: back to the previous step
        assert screen.conductor.live.index == 1 and countdown(rig.app) == "0:10"
        await pilot.press("right", "right", "left")
        assert screen.conductor.live.index == 2


async def test_self_paced_reps_wait_for_enter() -> None:
    rig = build(routine("Self", exercise("Bird dog", reps(3, tempo=None), sides=("left",))))
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 3)
        counter = rig.app.screen.query_one(BigNumber)
        assert counter.shown == "1/3" and counter.big.self_paced
        assert "press Enter after each rep" in drawn(rig.app, "#step-meter")
        await run_for(pilot, rig.clock, 600)
        assert isinstance(rig.app.screen, SessionScreen), "it waits"
        await pilot.press("enter", "enter")
        assert counter.shown == "3/3"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, SummaryScreen)


async def test_paced_reps_count_themselves() -> None:
    rig = build(routine("Paced", exercise("Bridge", reps(5, tempo=2.0))))
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 3 + 4.5)
        assert countdown(rig.app) == "3/5"
        assert rig.player.played.count("rep") == 2


async def test_quit_asks_first_and_keeps_what_was_done() -> None:
    rig = build(short_routine())
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 20)
        await pilot.press("q")
        assert isinstance(rig.app.screen, ConfirmQuitDialog)
        await pilot.press("n")
        screen = session_screen(rig.app)
        assert rig.app.screen is screen and screen is not None
        assert not screen.conductor.live.paused, "keep going resumes"
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(rig.app.screen, SummaryScreen)
        assert shown(rig.app, "#title") == "STOPPED EARLY"
        counts = shown(rig.app, "#counts")
        assert counts == "Exercises: 0 done · 0 skipped · 1 partly done · 1 not reached"
        await pilot.press("enter")
        await pilot.pause()
    assert rig.app.return_code == 0
    assert rig.recorder.calls[-1] == ("finish", "stopped")
    stopped = rig.recorder.calls[-2]
    assert stopped[0] == "step" and stopped[1].status == "stopped" and stopped[1].spent > 0


async def test_ctrl_c_stops_at_once() -> None:
    rig = build(short_routine())
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 5)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert rig.app.return_code == 130
    assert rig.recorder.calls[-1] == ("finish", "stopped")


async def test_mute_silences_the_cues() -> None:
    rig = build(short_routine())
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 1)
        await pilot.press("m")
        assert drawn(rig.app, "#phase-line").endswith("Main   MUTED ")
        count = len(rig.player.played)
        await run_for(pilot, rig.clock, 20)
        assert len(rig.player.played) == count


async def test_the_command_palette_offers_the_session_keys() -> None:
    rig = build(short_routine())
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 1)
        commands = {c.title: c for c in rig.app.get_system_commands(rig.app.screen)}
        assert {"Pause or resume", "Skip step", "Back", "Add 10 seconds", "Quit session"} <= set(
            commands
        )
        await commands["Skip step"].callback()
        screen = session_screen(rig.app)
        assert screen is not None and screen.conductor.live.index == 1


async def test_the_breath_bar_fills_on_inhale_and_empties_on_exhale() -> None:
    rig = build(routine("Breathe", exercise("Child's pose", breaths(4, 4, 2, 6, 2))))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        pacer = rig.app.screen.query_one(BreathPacer)
        seen = []
        for at in (3 + 2, 3 + 5, 3 + 9, 3 + 13):  # mid-inhale, held, exhaling, held empty
            await run_for(pilot, rig.clock, at - (rig.clock.t - 1000))
            assert pacer.breathing is not None
            seen.append((drawn(rig.app, "BreathPacer"), pacer.breathing.fill))
        assert [line.split()[0] for line, _ in seen] == ["Inhale", "Hold", "Exhale", "Hold"]
        assert [round(f, 1) for _, f in seen] == [0.5, 1.0, 0.5, 0.0]
        screen = session_screen(rig.app)
        assert screen is not None and screen.wake_at is not None
        assert screen.wake_at - rig.clock.t <= 0.2 + 1e-9, "the bar moves at 5 Hz"


async def test_events_are_logged_with_scheduled_and_actual_instants() -> None:
    stream = io.StringIO()
    rig = build(short_routine(), log=EventLog(stream))
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 2.5)
        screen = session_screen(rig.app)
        assert screen is not None and screen.wake_at == 1003.0
        rig.clock.set(1003.2)  # the timer fires late: actual is after scheduled
        screen.wake(screen.wake_at)
        await pilot.pause()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(e["type"], e.get("cue")) for e in lines[:5]] == [
        ("step_started", "get_ready"),
        ("tick", "tick"),
        ("tick", "tick"),
        ("step_ended", None),
        ("step_started", "go"),
    ]
    assert lines[3]["scheduled"] == 1003.0 and lines[3]["actual"] == 1003.2


class SlowClock(FakeClock):
    """Every reading is 30 ms later: a busy machine, or a redraw at --speed 10."""

    def now(self) -> float:
        self.t += 0.03
        return self.t


async def test_an_instant_passed_while_redrawing_still_gets_a_timer() -> None:
    """Textual's set_timer never fires for a delay of 0; the screen must never ask for one."""
    rig = build(routine("Reps", exercise("Bridge", reps(20, tempo=0.05))))
    slow = SlowClock()
    rig.app.wiring = rig.app.wiring._replace(clock=slow)
    delays: list[float] = []
    async with rig.app.run_test() as pilot:
        screen = session_screen(rig.app)
        assert screen is not None
        screen.conductor.clock = slow
        real_set_timer = screen.set_timer

        def set_timer(delay: float, callback: object, **kw: object) -> Timer:
            delays.append(delay)
            return real_set_timer(delay, callback, **kw)  # type: ignore[arg-type]

        screen.set_timer = set_timer  # type: ignore[method-assign]
        for _ in range(40):
            assert screen.wake_at is not None
            screen.wake(screen.wake_at)
        await pilot.pause()
    assert delays and min(delays) >= 0.001


async def test_the_history_seam_resumes_and_rates() -> None:
    ratings: list[int | None] = []

    def prepare(r: Routine) -> Prepared:
        return Prepared(
            compile_plan(r),
            NullRecorder(),
            start_index=4,
            notes=("Resuming at step 5 of 7.",),
            summary=lambda: [f"Ratings so far: {ratings}"],
            rate=ratings.append,
        )

    rig = build(short_routine(), autostart=False, prepare=prepare)
    async with rig.app.run_test() as pilot:
        assert shown(rig.app, "#notes") == "Resuming at step 5 of 7."
        await pilot.press("enter")
        screen = session_screen(rig.app)
        assert screen is not None and screen.conductor.live.index == 4
        await run_for(pilot, rig.clock, 20)
        assert isinstance(rig.app.screen, SummaryScreen)
        assert shown(rig.app, "#prompt").startswith("How does your back feel?")
        assert shown(rig.app, "#added") == "Ratings so far: []"
        await pilot.press("7", "3")
        assert ratings == [7], "one key, once"
        assert shown(rig.app, "#added") == "Ratings so far: [7]"
        assert shown(rig.app, "#prompt") == "Rated 7 of 10. Press Enter to close."


async def test_routine_text_is_shown_as_plain_text() -> None:
    """Escape sequences are dropped and markup is shown literally, never interpreted."""
    evil = exercise("[b]Plank[/b]\x1b[2J", hold(10), cue="\x1b]0;title\x07Breathe [red]out[/]")
    rig = build(routine("Evil\x1b[31m", evil))
    async with rig.app.run_test() as pilot:
        await run_for(pilot, rig.clock, 1)
        assert rig.app.screen.query_one(BigName).shown == "[B]PLANK[/B][2J"
        assert shown(rig.app, "CueText") == "]0;titleBreathe [red]out[/]"
        svg = rig.app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg
