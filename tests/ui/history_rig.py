"""Sessions recorded into the test's own history database (BACKTIMER_HOME is a temporary
folder) through the real recorder, engine and HistoryStore, on fixed dates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from routine_builders import QUICK

from backtimer import paths
from backtimer.engine.session import Session
from backtimer.history import HistoryStore
from backtimer.history.writer import HistoryWriter
from backtimer.routine.loader import load_routine
from backtimer.routine.model import Exercise, Routine, Section, Span, Work
from backtimer.run.options import RunOptions
from backtimer.run.recorder import HistoryRecorder, plan_today
from backtimer.run.wiring import History


def ladder() -> Routine:
    """Plank 20-40 s, then a bridge of 10-15 reps at 2 s each; both step up after a clean run."""
    plank = Exercise("Plank", "", "", "Main", Work("hold", seconds=Span(20, 40)), (), (), 1, QUICK)
    bridge_work = Work("reps", count=Span(10, 15), tempo=2.0)
    bridge = Exercise("Bridge", "", "", "Main", bridge_work, (), (), 1, QUICK)
    return Routine("Plank ladder", "Holds that grow.", "", (Section("Main", (plank, bridge)),))


def open_store() -> HistoryStore:
    return HistoryStore.open(paths.history_file(), print)


def record(
    store: HistoryStore,
    routine: Routine,
    started: datetime,
    *,
    stop_after: int | None = None,
    rating: int | None = None,
) -> int:
    """Run `routine` at today's targets (as the app would), stopping after `stop_after`
    ended steps if given; returns the session id."""
    today = plan_today(routine, store)
    writer = HistoryWriter(store.path, print)
    recorder = HistoryRecorder(writer, routine, today, lambda: started)
    session, ended = Session(today.plan, 0.0), 0
    recorder.on_start(today.plan)
    while not session.finished and (stop_after is None or ended < stop_after):
        assert session.deadline is not None, "timed steps only"
        for e in session.advance(session.deadline):
            if e.type == "step_ended" and e.outcome is not None:
                recorder.on_step_ended(e.outcome)
                ended += 1
    recorder.on_finish("finished" if session.finished else "stopped")
    if rating is not None:
        recorder.rate(rating)
    assert recorder.settle(30) and writer.close() == 0
    assert recorder.session_id is not None
    return recorder.session_id


def real_history(resume: bool = False) -> History:
    """The history seam the CLI uses, on the test's database."""
    return History(RunOptions(resume=resume), print)


LADDER = """\
name: Plank ladder
exercises:
  - name: Plank
    hold: 20-40s
  - name: Bridge
    reps: 10-15
    tempo: 2s
"""
"""ladder() as the user's own file."""


def grown() -> Path:
    """The user's routine file (LADDER), after one clean session that raised both targets."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plank-ladder.yaml"
    path.write_text(LADDER)
    with open_store() as store:
        record(store, load_routine(path), datetime(2026, 11, 16, 7, 30))
    return path
