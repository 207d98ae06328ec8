"""Session history, stats and progression on SQLite; no textual or rich, no wall clock."""

from __future__ import annotations

from backtimer.history.progression import Progression, parse_level, progression
from backtimer.history.record import SessionRecord, StepRecord
from backtimer.history.schema import HistoryError
from backtimer.history.store import HistoryStore

__all__ = [
    "HistoryError",
    "HistoryStore",
    "Progression",
    "SessionRecord",
    "StepRecord",
    "parse_level",
    "progression",
]
