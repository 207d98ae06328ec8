"""The running reminder's state: the pure schedule behind a lock, shared by the main loop
and the control socket's thread. The clock is handed in; nothing here reads it itself."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from backtimer.remind import schedule as sch
from backtimer.remind.spec import say_days, say_hours, say_span

Clock = Callable[[], datetime]
Breaks = Callable[[], tuple[sch.Break, ...]]


@dataclass(frozen=True)
class Desk:
    """What is reminded of: the routine's name and how long it lasts."""

    name: str
    seconds: float

    @property
    def minutes(self) -> str:
        """'4 minutes', as long as the break lasts, rounded to the minute."""
        n = max(1, round(self.seconds / 60))
        return f"{n} minute{'s' * (n != 1)}"

    @property
    def title(self) -> str:
        return f"Desk break: {self.minutes}"


class Reminders:
    def __init__(
        self,
        settings: sch.Settings,
        desk: Desk,
        clock: Clock,
        breaks: Breaks = tuple,
        asap: bool = False,
    ) -> None:
        self.settings, self.desk, self.clock, self._breaks = settings, desk, clock, breaks
        self.state = sch.State(started=clock(), asap=asap)
        self.lock = threading.Lock()
        self.busy = False
        """A break is running in the terminal."""
        self.on_change: Callable[[str], None] = lambda text: None
        """Told (from the control thread) when a pause changed the schedule."""

    def _update(self, change: Callable[[sch.State], sch.State]) -> None:
        with self.lock:
            self.state = change(self.state)

    def refresh(self) -> None:
        """Take in breaks done since (history: a session done some other way)."""
        found = self._breaks()
        self._update(lambda st: sch.with_breaks(st, found))

    def next_at(self, now: datetime) -> datetime | None:
        with self.lock:
            return sch.next_reminder(self.settings, self.state, now)

    def due(self, now: datetime) -> bool:
        with self.lock:
            return sch.due(self.settings, self.state, now)

    @property
    def waiting(self) -> bool:
        return self.state.waiting

    def shown(self, now: datetime) -> None:
        self._update(lambda st: sch.shown(st, now))

    def answer(self, key: str, now: datetime) -> None:
        change = {"snooze": sch.snoozed, "skip": sch.skipped, "start": sch.session_ended}[key]
        self._update(lambda st: change(st, now))

    # -- the control socket's requests ---------------------------------------------

    def command(self, request: dict[str, object]) -> str:
        now = self.clock()
        if request.get("cmd") == "pause":
            seconds = request.get("seconds")
            until = now + timedelta(seconds=seconds) if isinstance(seconds, int) else None
            self._update(lambda st: sch.paused(st, until))
            text = (
                f"Reminders paused until {until:%H:%M}."
                if until
                else "Reminders resumed. " + self.next_text(now)
            )
            self.on_change(text)
            return text
        return self.status(now)

    def next_text(self, now: datetime) -> str:
        at = self.next_at(now)
        if at is None:
            return "No desk break within a week (no working days?)."
        if at <= now:
            return "Next desk break: now."
        if at.date() != now.date():
            return f"Next desk break: {at:%a %d %b %H:%M}."
        return (
            f"Next desk break: {at:%H:%M} (in {say_span(timedelta(minutes=_minutes(at - now)))})."
        )

    def status(self, now: datetime) -> str:
        s, st = self.settings, self.state
        lines = [
            f"Reminding: {self.desk.name} ({self.desk.minutes})"
            f" every {say_span(s.every)}, {say_days(s.days)} {say_hours(s.start, s.end)}."
        ]
        if self.busy:
            lines.append("A desk break is running now.")
        elif st.waiting:
            lines.append(f"Waiting for an answer to the reminder of {st.prompted:%H:%M}.")
        if st.paused_until is not None and st.paused_until > now:
            lines.append(f"Paused until {st.paused_until:%H:%M}.")
        if not self.busy:
            lines.append(self.next_text(now))
        lines.append(today_text(sch.day_summary(st, now.date())))
        return "\n".join(lines)


def _minutes(span: timedelta) -> int:
    return max(1, -(-int(span.total_seconds()) // 60))


def today_text(day: sch.Day) -> str:
    minutes = round(day.seconds / 60)
    low, high = (int(x.total_seconds() // 60) for x in (sch.DAILY_MIN, sch.DAILY_MAX))
    breaks = f"{day.breaks} break{'s' * (day.breaks != 1)}"
    skipped = f", {day.skipped} skipped" if day.skipped else ""
    return f"Today: {breaks}, {minutes} min of the {low}-{high} a day{skipped}."
