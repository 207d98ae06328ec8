"""`backtimer run FILE` reads the file and today's plan of it in a child process
(run/run_prefetch.py, through launch() as the command line starts it): the routine and
the plan are the ones the app would build itself, after targets grew and for --resume;
a file that does not load or a history that needs repair leaves it all to the app.
With the child's plan the app opens its database only after the first frame, and the
session is still recorded, also when the app ends before that frame."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest
from history_rig import LADDER, grown, open_store, real_history, record

from backtimer import paths
from backtimer.engine.plan import compile_plan
from backtimer.routine.loader import load_routine
from backtimer.run import run_prefetch
from backtimer.run.options import RunOptions
from backtimer.run.recorder import plan_today
from backtimer.run.run_prefetch import Prefetched
from backtimer.run.wiring import History


def from_child(path: object, level: str | None = None, resume: bool = False) -> Prefetched | None:
    child = run_prefetch.start(path, level, resume)  # type: ignore[arg-type]
    assert child is not None
    return child.result(60)


@pytest.mark.parametrize("level", [None, "high"])
def test_the_childs_routine_and_plan_are_the_apps_own(level: str | None) -> None:
    path = grown()
    got = from_child(path, level)
    assert got is not None, "the child delivered"
    routine = load_routine(path)
    assert got.routine == routine
    history = History(RunOptions(routine=path, level=level), print)
    try:
        assert got.today.plan == history.prepare(routine).plan
        assert got.today == plan_today(routine, history.store, level)
    finally:
        history.close()
    assert got.today.plan != compile_plan(routine)  # the targets grew after one session


def test_the_child_finds_where_resume_continues() -> None:
    path = paths.user_routines_dir() / "plank-ladder.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LADDER)
    with open_store() as store:
        record(store, load_routine(path), datetime(2026, 11, 16, 7, 30), stop_after=1)
    got = from_child(path, resume=True)
    assert got is not None
    assert got.today.resume_id is not None and got.today.start_index == 1
    history = real_history(resume=True)
    try:
        assert got.today == plan_today(load_routine(path), history.store, None, True)
    finally:
        history.close()


def test_a_file_that_does_not_load_is_left_to_the_app(tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nexercises:\n  - name: Plank\n    hold: -5s\n")
    assert from_child(broken) is None
    assert from_child(tmp_path / "missing.yaml") is None


def test_a_history_that_needs_repair_is_left_to_the_app() -> None:
    db = paths.history_file()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)  # a damaged database
    assert from_child(grown_file()) is None
    assert db.read_bytes().startswith(b"SQLite format 3\x00\xff"), "the child moved nothing"


def grown_file():  # a routine file, with no history behind it
    path = paths.user_routines_dir() / "plank-ladder.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LADDER)
    return path


def sessions() -> list[tuple[str, str]]:
    with sqlite3.connect(paths.history_file()) as conn:
        return conn.execute("SELECT routine, status FROM sessions ORDER BY id").fetchall()


def test_with_the_childs_plan_the_session_is_recorded_before_the_database_opens() -> None:
    """As launch() does: the history is deferred, the child's plan given; a session that
    ends before the first frame (begin() never called) is still written at close()."""
    path = grown()
    got = from_child(path)
    assert got is not None
    said: list[str] = []
    history = History(RunOptions(routine=path), said.append, defer=True)
    history.given(got.routine, got.today, ["a journal was merged"])
    assert said == ["a journal was merged"]
    prepared = history.prepare(got.routine)
    assert prepared.plan == got.today.plan
    assert history._unopened is not None, "the app's own database is not opened yet"
    prepared.recorder.on_start(prepared.plan)
    prepared.recorder.on_finish("stopped")
    history.close()
    assert history._unopened is not None, "closing did not open it just to close it"
    assert sessions()[-1][1] == "stopped"


def test_the_childs_plan_is_used_once_then_the_history_is_asked() -> None:
    path = grown()
    got = from_child(path)
    assert got is not None
    history = History(RunOptions(routine=path), print, defer=True)
    history.given(got.routine, got.today, [])
    writer = history._writer
    try:
        first = history.prepare(got.routine)
        history.begin()  # the first frame is drawn
        assert history._writer is writer, "one writer for the process"
        again = history.prepare(got.routine)  # back at the start card after the summary
        assert history.store is not None
        assert again.plan == plan_today(got.routine, history.store).plan == first.plan
    finally:
        history.close()


FIRST_FRAME = """
import sys
from backtimer.run import run_prefetch
from backtimer.run.options import RunOptions
from backtimer.run.wiring import History

child = run_prefetch.start(sys.argv[1], None, False)
got = child.result(60)
history = History(RunOptions(routine=sys.argv[1]), print, defer=True)
history.given(got.routine, got.today, [])
prepared = history.prepare(got.routine)
prepared.recorder.on_start(prepared.plan)
early = [m for m in ("sqlite3", "json", "backtimer.history.store", "backtimer.history.writer")
         if m in sys.modules]
history.begin()  # the first frame is drawn
prepared.recorder.on_finish("stopped")
history.close()
print(",".join(early) or "-")
"""


def test_up_to_the_first_frame_the_apps_process_records_without_sqlite() -> None:
    """The session starts (its first write) before the first frame: the app's process
    has imported neither SQLite, json, the store nor the writer by then, and the session
    is in the database once it has ended."""
    path = grown()
    env = {"BACKTIMER_HOME": os.environ["BACKTIMER_HOME"], "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(path)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "-"
    assert sessions()[-1] == ("Plank ladder", "stopped")
