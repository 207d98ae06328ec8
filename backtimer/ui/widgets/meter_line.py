"""MeterLine: a text and a bar on one line, for the step's and the session's progress."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from backtimer.present.view import Meter
from backtimer.ui.widgets.bar import bar_change, bar_segments, coloured
from backtimer.ui.widgets.restyled import Restyled, Watched

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

    meter: Watched[Meter] = Watched(Meter("", 0.0))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._styles = Restyled(self._make_styles)
        """(text, bar, track) styles, once per restyle: not three style walks a frame."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _make_styles(self) -> tuple[Style, Style, Style]:
        return self.rich_style, coloured(self, "meter--bar"), coloured(self, "meter--track")

    def watch_meter(self, old: Meter, new: Meter) -> None:
        """Redraw only the cells that change: the text, and the bar around its fill edge
        (the whole line when the text's length moves the bar)."""
        if cell_len(old.text) != cell_len(new.text):
            self.refresh()
            return
        changed = []
        if old.text != new.text:
            changed.append(Region(0, 0, cell_len(new.text), 1))
        start = cell_len(new.text) + GAP
        span = bar_change(self.bar_width(new.text), old.fraction, new.fraction)
        if span is not None:
            changed.append(Region(start + span[0], 0, span[1], 1))
        if changed:
            self.refresh(*changed)

    def bar_width(self, text: str) -> int:
        return max(0, self.size.width - cell_len(text) - GAP)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base, bar, track = self._styles.get(self)
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        text = self.meter.text
        segments = [Segment(text + " " * GAP, base)]
        segments += bar_segments(self.bar_width(text), self.meter.fraction, bar, track)
        return Strip(segments).crop_extend(0, width, base)
