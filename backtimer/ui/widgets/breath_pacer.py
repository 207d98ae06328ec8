"""BreathPacer: Inhale / Hold / Exhale with a bar that fills and empties with each phase."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from backtimer.ui.view import Breathing
from backtimer.ui.widgets.gauge import Gauge


class BreathPacer(Widget):
    DEFAULT_CSS = """
    BreathPacer { layout: horizontal; height: 1; }
    BreathPacer > Static { width: 9; text-style: bold; }
    """

    breathing: reactive[Breathing | None] = reactive(None, init=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield Static(id="breath-phase")
        yield Gauge()

    def watch_breathing(self, old: Breathing | None, breathing: Breathing | None) -> None:
        self.display = breathing is not None
        if breathing is None:
            return
        if old is None or old.phase != breathing.phase:
            self.query_one(Static).update(Content(breathing.phase), layout=False)
            self.set_class(breathing.phase == "Inhale", "-inhale")
            self.set_class(breathing.phase == "Exhale", "-exhale")
        self.query_one(Gauge).fraction = breathing.fill
