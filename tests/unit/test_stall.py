"""A stall (SIGSTOP, Ctrl+Z, a frozen or suspended machine) on a fake clock: the session
pauses where it stopped and says so; nothing the stall skipped is done or sounded."""

from __future__ import annotations

import io
import json
from array import array

import pytest
from routine_builders import exercise, hold, routine, short_routine

from backtimer.engine.clock import STALL_SECONDS, FakeClock, MonotonicClock
from backtimer.engine.event import Outcome
from backtimer.engine.plan import Plan, compile_plan
from backtimer.run.conductor import Conductor, seconds_text
from backtimer.run.event_log import EventLog
from backtimer.sound.cuemap import CuePicker
from backtimer.sound.player import RecordingScheduler
from backtimer.sound.script import VoiceStyle

T0 = 1000.0


class Recorder:
    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []
        self.finished: list[str] = []

    def on_start(self, plan: Plan) -> None:
        pass

    def on_step_ended(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def on_finish(self, status: str) -> None:
        self.finished.append(status)


class Said:
    """Phrases without a voice: remembers what it was asked to render."""

    ready = True
    style = VoiceStyle()

    def __init__(self) -> None:
        self.texts: list[str] = []

    def render(self, text: str) -> array[int]:
        self.texts.append(text)
        return array("h", [1]) * 4410


class Rig:
    def __init__(self, speed: float = 1.0, stall_after: float | None = STALL_SECONDS) -> None:
        self.clock = FakeClock(T0, stall_after=stall_after)
        self.clock.speed = speed
        self.player = RecordingScheduler(self.clock.now)
        self.recorder = Recorder()
        self.phrases = Said()
        self.log_text = io.StringIO()
        self.conductor = Conductor(
            compile_plan(short_routine()),
            self.clock,
            self.player,
            self.recorder,
            CuePicker(),
            EventLog(self.log_text),
            phrases=self.phrases,
        )
        self.conductor.start()

    def run_until(self, until: float) -> None:
        """Wake the conductor at every instant it asks for, as the screen does."""
        c = self.conductor
        while (at := c.next_wake()) is not None and at <= until:
            self.clock.set(at)
            c.tick(at)

    def log(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.log_text.getvalue().splitlines()]


def test_a_stopped_process_pauses_where_it_stopped_and_skips_nothing() -> None:
    """Prepare 3 s, plank left 10 s, switch 3 s, ...: stopped at 5.0 for 30 s."""
    r = Rig()
    c = r.conductor
    r.run_until(T0 + 5.0)
    left = c.live.remaining(c.now)
    queued = len(r.player.queued)
    r.clock.advance(30.0)  # SIGSTOP ... SIGCONT: no wake-up in between
    events = c.tick()
    assert events == [], "nothing the stall skipped happens"
    assert c.live.paused and c.live.paused_at == T0 + 5.0
    assert c.live.index == 1 and c.live.remaining(c.now) == left
    assert [o.step for o in r.recorder.outcomes] == [0], "only the step done before it"
    cancels = r.player.cancels
    assert cancels >= 1, "what was queued ahead is dropped"
    assert r.player.queued[queued:] == [("voice", T0 + 35.0)], "only the stall is said"
    stall = c.take_stall()
    assert stall is not None and stall.at == T0 + 5.0 and stall.seconds == 30.0
    assert not stall.asleep and stall.text == "the timer was stopped for 30 seconds"
    assert c.take_stall() is None, "said once"
    assert "Paused. The timer was stopped for thirty seconds." in c.announcer.spoken
    assert [line for line in r.log() if line["type"] == "stalled"] == [{
        "type": "stalled", "scheduled": T0 + 5.0, "actual": T0 + 35.0, "seconds": 30.0,
        "asleep": False,
    }]  # fmt: skip
    assert c.next_wake() is None, "paused: no wake-ups until resumed"


def test_after_a_stall_the_session_resumes_where_it_stopped() -> None:
    r = Rig()
    c = r.conductor
    r.run_until(T0 + 5.0)
    r.clock.advance(30.0)
    c.tick()
    r.clock.advance(4.0)  # the user reads the message, then resumes
    c.toggle_pause()
    assert not c.live.paused
    r.run_until(T0 + 200.0)
    assert c.live.finished
    assert [o.status for o in r.recorder.outcomes] == ["done"] * 7
    assert r.recorder.outcomes[1].spent == pytest.approx(10.0), "the plank lasted 10 s, not 0"
    assert c.live.active_seconds(c.now) == pytest.approx(45.0)


def test_a_suspended_machine_pauses_and_says_it_slept() -> None:
    """CLOCK_MONOTONIC does not count a suspend; the clock's asleep() (CLOCK_BOOTTIME) does."""
    r = Rig()
    c = r.conductor
    r.run_until(T0 + 4.0)
    r.clock.suspend(300.0)
    r.clock.advance(0.5)
    c.tick()
    stall = c.take_stall()
    assert stall is not None and stall.asleep and stall.at == T0 + 4.0
    assert stall.text == "the computer was asleep for 5 minutes"
    assert c.live.paused
    assert "Paused. The computer was asleep for five minutes." in c.announcer.spoken


def test_a_key_typed_during_the_stall_does_not_act_on_the_stalled_session() -> None:
    r = Rig()
    c = r.conductor
    r.run_until(T0 + 5.0)
    r.clock.advance(30.0)
    c.skip()
    assert c.live.index == 1 and c.live.paused, "the stall paused it; the skip waits"
    assert c.take_stall() is not None


def test_quitting_right_after_a_stall_keeps_the_time_before_it() -> None:
    r = Rig()
    c = r.conductor
    r.run_until(T0 + 8.0)
    r.clock.advance(30.0)
    c.stop()
    stopped = r.recorder.outcomes[-1]
    assert stopped.status == "stopped" and stopped.spent == pytest.approx(5.0)
    assert r.recorder.finished == ["stopped"]


def test_waking_on_time_is_never_a_stall() -> None:
    """A whole session driven as the screen drives it, with a long pause in the middle."""
    r = Rig()
    c = r.conductor
    r.run_until(T0 + 6.0)
    c.toggle_pause()
    r.clock.advance(600.0)  # paused for ten minutes: not a stall
    c.toggle_pause()
    r.run_until(T0 + 1000.0)
    assert c.live.finished and c.take_stall() is None
    assert [o.status for o in r.recorder.outcomes] == ["done"] * 7


@pytest.mark.parametrize("gap", [1.0, 1.9, STALL_SECONDS])
def test_a_wake_up_up_to_two_seconds_late_is_not_a_stall(gap: float) -> None:
    r = Rig()
    c = r.conductor
    r.run_until(T0 + 5.0)
    r.clock.advance(gap)
    c.tick()
    assert not c.live.paused and c.take_stall() is None


def test_a_slow_clock_wakes_less_often_and_is_not_stalled_by_that() -> None:
    """At --speed 0.25 a clock second is 4 real seconds between wake-ups."""
    r = Rig(speed=0.25)
    r.run_until(T0 + 20.0)
    assert not r.conductor.live.paused and r.conductor.take_stall() is None


def test_a_clock_without_stall_detection_runs_through_a_jump() -> None:
    r = Rig(stall_after=None)
    r.clock.advance(100.0)
    r.conductor.tick()
    assert r.conductor.live.finished


def test_the_real_clock_detects_stalls_and_reads_no_sleep_when_awake() -> None:
    clock = MonotonicClock()
    assert clock.stall_after == STALL_SECONDS
    assert 0.0 <= clock.asleep() < 0.5


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "30 seconds"), (61, "1 minute 1 second"), (3725, "1 hour 2 minutes"), (0.2, "0 seconds")],
)
def test_stall_lengths_in_words(seconds: float, text: str) -> None:
    assert seconds_text(seconds) == text


def test_one_routine_one_stall_in_plain_output() -> None:
    """--plain on the fake clock: the stall is one line, the steps are not rushed."""
    from test_plain import every_cue

    from backtimer.plain.run import play
    from backtimer.run.hooks import NullRecorder

    clock = FakeClock(T0, stall_after=STALL_SECONDS)
    r = routine("One", exercise("Hold", hold(20)))
    conductor = Conductor(
        compile_plan(r), clock, RecordingScheduler(clock.now), NullRecorder(), every_cue
    )
    stalled = [False]

    def wait(seconds: float | None) -> str | None:
        if clock.t >= T0 + 8.0 and not stalled[0]:
            stalled[0] = True
            clock.advance(30.0)  # the process is stopped in its wait
            return None
        if conductor.live.paused:
            clock.advance(3.0)
            return "p"
        assert seconds is not None
        clock.advance(seconds)
        return None

    out = io.StringIO()
    assert play(conductor, out, wait, live=False, log=None) == 0
    lines = out.getvalue().splitlines()
    assert "PAUSED: the timer was stopped for 30 seconds (p to resume)" in lines
    assert lines[-1] == "Finished: 0:23 · 1 done · 0 skipped"
