"""Clocks handed to the session screen: the real monotonic one and a fake for tests."""

from __future__ import annotations

import time
from typing import Protocol

STALL_SECONDS = 2.0
"""Real seconds without a wake-up, while a session runs, after which it was stalled (the
process stopped, the machine frozen or asleep): the session pauses where it stopped."""


class Clock(Protocol):
    def now(self) -> float: ...


class MonotonicClock:
    """time.monotonic(), optionally running `speed` times faster (for trying a routine)."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self.stall_after: float | None = STALL_SECONDS
        """Real seconds without a wake-up that count as a stall (None: never)."""
        self._origin = time.monotonic()
        self._awake = _boottime() - self._origin

    def now(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * self.speed

    def real(self, instant: float) -> float:
        """The real monotonic instant at which this clock reads `instant`."""
        return self._origin + (instant - self._origin) / self.speed

    def asleep(self) -> float:
        """Real seconds the machine was suspended since this clock was made. On Linux
        CLOCK_BOOTTIME counts a suspend and CLOCK_MONOTONIC does not; elsewhere 0."""
        return max(0.0, _boottime() - time.monotonic() - self._awake)


def _boottime() -> float:
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        return time.monotonic()
    try:
        return time.clock_gettime(boottime)
    except OSError:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to. `stall_after` (None: no stalls) lets a test
    see a jump without a wake-up as a stopped process; `suspend` is a machine asleep."""

    def __init__(self, start: float = 1000.0, stall_after: float | None = None) -> None:
        self.t = start
        self.speed = 1.0
        self.stall_after = stall_after
        self.slept = 0.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds

    def set(self, instant: float) -> None:
        self.t = instant

    def real(self, instant: float) -> float:
        return instant

    def asleep(self) -> float:
        return self.slept

    def suspend(self, seconds: float) -> None:
        """The machine sleeps for `seconds`: a monotonic clock does not move."""
        self.slept += seconds
