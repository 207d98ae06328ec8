"""What `backtimer run FILE` needs before its first frame, built apart from the app: the
routine read and validated, and today's plan of it from the history. The command line
builds it in a child process while the app's process imports Textual (run/spawned.py),
as launch() builds the picker's rows (run/picker_rows.py).

Anything the child cannot do as the app would (a file that does not load, a history it
cannot read within CHILD_BUSY_MS or that needs repair) gives None: the app's process
then does it all itself, and says what went wrong as it always has.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from backtimer import paths
from backtimer.routine.model import Routine
from backtimer.run.picker_rows import CHILD_BUSY_MS
from backtimer.run.recorder import Today

if TYPE_CHECKING:
    from backtimer.run.spawned import Spawned


class Prefetched(NamedTuple):
    routine: Routine
    today: Today
    """Today's plan of `routine` at --level, or where --resume continues: what
    History.prepare would have built with the database open."""
    said: list[str]
    """What opening the history had to say (a journal merged), for the app to tell."""


def prefetch(path: Path, level: str | None, resume: bool) -> Prefetched | None:
    """The routine at `path` and today's plan of it; None when either cannot be had
    here exactly as the app would have it (the app then builds both itself)."""
    from backtimer.history import HistoryError, HistoryStore
    from backtimer.routine.loader import RoutineError, load_routine
    from backtimer.run.recorder import plan_today

    try:
        routine = load_routine(path)
    except (RoutineError, OSError):
        return None  # the app reads it again and reports every problem
    said: list[str] = []
    try:
        store = HistoryStore.open(
            paths.history_file(), said.append, busy_ms=CHILD_BUSY_MS, repair=False
        )
    except HistoryError:
        return None
    try:
        today = plan_today(routine, store, level, resume, strict=True)
    except HistoryError:
        return None
    finally:
        store.close()
    # A read-only mapping does not pickle: the same entries, as a dict.
    progression = today.progression._replace(raised=dict(today.progression.raised))
    return Prefetched(routine, today._replace(progression=progression), said)


def prefetch_task(path: str, level: str, resume: str) -> Prefetched | None:
    """prefetch() as the child process calls it: `level` '' for none, `resume` '1'."""
    return prefetch(Path(path), level or None, resume == "1")


def start(path: Path, level: str | None, resume: bool) -> Spawned[Prefetched] | None:
    """The child building prefetch(path, level, resume); None where none can start."""
    from backtimer.run.spawned import Spawned

    args = (str(path), level or "", "1" if resume else "0")
    return Spawned.start(f"{__name__}:prefetch_task", args, Prefetched)
