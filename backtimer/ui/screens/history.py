"""HistoryScreen: recent sessions and the stats (weekly bars against the target, streak,
bests) as the same lines `backtimer history` and `backtimer stats` print; Escape goes back."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from backtimer.history import HistoryError
from backtimer.history.overview import Overview
from backtimer.history.report import history_lines, stats_lines, week_line
from backtimer.present.text import clean
from backtimer.run.hooks import ReadHistory
from backtimer.ui.screens.sized import SizedScreen
from backtimer.ui.widgets.key_legend import KeyLegend
from backtimer.ui.widgets.too_small import TooSmall

EMPTY = (
    "No sessions yet. Pick a routine and press Enter: every session you run is kept here, "
    "with your weekly totals, streak and bests."
)
OFF = "History is off in this run."
AFTER_PROBLEM = "Sessions still run; they are recorded again once the database can be used."


def read(source: ReadHistory | None, today: date) -> Overview | str:
    """The overview, or what went wrong in words (a broken database never crashes the app)."""
    if source is None:
        return OFF
    try:
        return source(today)
    except HistoryError as err:
        return f"The history cannot be shown: {err}"
    except ValueError as err:  # a record that does not parse (a hand-edited database)
        return f"The history database holds a record that cannot be read: {err}"


def this_week(overview: Overview) -> str:
    """The summary screen's line, from the same stats the chart shows."""
    s = overview.stats
    week = s.weeks[-1].sessions if s.weeks else 0
    return week_line(week, s.weekly_target, s.streak)


def headed(lines: list[str]) -> Content:
    """The lines as they are, with the headings of `backtimer stats` in bold."""
    bold = {0} | {i for i, line in enumerate(lines) if line == "Best per exercise"}
    styled = [(clean(line), "bold") if i in bold else clean(line) for i, line in enumerate(lines)]
    return Content("\n").join(Content.assemble(part) for part in styled)


class HistoryScreen(SizedScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, source: ReadHistory | None, today: date) -> None:
        super().__init__()
        self.shown = read(source, today)

    def compose(self) -> ComposeResult:
        shown = self.shown
        with VerticalScroll(classes="body"):
            yield Static("HISTORY", id="title")
            if shown == OFF:
                yield Static(OFF, id="problem")
            elif isinstance(shown, str):
                problem = Content(f"{clean(shown)}\n\n{AFTER_PROBLEM}")
                yield Static(problem, id="problem", classes="-problem")
            elif not shown.recent:
                yield Static(EMPTY, id="empty")
            else:
                yield Static(Content(this_week(shown)), id="week")
                yield Static("Recent sessions", classes="heading")
                yield Static(Content("\n".join(history_lines(shown.recent))), id="sessions")
                yield Static(headed(stats_lines(shown.stats)), id="stats")
        yield TooSmall()
        yield KeyLegend(self.BINDINGS, palette=True)

    def action_back(self) -> None:
        self.dismiss(None)
