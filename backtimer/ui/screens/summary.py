"""SummaryScreen: what the session amounted to; Enter or q closes the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from backtimer.ui.tally import Tally
from backtimer.ui.view import clock_text
from backtimer.ui.widgets.too_small import TooSmall

MARKS = {"done": "✓", "skipped": "↷", "partly skipped": "◐", "partly done": "◑", "not reached": "·"}


def counts_text(t: Tally) -> str:
    parts = [f"{t.done} done", f"{t.skipped} skipped"]
    for status in ("partly done", "not reached"):
        if n := t.count(status):
            parts.append(f"{n} {status}")
    return "Exercises: " + " · ".join(parts)


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("enter,q,escape", "close", "Close", key_display="⏎"),
    ]

    def __init__(self, result: Tally) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        t = self.result
        title = "SESSION COMPLETE" if t.finished else "STOPPED EARLY"
        with VerticalScroll(classes="body"):
            yield Static(title, id="title", classes="-finished" if t.finished else "-stopped")
            yield Static(Content(t.routine), id="routine")
            spent = f"Time spent: {clock_text(t.active_seconds)}"
            yield Static(f"{spent} (planned {clock_text(t.planned_seconds)})", id="time")
            yield Static(counts_text(t), id="counts")
            lines = [f"{MARKS[e.status]} {e.name}  ({e.status})" for e in t.exercises]
            yield Static(Content("\n".join(lines)), id="exercises")
            yield Static("Press Enter to close", id="prompt")
        yield TooSmall()
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
