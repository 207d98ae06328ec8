"""Today's targets read the history newest first and stop when they are answered, and
give exactly what progression() over every session gives: a long history is not loaded
to start a session, and a range last reached long ago keeps its target."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from history_support import mishap, record

from backtimer.engine.plan import sets_key
from backtimer.history.progression import (
    max_bests,
    max_keys,
    parse_level,
    progression,
    progression_newest,
)
from backtimer.history.record import SessionRecord
from backtimer.history.stats import counted, monday_of, streak
from backtimer.history.store import HistoryStore
from backtimer.history.summary import added
from backtimer.routine.loader import load_text
from backtimer.routine.model import Routine
from backtimer.run.recorder import plan_today

DAY = datetime(2026, 2, 2, 8, 0)

ROUTINE = """name: Mixed
defaults: {prepare: 0s, rest: 5s, set_rest: 5s, switch: 2s}
exercises:
  - name: Plank
    hold: 20-40s
    sets: 2-3
  - name: Bird dog
    reps: 6-10
    tempo: 2s
    sides: [left, right]
  - name: Side plank
    hold: max 1m
  - name: Cat
    hold: 30s
"""

WITHOUT_SIDE_PLANK = """name: Mixed
defaults: {prepare: 0s, rest: 5s, set_rest: 5s}
exercises:
  - name: Cat
    hold: 30s
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "h.sqlite3", print) as s:
        yield s


def sessions(store: HistoryStore, r: Routine, count: int, rating: int | None = None) -> None:
    """`count` clean sessions of `r` a day apart, each at the targets it earned."""
    for n in range(count):
        targets = dict(plan_today(r, store).progression.targets)
        record(store, r, DAY + timedelta(days=n), targets=targets, rating=rating)


def everything(store: HistoryStore, r: Routine) -> object:
    """progression() over every session of `r`: the answer the lazy read must match."""
    return progression(r, store.sessions(r.name))


def test_a_mixed_history_gives_the_same_targets_after_every_session(
    store: HistoryStore,
) -> None:
    """Clean, skipped, shortened and stopped sessions, --level runs, practice runs and
    ratings that rise and fall, in a fixed random order: after each one, the targets
    read newest first equal those from all of history (raised, held and level too)."""
    r = load_text(ROUTINE)
    rng = random.Random(12)
    for n in range(60):
        today = plan_today(r, store)
        assert today.progression == everything(store, r), f"after {n} sessions"
        steps = len(today.plan.steps)
        kind = rng.choice(["clean", "clean", "clean", "skip", "short", "stop", "level", "fast"])
        how = mishap(rng, kind, steps)
        record(
            store,
            r,
            DAY + timedelta(days=n),
            targets=dict(today.progression.targets),
            level=rng.choice(["high", 1]) if kind == "level" else None,
            rating=rng.choice([None, 2, 5, 8, 9]),
            speed=4.0 if kind == "fast" else 1.0,
            **how,
        )
    final = plan_today(r, store).progression
    assert final == everything(store, r)
    assert final.targets, "sixty sessions earned some targets"


def test_a_level_override_gives_the_same_targets(store: HistoryStore) -> None:
    r = load_text(ROUTINE)
    sessions(store, r, 3)
    for level in ("low", "high", "2"):
        lazy = plan_today(r, store, level).progression
        assert lazy == progression(r, store.sessions(r.name), parse_level(level))


def watched(source: Iterator[SessionRecord], seen: list[int]) -> Iterator[SessionRecord]:
    for session in source:
        seen.append(session.id)
        yield session


def test_a_long_history_is_read_only_as_far_as_the_latest_session(
    store: HistoryStore,
) -> None:
    r = load_text(ROUTINE)
    sessions(store, r, 40, rating=7)
    seen: list[int] = []
    bests = store.longest_holds(r.name, max_keys(r))
    lazy = progression_newest(r, watched(store.newest(r.name), seen), bests)
    assert lazy == everything(store, r)
    # The latest session answers every range; the rating before it is one further back.
    assert len(seen) == 2 and seen == sorted(seen, reverse=True)


