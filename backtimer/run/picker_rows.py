"""What the picker lists, built apart from the app: every routine file read (broken ones
with their first problem) and today's plan of each, from the history. launch() builds
it in a child process while the app's process imports Textual (run/spawned.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from backtimer import paths
from backtimer.engine.plan import Plan
from backtimer.routine.catalog import Listing, listings
from backtimer.routine.model import Routine

if TYPE_CHECKING:
    from backtimer.run.spawned import Spawned

CHILD_BUSY_MS = 250
"""How long the child waits for a database another process has locked: past that it
leaves the plans to the app, which waits as long as it always has."""


class PickerRows(NamedTuple):
    listings: list[Listing]
    plans: list[Plan | None] | None
    """Today's plan of each listing (None for a file that does not load); None when the
    history could not be read here: the app reads it itself."""
    said: list[str]
    """What opening the history had to say (a journal merged), for the app to tell."""

    def plan_for(self, fallback: Callable[[Routine], Plan]) -> Callable[[Routine], Plan]:
        """Routine -> today's plan: the one built here, once per listed routine (when the
        picker shows again, today's totals may have grown), else `fallback`."""
        ready: dict[int, Plan] = {}
        for item, built in zip(self.listings, self.plans or (), strict=False):
            if item.routine is not None and built is not None:
                ready[id(item.routine)] = built

        def today(routine: Routine) -> Plan:
            found = ready.pop(id(routine), None)
            return found if found is not None else fallback(routine)

        return today


def picker_rows(level: str | None) -> PickerRows:
    """The routines and their plans for today at `level` (--level), as the app builds
    them with the history open; the plans are left out (None) when the history cannot
    be read within CHILD_BUSY_MS, or needs repair: the app then does that itself."""
    from backtimer.history import HistoryError, HistoryStore
    from backtimer.run.recorder import plan_today

    found = listings()
    said: list[str] = []
    try:
        store = HistoryStore.open(
            paths.history_file(), said.append, busy_ms=CHILD_BUSY_MS, repair=False
        )
    except HistoryError:
        return PickerRows(found, None, [])
    try:
        plans = [
            None
            if item.routine is None
            else plan_today(item.routine, store, level, strict=True).plan
            for item in found
        ]
    except HistoryError:
        return PickerRows(found, None, said)
    finally:
        store.close()
    return PickerRows(found, plans, said)


def picker_rows_task(level: str) -> PickerRows:
    """picker_rows() as the child process calls it: `level` '' for none."""
    return picker_rows(level or None)


def start(level: str | None) -> Spawned[PickerRows] | None:
    """The child building picker_rows(level); None where none can start."""
    from backtimer.run.spawned import Spawned

    return Spawned.start(f"{__name__}:picker_rows_task", (level or "",), PickerRows)
