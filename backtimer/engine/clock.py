"""Clocks handed to the session screen: the real monotonic one and a fake for tests."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...


class MonotonicClock:
    """time.monotonic(), optionally running `speed` times faster (for trying a routine)."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * self.speed

    def real(self, instant: float) -> float:
        """The real monotonic instant at which this clock reads `instant`."""
        return self._origin + (instant - self._origin) / self.speed


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self.speed = 1.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds

    def set(self, instant: float) -> None:
        self.t = instant

    def real(self, instant: float) -> float:
        return instant
