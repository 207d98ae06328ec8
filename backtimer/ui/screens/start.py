"""StartScreen: the start card (name, total time, sections, caution); Enter starts."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from backtimer.engine.plan import Plan
from backtimer.routine.model import Routine
from backtimer.ui.text import clean, clock_text
from backtimer.ui.widgets.too_small import TooSmall


def totals_text(routine: Routine, plan: Plan) -> str:
    count = len(routine.exercises)
    text = f"{clock_text(plan.total_seconds)} · {count} exercise{'s' * (count != 1)}"
    if plan.self_paced_steps:
        text += f" · {plan.self_paced_steps} self-paced (you press Enter)"
    return text


def sections_text(routine: Routine) -> str:
    lines = []
    for section in routine.sections:
        names = ", ".join(clean(e.name) for e in section.exercises)
        lines.append(f"{clean(section.name)}: {names}" if section.name else names)
    return "\n".join(lines)


class StartScreen(Screen[bool]):
    """Dismissed with True to start, False to go back."""

    CSS_PATH = "start.tcss"
    BINDINGS = [
        Binding("enter,space", "answer(True)", "Start", key_display="⏎"),
        Binding("escape", "answer(False)", "Back"),
    ]

    def __init__(self, routine: Routine, plan: Plan, notes: Sequence[str] = ()) -> None:
        super().__init__()
        self.routine, self.plan, self.notes = routine, plan, notes

    def compose(self) -> ComposeResult:
        routine = self.routine
        with VerticalScroll(classes="body"):
            yield Static(Content(clean(routine.name).upper()), id="title")
            yield Static(Content(totals_text(routine, self.plan)), id="totals")
            yield Static(Content(sections_text(routine)), id="sections")
            if routine.description:
                yield Static(Content(clean(routine.description)), id="description")
            if routine.caution:
                yield Static(Content("Caution: " + clean(routine.caution)), id="caution")
            if self.notes:
                yield Static(Content("\n".join(self.notes)), id="notes")
            yield Static("Press Enter or Space to start", id="prompt")
        yield TooSmall()
        yield Footer()

    def action_answer(self, start: bool) -> None:
        self.dismiss(start)
