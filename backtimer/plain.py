"""--plain: the same session without the full-screen app. One line per transition, a
one-line countdown (carriage return) on a terminal, the same sounds; no Textual."""

from __future__ import annotations

import select
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import TextIO

from backtimer.conductor import Conductor
from backtimer.engine.clock import MonotonicClock
from backtimer.engine.event import Event
from backtimer.event_log import EventLog
from backtimer.options import RunOptions
from backtimer.routine.loader import RoutineError, load_routine
from backtimer.ui.tally import tally
from backtimer.ui.view import clock_text, describe, heading
from backtimer.wiring import History, open_cues

Wait = Callable[[float | None], str | None]
"""Wait up to N real seconds (None: until input) for a typed line; None when time is up."""
KEYS = "Enter: rep or step done · p pause · n skip · b back · + / - 10 s · m mute · q quit"


class Stopped(Exception):
    """SIGTERM arrived: stop like Ctrl+C does."""


class PlainSession:
    def __init__(self, conductor: Conductor, out: TextIO, wait: Wait, live: bool) -> None:
        self.conductor, self.out, self.wait, self.live = conductor, out, wait, live
        self._shown = ""
        self._cue = ""

    def run(self) -> None:
        c = self.conductor
        self.say(f"{c.plan.name} · {clock_text(c.plan.total_seconds)} · {KEYS}")
        self._report(c.start())
        while not (c.live.finished or c.stopped):
            at = c.next_wake()
            self._countdown()
            clock = c.clock
            seconds = None if at is None else max(0.0, clock.real(at) - clock.real(clock.now()))
            line = self.wait(seconds)
            self._report(c.tick(at) if line is None else self._command(line.strip()))

    def _command(self, line: str) -> list[Event]:
        c = self.conductor
        actions: dict[str, Callable[[], list[Event]]] = {
            "": c.enter,
            "p": c.toggle_pause,
            "n": c.skip,
            "b": c.back,
            "+": lambda: c.adjust(10),
            "-": lambda: c.adjust(-10),
        }
        if line == "q":
            c.stop()
        elif line == "m":
            c.muted = not c.muted
            self.say("muted" if c.muted else "sound on")
        elif line in actions:
            events = actions[line]()
            if line == "p":
                self.say("PAUSED (p to resume)" if c.live.paused else "resumed")
            return events
        return []

    def _report(self, events: list[Event]) -> None:
        session = self.conductor.live
        for event in events:
            if event.type == "step_started" and not session.finished:
                self.say(self._transition())

    def _transition(self) -> str:
        c = self.conductor
        session, step = c.live, c.live.step
        h = heading(session)
        parts = [h.name, h.side.lower(), h.set_text]
        if step.kind == "work" and step.work is not None and step.work.kind == "reps":
            parts.append(f"{step.reps} reps" + (", press Enter after each" * step.self_paced))
        elif session.duration is not None:
            parts.append(clock_text(session.duration))
        line = f"{clock_text(session.active_seconds(c.now))}  {h.word:<9}  "
        line += " · ".join(p for p in parts if p)
        cue = describe(session, c.now).cue
        if cue and cue != self._cue:
            line += f" — {cue}"
        self._cue = cue or self._cue
        return line

    def _countdown(self) -> None:
        if not self.live:
            return
        view = describe(self.conductor.live, self.conductor.now)
        big = view.big
        text = big.countdown or (f"rep {big.reps[0]} / {big.reps[1]}" if big.reps else "")
        if view.breathing is not None:
            text += f"  {view.breathing.phase}"
        if text != self._shown:
            self.out.write("\r" + text.ljust(len(self._shown)))
            self.out.flush()
            self._shown = text

    def say(self, line: str) -> None:
        if self._shown:
            self.out.write("\r" + " " * len(self._shown) + "\r")
            self._shown = ""
        self.out.write(line + "\n")
        self.out.flush()


def stdin_wait(stream: TextIO = sys.stdin) -> Wait:
    """Waits on the terminal; once input ends (scripts), self-paced steps just move on."""
    ended = False

    def wait(seconds: float | None) -> str | None:
        nonlocal ended
        if not ended:
            ready, _, _ = select.select([stream], [], [], seconds)
            if not ready:
                return None
            line = stream.readline()
            if line:
                return line
            ended = True
        if seconds is None:
            return ""
        time.sleep(seconds)
        return None

    return wait


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped


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
    history = History(options, notify)
    prepared = history.prepare(routine)
    for note in prepared.notes:
        print(note, file=out)
    log = EventLog.open(options.events) if options.events else None
    clock = MonotonicClock(options.speed)
    conductor = Conductor(
        prepared.plan, clock, player, prepared.recorder, cue_for, log, prepared.start_index
    )
    try:
        code = play(conductor, out, stdin_wait(), out.isatty(), log)
        for line in prepared.summary() if prepared.summary else ():
            print(line, file=out)
        return code
    finally:
        history.close()


def print_notice(message: str) -> None:
    print(message, file=sys.stderr)


def play(conductor: Conductor, out: TextIO, wait: Wait, live: bool, log: EventLog | None) -> int:
    """Run a plain session to its end; 0 when finished or quit, 130/143 on a signal."""
    runner = PlainSession(conductor, out, wait, live)
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    code = 0
    try:
        runner.run()
    except (KeyboardInterrupt, Stopped) as why:
        code = 143 if isinstance(why, Stopped) else 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        conductor.stop()
        conductor.player.close()
        if log is not None:
            log.close()
    if conductor.session is not None:
        t = tally(conductor.session, conductor.now)
        state = "Finished" if t.finished else "Stopped"
        runner.say(f"{state}: {clock_text(t.active_seconds)} · {t.done} done · {t.skipped} skipped")
    return code
