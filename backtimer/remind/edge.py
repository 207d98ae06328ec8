"""The side effects of reminding: breaks read from history, the get-ready cue, and a
break's session run in this terminal (or a new one when there is none)."""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.remind import schedule as sch

if TYPE_CHECKING:
    from backtimer.history import HistoryStore

TERMINALS = (
    ("x-terminal-emulator", "-e"),
    ("gnome-terminal", "--"),
    ("konsole", "-e"),
    ("xterm", "-e"),
)
MAC_TERMINAL = (
    "on run argv",
    'tell application "Terminal" to do script (item 1 of argv)',
    "end run",
)


class HistoryBreaks:
    """The finished sessions of a routine, as breaks, for the schedule: asked on each wake,
    read again only when the database's files changed (another terminal wrote a session)."""

    def __init__(self, store: HistoryStore | None, routine: str) -> None:
        self.store, self.routine = store, routine
        self._stamp: object = None
        self._breaks: tuple[sch.Break, ...] = ()

    def __call__(self) -> tuple[sch.Break, ...]:
        from backtimer.history import HistoryError

        if self.store is None:
            return ()
        stamp = _stamp(self.store.path)
        if stamp == self._stamp:
            return self._breaks
        try:
            sessions = self.store.sessions(self.routine, limit=50)
        except HistoryError:
            return self._breaks
        done = [
            sch.Break(datetime.fromisoformat(s.ended), s.spent)
            for s in sessions
            if s.status == "finished" and s.ended
        ]
        self._stamp, self._breaks = stamp, tuple(sorted(done, key=lambda b: b.ended))
        return self._breaks


def _stamp(db: Path) -> tuple[tuple[int, int], ...]:
    """When and how big the database and its write-ahead log are (0s when missing)."""
    stamps = []
    for path in (db, db.with_name(db.name + "-wal")):
        try:
            st = path.stat()
            stamps.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((0, 0))
    return tuple(stamps)


def get_ready(
    choice: str | None, sleep: Callable[[float], None] = time.sleep
) -> Callable[[], threading.Thread | None]:
    """Play the get-ready cue on its own thread (the device is opened and closed each time,
    so reminding does not hold it for hours)."""
    if choice == "off":
        return lambda: None

    def play() -> None:
        from backtimer.sound.factory import open_player
        from backtimer.sound.soundcheck import cue_seconds

        player = open_player(choice or "auto", notify=lambda message: None)
        try:
            player.play("get_ready")
            sleep(cue_seconds("get_ready") + 0.3)
        finally:
            player.close()

    def start() -> threading.Thread:
        thread = threading.Thread(target=play, name="remind-cue", daemon=True)
        thread.start()
        return thread

    return start


def run_break(path: Path, args: argparse.Namespace, say: Callable[[str], None]) -> None:
    """Start now: the routine's session in this terminal, as `backtimer run` would; a new
    terminal window when this process has none (a login service)."""
    from backtimer.run.options import RunOptions

    if not args.plain and not (sys.stdin.isatty() and sys.stdout.isatty()):
        if not in_new_terminal([sys.executable, "-m", "backtimer", "run", str(path), "--start"]):
            say(f"No terminal to run the break in: run `backtimer run {path}`.")
        return
    options = RunOptions(
        routine=path,
        speed=args.speed,
        plain=args.plain,
        sound=args.sound or "auto",
        voice=args.voice,
        autostart=True,
    )
    from backtimer.launch import launch

    launch(options)


def in_new_terminal(command: list[str]) -> bool:
    """Open a terminal window running `command`; False when none is known here."""
    if sys.platform == "darwin":
        script = [arg for line in MAC_TERMINAL for arg in ("-e", line)]
        done = subprocess.run(["osascript", *script, shlex.join(command)], check=False)
        return done.returncode == 0
    for name, flag in TERMINALS:
        found = shutil.which(name)
        if found:
            subprocess.Popen([found, flag, *command], start_new_session=True)
            return True
    return False
