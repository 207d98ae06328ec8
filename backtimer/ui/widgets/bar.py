"""The one-line progress bar the session's meter lines and breath pacer draw.

Drawn as Textual's ProgressBar draws its bar, but as segments of the widget's own line
(Textual's line API): no bar widget of its own, no Rich renderable per frame.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.widget import Widget

BAR, HALF_RIGHT, HALF_LEFT = "━", "╸", "╺"


def bar_cells(width: int, fraction: float) -> tuple[str, str]:
    """(filled, track) text of a bar `width` cells wide filled to `fraction`, in half cells,
    drawn as Textual's ProgressBar draws it."""
    if fraction <= 0:
        return "", BAR * width
    full, half = divmod(half_cells(width, fraction), 2)
    filled = BAR * full + HALF_RIGHT * half
    rest = width - full - half
    if rest <= 0:
        return filled, ""
    return filled, (BAR * rest if half else HALF_LEFT + BAR * (rest - 1))


def half_cells(width: int, fraction: float) -> int:
    """How many half cells of a `width` bar are filled: redraw only when this changes."""
    return round(max(0, width) * 2 * min(1.0, max(0.0, fraction)))


def bar_change(width: int, old: float, new: float) -> tuple[int, int] | None:
    """(first cell, cells) of a `width` bar that differ between fractions `old` and
    `new` (the cells at the two fill edges and all between), or None: redraw only those."""
    a, b = sorted((half_cells(width, old), half_cells(width, new)))
    if a == b:
        return None
    first = max(0, a // 2 - 1)
    return first, min(width, b // 2 + 2) - first


def coloured(widget: Widget, component: str) -> Style:
    """The widget's style with the foreground colour of one of its component classes."""
    return widget.rich_style + Style.from_color(widget.get_component_rich_style(component).color)


def bar_segments(width: int, fraction: float, bar: Style, track: Style) -> list[Segment]:
    filled, rest = bar_cells(width, fraction) if width > 0 else ("", "")
    segments = [Segment(filled, bar)] if filled else []
    if rest:
        segments.append(Segment(rest, track))
    return segments
