"""The top of the session screen: the phase line, the exercise name large, and its side
and set. The screen's phase class colours them."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from backtimer.ui.view import Heading

BLANK = Heading("prepare", "", "", "", "", "")


class PhaseLine(Widget):
    """ " GET READY" on the left; the section and MUTED on the right."""

    DEFAULT_CSS = """
    PhaseLine { height: 1; }
    """

    heading: reactive[Heading] = reactive(BLANK, init=False, repaint=False)
    status: reactive[str] = reactive("", init=False, repaint=False)
    """MUTED, or nothing."""

    def watch_heading(self, old: Heading, new: Heading) -> None:
        if (old.word, old.section) != (new.word, new.section):
            self.refresh()

    def watch_status(self) -> None:
        self.refresh()

    @property
    def word(self) -> str:
        return f" {self.heading.word}"

    @property
    def right(self) -> str:
        return " · ".join(p for p in (self.heading.section, self.status) if p) + " "

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        right = self.right
        room = max(0, width - cell_len(right))
        segments = [
            Segment(set_cell_size(self.word, room), base + Style(bold=True)),
            Segment(right, base),
        ]
        return Strip(segments).crop_extend(0, width, base)


def name_text(heading: Heading) -> str:
    return heading.name.upper()


def detail_text(heading: Heading) -> str:
    return " · ".join(part for part in (heading.side, heading.set_text) if part)


class HeadingLine(Static):
    """One text of the heading (`part` picks it), centred; fixed size, so an update
    redraws it without laying the screen out again."""

    DEFAULT_CSS = """
    HeadingLine { width: 1fr; text-style: bold; content-align: center middle; }
    """

    heading: reactive[Heading] = reactive(BLANK, init=False)

    def __init__(self, part: Callable[[Heading], str], id: str) -> None:
        super().__init__(id=id, markup=False)
        self.part = part

    def watch_heading(self, old: Heading, new: Heading) -> None:
        text = self.part(new)
        if text != self.part(old):
            self.update(Content(text), layout=False)
