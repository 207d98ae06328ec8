"""The history store on a temporary file: schema, migrations, bad files, concurrency, a kill."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from history_support import damaged_database, default_routine, drive, record

from backtimer import paths
from backtimer.engine.event import Outcome
from backtimer.engine.plan import compile_plan
from backtimer.history import schema
from backtimer.history.schema import MIGRATIONS, HistoryError
from backtimer.history.store import HistoryStore

START = datetime(2025, 3, 3, 8, 0)
END = datetime(2025, 3, 3, 8, 20)
SUPPORT = str(Path(__file__).parent)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(db, pytest.fail) as s:
        yield s


def pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_open_creates_a_wal_database_at_the_latest_schema(store: HistoryStore, db: Path) -> None:
    assert db.is_file()
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "user_version") == len(MIGRATIONS)
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == schema.BUSY_TIMEOUT_MS


def test_a_session_round_trips_with_every_step(store: HistoryStore) -> None:
    r = default_routine()
    sid = record(store, r, START, targets={"Plank": 25}, skip={4}, shorten={6}, rating=7)
    s = store.session(sid)
    assert s is not None
    assert (s.routine, s.file, s.digest, s.started) == (
        r.name,
        r.source,
        "d1",
        "2025-03-03T08:00:00",
    )
    assert (s.status, s.rating, s.level, s.targets, s.total_steps) == (
        "finished",
        7,
        None,
        {"Plank": 25},
        7,
    )
    assert [st.index for st in s.steps] == list(range(7))
    plank, _, _, _, bridge, _, cat = s.steps
    assert (plank.kind, plank.work_kind, plank.value, plank.range_low, plank.range_high) == (
        "work", "hold", 25, 20, 40,
    )  # fmt: skip
    assert plank.clean and plank.spent == 25 and plank.target_key == "Plank"
    assert (bridge.status, bridge.value, bridge.work_kind, bridge.clean) == (
        "skipped",
        10,
        "reps",
        False,
    )
    assert (cat.adjusted, cat.spent, cat.shortened, cat.range_low) == (-10, 20, True, None)
    assert s.spent == 25 + 5 + 25 + 5 + 0 + 5 + 20


def test_finished_extended_and_sessions_newest_first(store: HistoryStore) -> None:
    r = default_routine()
    first = record(store, r, START)
    plan = compile_plan(r)
    second = store.start_session(r, plan, END, level="high")
    store.record_step(second, plan.steps[0], Outcome(0, "done", 20, 30, 10))
    got = store.sessions()
    assert [s.id for s in got] == [second, first]
    assert got[0].status == "running" and got[0].level == "high" and got[0].steps[0].extended
    assert got[1].status == "finished" and got[1].ended == "2025-03-03T08:00:00"
    assert [s.id for s in store.sessions(limit=1)] == [second]
    assert store.sessions("nothing") == []


def test_record_step_refuses_an_outcome_of_another_step(store: HistoryStore) -> None:
    r = default_routine()
    plan = compile_plan(r)
    sid = store.start_session(r, plan, START)
    with pytest.raises(ValueError, match="outcome of step 1"):
        store.record_step(sid, plan.steps[0], Outcome(1, "done", 5, 5, 0))


@pytest.mark.parametrize("rating", [-1, 11])
def test_rating_is_0_to_10(store: HistoryStore, rating: int) -> None:
    sid = record(store, default_routine(), START)
    with pytest.raises(ValueError):
        store.set_rating(sid, rating)
    store.set_rating(sid, 0)
    store.set_rating(sid, 10)
    assert store.session(sid).rating == 10  # type: ignore[union-attr]


def test_last_unfinished_gives_where_to_resume(store: HistoryStore) -> None:
    r = default_routine()
    assert store.last_unfinished(r.name) is None
    sid = record(store, r, START, stop_after=3)  # stopped after steps 0, 1, 2
    assert store.last_unfinished(r.name, "d1") == (sid, 3)
    assert store.last_unfinished(r.name, "other digest") is None
    assert store.last_unfinished("Another routine") is None
    store.reopen_session(sid)
    assert store.session(sid).status == "running"  # type: ignore[union-attr]
    plan = compile_plan(r)
    for step, outcome in drive(plan)[3:]:
        store.record_step(sid, step, outcome)
    assert store.last_unfinished(r.name) is None  # every step ended
    store.finish_session(sid, END)
    assert store.last_unfinished(r.name) is None
    assert len(store.session(sid).steps) == 7  # type: ignore[union-attr]


def test_a_newer_finished_session_means_nothing_to_resume(store: HistoryStore) -> None:
    r = default_routine()
    record(store, r, START, stop_after=2)
    record(store, r, END)
    assert store.last_unfinished(r.name) is None


def test_migrations_upgrade_an_old_file_and_keep_its_rows(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with HistoryStore.open(db, pytest.fail) as s:
        sid = record(s, default_routine(), START)
    extra = ("ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT ''",)
    monkeypatch.setattr(schema, "MIGRATIONS", [*MIGRATIONS, extra])
    with HistoryStore.open(db, pytest.fail) as s:
        assert len(s.session(sid).steps) == 7  # type: ignore[union-attr]
    assert pragma(db, "user_version") == len(MIGRATIONS) + 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT note FROM sessions").fetchall() == [("",)]


def test_a_failing_migration_changes_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    HistoryStore.open(db, pytest.fail).close()
    broken = ("ALTER TABLE sessions ADD COLUMN a TEXT", "THIS IS NOT SQL")
    monkeypatch.setattr(schema, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(HistoryError):
        HistoryStore.open(db, pytest.fail)
    assert pragma(db, "user_version") == len(MIGRATIONS)
    with sqlite3.connect(db) as conn:
        assert "a" not in [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]


def test_a_file_from_a_newer_backtimer_is_refused_and_left_alone(db: Path) -> None:
    HistoryStore.open(db, pytest.fail).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(HistoryError, match="newer"):
        HistoryStore.open(db, pytest.fail)
    assert list(db.parent.glob("*corrupt*")) == []


def test_a_garbage_file_is_moved_aside_and_a_new_one_started(db: Path) -> None:
    db.parent.mkdir(parents=True)
    junk = b"this is not a database, just some junk\n" * 200
    db.write_bytes(junk)
    messages: list[str] = []
    with HistoryStore.open(db, messages.append) as s:
        assert s.sessions() == []
        record(s, default_routine(), START)
    (aside,) = db.parent.glob("history.sqlite3.corrupt-*")
    assert aside.read_bytes() == junk
    assert len(messages) == 1 and aside.name in messages[0] and "could not be read" in messages[0]


def test_a_damaged_page_is_detected_and_moved_aside(db: Path) -> None:
    damaged_database(db)
    messages: list[str] = []
    HistoryStore.open(db, messages.append).close()
    assert len(messages) == 1
    assert len(list(db.parent.glob("history.sqlite3.corrupt-*"))) == 1
    assert pragma(db, "user_version") == len(MIGRATIONS)


def test_two_bad_files_in_a_row_get_two_names(db: Path) -> None:
    db.parent.mkdir(parents=True)
    for _ in range(2):
        db.write_bytes(b"junk" * 100)
        HistoryStore.open(db, lambda _m: None).close()
    assert len(list(db.parent.glob("history.sqlite3.corrupt-*"))) == 2


def test_a_locked_file_is_an_error_not_corruption(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    HistoryStore.open(db, pytest.fail).close()
    with sqlite3.connect(db, isolation_level=None) as holder:
        holder.execute("PRAGMA user_version = 0")  # so opening must migrate, and lock
        holder.execute("BEGIN IMMEDIATE")
        monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 0)
        with pytest.raises(HistoryError, match="locked"):
            HistoryStore.open(db, pytest.fail)
        holder.execute("ROLLBACK")
    assert list(db.parent.glob("*corrupt*")) == []


def test_an_unusable_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(HistoryError, match="cannot open"):
        HistoryStore.open(tmp_path / "file" / "history.sqlite3", pytest.fail)


def test_two_connections_interleave_writes(db: Path) -> None:
    r = default_routine()
    plan = compile_plan(r)
    with HistoryStore.open(db, pytest.fail) as a, HistoryStore.open(db, pytest.fail) as b:
        sa = a.start_session(r, plan, START)
        sb = b.start_session(r, plan, END)
        for step, outcome in drive(plan):
            a.record_step(sa, step, outcome)
            b.record_step(sb, step, outcome)
        assert len(b.session(sa).steps) == 7  # type: ignore[union-attr]
        assert len(a.session(sb).steps) == 7  # type: ignore[union-attr]


WRITER = """
import sys
sys.path.insert(0, {support!r})
from datetime import datetime
from pathlib import Path
from history_support import default_routine, drive
from backtimer.engine.plan import compile_plan
from backtimer.history.store import HistoryStore

