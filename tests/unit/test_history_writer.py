"""History off the timer's path: a database locked by another process, a full disk or a
failing connection never delays the session, and every step still lands, in order, once;
what cannot land by the end waits in a journal file that the next start merges."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from history_support import locked_by_another_process, still_locked
from routine_builders import short_routine

from backtimer import paths
from backtimer.engine.clock import FakeClock
from backtimer.engine.event import Event
from backtimer.engine.plan import Step
from backtimer.history import HistoryStore, SessionRecord
from backtimer.history import writer as writer_module
from backtimer.history.journal import Journal, left_behind
from backtimer.history.ops import new_token, start_op
from backtimer.history.writer import HistoryWriter
from backtimer.plain.run import play
from backtimer.plain.session import Wait
from backtimer.run.conductor import Conductor
from backtimer.run.hooks import Prepared
from backtimer.run.options import RunOptions
from backtimer.run.recorder import HistoryRecorder, plan_today
from backtimer.run.wiring import History
from backtimer.sound.player import RecordingPlayer

TESTS = str(Path(__file__).parent.parent)


def every_cue(event: Event, step: Step) -> str | None:
    return event.type


@pytest.fixture
def db() -> Path:
    """The database the CLI uses (in the test's BACKTIMER_HOME), created and closed."""
    path = paths.history_file()
    HistoryStore.open(path, pytest.fail).close()
    return path


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short tries and waits, so an outage of a few tries takes milliseconds."""
    monkeypatch.setattr(writer_module, "WRITE_BUSY_MS", 20)
    monkeypatch.setattr(writer_module, "RETRY_FIRST", 0.005)
    monkeypatch.setattr(writer_module, "RETRY_MAX", 0.02)


class Driven:
    """A session run through the CLI's history seam on a fake clock, step by step."""

    def __init__(self, notes: list[str]) -> None:
        self.history = History(RunOptions(), notes.append)
        self.prepared: Prepared = self.history.prepare(short_routine())
        self.clock = FakeClock()
        self.player = RecordingPlayer(self.clock.now)
        self.conductor = Conductor(
            self.prepared.plan, self.clock, self.player, self.prepared.recorder, every_cue
        )
        self.ended: list[int] = []

    @property
    def recorder(self) -> HistoryRecorder:
        assert isinstance(self.prepared.recorder, HistoryRecorder)
        return self.prepared.recorder

    @property
    def writer(self) -> HistoryWriter:
        assert self.history.writer is not None
        return self.history.writer

    def start(self) -> None:
        self._seen(self.conductor.start())

    def steps(self, n: int | None = None) -> None:
        """Drive to the next deadline until `n` more steps ended (or the session did)."""
        target = None if n is None else len(self.ended) + n
        session = self.conductor.live
        while not session.finished and (target is None or len(self.ended) < target):
            assert session.deadline is not None, "timed steps only"
            self.clock.set(session.deadline)
            self._seen(self.conductor.tick())

    def _seen(self, events: list[Event]) -> None:
        self.ended += [e.step for e in events if e.type == "step_ended"]

    def stored(self) -> SessionRecord:
        assert self.recorder.settle(30), "the writer never caught up"
        sid = self.recorder.session_id
        assert sid is not None
        with HistoryStore.open(paths.history_file(), pytest.fail) as store:
            found = store.session(sid)
        assert found is not None
        return found


def no_input(clock: FakeClock) -> Wait:
    """--plain's wait for a line: none comes, and the time asked for passes at once."""

    def wait(seconds: float | None) -> str | None:
        assert seconds is not None, "waiting for input that never comes"
        clock.advance(seconds)
        return None

    return wait


def wait_until(check: Any, timeout: float = 30.0) -> None:
    """Until the writer's thread got somewhere (a condition, not a duration)."""
    done = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if check():
            return
        done.wait(0.01)
    raise AssertionError("the writer never got there")


def journal_ops(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# -- 6: the timer never waits for the database ----------------------------------------


class Traced(sqlite3.Connection):
    """Notes the thread of every statement (the history's own connections included)."""

    threads: set[int] = set()

    def execute(self, *args: Any, **kw: Any) -> sqlite3.Cursor:
        Traced.threads.add(threading.get_ident())
        return super().execute(*args, **kw)


def test_a_lock_across_the_start_never_delays_the_session(
    db: Path, quick: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the database in an exclusive transaction from before the
    session starts to after it ends. The session runs through, and no SQL at all runs on
    the timer's thread while it does. The old recorder committed on the timer's thread:
    it waited out the 10 s busy timeout at the first write, then gave up for good."""
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **kw: connect(*a, **kw, factory=Traced))
    notes: list[str] = []
    with locked_by_another_process(db):
        history = History(RunOptions(), notes.append)
        prepared = history.prepare(short_routine())
        clock = FakeClock()
        player = RecordingPlayer(clock.now)
        conductor = Conductor(prepared.plan, clock, player, prepared.recorder, every_cue)
        Traced.threads.clear()
        code = play(conductor, io.StringIO(), no_input(clock), False, None)
        assert threading.get_ident() not in Traced.threads  # the timer's thread
        assert code == 0 and conductor.live.finished
        assert still_locked(db)  # all of it ran while the other process held the lock
        assert isinstance(prepared.recorder, HistoryRecorder)
        assert prepared.recorder.session_id is None  # nothing written yet
    assert prepared.recorder.settle(30)
    history.close()
    with HistoryStore.open(db, pytest.fail) as store:
        (session,) = store.sessions()
    assert session.status == "finished"  # the session row exists, and it closed
    assert [s.index for s in session.steps] == list(range(len(prepared.plan.steps)))
    assert left_behind(db) == []


# -- 7: a failed write is retried until the database is back -----------------------


def test_a_lock_beyond_the_busy_timeout_mid_session_loses_nothing(db: Path, quick: None) -> None:
    """The lock outlasts many tries; meanwhile what waits is journaled. Once it is gone,
    every step is written, in order, exactly once, and the session closes as finished.
    The old recorder turned history off at the first error: 2 steps of 7 were kept."""
    notes: list[str] = []
    run = Driven(notes)
    run.start()
    run.steps(2)
    assert run.recorder.settle(30)
    with locked_by_another_process(db):
        run.steps()  # to the end, while locked
        assert run.conductor.live.finished
        wait_until(lambda: run.writer.journal is not None and run.writer.failing)
        journal = run.writer.journal
        assert journal is not None
        wait_until(lambda: len(journal_ops(journal)) == len(run.ended) - 2 + 1)
        assert journal_ops(journal)[-1]["kind"] == "finish"
        assert still_locked(db)
    stored = run.stored()
    assert [s.index for s in stored.steps] == run.ended == list(range(len(run.prepared.plan.steps)))
    assert stored.status == "finished"
    assert not journal.exists() and left_behind(db) == []
    assert "cannot be written now" in notes[0] and "locked" in notes[0]
    assert notes[-1] == "History is written again; every step that waited is in."
    run.history.close()


class Flaky:
    """A connection that fails like a full disk while `broken` is set: at INSERT, or at
    COMMIT (after the rows went in, so a missing rollback would show)."""

    def __init__(self, conn: sqlite3.Connection, at: str) -> None:
        self._conn, self.at = conn, at
        self.broken = threading.Event()
        self.failures = 0

    def execute(self, sql: str, *args: Any) -> Any:
        if self.broken.is_set() and sql.lstrip().upper().startswith(self.at):
            self.failures += 1
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize("at", ["INSERT", "COMMIT"])
def test_a_full_disk_for_a_while_loses_nothing(
    db: Path, quick: None, monkeypatch: pytest.MonkeyPatch, at: str
) -> None:
    """A stand-in at the connection boundary: every write fails for a while, then the
    disk has room again."""
    flaky: list[Flaky] = []
    real_open = HistoryStore.open

    def opening(path: Path, notify: Any, **kw: Any) -> HistoryStore:
        store = real_open(path, notify, **kw)
        if kw.get("repair") is False:  # the writer's own connection
            flaky.append(Flaky(store._conn, at))
            store._conn = flaky[-1]  # type: ignore[assignment]
            if len(flaky) > 1:
                flaky[-1].broken = flaky[0].broken
        return store

    monkeypatch.setattr(HistoryStore, "open", opening)
    notes: list[str] = []
    run = Driven(notes)
    run.start()
    run.steps(1)
    assert run.recorder.settle(30)
    flaky[0].broken.set()
    run.steps(3)
    wait_until(lambda: sum(f.failures for f in flaky) >= 3)
    assert run.recorder.session_id is not None and not run.recorder.settle(0)
    flaky[0].broken.clear()
    run.steps()
    stored = run.stored()
    assert [s.index for s in stored.steps] == run.ended == list(range(len(run.prepared.plan.steps)))
    assert stored.status == "finished"
    assert "database or disk is full" in notes[0]
    run.history.close()


MOUNT = shutil.which("mount")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or not MOUNT, reason="needs root")
def test_a_real_full_disk_for_a_while_loses_nothing(
    tmp_path: Path, quick: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data folder on a 512 KiB tmpfs, filled up mid-session and then freed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        monkeypatch.setenv("BACKTIMER_HOME", str(disk))
        notes: list[str] = []
        run = Driven(notes)
        run.start()
        run.steps(1)
        assert run.recorder.settle(30)
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as f, pytest.raises(OSError):
            while True:
                f.write(b"x" * 4096)
        run.steps()
        assert run.conductor.live.finished
        wait_until(lambda: run.writer.failing is not None)
        filler.unlink()
        stored = run.stored()
        assert [s.index for s in stored.steps] == run.ended
        assert stored.status == "finished"
        assert any("full" in n for n in notes), notes
        run.history.close()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


# -- 7: what is left at the end waits in a journal for the next start ----------------


def test_writes_left_at_the_end_are_merged_at_the_next_start_once(db: Path, quick: None) -> None:
    notes: list[str] = []
    with locked_by_another_process(db):
        run = Driven(notes)
        run.start()
        run.steps()
        left = run.writer.close(0.05)
        (journal,) = left_behind(db)
        ops = journal_ops(journal)  # plain JSON lines, one write each
        assert left == len(ops) == 1 + len(run.ended) + 1
        assert [op["kind"] for op in ops] == ["start", *["step"] * len(run.ended), "finish"]
        assert "wait in" in notes[-1] and journal.name in notes[-1]
    saved = journal.read_bytes()
    with HistoryStore.open(db, pytest.fail) as store:  # the next start
        (session,) = store.sessions()
        assert [s.index for s in session.steps] == run.ended and session.status == "finished"
        store.reopen_session(session.id)  # what a later --resume does
    assert not journal.exists()
    journal.write_bytes(saved)  # a crash between the merge and the removal
    with HistoryStore.open(db, pytest.fail) as store:  # merging again changes nothing
        (again,) = store.sessions()
    assert [s.index for s in again.steps] == run.ended and again.status == "running"
    assert not journal.exists()


def test_a_journal_is_not_merged_while_its_process_lives(db: Path) -> None:
    r = short_routine()
    today = plan_today(r, None)
    token = new_token()
    mine = Journal(db)  # as a writer keeps it: open, and locked
    mine.append([start_op(token, r, today.plan, datetime(2026, 1, 5, 8, 0), None, {})])
    assert mine.path is not None
    with HistoryStore.open(db, pytest.fail) as store:
        assert store.sessions() == []  # its process lives: not taken
    mine.close()  # the process ended
    with HistoryStore.open(db, pytest.fail) as store:
        (session,) = store.sessions()
    assert session.token == token and session.status == "running"
    assert left_behind(db) == []


def test_a_hostile_journal_runs_nothing_and_is_kept_aside(db: Path) -> None:
    planted = db.with_name(db.name + ".pending-1-feed.jsonl")
    good = {"v": 1, "id": "ab" * 16, "kind": "reopen", "session": "cd" * 16}
    lines = [
        json.dumps({**good, "kind": "step", "row": {"status); DROP TABLE steps; --": 1}}),
        json.dumps({**good, "id": "ef" * 16, "kind": "rate", "rating": 99}),
        json.dumps({**good, "session": "'; DROP TABLE sessions; --"}),
        "cos\nsystem\n(S'touch /tmp/pwned'\ntR.",  # a pickle
        json.dumps(good),  # well formed: no such session, so it is refused
        '{"v": 1, "id": "0a',  # cut short by a crash
    ]
    planted.write_text("\n".join(lines) + "\n")
    notes: list[str] = []
    with HistoryStore.open(db, notes.append) as store:
        assert store.sessions() == []
        tables = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master")}
    assert {"sessions", "steps", "applied"} <= tables
    assert not planted.exists()
    kept = planted.with_name(planted.name + ".unreadable")
    assert kept.read_text() == "\n".join(lines) + "\n"
    assert any("no session" in n for n in notes)
    assert any("8 unreadable lines" in n for n in notes), notes
    assert not Path("/tmp/pwned").exists()


# -- kill -9: what the journal holds survives ----------------------------------------

CHILD = """
import sys
sys.path.insert(0, {tests!r})
from routine_builders import short_routine
from backtimer.engine.session import Session
from backtimer.history import writer
from backtimer.run.options import RunOptions
from backtimer.run.wiring import History

writer.WRITE_BUSY_MS = 20
history = History(RunOptions(), print)
prepared = history.prepare(short_routine())
session = Session(prepared.plan, 0.0)
prepared.recorder.on_start(prepared.plan)
while not session.finished:
    for e in session.advance(session.deadline):
        if e.outcome is not None:
            prepared.recorder.on_step_ended(e.outcome)
            print("handed", e.step, flush=True)
print("done", flush=True)
sys.stdin.readline()
"""


def test_a_kill_mid_outage_keeps_what_was_journaled(db: Path) -> None:
    """What is guaranteed: a write handed over while the database cannot be written is
    in the journal once the writer failed to write it (the first after WRITE_BUSY_MS,
    the ones after at once), so a kill -9 then loses none of it."""
    with locked_by_another_process(db):
        code = textwrap.dedent(CHILD.format(tests=TESTS))
        child = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        handed = []
        while (line := child.stdout.readline()) != "done\n":
            assert line, "the child ended early"
            handed.append(line)
        wait_until(lambda: bool(left_behind(db)))
        (journal,) = left_behind(db)
        wait_until(lambda: len(journal_ops(journal)) == 1 + len(handed))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    with HistoryStore.open(db, pytest.fail) as store:
        (session,) = store.sessions()
    assert [f"handed {s.index}\n" for s in session.steps] == handed
    assert session.status == "running"  # it never finished: resume can pick it up
    assert left_behind(db) == []


def test_with_history_off_nothing_waits() -> None:
    r = short_routine()
    rec = HistoryRecorder(None, r, plan_today(r, None), datetime.now)
    rec.on_start(rec.today.plan)
    assert rec.settle(0) and rec.session_id is None
