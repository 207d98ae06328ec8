"""launch(): what `backtimer run` calls: real clock, sounds, the app (or --plain), an exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from backtimer import startup_gc
from backtimer.app import BacktimerApp, make_app
from backtimer.engine.clock import MonotonicClock
from backtimer.event_log import EventLog
from backtimer.options import RunOptions
from backtimer.routine.catalog import Listing, listings
from backtimer.routine.loader import RoutineError, load_routine
from backtimer.routine.model import Routine
from backtimer.wiring import History, open_cues


class NoticeRelay:
    """Messages for the user (a sound backend falling back, a broken routine file):
    kept until the app runs, then shown as notifications, from any thread."""

    def __init__(self) -> None:
        self.pending: list[str] = []
        self.app: BacktimerApp | None = None

    def __call__(self, message: str) -> None:
        if self.app is None:
            self.pending.append(message)
            return
        try:
            self.app.call_from_thread(self.app.notify, message, severity="warning")
        except RuntimeError:  # already on the app's own thread
            self.app.notify(message, severity="warning")

    def ring(self) -> None:
        """The terminal bell, through the app so it does not draw over the screen."""
        if self.app is not None:
            self.app.bell()

    def attach(self, app: BacktimerApp) -> None:
        app.notices.extend(self.pending)
        self.pending.clear()
        self.app = app


def launch(options: RunOptions, routine: Routine | None = None) -> int:
    """Run the session (or the picker); `routine` is options.routine already loaded."""
    if options.plain:
        from backtimer.plain import run_plain

        return run_plain(options)
    relay = NoticeRelay()
    try:
        if routine is None and options.routine is not None:
            routine = load_routine(options.routine)
    except RoutineError as err:
        print("\n".join(str(p) for p in err.problems), file=sys.stderr)
        return 2
    # A broken routine file is listed by the picker with its first problem.
    catalog: Sequence[Listing] = () if routine else listings()
    player, cue_for = open_cues(options.sound, relay, relay.ring)
    history = History(options, relay)
    log = EventLog.open(options.events) if options.events else None
    try:
        app = make_app(
            options,
            clock=MonotonicClock(options.speed),
            player=player,
            prepare=history.prepare,
            cue_for=cue_for,
            log=log,
            routine=routine,
            catalog=catalog,
            history=history.overview,
        )
        app.handle_signals = True
        relay.attach(app)
        app.run()
        if app.watchdog is not None:
            app.watchdog.cancel()
    finally:
        startup_gc.release()
        history.close()
        if log is not None:
            log.close()
    return app.return_code or 0
