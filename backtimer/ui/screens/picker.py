"""PickerScreen: choose a bundled or user routine; arrows and Enter, `/` or typing filters,
ctrl+r opens the history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from backtimer.engine.plan import compile_plan
from backtimer.present.text import clean
from backtimer.routine.catalog import Listing, load_listing
from backtimer.routine.model import Routine
from backtimer.ui.choice import Choice, PlanFor
from backtimer.ui.screens.sized import SizedScreen
from backtimer.ui.widgets.key_legend import KeyLegend
from backtimer.ui.widgets.too_small import TooSmall


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

    def __init__(self, listings: Sequence[Listing], plan_for: PlanFor = compile_plan) -> None:
        super().__init__()
        self.plan_for = plan_for
        """Today's plan of a routine: the totals are the start card's and `show`'s."""
        self.choices = [Choice.of(item, plan_for) for item in listings]
        self._resumed = False
        self.shown: list[Choice] = []
        self.width = max((len(clean(item.name)) for item in listings), default=0)
        self.tags = any(item.origin == "user" for item in listings)
        """Whether rows carry the `yours` column (only when some routine is the user's)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(self._title(len(self.choices)), id="title")
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
        yield KeyLegend(self.BINDINGS, palette=True)

    def system_commands(self) -> Iterator[SystemCommand]:
        history = "Recent sessions, weekly totals, streak, bests"
        yield SystemCommand("History", history, self._history)

    def _history(self) -> None:
        # By name, not by the app's class: the app imports this screen.
        self.app.call_next(self.app.run_action, "history")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(OptionList).focus()

    def _title(self, shown: int) -> str:
        """How many there are, so a list taller than its box is seen to scroll."""
        total = len(self.choices)
        count = f"{total} routine{'s' * (total != 1)}"
        return (
            f"Pick a routine · {count}"
            if shown == total
            else f"Pick a routine · {shown} of {count}"
        )

    def _fill(self, query: str, keep: Choice | None = None) -> None:
        matches = [c for c in self.choices if c.matches(query)]
        self.shown = sorted(matches, key=lambda c: c.rank(query))
        options = self.query_one(OptionList)
        prompts = (
            Option(c.prompt(self.width, self.tags), id=str(i)) for i, c in enumerate(self.shown)
        )
        options.set_options(prompts)
        self.query_one("#title", Static).update(self._title(len(self.shown)))
        if self.shown:
            options.highlighted = self.shown.index(keep) if keep in self.shown else 0
        else:
            self.query_one("#detail", Static).update("No routine matches.")

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles the whole screen on every resume; the first one follows the
        mount, which styled every widget with the classes it has now, so it is skipped
        (as on the session screen). Textual's own handler runs after."""
        if not self._resumed:
            event.refresh_styles = False

    def on_screen_resume(self) -> None:
        """Back from a session (or the start card): today's totals may have grown."""
        if not self._resumed:
            self._resumed = True  # the first one follows the mount
            return
        index = self.query_one(OptionList).highlighted
        kept = self.shown[index] if index is not None and self.shown else None
        fresh = {id(c): Choice.of(c.listing, self.plan_for) for c in self.choices}
        self.choices = [fresh[id(c)] for c in self.choices]
        self._fill(self.query_one(Input).value, fresh[id(kept)] if kept else None)

    @on(Input.Changed)
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _listed(self, event: OptionList.OptionMessage) -> Choice | None:
        """The row `event` is about, or None for a message from before the list was
        refilled (fast typing, a paste: the filter can change again before the list's
        messages arrive, and the row they name may be gone or another routine's)."""
        options = self.query_one(OptionList)
        index = event.option_index
        if index >= min(len(self.shown), options.option_count):
            return None
        if options.get_option_at_index(index) is not event.option:
            return None
        return self.shown[index]

    @on(OptionList.OptionHighlighted)
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        choice = self._listed(event)
        if choice is not None:
            self.query_one("#detail", Static).update(choice.detail())

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        choice = self._listed(event)
        if choice is not None:
            self._choose(choice)

    @on(Input.Submitted)
    def submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.shown:
            self._choose(self.shown[index])

    def _choose(self, choice: Choice) -> None:
        """The file is read again: one fixed (or broken) since the list was made is seen."""
        listing = choice.listing
        if listing.path is not None:
            listing = load_listing(listing.name, listing.origin, listing.path)
            if listing != choice.listing:
                choice = self._replace(choice, Choice.of(listing, self.plan_for))
        if choice.routine is not None:
            self.post_message(self.Chosen(choice.routine))
        else:
            self.notify(
                f"{clean(choice.name)} does not load: fix the file first.", severity="error"
            )

    def _replace(self, old: Choice, new: Choice) -> Choice:
        self.choices[self.choices.index(old)] = new
        self.width = max(self.width, len(clean(new.name)))
        self._fill(self.query_one(Input).value, new)
        return new

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
