"""MeterLine: a text and a Gauge on one line, for the step's and the session's progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from backtimer.ui.view import Meter
from backtimer.ui.widgets.gauge import Gauge


class MeterLine(Widget):
    DEFAULT_CSS = """
    MeterLine { layout: horizontal; height: 1; }
    MeterLine > Static { width: auto; padding-right: 2; }
    """

    meter: reactive[Meter] = reactive(Meter("", 0.0), init=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield Static()
        yield Gauge()

    def watch_meter(self, old: Meter, meter: Meter) -> None:
        if old.text != meter.text:
            # Same length, same width: no need to lay the whole screen out again.
            self.query_one(Static).update(
                Content(meter.text), layout=len(old.text) != len(meter.text)
            )
        self.query_one(Gauge).fraction = meter.fraction
