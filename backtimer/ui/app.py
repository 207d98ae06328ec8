"""BacktimerApp: wiring and screen routing only; `make_app` is the one way to build it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from backtimer.engine.plan import Plan, compile_plan
from backtimer.routine.catalog import Listing
from backtimer.routine.model import Routine
from backtimer.run import startup_gc
from backtimer.run.hooks import NullRecorder, Prepare, Prepared, ReadHistory, SessionRecorder
from backtimer.run.options import RunOptions
from backtimer.sound.player import NO_DEVICE, CuePlayer

if TYPE_CHECKING:
    from backtimer.run.conductor import Conductor, CueChooser, SessionClock
    from backtimer.run.event_log import EventLog
    from backtimer.sound.voice.speech import Speech
    from backtimer.ui.screens.picker import PickerScreen
    from backtimer.ui.screens.session import SessionScreen
    from backtimer.ui.signals import SignalWatch

# Each screen is imported when it is first shown: `run ROUTINE --start` draws its first
# frame without loading the picker, the start card, the summary or the history screen.
# The conductor too (the session, the announcer, the sound script): the picker is drawn
# without it.

SCREENS = Path(__file__).parent / "screens"
"""Each screen's stylesheet sits beside its module (its CSS_PATH)."""
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
EXIT_GRACE = 3.0
"""Real seconds the terminal may take to be restored before the process ends regardless."""


class Wiring(NamedTuple):
    """Everything with a side effect, handed in from outside (tests hand in fakes)."""

    clock: SessionClock
    player: CuePlayer
    """Owned by the app from here on: closed when the app unmounts."""
    prepare: Prepare
    """Routine -> today's plan, start step and history recorder (the history seam)."""
    cue_for: CueChooser | None = None
    """Which cue each event plays (None: none)."""
    log: EventLog | None = None
    history: ReadHistory | None = None
    """Recent sessions and stats for the history screen (None: history is off)."""
    today: Callable[[], date] = date.today
    """The date the history screen's weeks and streak count from."""
    speech: Speech | None = None
    """The voice (None: tones only); its phrases are rendered when a routine is chosen."""
    plan_today: Callable[[Routine], Plan] = compile_plan
    """A routine's plan today (its targets so far): the picker's totals."""


@runtime_checkable
class Commands(Protocol):
    """A screen with its own entries in the command palette."""

    def system_commands(self) -> Iterator[SystemCommand]: ...


