"""launch(): what `backtimer run` calls: real clock, sounds, the app (or --plain), an exit code."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING

from backtimer.engine.clock import MonotonicClock
from backtimer.engine.plan import Plan
from backtimer.routine.catalog import Listing, listings
from backtimer.routine.model import Routine
from backtimer.run import picker_rows, startup_gc
from backtimer.run.options import RunOptions, keys_from_terminal
from backtimer.run.picker_rows import PickerRows
from backtimer.run.wiring import History, open_cues, open_speech
from backtimer.sound.cuemap import CuePicker
from backtimer.sound.opening import OpeningPlayer

if TYPE_CHECKING:
    from backtimer.run.run_prefetch import Prefetched
    from backtimer.run.spawned import Spawned
    from backtimer.ui.app import BacktimerApp


class NoticeRelay:
    """Messages for the user (a sound backend falling back, a broken routine file), from
    any thread: kept until the app has mounted, then shown as notifications.

    Nothing here ever waits for the app's thread: the sound thread rings the bell
    through it while the app's thread may be waiting for the sound thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[str] = []
        self._live = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = 0
        self.app: BacktimerApp | None = None

    def __call__(self, message: str) -> None:
        with self._lock:
            if not self._live:
                self._pending.append(message)
                return
        self._on_app(lambda app: app.notify(message, severity="warning"))

    def ring(self) -> None:
        """The terminal bell, through the app so it does not draw over the screen."""
        if self._live:
            self._on_app(lambda app: app.bell())

    def attach(self, app: BacktimerApp) -> None:
        self.app = app
        app.take_notices = self._take

    def _take(self) -> list[str]:
        """On the app's thread at mount: what came before; the rest goes straight in."""
        with self._lock:
            self._loop = asyncio.get_running_loop()
            self._thread = threading.get_ident()
            self._live = True
            taken, self._pending = self._pending, []
        return taken

    def _on_app(self, action: Callable[[BacktimerApp], None]) -> None:
        """Run `action` on the app's thread: now if this is it, else queued, unwaited."""
        app, loop = self.app, self._loop
        if app is None or loop is None:
            return
        if threading.get_ident() == self._thread:
            action(app)
            return
        with suppress(RuntimeError):  # the loop has closed: the app is gone
            loop.call_soon_threadsafe(action, app)


NO_TERMINAL = (
    "backtimer: the full-screen timer reads your keys from a terminal, and stdin is not "
    "one.\nRun it in a terminal, or add --plain for one line per step (keys as lines on "
    "stdin), or --start to run a routine hands-free."
)
HANDS_FREE = "backtimer: stdin is not a terminal: running --plain, hands-free, to the end."


def launch(
    options: RunOptions,
    routine: Routine | None = None,
    *,
    fetch: Spawned[Prefetched] | None = None,
    load: Callable[[], tuple[object, Routine] | int] | None = None,
) -> int:
    """Run the session (or the picker); `routine` is options.routine already loaded,
    or `fetch` is a child reading it (run/run_prefetch.py), with `load` to read it
    here instead (the command line's: it reports a broken file, and gives the exit
    code then) when the child could not."""
    if not options.plain and not keys_from_terminal():
        if not (options.autostart and options.routine is not None):
            print(NO_TERMINAL, file=sys.stderr)
            return 2
        print(HANDS_FREE, file=sys.stderr)  # nobody can answer the summary: --plain ends
        options = options._replace(plain=True)
    if options.plain:
        from backtimer.plain.run import run_plain

        if fetch is not None:
            fetch.close()  # --plain reads the file itself

        # `run --start` with stdin not a terminal was held for the full screen: a plain
        # session collects as usual (it used to run its whole length with no collector).
        startup_gc.release()
        return run_plain(options)
    relay = NoticeRelay()
    if routine is None and options.routine is not None and fetch is None:
        from backtimer.routine.loader import RoutineError, load_routine

        try:
            routine = load_routine(options.routine)
        except RoutineError as err:
            print("\n".join(str(p) for p in err.problems), file=sys.stderr)
            return 2
    # The picker's rows are built on the other core while Textual is imported here.
    rows = None if routine or options.routine else picker_rows.start(options.level)
    # With those rows, or the child's plan, the database opens once the first frame is
    # drawn; else now (a long one on its own thread, beside Textual's import).
    history = History(options, relay, defer=rows is not None or fetch is not None)
    speech = open_speech(options.voice, relay)
    log = None
    try:
        # The device opens on its own thread once the first frame is drawn; see OpeningPlayer.
        player = OpeningPlayer(lambda: open_cues(options.sound, relay, relay.ring)[0], relay)
        from backtimer.ui.app import make_app

        if fetch is not None:
            got = fetch.result(CHILD_WAIT)
            if got is not None:
                routine = got.routine
                history.given(got.routine, got.today, got.said)
            elif load is not None:
                loaded = load()
                if isinstance(loaded, int):
                    return loaded
                routine = loaded[1]
        catalog, plan_today = _picker(rows, history, relay) if not routine else ((), history.plan)
        if options.events:
            from backtimer.run.event_log import EventLog

            log = EventLog.open(options.events)
        app = make_app(
            options,
            clock=MonotonicClock(options.speed),
            player=player,
            prepare=history.prepare,
            cue_for=CuePicker(),
            log=log,
            routine=routine,
            catalog=catalog,
            history=history.overview,
            speech=speech,
            plan_today=plan_today,
        )
        app.handle_signals = True
        app.after_first_frame += [player.open, speech.open, history.begin]
        relay.attach(app)
        app.run()
        if app.watchdog is not None:
            app.watchdog.cancel()
    finally:
        for child in (rows, fetch):
            if child is not None:
                child.close()
        startup_gc.release()
        speech.close()
        history.close()
        if log is not None:
            log.close()
    return app.return_code or 0


CHILD_WAIT = 2.0
"""Seconds the app waits for the child building the picker's rows or reading the
routine (it needs some 10-40 ms, and has had Textual's import to do it in) before
doing that itself."""


def _picker(
    rows: Spawned[PickerRows] | None, history: History, notify: Callable[[str], None]
) -> tuple[Sequence[Listing], Callable[[Routine], Plan]]:
    """The picker's routines (a broken file is listed with its first problem) and the
    plan of each for today: from the child when it delivered, else built here."""
    got = rows.result(CHILD_WAIT) if rows is not None else None
    if got is None:
        return listings(), history.plan
    for message in got.said:
        notify(message)
    return got.listings, got.plan_for(history.plan)
