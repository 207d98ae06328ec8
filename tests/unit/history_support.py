"""Helpers for the history tests: small routines built directly, and sessions driven on fake time."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from random import Random

from backtimer.engine.event import Outcome
from backtimer.engine.plan import Plan, Step, compile_plan
from backtimer.engine.session import Session
from backtimer.history.store import HistoryStore
from backtimer.routine.model import Exercise, FlowItem, Routine, Section, Settings, Span, Work

QUICK = Settings(prepare=0, rest=5, set_rest=5, switch=2)


def hold(low: float, high: float | None = None, progress: float | None = None) -> Work:
    return Work("hold", seconds=Span(low, high if high is not None else low), progress=progress)


def reps(low: int, high: int | None = None, tempo: float | None = 2.0) -> Work:
    return Work("reps", count=Span(low, high if high is not None else low), tempo=tempo)


def exercise(
    name: str,
    work: Work | None = None,
    *,
    flow: tuple[tuple[str, Work], ...] = (),
    sides: tuple[str, ...] = (),
    sets: int = 1,
) -> Exercise:
    items = tuple(FlowItem(n, "", w) for n, w in flow)
    return Exercise(name, "", "", "Main", work, items, sides, sets, QUICK)


def routine(*exercises: Exercise, name: str = "Test routine", digest: str = "d1") -> Routine:
    return Routine(name, "", "", (Section("Main", exercises),), f"/r/{name}.yaml", digest)


def default_routine(name: str = "Test routine", digest: str = "d1") -> Routine:
    """Plank holds 20-40s x2 sets, bridge 10-15 reps, a 30s cat stretch without a range."""
    return routine(
        exercise("Plank", hold(20, 40), sets=2),
        exercise("Bridge", reps(10, 15)),
        exercise("Cat", hold(30)),
        name=name,
        digest=digest,
    )


def drive(
    plan: Plan,
    *,
    skip: Collection[int] = (),
    shorten: Collection[int] = (),
    stop_after: int | None = None,
) -> list[tuple[Step, Outcome]]:
    """Run the real engine on fake time; skip or shorten the given step indices."""
    s = Session(plan, 0.0)
    now = 0.0
    cut: set[int] = set()
    ended: list[tuple[Step, Outcome]] = []
    while not s.finished and (stop_after is None or len(ended) < stop_after):
        if s.index in skip:
            events = s.skip(now)
        elif s.index in shorten and s.index not in cut:
            cut.add(s.index)
            events = s.adjust(now, -10.0)
        elif s.step.self_paced:
            events = s.rep_done(now)
        else:
            assert s.deadline is not None
            now = s.deadline
            events = s.advance(now)
        ended += [(plan.steps[e.step], e.outcome) for e in events if e.outcome is not None]
    return ended


def mishap(rng: Random, kind: str, steps: int) -> dict[str, object]:
    """drive()'s arguments for a session that went `kind`: "skip" (one step skipped),
    "short" (one shortened), "stop" (quit part-way); any other kind runs clean."""
    if kind == "skip":
        return {"skip": {rng.randrange(steps)}}
    if kind == "short":
        return {"shorten": {rng.randrange(steps)}}
    if kind == "stop":
        return {"stop_after": rng.randrange(1, steps)}
    return {}


def record(
    store: HistoryStore,
    r: Routine,
    started: datetime,
    *,
    targets: dict[str, float] | None = None,
    level: int | str | None = None,
    finish: bool = True,
    rating: int | None = None,
    speed: float = 1.0,
    **how: object,
) -> int:
    """Compile, drive and record one session of `r` (as the app will); returns its id.
    `speed` other than 1 records it as a practice run."""
    plan = compile_plan(r, "low" if level is None else level, targets or {})  # type: ignore[arg-type]
    sid = store.start_session(r, plan, started, level=level, targets=targets, speed=speed)  # type: ignore[arg-type]
    outcomes = drive(plan, **how)  # type: ignore[arg-type]
    for step, outcome in outcomes:
        store.record_step(sid, step, outcome)
    if finish:
        done = len(outcomes) == len(plan.steps) and outcomes[-1][0].index == len(plan.steps) - 1
        store.finish_session(sid, started, "finished" if done else "stopped")
    if rating is not None:
        store.set_rating(sid, rating)
    return sid


def damaged_database(db: Path, sessions: int = 40) -> None:
    """A history of `sessions` sessions at `db`, then pages 2 and 3 overwritten with junk."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore.open(db, print) as s:
        for n in range(sessions):
            record(s, default_routine(), datetime(2025, 3, 3, 8, n % 60))
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    raw = bytearray(db.read_bytes())
    page = int.from_bytes(raw[16:18], "big")
    raw[page + 8 : page * 3] = b"\xff" * (page * 3 - page - 8)
    db.write_bytes(bytes(raw))


HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def locked_by_another_process(db: Path) -> Iterator[subprocess.Popen[str]]:
    """A second process holds `db` in an exclusive transaction until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        if proc.poll() is None:
            assert proc.stdin is not None
            proc.stdin.write("\n")
            proc.stdin.flush()
        proc.wait(timeout=30)


def still_locked(db: Path) -> bool:
    """True while another connection holds the write lock on `db`."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as err:
        return "locked" in str(err)
    finally:
        conn.close()
    return False
