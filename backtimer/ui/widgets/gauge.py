"""Gauge: a one-line bar filled to a fraction, redrawn only when a half cell changes."""

from __future__ import annotations

from rich.style import Style
from textual.app import RenderResult
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.widget import Widget


class Gauge(Widget):
    """Like ProgressBar's bar, but without its 1 Hz interval and ETA: the session screen
    is the only thing that wakes up on a timer."""

    COMPONENT_CLASSES = {"gauge--bar", "gauge--track"}
    DEFAULT_CSS = """
    Gauge { height: 1; width: 1fr; }
    Gauge > .gauge--bar { color: $accent; }
    Gauge > .gauge--track { color: $surface-lighten-2; }
    """

    fraction: reactive[float] = reactive(0.0, repaint=False)

    def validate_fraction(self, fraction: float) -> float:
        return min(1.0, max(0.0, fraction))

    def watch_fraction(self, old: float, new: float) -> None:
        cells = self.size.width * 2
        if not cells or round(old * cells) != round(new * cells):
            self.refresh()

    def render(self) -> RenderResult:
        bar = self.get_component_rich_style("gauge--bar")
        track = self.get_component_rich_style("gauge--track")
        return Bar(
            (0, self.size.width * self.fraction),
            highlight_style=Style.from_color(bar.color),
            background_style=Style.from_color(track.color),
        )
