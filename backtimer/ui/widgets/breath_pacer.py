"""BreathPacer: Inhale / Hold / Exhale with a bar that fills and empties with each phase."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backtimer.present.view import Breathing
from backtimer.ui.widgets.bar import bar_change, bar_segments, coloured

WORD = 9
"""Cells for the phase word before the bar."""


class BreathPacer(Widget):
    """One widget draws the line (the line API). The bar's colour follows the phase
    through component classes, so a new phase costs a redraw, not a restyle."""

    COMPONENT_CLASSES = {"breath--inhale", "breath--hold", "breath--exhale", "breath--track"}
    DEFAULT_CSS = """
    BreathPacer { height: 1; }
    BreathPacer > .breath--inhale { color: $success; }
    BreathPacer > .breath--hold { color: $accent; }
    BreathPacer > .breath--exhale { color: $primary-lighten-2; }
    BreathPacer > .breath--track { color: $surface-lighten-2; }
    """

    breathing: reactive[Breathing | None] = reactive(None, init=False, repaint=False)

    def watch_breathing(self, old: Breathing | None, new: Breathing | None) -> None:
        self.display = new is not None
        if new is None:
            return
        cells = max(0, self.size.width - WORD)
        if old is None or old.phase != new.phase:
            self.refresh()
            return
        # Only the cells around the fill's edge: a frame was the whole line, 5 times a second.
        span = bar_change(cells, old.fill, new.fill)
        if span is not None:
            self.refresh(Region(WORD + span[0], 0, span[1], 1))

    def render_line(self, y: int) -> Strip:
        width, base, breathing = self.size.width, self.rich_style, self.breathing
        if y != 0 or width <= 0 or breathing is None:
            return Strip.blank(width, base)
        word = breathing.phase[:WORD].ljust(WORD)
        segments = [Segment(word, base + Style(bold=True))]
        bar = coloured(self, f"breath--{breathing.phase.lower()}")
        track = coloured(self, "breath--track")
        segments += bar_segments(width - WORD, breathing.fill, bar, track)
        return Strip(segments).crop_extend(0, width, base)
