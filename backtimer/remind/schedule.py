"""When the next desk break is due, from the settings, what happened so far and a clock
reading passed in. Pure: no I/O, no wall clock, no textual. Times are naive local
datetimes, as the history database keeps them.

The next reminder is one interval after the latest of: the start of the working day,
the start of reminding, the last reminder shown or skipped, and the end of the last break
done (by "Start now" or any other way, as history tells). Being late (a machine that slept
through it) gives one reminder now, never one per missed interval. A snooze reminds 15
minutes later whatever the hours (unless a break was done meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

DAILY_MAX = timedelta(minutes=15)
"""004: "It is enough to devote 10-15 minutes a day": no reminder would pass 15 minutes."""
DAILY_MIN = timedelta(minutes=10)
SNOOZE = timedelta(minutes=15)
LOOKAHEAD_DAYS = 8


@dataclass(frozen=True)
class Settings:
    every: timedelta = timedelta(hours=2)
    start: time = time(9)
    end: time = time(18)
    days: frozenset[int] = frozenset(range(5))
    """Weekdays with reminders, Monday = 0."""
    break_seconds: float = 240.0
    """How long the routine's session lasts, counted against the day's 15 minutes."""


@dataclass(frozen=True)
class Break:
    """A session of the routine that was done (from history), by when it ended."""

    ended: datetime
    seconds: float


@dataclass(frozen=True)
class State:
    started: datetime
    """When reminding started (the first reminder is an interval later)."""
    prompted: datetime | None = None
    """The last reminder shown, or the last answer that moves the next one (skip, start)."""
    waiting: bool = False
    """A reminder is shown and not answered yet."""
    snoozed: tuple[datetime, datetime] | None = None
    """(when snoozed, until when)."""
    paused_until: datetime | None = None
    asap: bool = False
    """Remind at once (`remind --now`), whatever the hours."""
    breaks: tuple[Break, ...] = ()
    skips: tuple[datetime, ...] = ()


def next_reminder(s: Settings, st: State, now: datetime) -> datetime | None:
    """The instant of the next reminder (`now` when due or overdue); None when no working
    day comes within a week."""
    if st.asap:
        return now
    if st.snoozed is not None and _snooze_holds(st, st.snoozed[0]):
        # Asked for by the user, so kept even past the end of the working day.
        return max(st.snoozed[1], st.paused_until or st.snoozed[1], now)
    for offset in range(LOOKAHEAD_DAYS):
        at = _on_day(s, st, now, now.date() + timedelta(days=offset))
        if at is not None:
            return at
    return None


def _on_day(s: Settings, st: State, now: datetime, day: date) -> datetime | None:
    if day.weekday() not in s.days or over_budget(s, st, day):
        return None
    opens, closes = datetime.combine(day, s.start), datetime.combine(day, s.end)
    anchor = max(a for a in (opens, st.started, st.prompted, _last_break(st)) if a is not None)
    at = anchor + s.every
    if st.paused_until is not None:
        at = max(at, st.paused_until)
    at = max(at, now)  # overdue: once, now
    return at if opens <= at < closes else None


def _snooze_holds(st: State, when: datetime) -> bool:
    """No reminder was shown and no break done since the snooze."""
    return all(a is None or a <= when for a in (st.prompted, _last_break(st)))


def _last_break(st: State) -> datetime | None:
    return max((b.ended for b in st.breaks), default=None)


def done_seconds(st: State, day: date) -> float:
    return sum(b.seconds for b in st.breaks if b.ended.date() == day)


def over_budget(s: Settings, st: State, day: date) -> bool:
    """Another break would take the day past 15 minutes (the first one is always offered)."""
    done = done_seconds(st, day)
    return done > 0 and done + s.break_seconds > DAILY_MAX.total_seconds()


def due(s: Settings, st: State, now: datetime) -> bool:
    at = next_reminder(s, st, now)
    return at is not None and at <= now


def shown(st: State, now: datetime) -> State:
    return replace(st, prompted=now, waiting=True, asap=False, snoozed=None)


def snoozed(st: State, now: datetime) -> State:
    return replace(st, waiting=False, snoozed=(now, now + SNOOZE))


def skipped(st: State, now: datetime) -> State:
    return replace(st, waiting=False, prompted=now, snoozed=None, skips=(*st.skips, now))


def session_ended(st: State, now: datetime) -> State:
    """After "Start now": the next interval counts from the session's end, with or
    without history."""
    return replace(st, waiting=False, prompted=now, snoozed=None)


def paused(st: State, until: datetime | None) -> State:
    """Pause until `until`; None ends a pause."""
    return replace(st, paused_until=until)


def with_breaks(st: State, breaks: tuple[Break, ...]) -> State:
    return st if breaks == st.breaks else replace(st, breaks=breaks)


@dataclass(frozen=True)
class Day:
    breaks: int
    seconds: float
    skipped: int


def day_summary(st: State, day: date) -> Day:
    return Day(
        breaks=sum(1 for b in st.breaks if b.ended.date() == day),
        seconds=done_seconds(st, day),
        skipped=sum(1 for t in st.skips if t.date() == day),
    )
