"""--plain: the same session without the full-screen app. One line per transition, a
one-line countdown (carriage return) on a terminal, the same sounds; no Textual."""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import TextIO

try:
    import termios
except ImportError:  # Windows: no terminal modes to change
    termios = None  # type: ignore[assignment]

from backtimer.engine.clock import MonotonicClock
from backtimer.plain.session import PlainSession, Wait
from backtimer.present.tally import tally
from backtimer.present.text import clean, clock_text
from backtimer.routine.loader import RoutineError, load_routine
from backtimer.run.conductor import Conductor
from backtimer.run.event_log import EventLog
from backtimer.run.options import RunOptions
from backtimer.run.wiring import History, open_cues, open_speech

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Each stops the session like q does (the running step kept) and ends with 128 + it."""


class Stopped(Exception):
    """SIGTERM or SIGHUP arrived: stop like Ctrl+C does."""

    def __init__(self, sig: int = signal.SIGTERM) -> None:
        super().__init__(sig)
        self.sig = sig


def stdin_wait(stream: TextIO | None = None) -> Wait:
    """Waits on the terminal for a line. Once input has ended (a script, `< /dev/null`,
    a closed stdin) it sleeps the time asked and says so with "": no key will come."""
    stream = stream if stream is not None else sys.stdin  # None when fd 0 was closed
    ended = stream is None or _closed(stream)

    def wait(seconds: float | None) -> str | None:
        nonlocal ended
        if not ended and stream is not None:
            try:
                ready, _, _ = select.select([stream], [], [], seconds)
                if not ready:
                    return None
                line = stream.readline()
            except (OSError, ValueError):  # the terminal hung up
                line = ""
            if line:
                return line
            ended = True
        if seconds is not None:
            time.sleep(seconds)
        return ""

    return wait


def _closed(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError):
        return True
    return False


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


def _leave_terminal() -> None:
    """The terminal hung up: what is still to print (the summary) goes nowhere, rather
    than failing on it (EIO) or blocking."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in (1, 2):
            with suppress(OSError):
                if os.isatty(fd):
                    os.dup2(null, fd)
    finally:
        os.close(null)


@contextmanager
def unechoed(keys: TextIO | None) -> Iterator[None]:
    """While the session reads keys from the terminal `keys`, what is typed is not echoed
    (a typed `p` would stick to the countdown, `0:02p`, and Enter would break its line);
    lines are still read whole. The terminal's modes come back on every way out."""
    fd = -1
    with suppress(OSError, ValueError, AttributeError):
        if keys is not None and os.isatty(keys.fileno()):
            fd = keys.fileno()
    if fd < 0 or termios is None:
        yield
        return
    try:
        before = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~(termios.ECHO | termios.ECHONL)
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
    except termios.error:
        yield
        return
    try:
        yield
    finally:
        with suppress(termios.error, OSError):  # a terminal that hung up keeps nothing
            termios.tcsetattr(fd, termios.TCSANOW, before)


def run_plain(options: RunOptions, out: TextIO = sys.stdout) -> int:
    if options.routine is None:
        print("backtimer: --plain needs a ROUTINE (a path or a name)", file=sys.stderr)
        return 2
    try:
        routine = load_routine(options.routine)
    except RoutineError as err:
        print("\n".join(str(p) for p in err.problems), file=sys.stderr)
        return 2
    notify = print_notice
    player, cue_for = open_cues(options.sound, notify)
    speech = open_speech(options.voice, notify)
    history = History(options, notify)
    prepared = history.prepare(routine)
    speech.open()
    speech.prepare(prepared.plan)
    if routine.caution:
        print(f"Caution: {clean(routine.caution)}", file=out)
    for note in prepared.notes:
        print(note, file=out)
    log = EventLog.open(options.events) if options.events else None
    clock = MonotonicClock(options.speed)
    conductor = Conductor(
        prepared.plan,
        clock,
        player,
        prepared.recorder,
        cue_for,
        log,
        prepared.start_index,
        phrases=speech,
    )
    try:
        spoken = speech.choice != "off"
        code = play(conductor, out, stdin_wait(), out.isatty(), log, spoken, keys=sys.stdin)
        for line in prepared.summary() if prepared.summary else ():
            print(line, file=out)
        return code
    finally:
        speech.close()
        history.close()


def print_notice(message: str) -> None:
    print(message, file=sys.stderr)


def play(
    conductor: Conductor,
    out: TextIO,
    wait: Wait,
    live: bool,
    log: EventLog | None,
    spoken: bool = False,
    *,
    keys: TextIO | None = None,
) -> int:
    """Run a plain session to its end; 0 when finished or quit, 130/143 on a signal.
    `spoken`: print each phrase of the voice as a line too (for screen readers).
    `keys`: the terminal keys are typed on, not echoed while the session runs."""
    runner = PlainSession(conductor, out, wait, live, spoken)
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in STOP_SIGNALS}
    code = 0
    try:
        with unechoed(keys):
            runner.run()
    except (KeyboardInterrupt, Stopped) as why:
        code = 128 + why.sig if isinstance(why, Stopped) else 130
        if code == 128 + signal.SIGHUP:
            _leave_terminal()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        conductor.stop()
        conductor.player.close()
        if log is not None:
            log.close()
    if conductor.session is not None:
        t = tally(conductor.session, conductor.now)
        state = "Finished" if t.finished else "Stopped"
        runner.say(f"{state}: {clock_text(t.active_seconds)} · {t.done} done · {t.skipped} skipped")
    return code