def test_a_range_last_reached_long_ago_keeps_its_target(store: HistoryStore) -> None:
    """Side plank's best and Plank's target come from sessions 300 back, before the
    routine dropped them for a while: the read goes as deep as it must."""
    r = load_text(ROUTINE)
    sessions(store, r, 3)
    before = plan_today(r, store).progression
    assert before.targets.get("Plank", 0) > 20 and "Side plank" in before.targets
    short = load_text(WITHOUT_SIDE_PLANK)
    for n in range(300):
        record(store, short, DAY + timedelta(days=3, minutes=n))
    after = plan_today(r, store).progression
    assert after == everything(store, r)
    assert after.targets == before.targets


def test_longest_holds_equal_the_bests_over_every_session(store: HistoryStore) -> None:
    r = load_text(ROUTINE)
    for n, speed in enumerate([1.0, 1.0, 10.0, 1.0]):
        record(store, r, DAY + timedelta(days=n), skip={n * 3}, speed=speed)
    mine = [s for s in store.sessions(r.name) if not s.practice]
    expected = max_bests(r, mine)
    assert expected  # the side plank was held in some of them
    assert store.longest_holds(r.name, max_keys(r)) == expected
    assert store.longest_holds(r.name, ()) == {}
    assert store.longest_holds("Another routine", max_keys(r)) == {}


def test_newest_reads_every_session_newest_first_across_batches(store: HistoryStore) -> None:
    r = load_text(WITHOUT_SIDE_PLANK)
    ids = [record(store, r, DAY + timedelta(minutes=n)) for n in range(45)]
    other = load_text(WITHOUT_SIDE_PLANK.replace("Mixed", "Other"))
    record(store, other, DAY)
    got = list(store.newest(r.name, first=2))
    assert [s.id for s in got] == ids[::-1]
    assert got == store.sessions(r.name)
    assert list(store.newest("Nothing")) == []


def test_the_summary_reads_what_it_needs_and_says_what_all_of_history_says(
    store: HistoryStore,
) -> None:
    """added() reads the counted days, the newest sessions and the bests, not every
    session with its steps; each figure equals the one computed from all of them."""
    r = load_text(ROUTINE)
    other = load_text(WITHOUT_SIDE_PLANK.replace("Mixed", "Other"))
    rng = random.Random(5)
    for n in range(24):
        today = plan_today(r, store)
        speed = 3.0 if n % 7 == 3 else 1.0
        stop = {"stop_after": 4} if n % 5 == 2 else {}
        day = DAY + timedelta(days=n // 2)
        sid = record(
            store, r, day, targets=dict(today.progression.targets), speed=speed,
            rating=rng.choice([None, 3, 8]), **stop,
        )  # fmt: skip
        record(store, other, day)
        a = added(store, sid, r, day.date(), weekly_target=3)
        everything = store.sessions()
        mine = [s for s in everything if s.routine == r.name]
        week = monday_of(day.date())
        assert a.week_sessions == sum(1 for d in counted(everything) if monday_of(d) == week)
        assert a.streak == streak(everything, day.date(), 3)
        full = progression(r, mine)
        this = next(s for s in mine if s.id == sid)
        keys = {x.target_key for x in this.steps} | {
            sets_key(e) for e in r.exercises if e.name in {x.exercise for x in this.steps}
        }
        raised = {} if this.practice else {k: v for k, v in full.raised.items() if k in keys}
        assert a.raised == raised and a.held == (None if this.practice else full.held)
        before = max_bests(r, [s for s in mine if s.id != sid and not s.practice])
        assert [(k, b) for k, _, b in a.max_holds] == [
            (x.target_key, before.get(x.target_key))
            for x in this.steps
            if x.kind == "work" and x.work_kind == "max" and x.status == "done"
        ]
    assert store.counted_days() == counted(store.sessions()[::-1])
