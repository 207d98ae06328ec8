"""Start-up with a long history: what a year of sessions adds before the first frame.

Builds a history of DAYS days with 3 sessions a day (the bundled routines in turn,
each driven to the end on a fake clock, as the tests record them) in a temporary
BACKTIMER_HOME, then times in-process, best of RUNS, the two pieces of the start that
read it: opening the database (History(): the integrity check, the journal merge) and
the picker's plans of every bundled routine (today's targets, from each routine's
sessions). startup.py starts with an empty history, so its figures leave these out.

A database of 512 KiB or more opens on its own thread, beside Textual's import
(run/wiring.py; a smaller one opens at once). The last two lines show what that saves, in
fresh processes (best of RUNS): the history opened before the import and used after it,
as the app does, against the import followed by the opening, as it was.

    bench/.venv/bin/python bench/history_start.py [DAYS]      (default 365)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))
sys.path.insert(0, str(ROOT / "tests"))

RUNS = 5


def best_ms(work: object) -> float:
    assert callable(work)
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 365
    with tempfile.TemporaryDirectory() as home:
        os.environ["BACKTIMER_HOME"] = home
        from history_support import record  # the tests' recorder: a real store, fake clock

        from backtimer import paths
        from backtimer.history import HistoryStore
        from backtimer.routine.catalog import listings
        from backtimer.run.options import RunOptions
        from backtimer.run.wiring import History

        routines = [listing.routine for listing in listings() if listing.routine]
        file = paths.history_file()
        file.parent.mkdir(parents=True, exist_ok=True)
        store = HistoryStore.open(file, print)
        start, n = datetime(2026, 1, 1, 8), 0
        for day in range(days):
            for k in range(3):
                routine = routines[n % len(routines)]
                record(store, routine, start + timedelta(days=day, minutes=k), rating=7)
                n += 1
        store.close()
        size = file.stat().st_size / 2**20
        print(f"{n} sessions over {days} days, {len(routines)} routines, {size:.1f} MiB")

        def opened() -> History:
            return History(RunOptions(), lambda message: None)

        print(f"History() open:           {best_ms(lambda: opened().close()):7.1f} ms")
        history = opened()
        plans = best_ms(lambda: [history.plan(r) for r in routines])
        print(f"plans of {len(routines)} routines:       {plans:7.1f} ms")
        history.close()
        for order in ("beside", "after"):
            ms = min(fresh(order) for _ in range(RUNS))
            print(f"open {order} the import:     {ms:7.1f} ms  (the import, then the store)")


CHILD = """
import sys, time
t0 = time.perf_counter()
from backtimer.run.options import RunOptions
from backtimer.run.wiring import History
if sys.argv[1] == "beside":
    history = History(RunOptions(), lambda message: None)
import backtimer.ui.app
if sys.argv[1] == "after":
    history = History(RunOptions(), lambda message: None)
history.store
print((time.perf_counter() - t0) * 1000)
history.close()
"""


def fresh(order: str) -> float:
    """Milliseconds from the start of a fresh process to the store open, Textual imported."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, order], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


if __name__ == "__main__":
    main()