class BacktimerApp(App[int]):
    TITLE = "backtimer"
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (60, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (20, "-short"), (24, "-tall")]
    BINDINGS = [Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True)]

    def __init__(
        self, wiring: Wiring, routine: Routine | None, catalog: Sequence[Listing], autostart: bool
    ) -> None:
        super().__init__()
        self.wiring, self.routine, self.catalog = wiring, routine, catalog
        self.autostart = autostart
        # The first screen's stylesheet is read with the app's own. A screen whose
        # CSS_PATH is new to the app makes Textual parse every stylesheet again and
        # restyle the app when it is pushed: before the first frame, that was 10 ms.
        first = "picker" if routine is None else "session" if autostart else "start"
        self.css_path.append((SCREENS / f"{first}.tcss").resolve())
        self.conductor: Conductor | None = None
        self.prepared: Prepared | None = None
        self.handle_signals = False
        """launch() sets this so SIGTERM/SIGHUP end the app and restore the terminal."""
        self.watchdog: threading.Timer | None = None
        self._watchdog_lock = threading.Lock()
        self.signal_watch: SignalWatch | None = None
        """Started on a hang-up or at unmount; launch() cancels it once run() returns."""
        self.after_first_frame: list[Callable[[], None]] = []
        """Work that can wait until the first screen is drawn (opening the sound device)."""
        self.take_notices: Callable[[], Sequence[str]] = tuple
        """Called once at mount: messages from before the app ran (e.g. a sound backend
        fell back), shown as notifications."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice is shown literally: its text comes from files, the system or an
        exception (`stretch[v2].yaml`, `pip install 'backtimer[simpleaudio]'`), never markup.
        A missing sound device is not a toast over the start card or the session: they
        say so for as long as it lasts (the warning, the badge), without covering the cue."""
        screen = self.screen_stack[-1] if self.screen_stack else None
        if message.startswith(NO_DEVICE) and getattr(screen, "SHOWS_SOUND", False):
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        if self.handle_signals:
            self._catch_signals(asyncio.get_running_loop())
        for notice in self.take_notices():
            self.notify(notice, severity="warning")
        for hook in (startup_gc.release, *self.after_first_frame):
            self.call_after_refresh(hook)
        if self.prepared is not None:  # the session is the first screen
            self._tell(self.prepared.notes)
        elif self.routine is not None:
            self.show_start(self.routine)

    def get_default_screen(self) -> Screen[Any]:
        """The picker (no routine) or the session (a routine and --start) is the first
        screen. Pushed over the default screen, each waited for Textual to compose,
        style and draw a blank one first."""
        if self.routine is None:
            from backtimer.ui.screens.picker import PickerScreen

            return PickerScreen(self.catalog, self.wiring.plan_today)
        if self.autostart:
            return self.session_screen(self.wiring.prepare(self.routine))
        return super().get_default_screen()

    def on_picker_screen_chosen(self, chosen: PickerScreen.Chosen) -> None:
        if chosen.routine is None:
            self.exit(return_code=0)
        else:
            self.show_start(chosen.routine)

    def _catch_signals(self, loop: asyncio.AbstractEventLoop) -> None:
        """Signals are seen on a thread of their own, not on the event loop: a hang-up
        starts the exit watchdog at once even when the loop is stuck, then the loop is
        asked to save the session and end the app."""
        from backtimer.ui.signals import SignalWatch

        def caught(sig: int) -> None:
            if sig == signal.SIGHUP:
                self._guard_exit(128 + sig, hung_up=True)
            with suppress(RuntimeError):  # the loop has closed: the app is ending anyway
                loop.call_soon_threadsafe(self._signalled, sig)

        self.signal_watch = SignalWatch(caught)
        self.signal_watch.start(EXIT_SIGNALS)

    def _signalled(self, sig: int) -> None:
        """SIGTERM, SIGHUP or SIGINT: save the session first, then end the app. With the
        terminal gone, Textual's shutdown can block writing to it before unmount runs,
        so the watchdog starts here."""
        if self.conductor is not None:
            self.conductor.stop()
        # A hang-up means the terminal is gone even when its fd still passes isatty()
        # (seen: a tmux server killed, the process stuck on Textual's full output queue).
        self._guard_exit(128 + sig, hung_up=sig == signal.SIGHUP)
        self.exit(None, 128 + sig)

    def on_unmount(self) -> None:
        if self.signal_watch is not None:
            self.signal_watch.stop()
        if self.conductor is not None:
            self.conductor.stop()
        self.wiring.player.close()
        code = self.return_code if self.return_code is not None else 129
        self._guard_exit(code)

    def _guard_exit(self, code: int, hung_up: bool = False) -> None:
        """In a real terminal that has hung up (a closed window, SIGHUP), end the process
        EXIT_GRACE seconds from now whatever Textual is stuck on; the session is saved."""
        gone = hung_up or not terminal_alive()
        with self._watchdog_lock:  # the signal thread and the app's thread both come here
            if self.handle_signals and self.watchdog is None and gone:
                self.watchdog = threading.Timer(EXIT_GRACE, os._exit, args=(code,))
                self.watchdog.daemon = True
                self.watchdog.start()

    def show_start(self, routine: Routine) -> None:
        prepared = self.wiring.prepare(routine)
        if self.wiring.speech is not None:
            self.wiring.speech.prepare(prepared.plan)
        if self.autostart:
            self.start_session(prepared)
            return

        def answered(start: bool | None) -> None:
            if start:
                self.start_session(prepared)
            elif self.routine is not None:
                self.exit(return_code=0)
            # else: back to the picker, which is still beneath

        from backtimer.ui.screens.start import StartScreen

        self.push_screen(StartScreen(routine, prepared, self.sound_warning), answered)
        self._drop_no_device()

    def _drop_no_device(self) -> None:
        """A missing device's toast, shown over the picker, goes once a screen that says it
        lastingly is up (at 100x30 it covered "Press Enter or Space to start")."""
        for notice in list(self._notifications):
            if notice.message.startswith(NO_DEVICE):
                self._unnotify(notice)

    def start_session(self, prepared: Prepared) -> None:
        self.push_screen(self.session_screen(prepared))
        self._drop_no_device()
        if self.autostart:
            self._tell(prepared.notes)

    def _tell(self, notes: Sequence[str]) -> None:
        for note in notes:
            self.notify(note)

    def session_screen(self, prepared: Prepared) -> SessionScreen:
        from backtimer.run.conductor import Conductor, no_cues

        w, self.prepared = self.wiring, prepared
        if w.speech is not None:
            w.speech.prepare(prepared.plan)
        self.conductor = Conductor(
            prepared.plan,
            w.clock,
            w.player,
            prepared.recorder,
            w.cue_for or no_cues,
            w.log,
            prepared.start_index,
            phrases=w.speech,
        )
        from backtimer.ui.screens.session import SessionScreen

        return SessionScreen(self.conductor, self.sound_badge)

    def sound_warning(self) -> tuple[bool, str]:
        """(settled, warning) for the start card: the warning in words ('' if all is well)."""
        from backtimer.ui.sound_state import settled, sound_state

        w = self.wiring
        return settled(w.player, w.speech), sound_state(w.player, w.speech).warning

    def sound_badge(self, muted: bool) -> str:
        """What the session screen's badge says about the sound ('' when all is well)."""
        from backtimer.ui.sound_state import sound_state

        return sound_state(self.wiring.player, self.wiring.speech, muted).badge

    def on_session_screen_ended(self, ended: SessionScreen.Ended) -> None:
        """The summary goes over the session screen (which may be the first screen, so
        it stays on the stack); closing the summary ends the app."""
        from backtimer.ui.screens.summary import SummaryScreen

        p, from_list = self.prepared, self.routine is None
        rate = p.rate if p else None
        screen = SummaryScreen(ended.tally, p.summary if p else None, rate, from_list)
        self.push_screen(screen, lambda _: self._summary_closed())

    def _summary_closed(self) -> None:
        """Back to the picker when the routine was chosen there; else the app ends."""
        if self.routine is not None:
            self.exit(return_code=0)
            return
        self.conductor, self.prepared = None, None
        self.pop_screen()  # the session; the picker is beneath it

    def action_history(self) -> None:
        from backtimer.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.wiring.history, self.wiring.today()))

    def action_interrupt(self) -> None:
        self.exit(return_code=130)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, Commands):
            yield from screen.system_commands()
        yield from super().get_system_commands(screen)


