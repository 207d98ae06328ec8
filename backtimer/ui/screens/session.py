"""SessionScreen: the guided session; the only place in the app that owns a timer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer

from backtimer.present.view import View, describe
from backtimer.run.conductor import Conductor
from backtimer.ui.screens.sized import SizedScreen
from backtimer.ui.widgets.big_number import BigNumber
from backtimer.ui.widgets.breath_pacer import BreathPacer
from backtimer.ui.widgets.heading import BigName, HeadingLine, PhaseLine, detail_text
from backtimer.ui.widgets.key_legend import KeyLegend
from backtimer.ui.widgets.meter_line import MeterLine
from backtimer.ui.widgets.too_small import TooSmall
from backtimer.ui.widgets.up_next import CautionText, CueText, UpNext

if TYPE_CHECKING:
    from backtimer.present.tally import Tally

# The quit dialog and the tally are imported when needed: not before the first frame.


def no_badge(muted: bool) -> str:
    return "MUTED" if muted else ""


BREATH_FRAME = 0.2
"""Real seconds between breath-bar redraws: smooth enough, and 5 Hz, not 20."""
MIN_DELAY = 0.001
"""Real seconds. Textual's one-shot timer never fires for a delay of 0 (its skip branch
divides by the interval) or one shorter than the gap between its own two clock reads;
an instant already passed while redrawing must still wake us, 1 ms late at worst."""
NARROW = 80
"""Below this width the key legend packs its keys closer, so all of them fit in 60 columns."""
PHASES = ("prepare", "work", "switch", "rest", "paused", "done")
PALETTE = (
    ("Pause or resume", "Space: stop the clock, or carry on", "toggle_pause"),
    ("Skip step", "n or right: go to the next step", "skip"),
    ("Back", "b or left: restart this step, or go to the previous one", "back"),
    ("Add 10 seconds", "+: make this step longer", "adjust(10)"),
    ("Remove 10 seconds", "-: make this step shorter", "adjust(-10)"),
    ("Done", "Enter: one rep done, or this step done", "enter"),
    ("Mute or unmute", "m: silence the sounds", "mute"),
    ("Quit session", "q: stop here (asks first; what you did is kept)", "quit_session"),
)


KEYS = (
    Binding("space", "toggle_pause", "Pause"),
    Binding("n,right", "skip", "Skip", key_display="n"),
    Binding("b,left", "back", "Back", key_display="b"),
    Binding("plus,equals_sign", "adjust(10)", "10 s", key_display="+/-"),
    Binding("minus", "adjust(-10)", "-10 s", show=False),
    Binding("enter", "enter", "Done", key_display="⏎"),
    Binding("m", "mute", "Mute"),
    Binding("q", "quit_session", "Quit"),
)


class Parts(NamedTuple):
    """The session screen's widgets that draw a view."""

    phase_line: PhaseLine
    name: BigName
    detail: HeadingLine
    big: BigNumber
    pacer: BreathPacer
    step_meter: MeterLine
    caution: CautionText
    cue: CueText
    up_next: UpNext
    session_meter: MeterLine


