"""A run at --speed other than 1 is practice: recorded as such (schema 4), shown as such
(history, stats, summary), and left out of the weekly target, the streak, the bests and
progression. Driven through the history seam both front ends use (wiring.History)."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime
from pathlib import Path

from backtimer import paths
from backtimer.engine.session import Session
from backtimer.history import HistoryStore
from backtimer.history.ops import checked, new_token, start_op
from backtimer.history.report import history_lines, stats_command
from backtimer.history.schema import MIGRATIONS
from backtimer.history.stats import compute
from backtimer.routine.loader import load_text
from backtimer.run.options import RunOptions
from backtimer.run.recorder import plan_today
from backtimer.run.wiring import History

TEXT = (
    "name: Ladder\ndefaults: {prepare: 2s, rest: 3s}\nexercises:\n  - {name: Hold, hold: 20-40s}\n"
)
DAY = date(2026, 11, 23)  # a Monday


def hold_seconds(routine_text: str = TEXT) -> float | None:
    store = HistoryStore.open(paths.history_file(), print)
    with store:
        plan = plan_today(load_text(routine_text), store).plan
    return next(s.seconds for s in plan.steps if s.kind == "work")


def run(speed: float, when: datetime) -> list[str]:
    """One clean session through the CLI's history seam; returns the summary's lines."""
    history = History(RunOptions(speed=speed), print)
    routine = load_text(TEXT)
    prepared = history.prepare(routine)
    recorder = prepared.recorder
    recorder.wall = lambda: when  # type: ignore[attr-defined]
    session = Session(prepared.plan, 0.0)
    recorder.on_start(prepared.plan)
    while not session.finished:
        assert session.deadline is not None
        for e in session.advance(session.deadline):
            if e.type == "step_ended" and e.outcome is not None:
                recorder.on_step_ended(e.outcome)
    recorder.on_finish("finished")
    assert prepared.summary is not None
    lines = prepared.summary()
    history.close()
    return lines


def test_a_practice_run_is_recorded_and_shown_as_practice_and_counts_for_nothing() -> None:
    assert hold_seconds() == 20
    lines = run(10, datetime(2026, 11, 23, 8, 0))
    assert lines[0].startswith("A practice run (×10): not counted toward the weekly target")
    assert "0 sessions this week" in lines[1]
    assert not any(line.startswith("Next time") for line in lines)
    assert hold_seconds() == 20, "a practice run raises no target"
    with HistoryStore.open(paths.history_file(), print) as store:
        (rec,) = store.sessions()
        assert rec.speed == 10 and rec.practice and rec.as_dict()["practice"] is True
        assert history_lines([rec])[1].endswith("finished, practice ×10")
        stats = compute(store.sessions(), DAY, weekly_target=1)
        assert stats.weeks[-1].sessions == 0 and stats.weeks[-1].minutes == 0
        assert stats.streak == 0 and stats.bests == () and stats.practice == 1
        out = io.StringIO()
        stats_command(store, out, today=DAY, weekly_target=1)
        assert "1 practice run (--speed) not counted in these figures." in out.getvalue()
    # The same session at speed 1 counts: the target is met and the hold grows.
    lines = run(1, datetime(2026, 11, 23, 9, 0))
    assert not lines[0].startswith("A practice run")
    assert lines[0].startswith("1 session this week")
    assert hold_seconds() == 25


def test_a_database_from_before_schema_4_opens_and_its_sessions_ran_at_speed_1(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for statements in MIGRATIONS[:3]:
        for sql in statements:
            conn.execute(sql)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO sessions (routine, started, status, token) "
        "VALUES ('Old', '2026-11-20T08:00:00', 'finished', 'abc')"
    )
    conn.close()
    with HistoryStore.open(path, print) as store:
        (rec,) = store.sessions()
        assert rec.routine == "Old" and rec.speed == 1 and not rec.practice
        assert compute([rec], date(2026, 11, 20)).weeks[-1].sessions == 1


def test_a_journal_written_before_schema_4_is_read_as_speed_1() -> None:
    routine = load_text(TEXT)
    plan = plan_today(routine, None).plan
    op = start_op(new_token(), routine, plan, datetime(2026, 11, 20, 8, 0), None, {}, 4)
    assert op["row"]["speed"] == 4
    old = {**op, "row": {k: v for k, v in op["row"].items() if k != "speed"}}
    assert checked(old)["row"]["speed"] == 1.0
