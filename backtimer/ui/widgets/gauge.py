"""Gauge: a one-line bar filled to a fraction, redrawn only when a half cell changes."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

BAR, HALF_RIGHT, HALF_LEFT = "━", "╸", "╺"


def bar_cells(width: int, fraction: float) -> tuple[str, str]:
    """(filled, track) text of a bar `width` cells wide filled to `fraction`, in half cells,
    drawn as Textual's ProgressBar draws it."""
    fraction = min(1.0, max(0.0, fraction))
    halves = round(width * 2 * fraction)
    if fraction == 0:
        return "", BAR * width
    full, half = divmod(halves, 2)
    filled = BAR * full + HALF_RIGHT * half
    rest = width - full - half
    if rest <= 0:
        return filled, ""
    return filled, (BAR * rest if half else HALF_LEFT + BAR * (rest - 1))


class Gauge(Widget):
    """Like ProgressBar's bar, but without its 1 Hz interval and ETA: the session screen
    is the only thing that wakes up on a timer. It draws its line itself (Textual's line
    API) rather than through a Rich renderable: a fifth of the time per frame."""

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

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        bar = base + Style.from_color(self.get_component_rich_style("gauge--bar").color)
        track = base + Style.from_color(self.get_component_rich_style("gauge--track").color)
        filled, rest = bar_cells(width, self.fraction)
        segments = [Segment(filled, bar)] if filled else []
        if rest:
            segments.append(Segment(rest, track))
        return Strip(segments, width)
