"""`show` in plain words: the description wrapped (at 80 columns off a terminal), one
self-paced step said in the singular, one arrow style for what stepped up."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from backtimer import paths
from backtimer.cli import main
from backtimer.engine.session import Session
from backtimer.history import HistoryStore
from backtimer.history.writer import HistoryWriter
from backtimer.routine.loader import load_routine
from backtimer.run.recorder import HistoryRecorder, plan_today

LONG = "Ten minutes for a stiff lower back after a day at the desk. " * 4
TEXT = f"""name: Worded
description: "{LONG.strip()}"
defaults: {{prepare: 2s}}
exercises:
  - {{name: Hold, hold: 20-30s}}
  - {{name: Lifts, reps: 3, tempo: self}}
"""


def show(path: Path) -> list[str]:
    out = io.StringIO()
    assert main(["show", str(path)], out=out) == 0
    return out.getvalue().splitlines()


def test_the_description_is_wrapped_and_one_self_paced_step_is_singular(tmp_path: Path) -> None:
    path = tmp_path / "worded.yaml"
    path.write_text(TEXT)
    lines = show(path)
    assert all(len(line) <= 80 for line in lines[:6]), lines[:6]
    assert " ".join(lines[1:4]).startswith("Ten minutes for a stiff lower back")
    assert lines[-1].endswith(", plus 1 self-paced step (you press Enter)")


def test_what_stepped_up_uses_the_same_arrow_as_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "worded.yaml"
    path.write_text(TEXT)
    routine = load_routine(path)
    store = HistoryStore.open(paths.history_file(), print)
    today = plan_today(routine, store)
    writer = HistoryWriter(store.path, print)
    rec = HistoryRecorder(writer, routine, today, lambda: datetime(2026, 11, 20, 8, 0))
    session, t = Session(today.plan, 0.0), 0.0
    rec.on_start(today.plan)
    while not session.finished:
        t = session.deadline or t + 1
        events = session.advance(t) if session.deadline is not None else session.step_done(t)
        for e in events:
            if e.type == "step_ended" and e.outcome is not None:
                rec.on_step_ended(e.outcome)
    rec.on_finish("finished")
    assert rec.settle(30) and writer.close() == 0
    store.close()
    assert "Stepped up since last time: Hold 20 → 25" in show(path)
