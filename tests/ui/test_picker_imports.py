"""The picker's first screen is drawn without the session's machinery: the conductor, the
session state machine and the announcer are imported only when a session starts, and the
events log only for --events (start-up time, bench/startup.py). Checked in a fresh process
through sys.modules."""

from __future__ import annotations

import subprocess
import sys

DEFERRED = (
    "backtimer.run.conductor",
    "backtimer.engine.session",
    "backtimer.sound.announcer",
    "backtimer.run.event_log",
)
STATS = "backtimer.history.stats"
"""Only the stats read it (the summary, the history screen, `stats`): not the store's
opening, nor the recorder (its dataclasses cost ~2 ms of every start)."""

CODE = """
import asyncio, sys
from backtimer.engine.clock import FakeClock
from backtimer.routine.catalog import listings
from backtimer.run.options import RunOptions
from backtimer.sound.silent import SilentPlayer
from backtimer.ui.app import make_app

app = make_app(RunOptions(), clock=FakeClock(), player=SilentPlayer(), catalog=listings())

async def main() -> None:
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = len(app.screen.shown)
        early = sorted(m for m in sys.argv[1:] if m in sys.modules)
        await pilot.press("enter", "space")  # the first routine's start card, its session
        await pilot.pause()
        late = sorted(m for m in sys.argv[1:] if m in sys.modules)
        print(type(app.screen).__name__, shown, ",".join(early) or "-", ",".join(late))
        app.exit()

asyncio.run(main())
"""


def test_the_picker_is_drawn_before_the_session_modules_load(tmp_path) -> None:
    env = {"BACKTIMER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", CODE, *DEFERRED, STATS], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    screen, shown, early, late = result.stdout.split()
    assert (screen, early) == ("SessionScreen", "-")
    assert int(shown) > 0  # the bundled routines were listed
    # A session loads them, all but the events log (no --events here).
    assert late.split(",") == sorted(set(DEFERRED) - {"backtimer.run.event_log"})


LAUNCH = """
import os, pty, sys
from backtimer.ui.app import BacktimerApp

watched = sys.argv[1:]

def first_frame(self):  # stands in for App.run: what the process holds by then
    early = sorted(m for m in watched if m in sys.modules)
    print(len(self.catalog), ",".join(early) or "-")

BacktimerApp.run = first_frame
_, tty = pty.openpty()
os.dup2(tty, 0)  # the picker reads its keys from a terminal
from backtimer.cli import main
sys.exit(main([]))
"""
BUILT_ELSEWHERE = (
    "sqlite3",
    "json",
    "hashlib",
    "yaml",
    "backtimer.history",
    "backtimer.routine.loader",
    "backtimer.run.recorder",
)
"""What `backtimer` leaves to the child building the picker's rows (the routine files'
reading and the history), or to after the first frame (opening the history)."""


def test_the_picker_of_backtimer_is_built_without_the_history_or_the_loader(tmp_path) -> None:
    env = {"BACKTIMER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TERM": "xterm"}
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH, *BUILT_ELSEWHERE], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    listed, early = result.stdout.split()
    assert int(listed) >= 6  # the bundled routines, from the child
    assert early == "-"
