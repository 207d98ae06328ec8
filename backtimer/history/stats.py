"""Weekly totals, the streak and personal bests from session records; pure, no textual, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from backtimer.history.record import SessionRecord

DEFAULT_WEEKLY_TARGET = 3
"""001_ff87205b381cbce1.txt: "train 3 times a week for 15-20 minutes" (the 000 expert: two
to three). A routine with its own per_week is counted toward that by stats ROUTINE."""
DEFAULT_WEEKS = 8


@dataclass(frozen=True)
class WeekTotal:
    monday: date
    sessions: int
    """Finished sessions started this ISO week (what the weekly target counts)."""
    minutes: float
    """Minutes actually spent this week, stopped sessions included."""

    @property
    def label(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Best:
    exercise: str
    """The exercise, or "Exercise / flow item"."""
    longest_hold: float | None
    """Most seconds in one completed hold."""
    most_reps: int | None
    """Most reps in one completed set."""


@dataclass(frozen=True)
class Stats:
    weeks: tuple[WeekTotal, ...]
    """Oldest first, ending with the week of `today`."""
    weekly_target: int
    streak: int
    """Consecutive weeks meeting the target, up to this week (or last, while this one is open)."""
    bests: tuple[Best, ...]
    practice: int = 0
    """Practice runs (--speed other than 1) in these weeks: counted in nothing above."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "weekly_target": self.weekly_target,
            "streak_weeks": self.streak,
            "practice_sessions": self.practice,
            "weeks": [
                {
                    "week": w.label,
                    "start": w.monday.isoformat(),
                    "sessions": w.sessions,
                    "minutes": round(w.minutes, 1),
                }
                for w in self.weeks
            ],
            "exercises": [
                {
                    "exercise": b.exercise,
                    "longest_hold_seconds": b.longest_hold,
                    "most_reps": b.most_reps,
                }
                for b in self.bests
            ],
        }


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class Tally(NamedTuple):
    """What the weekly totals need of one session, without its steps."""

    day: date
    finished: bool
    practice: bool
    spent: float
    """Seconds spent, pauses excluded (the sum of its steps)."""


def tally(session: SessionRecord) -> Tally:
    return Tally(session.day, session.status == "finished", session.practice, session.spent)


def weekly(
    sessions: Iterable[SessionRecord], today: date, weeks: int = DEFAULT_WEEKS
) -> list[WeekTotal]:
    """Totals for the last `weeks` ISO weeks, oldest first, the week of `today` last
    (practice runs left out)."""
    return weekly_of(map(tally, sessions), today, weeks)


def first_monday(today: date, weeks: int = DEFAULT_WEEKS) -> date:
    """The Monday the last `weeks` weeks start on."""
    return monday_of(today) - timedelta(weeks=weeks - 1)


def weekly_of(tallies: Iterable[Tally], today: date, weeks: int = DEFAULT_WEEKS) -> list[WeekTotal]:
    """weekly() from the sessions' tallies."""
    this = monday_of(today)
    mondays = [this - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    count = dict.fromkeys(mondays, 0)
    minutes = dict.fromkeys(mondays, 0.0)
    for s in tallies:
        week = monday_of(s.day)
        if week in count and not s.practice:
            count[week] += s.finished
            minutes[week] += s.spent / 60
    return [WeekTotal(m, count[m], minutes[m]) for m in mondays]


def streak(sessions: Iterable[SessionRecord], today: date, target: int) -> int:
    """Weeks in a row meeting `target`; the current week only breaks it once it is over."""
    return streak_of(counted(sessions), today, target)


def counted(sessions: Iterable[SessionRecord]) -> list[date]:
    """The day of each session the weekly target counts: finished, not a practice run
    (as HistoryStore.counted_days reads them)."""
    return [s.day for s in sessions if s.status == "finished" and not s.practice]


def streak_of(days: Iterable[date], today: date, target: int) -> int:
    """streak() from the days of the counted sessions."""
    per_week: dict[date, int] = {}
    for day in days:
        week = monday_of(day)
        per_week[week] = per_week.get(week, 0) + 1
    week = monday_of(today)
    if per_week.get(week, 0) < target:
        week -= timedelta(weeks=1)
    run = 0
    while target > 0 and per_week.get(week, 0) >= target:
        run += 1
        week -= timedelta(weeks=1)
    return run


def bests(sessions: Iterable[SessionRecord]) -> list[Best]:
    """Longest completed hold and most completed reps per exercise, in first-seen order."""
    hold: dict[str, float | None] = {}
    reps: dict[str, int | None] = {}
    for s in sorted((s for s in sessions if not s.practice), key=lambda s: s.id):
        for r in s.steps:
            if r.kind != "work" or r.status != "done":
                continue
            key = r.target_key or r.exercise
            hold.setdefault(key, None)
            reps.setdefault(key, None)
            if r.work_kind in ("hold", "max"):
                hold[key] = max(hold[key] or 0.0, r.spent)
            if r.work_kind == "reps" and r.reps is not None:
                reps[key] = max(reps[key] or 0, r.reps)
    return [Best(k, hold[k], reps[k]) for k in hold if hold[k] is not None or reps[k] is not None]


def compute(
    sessions: Sequence[SessionRecord],
    today: date,
    weekly_target: int = DEFAULT_WEEKLY_TARGET,
    weeks: int = DEFAULT_WEEKS,
) -> Stats:
    first = first_monday(today, weeks)
    tallies = [tally(s) for s in sessions if monday_of(s.day) >= first]
    return compute_of(tallies, counted(sessions), bests(sessions), today, weekly_target, weeks)


def compute_of(
    tallies: Sequence[Tally],
    days: Iterable[date],
    best: Sequence[Best],
    today: date,
    weekly_target: int = DEFAULT_WEEKLY_TARGET,
    weeks: int = DEFAULT_WEEKS,
) -> Stats:
    """compute() from the parts a store can read without every session's steps: the
    tallies of the sessions in the shown weeks, the counted days of all of them (see
    counted) and the bests (HistoryStore.stats_parts reads all three)."""
    first = first_monday(today, weeks)
    practice = sum(1 for s in tallies if s.practice and monday_of(s.day) >= first)
    return Stats(
        tuple(weekly_of(tallies, today, weeks)),
        weekly_target,
        streak_of(days, today, weekly_target),
        tuple(best),
        practice,
    )


def chart(stats: Stats, width: int = 24, *, ascii: bool = False) -> list[str]:
    """The weekly totals as text bars: sessions against the target, then minutes."""
    full, empty, tick = ("#", ".", "*") if ascii else ("█", "·", "✓")
    top = max((w.minutes for w in stats.weeks), default=0.0)
    slots = max([stats.weekly_target, *(w.sessions for w in stats.weeks)])
    col = max(len("sessions"), slots + 4)
    lines = [f"{'week':<8} {'sessions':<{col}} minutes"]
    for w in stats.weeks:
        met = tick if stats.weekly_target and w.sessions >= stats.weekly_target else " "
        dots = full * w.sessions + empty * max(0, stats.weekly_target - w.sessions)
        cell = f"{dots:<{slots}} {w.sessions:>2}{met}"
        bar = full * round(w.minutes / top * width) + " " if top and w.minutes else ""
        lines.append(f"{w.label:<8} {cell:<{col}} {bar}{whole_minutes(w.minutes)}")
    return lines


def whole_minutes(minutes: float) -> str:
    """Minutes to the nearest one; a week with any time at all never reads 0 (a few
    seconds of a stopped session read "<1", beside the bar that shows them)."""
    text = f"{minutes:.0f}"
    return "<1" if minutes > 0 and text == "0" else text
