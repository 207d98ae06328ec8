"""Progression: ranges start low, step up after clean sessions, hold after skips and bad ratings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from history_support import default_routine, exercise, hold, record, reps, routine

from backtimer.engine.plan import compile_plan
from backtimer.history.progression import parse_level, progression
from backtimer.history.store import HistoryStore
from backtimer.routine.model import Routine

DAY = datetime(2025, 3, 3, 8, 0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "h.sqlite3", print) as s:
        yield s


def today(store: HistoryStore, r: Routine) -> dict[str, float]:
    p = progression(r, store.sessions(r.name))
    return p.targets


def run(store: HistoryStore, r: Routine, n: int = 0, **how: object) -> int:
    """Record session number `n` with the targets progression gives today."""
    p = progression(r, store.sessions(r.name))
    return record(store, r, DAY + timedelta(days=n), targets=p.targets, **how)  # type: ignore[arg-type]


def test_no_history_means_lower_bounds(store: HistoryStore) -> None:
    r = default_routine()
    p = progression(r, store.sessions(r.name))
    assert (p.level, p.targets, p.raised, p.held) == ("low", {}, {}, None)
    plan = compile_plan(r, p.level, p.targets)
    assert [s.seconds for s in plan.steps if s.kind == "work"] == [20, 20, 20.0, 30]


def test_clean_session_steps_holds_up_5s_and_reps_up_1(store: HistoryStore) -> None:
    r = default_routine()
    run(store, r)
    p = progression(r, store.sessions(r.name))
    assert p.targets == {"Plank": 25, "Bridge": 11}
    assert p.raised == {"Plank": (20, 25), "Bridge": (10, 11)}
    plan = compile_plan(r, p.level, p.targets)
    assert [(s.seconds, s.reps) for s in plan.steps if s.kind == "work"] == [
        (25, None),
        (25, None),
        (22.0, 11),
        (30, None),
    ]


def test_steps_up_each_session_until_the_upper_bound(store: HistoryStore) -> None:
    r = default_routine()
    seen = []
    for n in range(6):
        run(store, r, n)
        seen.append(today(store, r)["Plank"])
    assert seen == [25, 30, 35, 40, 40, 40]
    assert today(store, r)["Bridge"] == 15


def test_routine_sets_its_own_step(store: HistoryStore) -> None:
    r = routine(exercise("Plank", hold(20, 60, progress=10)))
    run(store, r)
    assert today(store, r) == {"Plank": 30}


@pytest.mark.parametrize(
    ("how", "plank", "bridge"),
    [
        ({"skip": {0}}, 20, 11),  # one plank set skipped: plank stays, bridge steps up
        ({"shorten": {2}}, 20, 11),  # the second plank set shortened by 10 s
        ({"skip": {4}}, 25, 10),  # bridge skipped
        ({"stop_after": 3}, 25, None),  # quit before the bridge: it has no history yet
        ({"stop_after": 1}, 20, None),  # quit after the first of two plank sets
    ],
)
def test_skipped_shortened_or_unfinished_exercise_stays(
    store: HistoryStore, how: dict[str, object], plank: float, bridge: float | None
) -> None:
    r = default_routine()
    run(store, r, **how)
    targets = today(store, r)
    assert targets.get("Plank") == plank
    assert targets.get("Bridge") == bridge


def test_a_skipped_exercise_stays_where_it_was_not_at_the_bottom(store: HistoryStore) -> None:
    r = default_routine()
    run(store, r, 0)
    run(store, r, 1)  # plank at 25 s, clean -> 30
    run(store, r, 2, skip={0})  # plank at 30 s, skipped -> stays 30
    assert today(store, r)["Plank"] == 30


def test_flow_items_progress_by_their_own_key(store: HistoryStore) -> None:
    r = routine(
        exercise(
            "Lunge", flow=(("Low lunge", hold(30)), ("Pigeon", hold(20, 40))), sides=("l", "r")
        )
    )
    run(store, r)
    assert today(store, r) == {"Lunge / Pigeon": 25}


def test_self_paced_reps_progress_when_every_rep_was_counted(store: HistoryStore) -> None:
    r = routine(exercise("Bird dog", reps(8, 12, tempo=None), sides=("left", "right")))
    run(store, r)
    assert today(store, r) == {"Bird dog": 9}


@pytest.mark.parametrize(
    ("ratings", "held"),
    [
        ((7, 5), True),  # worse by 2: hold
        ((7, 3), True),
        ((7, 6), False),  # worse by 1 only
        ((5, 8), False),  # better
        ((7, None), False),  # not rated last time
        ((None, 2), False),  # nothing to compare with
    ],
)
def test_a_rating_worse_by_2_holds_targets(
    store: HistoryStore, ratings: tuple[int | None, int | None], held: bool
) -> None:
    r = default_routine()
    run(store, r, 0, rating=ratings[0])
    run(store, r, 1, rating=ratings[1])
    p = progression(r, store.sessions(r.name))
    assert p.targets["Plank"] == (25 if held else 30)
    assert (p.held is not None) == held
    assert not held or (p.raised == {} and "worse" in (p.held or ""))


def test_after_a_held_session_a_clean_one_steps_up_again(store: HistoryStore) -> None:
    r = default_routine()
    run(store, r, 0, rating=8)
    run(store, r, 1, rating=5)  # plank at 25, held
    run(store, r, 2, rating=5)  # plank at 25 again, clean, same rating
    assert today(store, r)["Plank"] == 30


def test_level_override_ignores_history_and_is_not_counted(store: HistoryStore) -> None:
    r = default_routine()
    run(store, r, 0)
    p = progression(r, store.sessions(r.name), override="high")
    assert (p.level, p.targets) == ("high", {})
    record(store, r, DAY + timedelta(days=1), level="high")
    record(store, r, DAY + timedelta(days=2), level=2)
    assert today(store, r)["Plank"] == 25  # only the first session counts


def test_an_edited_range_clamps_the_remembered_value(store: HistoryStore) -> None:
    r = default_routine()
    for n in range(4):
        run(store, r, n)  # plank reaches 40
    narrower = routine(exercise("Plank", hold(20, 30), sets=2), name=r.name, digest="d2")
    assert today(store, narrower) == {"Plank": 30}


def test_other_routines_do_not_count(store: HistoryStore) -> None:
    run(store, default_routine(name="Other"))
    r = default_routine()
    assert progression(r, store.sessions()).targets == {}


@pytest.mark.parametrize(("text", "level"), [("low", "low"), ("high", "high"), ("3", 3), ("0", 0)])
def test_parse_level(text: str, level: object) -> None:
    assert parse_level(text) == level


@pytest.mark.parametrize("text", ["", "-1", "mid", "1.5"])
def test_parse_level_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="--level"):
        parse_level(text)


def test_summary_shows_what_the_session_added(store: HistoryStore) -> None:
    from datetime import date

    from backtimer.history.summary import added

    r = default_routine()
    first = run(store, r, 0, stop_after=3)  # plank clean, the rest not reached
    a = added(store, first, r, date(2025, 3, 3))
    assert (a.spent, a.week_sessions, a.streak, a.raised, a.held) == (
        45,
        0,
        0,
        {"Plank": (20, 25)},
        None,
    )
    second = run(store, r, 1, rating=8, skip={0})  # plank skipped: only the bridge goes up
    a = added(store, second, r, date(2025, 3, 4), weekly_target=1)
    assert (a.week_sessions, a.streak, a.raised) == (1, 1, {"Bridge": (10, 11)})
    store.set_rating(second, 8)
    third = run(store, r, 2)
    store.set_rating(third, 5)
    a = added(store, third, r, date(2025, 3, 5))
    assert a.raised == {} and a.held is not None and "8 → 5" in a.held
    with pytest.raises(KeyError):
        added(store, 999, r, date(2025, 3, 5))
