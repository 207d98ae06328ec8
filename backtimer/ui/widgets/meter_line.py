"""MeterLine: a text and a bar on one line, for the step's and the session's progress."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backtimer.ui.view import Meter
from backtimer.ui.widgets.bar import bar_segments, coloured, half_cells

GAP = 2
"""Cells between the text and the bar."""


class MeterLine(Widget):
    """One widget draws the line (the line API): redrawn when its text or a half cell of
    its bar changes, never laid out again."""

    COMPONENT_CLASSES = {"meter--bar", "meter--track"}
    DEFAULT_CSS = """
    MeterLine { height: 1; }
    MeterLine > .meter--bar { color: $accent; }
    MeterLine > .meter--track { color: $surface-lighten-2; }
    """

    meter: reactive[Meter] = reactive(Meter("", 0.0), init=False, repaint=False)

    def watch_meter(self, old: Meter, new: Meter) -> None:
        width = self.bar_width(new.text)
        if old.text != new.text or half_cells(width, old.fraction) != half_cells(
            width, new.fraction
        ):
            self.refresh()

    def bar_width(self, text: str) -> int:
        return max(0, self.size.width - cell_len(text) - GAP)

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        text = self.meter.text
        segments = [Segment(text + " " * GAP, base)]
        bar, track = coloured(self, "meter--bar"), coloured(self, "meter--track")
        segments += bar_segments(self.bar_width(text), self.meter.fraction, bar, track)
        return Strip(segments).crop_extend(0, width, base)
