"""Reading the [remind] values and flags: intervals ("2h", "90m"), working hours
("09:00-18:00") and days ("mon-fri"). Pure: no I/O, no clock, no backtimer imports."""

from __future__ import annotations

import re
from datetime import time, timedelta

EVERY_RANGE = (timedelta(minutes=10), timedelta(hours=8))
"""How often `remind` may remind: [remind] every and --every."""
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?")
_HOURS = re.compile(r"(\d{1,2})(?::(\d\d))?\s*-\s*(\d{1,2})(?::(\d\d))?")


class SpecError(ValueError):
    """A value that does not read as an interval, hours or days; the message says how."""


def parse_span(text: str, low: timedelta, high: timedelta) -> timedelta:
    """'2h', '90m', '1h30m', '45s' within [low, high]; a bare number is minutes."""
    words = text.strip().lower()
    if words.isdigit():
        span = timedelta(minutes=int(words))
    else:
        m = _SPAN.fullmatch(words)
        if not words or m is None or not any(m.groups()):
            raise SpecError(f"{text!r} is not a duration such as 2h, 90m or 1h30m")
        h, mins, secs = (int(g or 0) for g in m.groups())
        span = timedelta(hours=h, minutes=mins, seconds=secs)
    if not low <= span <= high:
        raise SpecError(f"{text!r} is outside {say_span(low)} to {say_span(high)}")
    return span


def parse_hours(text: str) -> tuple[time, time]:
    """'09:00-18:00' or '9-18': the start and end of the working day (start before end)."""
    m = _HOURS.fullmatch(text.strip())
    if m is None:
        raise SpecError(f"{text!r} is not working hours such as 09:00-18:00")
    h1, m1, h2, m2 = (int(g or 0) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise SpecError(f"{text!r} is not working hours such as 09:00-18:00")
    start = time(h1, m1)
    end = time.max if h2 == 24 else time(h2, m2)
    if end <= start:
        raise SpecError(f"{text!r}: the end must come after the start, on the same day")
    return start, end


def parse_days(value: str | list[str]) -> frozenset[int]:
    """'mon-fri', 'mon,wed,fri', 'sat-sun' (a range may wrap: 'fri-mon') or a list of
    names; weekdays as numbers, Monday = 0."""
    parts = value if isinstance(value, list) else re.split(r"[,\s]+", value.strip())
    days: set[int] = set()
    for part in parts:
        if not isinstance(part, str):
            raise SpecError(f"{part!r} is not a day such as mon")
        ends = [p.strip().lower()[:3] for p in part.split("-")]
        if len(ends) > 2 or not all(e in DAY_NAMES for e in ends) or not part.strip():
            raise SpecError(f"{part!r} is not a day or a range of days such as mon-fri")
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    if not days:
        raise SpecError("no days given: use days such as mon-fri")
    return frozenset(days)


def say_span(span: timedelta) -> str:
    """2h, 1h30m, 15m, 45s."""
    total = int(span.total_seconds())
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    text = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    return text or "0m"


def say_days(days: frozenset[int]) -> str:
    """mon-fri, every day, mon,wed,fri, sat-sun."""
    if len(days) == 7:
        return "every day"
    runs: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        first, last = DAY_NAMES[ordered[i]], DAY_NAMES[ordered[j]]
        runs.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return ",".join(runs)


def say_hours(start: time, end: time) -> str:
    close = "24:00" if end == time.max else end.strftime("%H:%M")
    return f"{start.strftime('%H:%M')}-{close}"
