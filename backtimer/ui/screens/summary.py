"""SummaryScreen: what the session amounted to, what the history adds, and an optional
"How does your back feel?" (one key), always in view above the keys; Enter or q closes it
(back to the picker when the routine was chosen there, else the app ends)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from backtimer.present.tally import Tally
from backtimer.present.text import clean, clock_text
from backtimer.ui.screens.sized import SizedScreen
from backtimer.ui.widgets.key_legend import KeyLegend
from backtimer.ui.widgets.too_small import TooSmall

MARKS = {"done": "✓", "skipped": "↷", "partly skipped": "◐", "partly done": "◑", "not reached": "·"}
ASK = "How does your back feel? Press 0 (bad) to 9, or t for 10 (good). Enter skips."
CLOSE = {True: "Press Enter to go back to the routines.", False: "Press Enter to close."}
RATINGS = {str(n): n for n in range(10)} | {"t": 10}


def counts_text(t: Tally) -> str:
    parts = [f"{t.done} done", f"{t.skipped} skipped"]
    for status in ("partly done", "not reached"):
        if n := t.count(status):
            parts.append(f"{n} {status}")
    return "Exercises: " + " · ".join(parts)


class SummaryScreen(SizedScreen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [Binding("enter,q,escape", "close", "Close", key_display="⏎")]

    def __init__(
        self,
        result: Tally,
        added: Callable[[], Sequence[str]] | None = None,
        rate: Callable[[int | None], None] | None = None,
        back_to_list: bool = False,
    ) -> None:
        super().__init__()
        self.result, self.added = result, added
        self.rate = rate
        """Finished or stopped early, a session is rated; None once answered."""
        self.close_text = CLOSE[back_to_list]

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
            yield Static(id="added")
        # Outside the scrolling body: the question is in view at 60x20 without scrolling.
        yield Static(ASK if self.rate else self.close_text, id="prompt")
        yield TooSmall()
        yield KeyLegend(self.BINDINGS, palette=True)

    def on_mount(self) -> None:
        self._show_added()

    def _show_added(self) -> None:
        lines = self.added() if self.added is not None else ()
        added = self.query_one("#added", Static)
        added.update(Content("\n".join(clean(line) for line in lines)))
        added.display = bool(lines)

    def on_key(self, event: events.Key) -> None:
        if self.rate is None or event.character not in RATINGS:
            return
        event.stop()
        rating = RATINGS[event.character]
        self.rate(rating)
        self.rate = None
        self._show_added()
        self.query_one("#prompt", Static).update(f"Rated {rating} of 10. {self.close_text}")

    def action_close(self) -> None:
        self.dismiss(None)
