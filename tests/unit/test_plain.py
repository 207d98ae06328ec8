"""--plain on a fake clock: one line per transition, a countdown line, input, signals."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from routine_builders import exercise, hold, reps, routine, short_routine

from backtimer.engine.clock import FakeClock
from backtimer.engine.event import Event
from backtimer.engine.plan import Step, compile_plan
from backtimer.plain.run import play
from backtimer.plain.session import Wait
from backtimer.routine.model import Routine
from backtimer.run.conductor import Conductor
from backtimer.run.event_log import EventLog
from backtimer.run.hooks import NullRecorder
from backtimer.sound.player import RecordingPlayer


def every_cue(event: Event, step: Step) -> str | None:
    return event.type


def scripted(clock: FakeClock, inputs: list[tuple[float, str]]) -> Wait:
    """Time passes on the fake clock; each input arrives at its instant (seconds in)."""
    start, queue = clock.t, list(inputs)

    def wait(seconds: float | None) -> str | None:
        limit = float("inf") if seconds is None else clock.t + seconds
        if queue and start + queue[0][0] <= limit:
            at, line = queue.pop(0)
            clock.set(max(clock.t, start + at))
            return line
        assert seconds is not None, "waiting for input that never comes"
        clock.advance(seconds)
        return None

    return wait


def run(
    r: Routine,
    inputs: list[tuple[float, str]] = (),
    *,
    live: bool = False,
    log: EventLog | None = None,
) -> tuple[int, str, RecordingPlayer, Conductor]:
    clock, out = FakeClock(), io.StringIO()
    player = RecordingPlayer(clock.now)
    conductor = Conductor(compile_plan(r), clock, player, NullRecorder(), every_cue, log)
    code = play(conductor, out, scripted(clock, list(inputs)), live, log)
    return code, out.getvalue(), player, conductor


def test_one_line_per_transition_and_a_summary() -> None:
    code, text, player, _ = run(short_routine())
    lines = text.splitlines()
    assert code == 0
    assert [line.split()[1] for line in lines[1:-1]] == [
        "GET", "WORK", "SWITCH", "WORK", "REST", "GET", "WORK",
    ]  # fmt: skip
    assert lines[1].endswith("GET READY  Plank · left · 0:03 — Keep a straight line.")
    assert lines[2].endswith("WORK       Plank · left · 0:10"), "the same cue is not repeated"
    assert lines[-1] == "Finished: 0:45 · 2 done · 0 skipped"
    assert player.played.count("step_started") == 7 and player.played[-1] == "session_finished"


def test_countdown_line_is_rewritten_in_place_on_a_terminal() -> None:
    r = routine("One", exercise("Hold", hold(5), settings=exercise("x", hold(1)).settings))
    _, text, _, _ = run(r, live=True)
    first = text.split("\n")[2]  # after GET READY: the countdown of the prepare step
    assert first.startswith("\r0:03\r0:02\r0:01\r    \r")
    assert "\x1b" not in text


def test_self_paced_reps_wait_for_enter() -> None:
    r = routine("Self", exercise("Bird dog", reps(3, tempo=None)))
    code, text, _, conductor = run(r, [(10, ""), (12, ""), (13, "")])
    assert code == 0
    assert "3 reps, press Enter after each" in text
    assert conductor.session is not None and conductor.session.finished
    assert conductor.session.outcomes[-1].reps == 3


def test_keys_pause_skip_and_quit() -> None:
    code, text, _, conductor = run(short_routine(), [(1, "p"), (30, "p"), (31, "n"), (32, "q")])
    assert code == 0
    assert "PAUSED (p to resume)" in text and "resumed" in text
    assert text.splitlines()[-1].startswith("Stopped: 0:03")
    assert conductor.stopped


def test_events_log_has_both_instants_and_cues(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    run(short_routine(), log=EventLog.open(path))
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0] == {
        "type": "step_started", "step": 0, "scheduled": 1000.0, "actual": 1000.0,
        "cue": "step_started", "cue_started": 1000.0,
    }  # fmt: skip
    assert all(line["actual"] >= line["scheduled"] for line in lines)
    assert lines[-1]["type"] == "session_finished"


def test_routine_text_cannot_drive_the_terminal() -> None:
    r = routine("Evil", exercise("Pl\x1b[2Jank\x07", hold(3), cue="\x1b]0;owned\x07cue"))
    _, text, _, _ = run(r, live=True)
    assert "\x1b" not in text and "\x07" not in text
    assert "Pl[2Jank" in text, "what is left is shown as plain text"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    """A real process on a real clock: the signal ends it with a summary and its code."""
    yaml = tmp_path / "r.yaml"
    yaml.write_text("name: Sig\nexercises:\n  - name: Plank\n    hold: 60s\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "backtimer", "run", str(yaml), "--plain", "--sound", "off"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    assert "GET READY" in proc.stdout.readline() + proc.stdout.readline()
    proc.send_signal(sig)
    out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 128 + sig
    assert any(line.startswith("Stopped: 0:0") for line in out.splitlines())