store = HistoryStore.open(Path({db!r}), print)
r = default_routine()
plan = compile_plan(r)
sid = store.start_session(r, plan, datetime(2025, 3, 3, 8, 0))
print(sid, flush=True)
if {wait}:
    sys.stdin.readline()  # start writing together with the other process
outcomes = drive(plan)
for n in range({rounds}):
    for step, outcome in outcomes:
        store.record_step(sid, step, outcome)
        print(n * len(outcomes) + step.index + 1, flush=True)
"""


def writer(db: Path, rounds: int, wait: bool = False) -> subprocess.Popen[str]:
    code = textwrap.dedent(WRITER.format(support=SUPPORT, db=str(db), rounds=rounds, wait=wait))
    return subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def test_two_processes_writing_at_once_lose_nothing(db: Path) -> None:
    HistoryStore.open(db, pytest.fail).close()
    procs = [writer(db, rounds=30, wait=True) for _ in range(2)]
    sids = [p.stdout.readline() for p in procs]  # type: ignore[union-attr]
    for p in procs:
        p.stdin.write("go\n")  # type: ignore[union-attr]
        p.stdin.flush()  # type: ignore[union-attr]
    outs = [
        [sid, *p.communicate(timeout=120)[0].split()] for sid, p in zip(sids, procs, strict=True)
    ]
    assert [p.returncode for p in procs] == [0, 0]
    with HistoryStore.open(db, pytest.fail) as s:
        for out in outs:
            session = s.session(int(out[0]))
            assert session is not None and len(session.steps) == 30 * 7 == int(out[-1])
    assert pragma(db, "quick_check") == "ok"


def test_a_killed_process_keeps_every_step_it_finished(db: Path) -> None:
    proc = writer(db, rounds=1000)
    assert proc.stdout is not None
    sid = int(proc.stdout.readline())
    for _ in range(25):
        last = int(proc.stdout.readline())  # printed only after the commit
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with HistoryStore.open(db, pytest.fail) as s:
        session = s.session(sid)
        assert session is not None and session.status == "running"
        ended = len(session.steps)
        assert last == 25 and ended >= last
        assert [st.index for st in session.steps] == [n % 7 for n in range(ended)]
        resume = s.last_unfinished(session.routine, session.digest)
        assert resume == (sid, ended % 7) or (ended % 7 == 0 and resume is None)
    assert pragma(db, "quick_check") == "ok"
    assert list(db.parent.glob("*corrupt*")) == []


def test_a_version_1_file_gains_stopped_steps_and_keeps_its_rows(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db) as conn:
        for sql in MIGRATIONS[0]:
            conn.execute(sql)
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO sessions (routine, started) VALUES ('Old', '2026-11-01T08:00:00')"
        )
        conn.execute(
            "INSERT INTO steps (session_id, step_index, exercise, item, set_number, kind,"
            " status, spent) VALUES (1, 0, 'Plank', 'Plank', 1, 'work', 'done', 30)"
        )
    with HistoryStore.open(db, pytest.fail) as s:
        old = s.session(1)
        assert old is not None and [(r.exercise, r.spent) for r in old.steps] == [("Plank", 30)]
        r = default_routine()
        sid = record(s, r, START, stop_after=2)
        plan = compile_plan(r)
        stopped = Outcome(2, "stopped", plan.steps[2].seconds, 4.0, 0.0)
        s.record_step(sid, plan.steps[2], stopped)
        assert s.last_unfinished(r.name) == (sid, 2)  # the stopped step runs again
    assert pragma(db, "user_version") == len(MIGRATIONS) == 4
    with sqlite3.connect(db) as conn:  # old rows get a token too
        assert conn.execute("SELECT count(*) FROM sessions WHERE token IS NULL").fetchone() == (0,)


class FailingCommit:
    """A connection whose next COMMIT fails as on a full disk (the rows already went in)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.fail_next = False

    def execute(self, sql: str, *args: Any) -> Any:
        if self.fail_next and sql.strip().upper() == "COMMIT":
            self.fail_next = False
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_a_failed_commit_rolls_back(store: HistoryStore) -> None:
    """Before: the failed transaction stayed open, and every later write failed with
    'cannot start a transaction within a transaction'."""
    conn = FailingCommit(store._conn)
    store._conn = conn  # type: ignore[assignment]
    r = default_routine()
    plan = compile_plan(r)
    sid = store.start_session(r, plan, START)
    (first, second, *_) = drive(plan)
    conn.fail_next = True
    with pytest.raises(HistoryError, match="full"):
        store.record_step(sid, *first)
    assert not conn.in_transaction
    store.record_step(sid, *second)
    assert [s.index for s in store.session(sid).steps] == [second[0].index]  # type: ignore[union-attr]


