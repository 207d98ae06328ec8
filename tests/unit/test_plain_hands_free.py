"""--plain once input has ended (a script, `< /dev/null`, a closed stdin): nobody can
press a key, so a self-paced step moves on and a stall's pause resumes once said."""

from __future__ import annotations

import io

from routine_builders import exercise, reps, routine

from backtimer.engine.clock import STALL_SECONDS, FakeClock
from backtimer.engine.plan import compile_plan
from backtimer.plain.run import play, stdin_wait
from backtimer.plain.session import Wait
from backtimer.run.conductor import Conductor
from backtimer.run.hooks import NullRecorder
from backtimer.sound.player import RecordingPlayer


def ended(clock: FakeClock, stall_at: float | None = None) -> Wait:
    """Input has ended: each wait passes the time asked (a second when none), then says ""."""

    def wait(seconds: float | None) -> str | None:
        if stall_at is not None and clock.t >= stall_at and not clock.slept:
            clock.slept = 1e-9  # once
            clock.advance(30.0)  # stopped in the wait
            return None
        clock.advance(1.0 if seconds is None else seconds)
        return ""

    return wait


def test_a_stall_with_no_input_to_come_resumes_once_said() -> None:
    clock = FakeClock(stall_after=STALL_SECONDS)
    r = routine("Paced", exercise("Bridge", reps(5)))
    c = Conductor(compile_plan(r), clock, RecordingPlayer(clock.now), NullRecorder())
    out = io.StringIO()
    assert play(c, out, ended(clock, stall_at=clock.t + 5.0), live=False, log=None) == 0
    lines = out.getvalue().splitlines()
    at = lines.index("PAUSED: the timer was stopped for 30 seconds (p to resume)")
    assert lines[at + 1] == "resumed (no input to wait for)"
    assert c.live.finished and [o.status for o in c.live.outcomes] == ["done", "done"]
    assert c.live.outcomes[-1].reps == 5, "every rep, none skipped by the stall"


def test_a_closed_stdin_is_input_that_has_ended() -> None:
    wait = stdin_wait(io.StringIO(""))  # no fileno(): like a closed or detached stdin
    assert wait(0.0) == ""
