"""BreathPacer: Inhale / Hold / Exhale with a bar that fills and empties with each phase."""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from backtimer.present.view import Breathing
from backtimer.ui.widgets.bar import bar_change, bar_segments, coloured
from backtimer.ui.widgets.restyled import Restyled, Watched

WORD = 9
PHASES = ("inhale", "hold", "exhale")
"""Cells for the phase word before the bar."""


class BreathPacer(Widget):
    """One widget draws the line (the line API). The bar's colour follows the phase
    through component classes, so a new phase costs a redraw, not a restyle. Hidden
    until a step is paced by breaths."""

    COMPONENT_CLASSES = {*(f"breath--{phase}" for phase in PHASES), "breath--track"}
    DEFAULT_CSS = """
    BreathPacer { height: 1; display: none; }
    BreathPacer > .breath--inhale { color: $success; }
    BreathPacer > .breath--hold { color: $accent; }
    BreathPacer > .breath--exhale { color: $primary-lighten-2; }
    BreathPacer > .breath--track { color: $surface-lighten-2; }
    """

    breathing: Watched[Breathing | None] = Watched(None)

    def __init__(self) -> None:
        super().__init__()
        self._styles = Restyled(self._make_styles)
        """The line's styles, once per restyle: a frame was five style walks, 5 times a second."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _make_styles(self) -> PacerStyles:
        base = self.rich_style
        bars = {phase: coloured(self, f"breath--{phase}") for phase in PHASES}
        return PacerStyles(base, base + Style(bold=True), bars, coloured(self, "breath--track"))

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
        width, breathing = self.size.width, self.breathing
        styles = self._styles.get(self)
        if y != 0 or width <= 0 or breathing is None:
            return Strip.blank(width, styles.base)
        word = breathing.phase[:WORD].ljust(WORD)
        segments = [Segment(word, styles.word)]
        bar = styles.bars[breathing.phase.lower()]
        segments += bar_segments(width - WORD, breathing.fill, bar, styles.track)
        return Strip(segments).crop_extend(0, width, styles.base)


class PacerStyles(NamedTuple):
    base: Style
    word: Style
    """The phase word: bold."""
    bars: dict[str, Style]
    """The bar's style in each phase (inhale, hold, exhale)."""
    track: Style
