"""Heading: the phase word, the exercise name large, its section, side and set."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from backtimer.ui.view import Heading as HeadingData

BLANK = HeadingData("prepare", "", "", "", "", "")


class Heading(Widget):
    """The top of the session screen; the screen's phase class colours it."""

    DEFAULT_CSS = """
    Heading { height: auto; }
    Heading > Horizontal { height: 1; }
    Heading #phase-word { width: 1fr; text-style: bold; }
    Heading #status { width: auto; }
    Heading #name { width: 1fr; text-style: bold; content-align: center middle; }
    Heading #detail { width: 1fr; text-style: bold; content-align: center middle; }
    """

    heading: reactive[HeadingData] = reactive(BLANK, init=False)
    status: reactive[str] = reactive("", init=False)
    """Right-hand side of the phase line: the section, MUTED."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="phase-line"):
            yield Static(id="phase-word")
            yield Static(id="status")
        yield Static(id="name")
        yield Static(id="detail")

    def watch_heading(self, old: HeadingData, new: HeadingData) -> None:
        self._set("#phase-word", f" {new.word}", old.word != new.word)
        self._set("#name", new.name.upper(), old.name != new.name)
        detail = " · ".join(part for part in (new.side, new.set_text) if part)
        self._set("#detail", detail, True)
        self._set("#status", self.status_text(), True)

    def watch_status(self) -> None:
        self._set("#status", self.status_text(), True)

    def status_text(self) -> str:
        parts = (self.heading.section, self.status)
        return " · ".join(p for p in parts if p) + " "

    def _set(self, selector: str, text: str, changed: bool) -> None:
        if changed or not self.is_mounted:
            self.query_one(selector, Static).update(Content(text))
