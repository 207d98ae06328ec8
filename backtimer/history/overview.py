"""What the app's history screen shows: recent sessions and the stats, from one read of the
store; no textual, no clock (today is passed in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backtimer.history.record import SessionRecord
from backtimer.history.stats import DEFAULT_WEEKLY_TARGET, Stats, compute_of, first_monday
from backtimer.history.store import HistoryStore

RECENT = 20
"""As many sessions as `backtimer history` lists by default."""


@dataclass(frozen=True)
class Overview:
    recent: list[SessionRecord]
    """The latest sessions, newest first."""
    stats: Stats
    """Over every session, exactly as `backtimer stats` computes it."""


def overview(
    store: HistoryStore,
    today: date,
    weekly_target: int = DEFAULT_WEEKLY_TARGET,
    recent: int = RECENT,
) -> Overview:
    """Raises HistoryError when the database cannot be read. Only the recent sessions
    are read with their steps; the stats come from aggregates (HistoryStore.stats_parts)."""
    parts = store.stats_parts(first_monday(today))
    return Overview(store.sessions(limit=recent), compute_of(*parts, today, weekly_target))
