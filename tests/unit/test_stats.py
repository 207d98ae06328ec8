"""Weekly totals, streaks and bests on fixed dates (passed in, never read from the clock)."""

from __future__ import annotations

from datetime import date

import pytest

from backtimer.history.record import SessionRecord, SessionStatus, StepRecord
from backtimer.history.stats import (
    Stats,
    WeekTotal,
    bests,
    chart,
    compute,
    streak,
    weekly,
    whole_minutes,
)

TODAY = date(2025, 1, 8)  # a Wednesday in ISO week 2025-W02; 2024-12-30 starts 2025-W01


def step(
    spent: float,
    *,
    key: str = "Plank",
    work: str | None = "hold",
    reps: int | None = None,
    status: str = "done",
) -> StepRecord:
    kind = "work" if work else "rest"
    return StepRecord(
        0, key, key, "", 1, kind, work, status, spent, spent, 0, reps, False, key, spent, None, None
    )  # type: ignore[arg-type]


_ids = iter(range(1, 10_000))


def session(
    started: str, minutes: float = 10, status: SessionStatus = "finished", *steps: StepRecord
) -> SessionRecord:
    body = steps or (step(minutes * 60, work=None),)
    return SessionRecord(next(_ids), "R", "", "", started, None, status, None, None, {}, 1, 0, body)


def test_weeks_are_iso_weeks_ending_with_this_one() -> None:
    sessions = [
        session("2025-01-06T07:00:00", 20),  # Monday of this week
        session("2025-01-08T21:30:00+01:00", 15),  # today, with an offset: its own date
        session("2025-01-05T23:59:00", 12),  # Sunday: last week (2025-W01)
        session("2024-12-30T08:00:00", 10, "stopped"),  # Monday of 2025-W01, not finished
        session("2024-12-29T08:00:00", 30),  # Sunday of 2024-W52
        session("2024-11-01T08:00:00", 30),  # too old for 4 weeks
    ]
    weeks = weekly(sessions, TODAY, weeks=4)
    assert [w.label for w in weeks] == ["2024-W51", "2024-W52", "2025-W01", "2025-W02"]
    assert [w.monday for w in weeks] == [
        date(2024, 12, 16),
        date(2024, 12, 23),
        date(2024, 12, 30),
        date(2025, 1, 6),
    ]
    assert [w.sessions for w in weeks] == [0, 1, 1, 2]
    assert [w.minutes for w in weeks] == [0, 30, 22, 35]  # stopped sessions count as minutes


def test_minutes_are_time_spent_not_wall_time() -> None:
    s = session("2025-01-07T08:00:00", 0, "finished", step(90), step(30, work=None))
    assert weekly([s], TODAY, weeks=1)[0].minutes == 2


def three_a_week(*mondays: str) -> list[SessionRecord]:
    return [session(f"{m}T08:00:00") for m in mondays for _ in range(3)]


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        ([], 0),
        (three_a_week("2024-12-16", "2024-12-23", "2024-12-30"), 3),  # this week still open
        (three_a_week("2024-12-16", "2024-12-23", "2024-12-30", "2025-01-06"), 4),
        (three_a_week("2024-12-09", "2024-12-23", "2024-12-30"), 2),  # a gap breaks it
        (three_a_week("2024-12-16", "2024-12-23"), 0),  # last week missed: broken
        (three_a_week("2025-01-06"), 1),
        ([session("2024-12-30T08:00:00") for _ in range(2)], 0),  # 2 of 3
    ],
)
def test_streak_counts_weeks_meeting_the_target(
    sessions: list[SessionRecord], expected: int
) -> None:
    assert streak(sessions, TODAY, target=3) == expected


def test_streak_only_counts_finished_sessions() -> None:
    stopped = [session("2024-12-30T08:00:00", 10, "stopped") for _ in range(3)]
    assert streak(stopped, TODAY, target=3) == 0
    assert streak(stopped[:1] + three_a_week("2024-12-30")[:1], TODAY, target=1) == 1


def test_streak_with_another_weekly_target() -> None:
    sessions = three_a_week("2024-12-23", "2024-12-30")[:2] + three_a_week("2024-12-30")
    assert streak(sessions, TODAY, target=3) == 1  # 2024-W52 had 2
    assert streak(sessions, TODAY, target=2) == 2


def test_bests_are_the_longest_done_hold_and_most_reps() -> None:
    sessions = [
        session("2025-01-01T08:00:00", 0, "finished", step(30), step(40, status="skipped")),
        session(
            "2025-01-02T08:00:00",
            0,
            "stopped",
            step(35),
            step(24, key="Bridge", work="reps", reps=12),
        ),
        session("2025-01-03T08:00:00", 0, "finished", step(20, key="Bridge", work="reps", reps=15)),
        session("2025-01-04T08:00:00", 0, "finished", step(60, key="Shrugs", work="time")),
    ]
    got = {b.exercise: (b.longest_hold, b.most_reps) for b in bests(sessions)}
    assert got == {"Plank": (35, None), "Bridge": (None, 15)}


def test_compute_and_chart() -> None:
    sessions = three_a_week("2024-12-30") + [session("2025-01-07T08:00:00", 45)]
    stats = compute(sessions, TODAY, weekly_target=3, weeks=3)
    assert stats.streak == 1
    assert chart(stats, width=10) == [
        "week     sessions minutes",
        "2024-W52 ···  0   0",
        "2025-W01 ███  3✓  ███████ 30",
        "2025-W02 █··  1   ██████████ 45",
    ]
    assert chart(stats, width=10, ascii=True)[2] == "2025-W01 ###  3*  ####### 30"


def test_chart_widens_for_more_sessions_than_the_target() -> None:
    weeks = (WeekTotal(date(2025, 1, 6), 5, 0), WeekTotal(date(2024, 12, 30), 0, 0))
    lines = chart(Stats(weeks, 2, 0, ()))
    assert lines == ["week     sessions  minutes", "2025-W02 █████  5✓ 0", "2025-W01 ··     0  0"]


def test_chart_never_reads_zero_beside_a_bar() -> None:
    """A week of a few seconds (a session stopped at once) drew the full bar as the
    longest week, labelled "0"."""
    weeks = (WeekTotal(date(2025, 1, 6), 0, 0.05), WeekTotal(date(2024, 12, 30), 0, 0))
    lines = chart(Stats(weeks, 1, 0, ()), width=4)
    assert lines[1:] == ["2025-W02 ·  0     ████ <1", "2025-W01 ·  0     0"]
    assert whole_minutes(0.5) == "<1" and whole_minutes(0.51) == "1"
    assert whole_minutes(0) == "0"


def test_as_dict() -> None:
    stats = compute(three_a_week("2025-01-06"), TODAY, weekly_target=3, weeks=1)
    assert stats.as_dict() == {
        "weekly_target": 3,
        "streak_weeks": 1,
        "practice_sessions": 0,
        "weeks": [{"week": "2025-W02", "start": "2025-01-06", "sessions": 3, "minutes": 30.0}],
        "exercises": [],
    }
