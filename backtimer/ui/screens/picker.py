"""PickerScreen: choose a bundled or user routine; arrows and Enter, `/` or typing filters,
ctrl+r opens the history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from backtimer.routine.catalog import Listing
from backtimer.routine.model import Routine
from backtimer.ui.choice import Choice
from backtimer.ui.screens.sized import SizedScreen
from backtimer.ui.text import clean
from backtimer.ui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from backtimer.app import BacktimerApp


class PickerScreen(SizedScreen[None]):
    """The app's first screen when no routine is given; it stays beneath the start card
    and the session. It posts Chosen with the routine, or with None to quit."""

    CSS_PATH = "picker.tcss"
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        # Not `h`: every printable key types into the filter ("home-stretch").
        Binding("ctrl+r", "app.history", "History"),
        Binding("escape", "escape", "Quit"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    class Chosen(Message):
        def __init__(self, routine: Routine | None) -> None:
            super().__init__()
            self.routine = routine

    def __init__(self, listings: Sequence[Listing]) -> None:
        super().__init__()
        self.choices = [Choice.of(item) for item in listings]
        self.shown: list[Choice] = []
        self.width = max((len(clean(item.name)) for item in listings), default=0)
        self.tags = any(item.origin == "user" for item in listings)
        """Whether rows carry the `yours` column (only when some routine is the user's)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static("Pick a routine", id="title")
            # `/` only focuses the field (the binding): it is never part of the filter.
            yield Input(
                placeholder="/ or type to filter",
                id="filter",
                select_on_focus=False,
                restrict=r"[^/]*",
            )
            yield OptionList(id="routines")
            yield Static(id="detail")
        yield TooSmall()
        yield Footer()

    def system_commands(self) -> Iterator[SystemCommand]:
        history = "Recent sessions, weekly totals, streak, bests"
        app = cast("BacktimerApp", self.app)
        yield SystemCommand("History", history, app.action_history)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(OptionList).focus()

    def _fill(self, query: str) -> None:
        matches = [c for c in self.choices if c.matches(query)]
        self.shown = sorted(matches, key=lambda c: c.rank(query))
        options = self.query_one(OptionList)
        prompts = (
            Option(c.prompt(self.width, self.tags), id=str(i)) for i, c in enumerate(self.shown)
        )
        options.set_options(prompts)
        if self.shown:
            options.highlighted = 0
        else:
            self.query_one("#detail", Static).update("No routine matches.")

    @on(Input.Changed)
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(OptionList.OptionHighlighted)
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#detail", Static).update(self.shown[event.option_index].detail())

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(self.shown[event.option_index])

    @on(Input.Submitted)
    def submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.shown:
            self._choose(self.shown[index])

    def _choose(self, choice: Choice) -> None:
        if choice.routine is not None:
            self.post_message(self.Chosen(choice.routine))
        else:
            self.notify(
                f"{clean(choice.name)} does not load: fix the file first.", severity="error"
            )

    def on_key(self, event: events.Key) -> None:
        field = self.query_one(Input)
        typed = event.character if event.is_printable else None
        if not field.has_focus and typed is not None and typed not in (" ", "/"):
            field.focus()
            field.insert_text_at_cursor(typed)
            event.stop()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_escape(self) -> None:
        field = self.query_one(Input)
        if field.value:
            field.value = ""
            self.query_one(OptionList).focus()
        else:
            self.post_message(self.Chosen(None))