class SessionScreen(SizedScreen[None]):
    CSS_PATH = "session.tcss"
    SHOWS_SOUND = True
    """It says lastingly when the cues cannot sound: no toast for a missing device."""
    VERTICAL_BREAKPOINTS = [
        (0, "-too-short"), (20, "-short"), (24, "-tall"), (30, "-big"), (44, "-huge"),
    ]  # fmt: skip
    """-big and -huge give the name more rows; the big number takes whatever is left."""
    BINDINGS: ClassVar[list[BindingType]] = [*KEYS]

    class Ended(Message):
        """The session finished or was stopped: the app shows the summary."""

        def __init__(self, tally: Tally) -> None:
            super().__init__()
            self.tally = tally

    def __init__(self, conductor: Conductor, sound: Callable[[bool], str] = no_badge) -> None:
        super().__init__()
        self.conductor = conductor
        self.sound = sound
        """Muted -> the lasting badge saying the cues cannot sound as configured ('' if they can)."""
        self.wake_at: float | None = None
        """The clock instant the next wake-up is set for (None while paused)."""
        self._timer: Timer | None = None
        self.ended = False
        """True once the session finished or was stopped and Ended was posted."""
        self._styled = False
        """True after on_mount: until then a phase class change needs no restyle of its own."""
        self._resumed = False
        """True after the first ScreenResume."""
        self._phase_line: PhaseLine | None = None
        self._legend: KeyLegend | None = None
        self._parts: Parts | None = None
        """The widgets a view is drawn on, once composed."""

    def compose(self) -> ComposeResult:
        if self.conductor.session is None:
            self.conductor.start()
        # The phase class is here before the widgets mount, so each is styled once, as
        # it mounts: no restyle at on_mount and none at the first ScreenResume (below).
        view = describe(self.conductor.live, self.conductor.now)
        self.update_classes(self._phase_classes(view), update=False)
        # One widget per line or block, each drawing itself: every widget costs styling,
        # layout and a render pass before the first frame.
        # The stage (phase, name, side and set, the big number) wears the phase's colour:
        # a large area that tells get ready, work and rest apart from across the room.
        # Each view is handed to them directly (see _apply), not through data_bind.
        parts = Parts(
            PhaseLine(id="phase-line"),
            BigName(id="name"),
            HeadingLine(detail_text, id="detail"),
            BigNumber(id="big"),
            BreathPacer(),
            MeterLine(id="step-meter"),
            CautionText(),
            CueText(),
            UpNext(),
            MeterLine(id="session-meter"),
        )
        self._phase_line, self._parts = parts.phase_line, parts
        with Vertical(classes="body"):
            with Vertical(id="stage"):
                yield parts.phase_line
                yield parts.name
                yield parts.detail
                yield parts.big
            yield parts.pacer
            yield parts.step_meter
            yield parts.caution
            yield parts.cue
            yield parts.up_next
            yield parts.session_meter
        yield TooSmall()
        self._legend = KeyLegend(KEYS)
        yield self._legend

    def on_mount(self) -> None:
        self.show()
        self._styled = True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles the whole screen on every resume; the first one follows the
        mount, which styled every widget with the classes it has now, so it is skipped
        (a third of the session screen's styling). Textual's own handler runs after."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    @staticmethod
    def _phase_classes(view: View) -> dict[str, bool]:
        return {f"-{phase}": view.heading.phase == phase for phase in PHASES}

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(KeyLegend).compact = event.size.width < NARROW

    def wake(self, target: float | None = None) -> None:
        """Drive the session to now and redraw; the timer calls this at `wake_at`."""
        self._timer = None
        self.conductor.tick(target)
        self.show()

    def show(self) -> None:
        """Redraw from the session's state and set the next wake-up."""
        session = self.conductor.live
        if session.finished or self.conductor.stopped:
            self._disarm()
            if not self.ended:
                self.ended = True
                from backtimer.present.tally import tally

                self.post_message(self.Ended(tally(session, self.conductor.now)))
            return
        stall = self.conductor.take_stall()
        if stall is not None:
            self.notify(f"Paused: {stall.text}. Space to resume.", title="Stalled", timeout=30)
        self._apply(describe(session, self.conductor.now))

    def _apply(self, view: View) -> None:
        parts = self._parts
        if parts is not None:
            # Set on the widgets themselves: each redraws only what changed. Through
            # data_bind, every change of a screen attribute ran its widget's watcher
            # (most of a wake-up under cProfile, 5 times a second with the breath pacer).
            parts.phase_line.heading = parts.name.heading = view.heading
            parts.detail.heading = view.heading
            parts.big.big, parts.pacer.breathing = view.big, view.breathing
            parts.step_meter.meter, parts.session_meter.meter = view.step, view.session
            parts.cue.text = view.cue or view.next_cue
            parts.up_next.text, parts.caution.text = view.up_next, view.caution
        # One restyle per phase change; none on mount (compose set the class).
        self.update_classes(self._phase_classes(view), update=self._styled)
        self._show_status()
        speed = self.conductor.clock.speed
        self._arm(self.conductor.next_wake(BREATH_FRAME * speed if view.breathing else None))

    def _arm(self, at: float | None) -> None:
        self._disarm()
        self.wake_at = at
        if at is not None:
            clock = self.conductor.clock
            delay = max(MIN_DELAY, clock.real(at) - clock.real(clock.now()))
            # A bound method, not a partial: Textual reads a callback's signature on every
            # call, and caches it only on a function (measured: a third of a wake-up).
            self._timer = self.set_timer(delay, self._on_timer, name="session-wake")

    def _on_timer(self) -> None:
        """The timer set for `wake_at` fired."""
        self.wake(self.wake_at)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.wake_at = None

    def system_commands(self) -> Iterator[SystemCommand]:
        for title, help_text, action in PALETTE:
            yield SystemCommand(title, help_text, partial(self.run_action, action))

    def action_toggle_pause(self) -> None:
        self.conductor.toggle_pause()
        self.show()

    def action_skip(self) -> None:
        self.conductor.skip()
        self.show()

    def action_back(self) -> None:
        self.conductor.back()
        self.show()

    def action_adjust(self, seconds: float) -> None:
        self.conductor.adjust(seconds)
        self.show()

    def action_enter(self) -> None:
        self.conductor.enter()
        self.show()

    def action_mute(self) -> None:
        self.conductor.muted = not self.conductor.muted
        self._show_status()

    def _show_status(self) -> None:
        """The phase line's badge (sound, practice) and the legend's Pause or Resume; each
        redraws only when it changed. The sound is checked at every redraw: the device
        opens after the first frame and may fail mid-session."""
        speed = self.conductor.clock.speed
        practice = f"PRACTICE ×{speed:g}" if speed != 1 else ""
        badge = " · ".join(p for p in (self.sound(self.conductor.muted), practice) if p)
        if self._phase_line is not None and self._legend is not None:  # composed
            self._phase_line.status = badge
            self._legend.paused = self.conductor.live.paused

    def action_quit_session(self) -> None:
        was_paused = self.conductor.live.paused
        if not was_paused:
            self.action_toggle_pause()
        from backtimer.ui.screens.confirm_quit import ConfirmQuitDialog

        self.app.push_screen(ConfirmQuitDialog(), partial(self._quit_answered, was_paused))

    def _quit_answered(self, was_paused: bool, quit_now: bool | None) -> None:
        if quit_now:
            self.conductor.stop()
            self.show()
        elif not was_paused:
            self.action_toggle_pause()
