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

from backtimer.present.view import Heading
from backtimer.ui.pixel_font import drawable, fit_scale, pixel_rows
from backtimer.ui.widgets.restyled import Watched

BLANK = Heading("prepare", "", "", "", "", "")


class PhaseLine(Widget):
    """ " GET READY" on the left; the section and a badge on the right: what the sound
    cannot do (MUTED, NO SOUND DEVICE · BELL ONLY, VOICE OFF, ...) and PRACTICE."""

    COMPONENT_CLASSES = {"phase-line--badge"}
    DEFAULT_CSS = """
    PhaseLine { height: 1; }
    PhaseLine > .phase-line--badge { color: $text; background: $error; text-style: bold; }
    """

    heading: Watched[Heading] = Watched(BLANK)
    status: Watched[str] = Watched("")
    """The badge, or nothing."""

    def watch_heading(self, old: Heading, new: Heading) -> None:
        if (old.word, old.name, old.section) != (new.word, new.name, new.section):
            self.refresh()

    def watch_status(self, old: str, new: str) -> None:
        self.refresh()

    @property
    def word(self) -> str:
        """ "WORK · SIDE PLANK": the name as text too, for whatever reads the screen as
        text (a screen reader, a tmux capture), since the big name may be block letters."""
        name = name_text(self.heading)
        if not name or name == self.heading.word:
            return f" {self.heading.word}"
        return f" {self.heading.word} · {name}"

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        badge = f" {self.status} " if self.status else ""
        section = f"{self.heading.section} " if self.heading.section else ""
        # The badge is kept whole; the section gives way first when room runs short.
        room = max(0, width - cell_len(badge) - cell_len(self.word) - 2)
        if cell_len(section) > room:
            section = set_cell_size(section, room)
        section += " " if section.strip() and badge else ""
        left = max(0, width - cell_len(section) - cell_len(badge))
        segments = [
            Segment(set_cell_size(self.word, left), base + Style(bold=True)),
            Segment(section, base),
        ]
        if badge:
            segments.append(Segment(badge, self.get_component_rich_style("phase-line--badge")))
        return Strip(segments).crop_extend(0, width, base)


def name_text(heading: Heading) -> str:
    return heading.name.upper()


class BigName(Widget):
    """The exercise's name, as large as its box allows: the pixel font where it fits
    (4 rows at scale 1, 7 at scale 2), else one centred line of bold text."""

    DEFAULT_CSS = """
    BigName { height: 3; text-style: bold; }
    """

    heading: Watched[Heading] = Watched(BLANK)

    def watch_heading(self, old: Heading, new: Heading) -> None:
        if old.name != new.name:
            self.refresh()

    @property
    def scale(self) -> int:
        text = name_text(self.heading)
        if not drawable(text):
            return 0
        return fit_scale(text, self.size.width, self.size.height, at_most=2)

    @property
    def shown(self) -> str:
        return name_text(self.heading)

    def render_line(self, y: int) -> Strip:
        width, height, base = self.size.width, self.size.height, self.rich_style
        text, scale = name_text(self.heading), self.scale
        rows = (
            pixel_rows(text, scale) if scale else (set_cell_size(text, min(width, cell_len(text))),)
        )
        row = y - (height - len(rows)) // 2
        if not 0 <= row < len(rows) or width <= 0:
            return Strip.blank(width, base)
        line = rows[row]
        pad = max(0, (width - cell_len(line)) // 2)
        return Strip([Segment(" " * pad + line, base)]).crop_extend(0, width, base)


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
