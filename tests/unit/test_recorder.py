"""The history edge: today's plan from history, recording, resume, and a failing database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from backtimer import paths
from backtimer.engine.session import Session
from backtimer.history import HistoryError, HistoryStore
from backtimer.history.writer import HistoryWriter
from backtimer.routine.loader import load_text
from backtimer.run.recorder import HistoryRecorder, open_store, plan_today

TEXT = "name: R\ndefaults: {prepare: 2s, rest: 3s}\nexercises:\n  - {name: Hold, hold: 20-30s}\n  - {name: Reps, reps: 4}\n"
WALL = datetime(2026, 11, 20, 8, 0)


def run(
    store: HistoryStore | None,
    *,
    level: str | None = None,
    resume: bool = False,
    stop_after: float | None = None,
) -> HistoryRecorder:
    routine = load_text(TEXT)
    today = plan_today(routine, store, level, resume)
    notes: list[str] = []
    writer = None if store is None else HistoryWriter(store.path, notes.append)
    rec = HistoryRecorder(writer, routine, today, lambda: WALL)
    session = Session(today.plan, 0.0, today.start_index)
    rec.on_start(today.plan)
    t = 0.0
    while not session.finished and (stop_after is None or t < stop_after):
        t += 0.5
        for e in session.advance(t):
            if e.type == "step_ended" and e.outcome is not None:
                rec.on_step_ended(e.outcome)
            if e.type == "session_finished":
                rec.on_finish("finished")
    if not session.finished:
        for e in session.stop(t):
            if e.type == "step_ended" and e.outcome is not None:
                rec.on_step_ended(e.outcome)
        rec.on_finish("stopped")
    assert rec.settle(30)
    if writer is not None:
        assert writer.close() == 0 and notes == []
    return rec


def test_targets_step_up_after_a_clean_session() -> None:
    store = open_store(print)
    assert store is not None
    first = plan_today(load_text(TEXT), store)
    assert (
        next(s.seconds for s in first.plan.steps if s.exercise == "Hold" and s.kind == "work") == 20
    )
    run(store)
    second = plan_today(load_text(TEXT), store)
    assert (
        next(s.seconds for s in second.plan.steps if s.exercise == "Hold" and s.kind == "work")
        == 25
    )
    assert (
        plan_today(load_text(TEXT), store, level="low").plan.total_seconds
        == first.plan.total_seconds
    )


def test_quit_keeps_steps_and_resume_continues() -> None:
    store = open_store(print)
    assert store is not None
    rec = run(store, stop_after=10)  # prepare (2 s) done, 8 s into the hold
    record = store.session(rec.session_id or 0)
    assert record is not None and record.status == "stopped"
    assert [(s.kind, s.status) for s in record.steps] == [("prepare", "done"), ("work", "stopped")]
    assert record.steps[-1].spent == 8.0 and record.spent == 10.0  # the quit hold's 8 s count
    assert not record.steps[-1].clean
    today = plan_today(load_text(TEXT), store, resume=True)
    assert today.start_index == 1 and today.resume_id == rec.session_id  # the hold again
    again = run(store, resume=True)
    assert again.session_id == rec.session_id
    done = store.session(rec.session_id or 0)
    assert done is not None and done.status == "finished"
    kinds = [s.kind for s in done.steps]
    assert kinds == ["prepare", "work", "work", "rest", "prepare", "work"]


def test_a_failing_database_never_stops_the_session() -> None:
    store = open_store(print)
    assert store is not None
    notes: list[str] = []

    def broken() -> HistoryStore:
        raise HistoryError("disk full")

    writer = HistoryWriter(store.path, notes.append, open_store=broken, retry=(0.01, 0.01))
    routine = load_text(TEXT)
    today = plan_today(routine, store)
    rec = HistoryRecorder(writer, routine, today, lambda: WALL)
    session = Session(today.plan, 0.0)
    rec.on_start(today.plan)
    while not session.finished:
        assert session.deadline is not None
        for e in session.advance(session.deadline):
            if e.outcome is not None:
                rec.on_step_ended(e.outcome)
    rec.on_finish("finished")
    assert not rec.settle(0.05) and rec.session_id is None
    assert writer.close(0.05) == 7  # the start, five steps, the finish: kept for next time
    assert "disk full" in notes[0] and "The session goes on" in notes[0]


def test_unwritable_history_folder_turns_history_off(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(paths, "history_file", lambda: blocker / "history.sqlite3")
    notes: list[str] = []
    assert open_store(notes.append) is None
    assert notes and "History is off" in notes[0]
