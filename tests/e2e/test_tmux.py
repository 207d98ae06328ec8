"""The installed console script in a real terminal (tmux, 100x30) at --speed 20."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ROUTINE = """\
name: E2E check
defaults: {prepare: 2s, rest: 2s, switch: 1s, tempo: 1s}
exercises:
  - name: Plank
    hold: 4s
    sides: both
  - name: Bridge
    reps: 3
"""
TIMEOUT = 30.0
"""Real seconds: the routine lasts 18 s of session time, under 1 s at --speed 20."""


def console_script() -> str:
    found = shutil.which("backtimer", path=str(Path(sys.executable).parent))
    assert found, "the backtimer console script is not installed next to this Python"
    return found


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def __call__(self, *args: str) -> str:
        cmd = ["tmux", "-L", self.socket, *args]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "e2e")

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)  # polling a real terminal; the assertion is not about time
        raise AssertionError(f"{text!r} never showed; the screen was:\n{self.screen()}")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    # A server of its own per test: one killed at the end of the test before can
    # still be exiting, and a new session on its socket then fails.
    t = Tmux(f"backtimer-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    yield t
    subprocess.run(["tmux", "-L", t.socket, "kill-server"], capture_output=True)


def start(tmux: Tmux, tmp_path: Path, *args: str, wrap: bool = True) -> Path:
    """Run `backtimer run ROUTINE ARGS` in a 100x30 pane; returns the BACKTIMER_HOME used."""
    routine, home = tmp_path / "e2e.yaml", tmp_path / "home"
    routine.write_text(ROUTINE)
    # COLUMNS/LINES from the test runner's environment would override the pane's size.
    run = f"env -u COLUMNS -u LINES BACKTIMER_HOME={home} {console_script()} run {routine}"
    run += "".join(f" {a}" for a in args)
    shell = f"{run}; echo EXIT=$?; sleep 60" if wrap else run
    tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", shell)
    return home


def history(home: Path) -> str:
    return subprocess.run(
        [console_script(), "history", "--json"],
        env={**os.environ, "BACKTIMER_HOME": str(home)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def gone(pid: int) -> bool:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def ends_with_its_terminal(tmux: Tmux) -> bool:
    """Close the pane's terminal (kill the tmux server); True if its program then ends
    (one that does not is killed, so no test leaves it behind)."""
    pid = int(tmux("display", "-p", "-t", "e2e", "#{pane_pid}"))
    tmux("kill-server")
    ended = gone(pid)
    if not ended:
        os.kill(pid, signal.SIGKILL)
    return ended


def test_a_short_routine_runs_to_the_summary(tmux: Tmux, tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    home = start(tmux, tmp_path, "--speed", "20", "--sound", "off", "--events", str(events))
    card = tmux.wait_for("Press Enter or Space to start")
    footer = next(line for line in card.splitlines() if "^p palette" in line)
    assert len(footer.rstrip()) >= 98, "the app fills the 100-column pane"
    assert "E2E CHECK" in card and "0:18 · 2 exercises" in card
    tmux("send-keys", "-t", "e2e", "Enter")
    summary = tmux.wait_for("SESSION COMPLETE")
    assert "Exercises: 2 done · 0 skipped" in summary
    assert "✓ Plank" in summary and "✓ Bridge" in summary

    tmux("send-keys", "-t", "e2e", "Enter")
    after = tmux.wait_for("EXIT=0")
    assert "SESSION COMPLETE" not in after, "the app left the alternate screen"

    lines = [json.loads(line) for line in events.read_text().splitlines()]
    assert lines[0]["type"] == "step_started" and lines[-1]["type"] == "session_finished"
    assert all(e["actual"] >= e["scheduled"] - 0.01 for e in lines)

    assert '"finished"' in history(home)


def test_sigterm_restores_the_terminal_and_keeps_the_history(tmux: Tmux, tmp_path: Path) -> None:
    home = start(tmux, tmp_path, "--sound", "off", "--start")
    tmux.wait_for("PLANK")
    shell = int(tmux("display", "-p", "-t", "e2e", "#{pane_pid}"))
    app = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True)
    os.kill(int(app.stdout.split()[0]), signal.SIGTERM)
    after = tmux.wait_for("EXIT=143")
    assert "PLANK" not in after
    assert '"stopped"' in history(home)


def test_closing_the_terminal_ends_the_app(tmux: Tmux, tmp_path: Path) -> None:
    """With its terminal gone, Textual's shutdown can block writing to it; it must not hang."""
    home = start(tmux, tmp_path, "--sound", "off", "--start", wrap=False)
    tmux.wait_for("PLANK")
    assert ends_with_its_terminal(tmux), "backtimer outlived its terminal"
    assert '"stopped"' in history(home)


def test_ctrl_c_restores_the_terminal(tmux: Tmux, tmp_path: Path) -> None:
    start(tmux, tmp_path, "--sound", "off", "--start")
    tmux.wait_for("PLANK")
    tmux("send-keys", "-t", "e2e", "C-c")
    after = tmux.wait_for("EXIT=130")
    assert "PLANK" not in after and "space Pause" not in after


STUCK_APP = """\
import sys, threading
from backtimer.ui.app import make_app
from backtimer.run.conductor import no_cues
from backtimer.engine.clock import MonotonicClock
from backtimer.run.options import RunOptions
from backtimer.routine.loader import load_routine

class Stuck:
    name = "stuck"
    def play(self, cue):
        if cue == "go":
            open(sys.argv[2], "w").close()
            threading.Event().wait()  # the app's thread never comes back
        return None
    def close(self):
        pass

def cue_for(event, step):
    return "go" if event.type == "step_started" and step.kind == "work" else None

from pathlib import Path
options = RunOptions(routine=Path(sys.argv[1]), autostart=True)
app = make_app(options, clock=MonotonicClock(1.0), player=Stuck(), cue_for=cue_for,
               routine=load_routine(options.routine))
app.handle_signals = True
app.run()
"""


def test_a_hang_up_ends_an_app_whose_event_loop_is_stuck(tmux: Tmux, tmp_path: Path) -> None:
    """The hang-up watchdog starts from the signal itself, not from the event loop: an
    app stuck on its own thread still ends once its terminal is closed."""
    routine, script = tmp_path / "e2e.yaml", tmp_path / "stuck.py"
    routine.write_text(ROUTINE.replace("prepare: 2s", "prepare: 1s"))
    script.write_text(STUCK_APP)
    stuck = tmp_path / "stuck"
    run = f"env -u COLUMNS -u LINES {sys.executable} {script} {routine} {stuck}"
    tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", run)
    tmux.wait_for("PLANK")
    deadline = time.monotonic() + TIMEOUT
    while not stuck.exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # polling for the app to get stuck; not an assertion on time
    assert stuck.exists(), "the app never reached the cue that sticks"
    assert ends_with_its_terminal(tmux), "a stuck app outlived its terminal"