def terminal_alive() -> bool:
    """False once the terminal Textual draws on (stderr) has hung up."""
    stream = sys.__stderr__
    try:
        return stream is not None and os.isatty(stream.fileno())
    except (OSError, ValueError):
        return False


def make_app(
    options: RunOptions,
    *,
    clock: SessionClock,
    player: CuePlayer,
    recorder: SessionRecorder | None = None,
    prepare: Prepare | None = None,
    cue_for: CueChooser | None = None,
    log: EventLog | None = None,
    routine: Routine | None = None,
    catalog: Sequence[Routine | Listing] = (),
    history: ReadHistory | None = None,
    today: date | None = None,
    speech: Speech | None = None,
    plan_today: Callable[[Routine], Plan] | None = None,
) -> BacktimerApp:
    """The app for `options`; the CLI and the tests both build it here.

    `routine` (or else `options.routine`, loaded here) skips the picker, which lists
    `catalog` (a bare Routine is listed as bundled). `prepare` is the history seam;
    without it every run uses `--level` and reports to `recorder` (or nowhere).
    `history` feeds the history screen, counting weeks from `today` (None: the date
    when the screen opens).
    """
    if routine is None and options.routine is not None:
        from backtimer.routine.loader import load_routine

        routine = load_routine(options.routine)
    if prepare is None or plan_today is None:
        # Only without the history seam (tests, a bare app): launch() hands in both,
        # and the history package (SQLite) is not imported before the first frame.
        from backtimer.history import parse_level

        level = parse_level(options.level or "low")
    if prepare is None:
        sink = recorder or NullRecorder()

        def prepare(r: Routine) -> Prepared:
            return Prepared(compile_plan(r, level), sink)

    day = (lambda: today) if today is not None else date.today
    if plan_today is None:

        def plan_today(r: Routine) -> Plan:
            return compile_plan(r, level)

    wiring = Wiring(clock, player, prepare, cue_for, log, history, day, speech, plan_today)
    listings = [Listing.of(r) if isinstance(r, Routine) else r for r in catalog]
    return BacktimerApp(wiring, routine, listings, options.autostart)
