"""One `remind` process: the settings from [remind] and the flags, the routine, history,
and the edges (clock, notification, inbox, session, cue), each of which a test can
replace; `backtimer remind` builds it with the real ones."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from backtimer import paths
from backtimer.remind import schedule as sch
from backtimer.remind.edge import HistoryBreaks, get_ready, run_break

if TYPE_CHECKING:
    from backtimer.history import HistoryStore
    from backtimer.remind.loop import Waiter
    from backtimer.remind.notice import Answer, Notice
    from backtimer.remind.service import Reminders

DESK_ROUTINES = ("desk-break", "office-chair")
"""The default routine: the short desk break if there is one, else the office routine."""
OpenNotice = Callable[["Answer", Callable[[str], None]], "Notice"]


class Remind:
    def __init__(
        self,
        args: argparse.Namespace,
        out: TextIO,
        clock: Callable[[], datetime] = datetime.now,
        *,
        notice: OpenNotice | None = None,
        inbox: Waiter | None = None,
        session: Callable[[Path], None] | None = None,
        cue: Callable[[], object] | None = None,
    ) -> None:
        self.args, self.out, self.clock = args, out, clock
        self.open_notice, self.inbox, self.run_session = notice, inbox, session
        self.cue = cue if cue is not None else get_ready(args.sound)
        self.reminders: Reminders | None = None

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def settings(self) -> tuple[sch.Settings, str | None]:
        from backtimer.config import load_config, tell

        config = load_config()  # never raises: what is wrong is a note and its default
        tell(config, self.say)
        remind = config.remind
        a = self.args
        hours = a.hours or remind.hours
        settings = sch.Settings(
            every=a.every or remind.every,
            start=hours[0],
            end=hours[1],
            days=a.days or remind.days,
        )
        return settings, a.routine or remind.routine

    def run(self) -> int:
        from backtimer.engine.plan import compile_plan
        from backtimer.routine import catalog
        from backtimer.routine.loader import RoutineError, load_routine

        settings, ref = self.settings()
        try:
            path = catalog.resolve(ref) if ref else default_routine()
            if not ref and path.stem != DESK_ROUTINES[0]:
                self.say(f"No {DESK_ROUTINES[0]} routine: reminding of {path.stem}.")
            routine = load_routine(path)
        except (RoutineError, OSError) as err:
            problems = getattr(err, "problems", None) or [err]
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1
        from backtimer.remind.service import Desk, Reminders

        desk = Desk(routine.name, compile_plan(routine).total_seconds)
        settings = sch.Settings(
            settings.every, settings.start, settings.end, settings.days, desk.seconds
        )
        store = self.open_history()
        reminders = Reminders(
            settings, desk, self.clock, HistoryBreaks(store, routine.name), self.args.now
        )
        self.reminders = reminders
        try:
            return self.serve(reminders, path)
        finally:
            if store is not None:
                store.close()

    def open_history(self) -> HistoryStore | None:
        from backtimer.run.recorder import open_store

        return open_store(self.say)

    def serve(self, r: Reminders, path: Path) -> int:
        from backtimer.remind.control import ControlServer, ControlUnavailable
        from backtimer.remind.loop import Inbox, remind_loop
        from backtimer.remind.notice import open_notice
        from backtimer.remind.spec import say_days, say_hours, say_span

        s = r.settings
        inbox = self.inbox or Inbox(sys.stdin if _readable(sys.stdin) else None)
        notice = (self.open_notice or open_notice)(inbox.put, self.say)
        self.say(
            f"Desk reminders: {r.desk.name} ({r.desk.minutes}) every "
            f"{say_span(s.every)}, {say_days(s.days)} {say_hours(s.start, s.end)}."
        )
        self.say(f"Reminding through {notice.how}.")

        def changed(text: str) -> None:
            if not r.busy:
                self.say(text)
            inbox.put("changed")

        r.on_change = changed
        try:
            control: ControlServer | None = ControlServer(paths.runtime_dir(), r.command)
        except ControlUnavailable as err:
            self.say(f"No --pause or --status: {err}.")
            control = None
        session = self.run_session or (lambda p: run_break(p, self.args, self.say))
        previous = _on_sigterm(_interrupt)
        try:
            remind_loop(r, notice, inbox, self.out, lambda: session(path), self.cue)
        except KeyboardInterrupt:
            self.say("Reminders stopped.")
        finally:
            _on_sigterm(previous)
            if control is not None:
                control.close()
            notice.close()
            inbox.close()
        return 0


def _readable(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    return not stream.closed


def default_routine() -> Path:
    from backtimer.routine import catalog

    names = {e.name: e.path for e in catalog.entries()}
    for name in DESK_ROUTINES:
        if name in names:
            return names[name]
    raise catalog.NotFound(f"no desk routine found (looked for {', '.join(DESK_ROUTINES)})")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # a login service stopping: end as Ctrl+C does


def _on_sigterm(handler: object) -> object:
    """Set the SIGTERM handler (main thread only; tests run the loop elsewhere too)."""
    if handler is None:
        return None
    try:
        return signal.signal(signal.SIGTERM, handler)  # type: ignore[arg-type]
    except ValueError:
        return None