OPENER = """
import sys
from datetime import datetime
sys.path.insert(0, {support!r})
from history_support import default_routine
from backtimer.engine.plan import compile_plan
from backtimer.run.recorder import open_store

r = default_routine()
plan = compile_plan(r)
print("ready", flush=True)
for _ in sys.stdin:
    store = open_store(lambda message: None)
    if store is None:
        print("off", flush=True)
        continue
    sid = store.start_session(r, plan, datetime(2025, 3, 3, 8, 0))
    store.close()
    print("ok", sid, flush=True)
"""


def test_processes_opening_one_corrupt_file_at_once_move_it_aside_once() -> None:
    """Four processes open the same garbage file at the same instant, 30 times over:
    none ends with history off, the garbage is moved aside exactly once, and every
    process's session is in the one new database (no healthy file was moved).
    Before the lock file: history off in some trials, and healthy files moved aside."""
    db = paths.history_file()  # the CLI's, in the test's BACKTIMER_HOME
    db.parent.mkdir(parents=True)
    code = textwrap.dedent(OPENER.format(support=SUPPORT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    try:
        assert [p.stdout.readline() for p in procs] == ["ready\n"] * 4  # type: ignore[union-attr]
        for trial in range(30):
            for extra in ("", "-wal", "-shm"):
                db.with_name(db.name + extra).unlink(missing_ok=True)
            junk = f"trial {trial}: not a database\n".encode() * 300
            db.write_bytes(junk)
            before = set(db.parent.glob("*.corrupt-*"))
            for p in procs:
                p.stdin.write("go\n")  # type: ignore[union-attr]
                p.stdin.flush()  # type: ignore[union-attr]
            answers = [p.stdout.readline().split() for p in procs]  # type: ignore[union-attr]
            assert [a[0] for a in answers] == ["ok"] * 4, f"trial {trial}: {answers}"
            moved = set(db.parent.glob("*.corrupt-*")) - before
            assert [m.read_bytes() for m in moved if not m.name.endswith(("-wal", "-shm"))] == [
                junk
            ], f"trial {trial}"
            with HistoryStore.open(db, pytest.fail) as s:
                assert sorted(x.id for x in s.sessions()) == sorted(int(a[1]) for a in answers)
    finally:
        for p in procs:
            p.stdin.close()  # type: ignore[union-attr]
            p.wait(timeout=30)
