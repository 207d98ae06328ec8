"""KeyLegend: a screen's keys on one line at the bottom, drawn as Textual's Footer draws them.

The session's keys never change while it runs, so one widget draws them all. Footer
composes its keys only once the screen has reported its bindings, after the first
frame, then mounts a widget per key: on the session screen that was 8 of its 34
widgets, and two more frames while the session had just started.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget


class KeyLegend(Widget):
    COMPONENT_CLASSES = {"key-legend--key", "key-legend--description"}
    DEFAULT_CSS = """
    KeyLegend {
        dock: bottom; height: 1; text-wrap: nowrap;
        color: $footer-foreground; background: $footer-background;
    }
    KeyLegend > .key-legend--key {
        color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
    }
    KeyLegend > .key-legend--description {
        color: $footer-description-foreground; background: $footer-item-background;
    }
    """

    compact: reactive[bool] = reactive(False)
    """Keys packed closer (narrow terminals), as Footer's compact style."""
    paused: reactive[bool] = reactive(False)
    """The pause key reads Resume while paused."""

    def __init__(self, bindings: Sequence[Binding]) -> None:
        super().__init__()
        self.bindings = [b for b in bindings if b.show]

    def render(self) -> Content:
        key = self.get_visual_style("key-legend--key")
        text = self.get_visual_style("key-legend--description")
        parts: list[str | tuple[str, Style]] = []
        for binding in self.bindings:
            shown = binding.key_display or self.app.get_key_display(binding)
            what = binding.description
            if self.paused and binding.action == "toggle_pause":
                what = "Resume"
            if self.compact:
                parts += [(shown, key), (f" {what}", text), " "]
            else:
                parts += [(f" {shown} ", key), (f"{what} ", text)]
        return Content.assemble(*parts)
