"""StartScreen: the start card (name, total time, sections, today's targets, caution, notes
such as where a resumed session continues); Enter starts."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from backtimer.engine.plan import Plan, Step
from backtimer.present.text import clean, clock_text, totals_text
from backtimer.routine.model import Routine
from backtimer.run.hooks import Prepared
from backtimer.ui.screens.sized import SizedScreen
from backtimer.ui.widgets.key_legend import KeyLegend
from backtimer.ui.widgets.too_small import TooSmall

SoundCheck = Callable[[], tuple[bool, str]]
SOUND_POLL = 0.25
"""Seconds between looks at a sound device still opening."""
UNITS = {"reps": "reps", "breaths": "breaths"}
"""A range counts these; every other range is in seconds."""


def sections_text(routine: Routine) -> str:
    lines = []
    for section in routine.sections:
        names = ", ".join(clean(e.name) for e in section.exercises)
        lines.append(f"{clean(section.name)}: {names}" if section.name else names)
    return "\n".join(lines)


def target_lines(plan: Plan, raised: Mapping[str, tuple[float, float]]) -> list[str]:
    """Each range whose value today is above its lower bound or stepped up since last time:
    "Plank 25 s (up from 20 s)", "Bridge 12 reps (range 10-15 reps)"; each max hold's best
    so far: "Wall sit: your best 1:05, to beat"."""
    firsts: dict[str, Step] = {}
    for step in plan.steps:
        if step.kind == "work" and step.span is not None and step.work is not None:
            firsts.setdefault(step.target_key, step)
    lines = []
    for key, step in firsts.items():
        assert step.span is not None and step.work is not None
        unit = UNITS.get(step.work.kind, "s")
        value = step.reps if unit != "s" else step.seconds
        if value is None or (value == step.span.low and key not in raised):
            continue
        if key in raised:
            why = f"up from {raised[key][0]:g} {unit}"
        else:
            why = f"range {step.span.low:g}-{step.span.high:g} {unit}"
        lines.append(f"{clean(key)} {value:g} {unit} ({why})")
    for key, (before, now) in raised.items():
        if key not in firsts:  # a range of sets: "Plank (sets) 3 (up from 2)"
            lines.append(f"{clean(key)} {now:g} (up from {before:g})")
    bests: dict[str, float] = {}
    for step in plan.steps:
        if step.open_ended and step.best is not None:
            bests.setdefault(step.target_key, step.best)
    lines += [f"{clean(key)}: your best {clock_text(best)}, to beat" for key, best in bests.items()]
    return lines


class StartScreen(SizedScreen[bool]):
    """Dismissed with True to start, False to go back."""

    CSS_PATH = "start.tcss"
    SHOWS_SOUND = True
    """It says lastingly when the cues cannot sound: no toast for a missing device."""
    BINDINGS = [
        Binding("enter,space", "answer(True)", "Start", key_display="⏎"),
        Binding("escape", "answer(False)", "Back"),
    ]

    def __init__(
        self, routine: Routine, prepared: Prepared, sound: SoundCheck | None = None
    ) -> None:
        super().__init__()
        self.routine, self.prepared = routine, prepared
        self.sound = sound
        """-> (settled, warning): whether the cues can sound as configured, once known."""
        self._poll: Timer | None = None

    def compose(self) -> ComposeResult:
        routine, prepared = self.routine, self.prepared
        with VerticalScroll(classes="body"):
            yield Static(Content(clean(routine.name).upper()), id="title")
            yield Static(Content(totals_text(routine, prepared.plan)), id="totals")
            yield Static(Content(sections_text(routine)), id="sections")
            if targets := target_lines(prepared.plan, prepared.raised):
                lines = Content("\n".join(f"  {line}" for line in targets))
                yield Static(
                    Content.assemble(("Today's targets", "bold"), "\n", lines), id="targets"
                )
            if prepared.held:
                yield Static(Content(clean(prepared.held)), id="held")
            if routine.description:
                yield Static(Content(clean(routine.description)), id="description")
            if routine.caution:
                yield Static(Content("Caution: " + clean(routine.caution)), id="caution")
            if prepared.notes:
                yield Static(Content("\n".join(prepared.notes)), id="notes")
        # Below the scrolling card: the sound warning and how to start are always in view.
        yield Static(id="sound")
        yield Static("Press Enter or Space to start", id="prompt")
        yield TooSmall()
        yield KeyLegend(self.BINDINGS, palette=True)

    def on_mount(self) -> None:
        self.query_one("#sound").display = False
        if self.sound is not None and not self._check_sound():
            # The device opens on its own thread after the first frame: look again shortly.
            self._poll = self.set_interval(SOUND_POLL, self._check_sound)

    def _check_sound(self) -> bool:
        """Show the warning, if any; True once the sound is settled (stop looking)."""
        assert self.sound is not None
        settled, warning = self.sound()
        shown = self.query_one("#sound", Static)
        if warning:
            shown.update(Content(warning))
        shown.display = bool(warning)
        if settled and self._poll is not None:
            self._poll.stop()
        return settled

    def action_answer(self, start: bool) -> None:
        self.dismiss(start)
