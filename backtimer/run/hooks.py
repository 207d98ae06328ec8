"""The seams a run is built from: the history recorder protocol, what a routine's run is
prepared with (plan, start step, recorder, notes, targets), and the history screen's read.
No Textual, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple, Protocol

from backtimer.engine.event import Outcome
from backtimer.engine.plan import Plan
from backtimer.routine.model import Routine

if TYPE_CHECKING:  # sqlite is imported only when a history is read
    from backtimer.history.overview import Overview


class SessionRecorder(Protocol):
    """Where the history of a session goes, step by step."""

    def on_start(self, plan: Plan) -> None: ...

    def on_step_ended(self, outcome: Outcome) -> None: ...

    def on_finish(self, status: str) -> None:
        """`finished` at the end of the plan, `stopped` when the user quit first."""


class NullRecorder:
    def on_start(self, plan: Plan) -> None:
        pass

    def on_step_ended(self, outcome: Outcome) -> None:
        pass

    def on_finish(self, status: str) -> None:
        pass


class Prepared(NamedTuple):
    """One run of one routine, as the history sees it."""

    plan: Plan
    """Today's plan (ranges at the targets earned so far)."""
    recorder: SessionRecorder
    start_index: int = 0
    """Where the session starts: 0, or where a resumed session stopped."""
    notes: tuple[str, ...] = ()
    """Said before the session starts ("Resuming at step 7 of 31.")."""
    summary: Callable[[], Sequence[str]] | None = None
    """Lines the summary screen adds once the session ended (streak, raised targets)."""
    rate: Callable[[int | None], None] | None = None
    """Records "How does your back feel? 0-10" after a finished session."""
    raised: Mapping[str, tuple[float, float]] = MappingProxyType({})
    """target_key -> (last time, today) for each range that stepped up (the start card)."""
    held: str | None = None
    """Why targets did not step up today (a worse rating), for the start card."""


Prepare = Callable[[Routine], Prepared]
"""Called once the routine is known (after the picker): the history seam."""

ReadHistory = Callable[[date], "Overview"]
"""Today's date -> recent sessions and stats for the history screen; raises HistoryError."""
