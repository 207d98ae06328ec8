"""Session history, stats and progression on SQLite; no textual or rich, no wall clock.

The names below are imported on first use (PEP 562): a module of the package, such as
ops.py or progression.py, can be imported without SQLite and the store, which the
full screen opens only after its first frame."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtimer.history.progression import Progression, parse_level, progression
    from backtimer.history.record import SessionRecord, StepRecord
    from backtimer.history.schema import HistoryError
    from backtimer.history.store import HistoryStore

_HOMES = {
    "HistoryError": "schema",
    "HistoryStore": "store",
    "Progression": "progression",
    "SessionRecord": "record",
    "StepRecord": "record",
    "parse_level": "progression",
    "progression": "progression",
}

__all__ = [
    "HistoryError",
    "HistoryStore",
    "Progression",
    "SessionRecord",
    "StepRecord",
    "parse_level",
    "progression",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
