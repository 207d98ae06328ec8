"""LateWriter (run/late_writer.py): a session's first writes, held until the full
screen's first frame, reach the real database in order once the writer starts, or at
close() when it never did; nothing is written, and no database is touched, before."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from history_support import default_routine

from backtimer import paths
from backtimer.engine.session import Session
from backtimer.run.late_writer import LateWriter
from backtimer.run.recorder import HistoryRecorder, plan_today

STARTED = datetime(2026, 11, 16, 7, 30)


def run_part(late: LateWriter, steps: int) -> HistoryRecorder:
    """A session of the ladder through the real recorder, `steps` steps ended."""
    routine = default_routine()
    today = plan_today(routine, None)
    recorder = HistoryRecorder(late, routine, today, lambda: STARTED)
    session = Session(today.plan, 0.0)
    recorder.on_start(today.plan)
    ended = 0
    while ended < steps:
        assert session.deadline is not None
        for e in session.advance(session.deadline):
            if e.type == "step_ended" and e.outcome is not None:
                recorder.on_step_ended(e.outcome)
                ended += 1
    return recorder


def rows() -> list[tuple[str, str, int]]:
    with sqlite3.connect(paths.history_file()) as conn:
        return conn.execute(
            "SELECT s.routine, s.status, COUNT(t.session_id) FROM sessions s"
            " LEFT JOIN steps t ON t.session_id = s.id GROUP BY s.id ORDER BY s.id"
        ).fetchall()


def test_held_writes_touch_nothing_until_the_writer_starts() -> None:
    late = LateWriter(paths.history_file(), print)
    recorder = run_part(late, 2)
    assert not late.started
    assert recorder.session_id is None and late.journal is None
    assert not paths.history_file().exists(), "no database before the first frame"
    late.start()
    recorder.on_finish("stopped")
    assert recorder.settle(30)
    assert recorder.session_id is not None
    assert late.close() == 0
    assert rows() == [("Test routine", "stopped", 2)]


def test_writes_held_when_the_app_ends_before_its_first_frame_are_written_at_close() -> None:
    late = LateWriter(paths.history_file(), print)
    recorder = run_part(late, 1)
    recorder.on_finish("stopped")
    assert late.close() == 0
    assert late.started
    assert rows() == [("Test routine", "stopped", 1)]


def test_start_is_once_and_later_writes_go_straight_on() -> None:
    late = LateWriter(paths.history_file(), print)
    recorder = run_part(late, 0)
    first = late.start()
    assert late.start() is first
    recorder.rate(4)
    recorder.on_finish("finished")
    assert late.settle(30) and late.close() == 0
    with sqlite3.connect(paths.history_file()) as conn:
        assert conn.execute("SELECT status, rating FROM sessions").fetchall() == [("finished", 4)]
