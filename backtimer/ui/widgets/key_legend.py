"""KeyLegend: a screen's keys on one line at the bottom, drawn as Textual's Footer draws them.

The session's keys never change while it runs, so one widget draws them all. Footer
composes its keys only once the screen has reported its bindings, after the first
frame, then mounts a widget per key: on the session screen that was 8 of its 34
widgets, and two more frames while the session had just started. The other screens use
it too, with the command palette's key at the right as Footer has it: the picker no
longer imports Footer nor parses its 21 style rules before its first frame. A click on
a key runs it, as on Footer.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget


class KeyLegend(Widget):
    COMPONENT_CLASSES = {"key-legend--key", "key-legend--description", "key-legend--edge"}
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
    KeyLegend > .key-legend--edge { color: $foreground 20%; }
    """

    compact: reactive[bool] = reactive(False)
    """Keys packed closer (narrow terminals), as Footer's compact style."""
    paused: reactive[bool] = reactive(False)
    """The pause key reads Resume while paused."""

    def __init__(self, bindings: Sequence[BindingType], palette: bool = False) -> None:
        super().__init__()
        made = (b if isinstance(b, Binding) else Binding(*b) for b in bindings)
        self.bindings = [b for b in made if b.show]
        """One entry per binding (`enter,q,escape` is one key, shown as its key_display)."""
        self.palette = palette
        """The command palette's key at the right edge (as Footer shows it)."""
        self._spans: list[tuple[int, int, str]] = []
        """(first column, end column, action) of each key as last drawn, for clicks."""

    def render(self) -> Content:
        key = self.get_visual_style("key-legend--key")
        text = self.get_visual_style("key-legend--description")
        parts: list[str | tuple[str, Style]] = []
        spans: list[tuple[int, int, str]] = []
        column = 0
        for binding in self.bindings:
            shown = binding.key_display or self.app.get_key_display(binding)
            what = binding.description
            if self.paused and binding.action == "toggle_pause":
                what = "Resume"
            drawn: list[str | tuple[str, Style]]
            if self.compact:
                drawn = [(shown, key), (f" {what}", text), " "]
            else:
                drawn = [(f" {shown} ", key), (f"{what} ", text)]
            width = sum(cell_len(p if isinstance(p, str) else p[0]) for p in drawn)
            spans.append((column, column + width, binding.action))
            column += width
            parts += drawn
        if self.palette and self.app.ENABLE_COMMAND_PALETTE:
            shown = self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ""))
            right = [(shown, key), (" palette ", text)]
            width = 1 + sum(cell_len(p[0]) for p in right)
            gap = self.size.width - column - width
            if gap >= 1:
                edge = self.get_visual_style("key-legend--edge")
                parts += [" " * gap, ("▏", edge), *right]
                spans.append((column + gap, column + gap + width, "app.command_palette"))
        self._spans = spans
        return Content.assemble(*parts)

    async def on_click(self, event: events.Click) -> None:
        for first, end, action in self._spans:
            if first <= event.x < end:
                event.stop()
                await self.screen.run_action(action)
                return
