"""The stats from aggregates (HistoryStore.stats_parts, as `backtimer stats` and the
history screen read them) equal compute() over every session with its steps, for the
whole history and for one routine, at several dates and week counts. Cat-cow is timed in
one routine and counted in the other, so one key mixes steps with and without reps; a
hold counted in breaths keeps its count in the reps column but is no best."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from history_support import drive, mishap, record

from backtimer.engine.plan import compile_plan
from backtimer.history.stats import compute, compute_of, first_monday
from backtimer.history.store import HistoryStore
from backtimer.routine.loader import load_text

PLANKS = """name: Planks
defaults: {prepare: 0s, rest: 5s, set_rest: 5s, switch: 2s}
exercises:
  - name: Plank
    hold: 20-40s
    sets: 2
  - name: Side plank
    hold: max 1m
    sides: both
  - name: Bird dog
    reps: 6-10
    tempo: 2s
  - name: Cat-cow
    time: 20s
    breath: 3s/3s
"""
STRETCH = """name: Stretch
defaults: {prepare: 0s, rest: 5s}
exercises:
  - name: Cat
    hold: 30s
  - name: Knee hug
    reps: 5
    tempo: 3s
  - name: Plank
    hold: 10s
  - name: Breathing
    time: 30s
    breath: 3s/3s
  - name: Supported rest
    breaths: 5
    breath: 3s/3s
  - name: Cat-cow
    reps: 6
    breath: 3s/3s
"""
START = datetime(2026, 1, 5, 8, 0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "h.sqlite3", print) as s:
        yield s


def same(store: HistoryStore, today: date, weeks: int, routine: str | None = None) -> None:
    sessions = store.sessions()
    if routine is not None:
        sessions = [s for s in sessions if s.routine == routine]
    expected = compute(sessions, today, 3, weeks)
    got = compute_of(*store.stats_parts(first_monday(today, weeks), routine), today, 3, weeks)
    assert got == expected, (today, weeks, routine)


def test_stats_from_aggregates_equal_stats_from_every_session(store: HistoryStore) -> None:
    routines = [load_text(PLANKS), load_text(STRETCH)]
    rng = random.Random(7)
    for n in range(70):
        r = rng.choice(routines)
        steps = len(compile_plan(r, "low").steps)
        kind = rng.choice(["clean", "clean", "skip", "short", "stop", "fast"])
        how = mishap(rng, kind, steps)
        when = START + timedelta(days=rng.randrange(0, 120), minutes=n)
        record(store, r, when, speed=8.0 if kind == "fast" else 1.0, **how)  # type: ignore[arg-type]
        same(store, when.date(), 8)  # each time, another session is the latest written
    kinds = {x.work_kind for s in store.sessions() for x in s.steps if x.kind == "work"}
    assert kinds >= {"hold", "max", "reps"} and len(kinds) > 3, "a breath-paced kind too"
    assert store.stats_parts(date(2020, 1, 1))[2], "bests were found"
    for today in (date(2026, 1, 4), date(2026, 2, 14), date(2026, 5, 1), date(2027, 1, 1)):
        for weeks in (1, 8, 30):
            same(store, today, weeks)
            same(store, today, weeks, "Planks")
            same(store, today, weeks, "Nothing")


def test_bests_keep_the_order_first_seen_when_sessions_interleave(store: HistoryStore) -> None:
    """Session 1 starts first but writes its steps after session 2's: first seen is by
    session, then by step, as compute() walks them."""
    planks, stretch = load_text(PLANKS), load_text(STRETCH)
    p1, p2 = compile_plan(stretch, "low"), compile_plan(planks, "low")
    first = store.start_session(stretch, p1, START)
    second = store.start_session(planks, p2, START + timedelta(minutes=1))
    for step, outcome in drive(p2):
        store.record_step(second, step, outcome)
    for step, outcome in drive(p1):
        store.record_step(first, step, outcome)
    store.finish_session(first, START, "finished")
    store.finish_session(second, START, "finished")
    same(store, START.date(), 8)
    bests = store.stats_parts(START.date())[2]
    assert bests[0].exercise == "Cat" and "Plank" in [b.exercise for b in bests]
