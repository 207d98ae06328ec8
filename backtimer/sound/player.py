"""The CuePlayer protocol every sound backend implements, and the errors they raise."""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable
from typing import Protocol, runtime_checkable


class CuePlayer(Protocol):
    @property
    def name(self) -> str:
        """The backend in use: miniaudio, simpleaudio, bell, off, ..."""

    def play(self, cue: str) -> float | None:
        """Start playing a cue by name (e.g. 'go', 'tick'); never blocks.

        Returns the instant, on time.monotonic(), the cue was handed to the device,
        or None when nothing sounds (a silenced cue, the silent backend).
        """

    def close(self) -> None:
        """Release the audio device."""


@runtime_checkable
class Scheduling(Protocol):
    """A player that can place sounds ahead at an exact instant (miniaudio's mixer)."""

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        """Queue the cue `cue` (or, given `samples`, that phrase) to start at `at` on
        time.monotonic(). Returns the instant it was placed at; None when it cannot
        place it now (the caller plays it when it is due instead)."""

    def cancel(self) -> None:
        """Drop every queued sound that has not started."""

    def seconds(self, cue: str) -> float:
        """How long a cue sounds (0 when it has no sound here)."""


def tone_seconds(player: CuePlayer) -> Callable[[str], float]:
    """How long each cue sounds on `player` (a guess where it cannot tell)."""
    if isinstance(player, Scheduling):
        return player.seconds
    return lambda cue: 0.3


def can_schedule(player: CuePlayer) -> bool:
    """`player` can place sounds ahead, now or once it has opened. A wrapper says whether
    what it wraps can through `schedules` (an opening player: True until it knows)."""
    return isinstance(player, Scheduling) and getattr(player, "schedules", True) is not False


def schedule(player: CuePlayer, cue: str, samples: array[int] | None, at: float) -> float | None:
    """`player.schedule(...)` for a player that schedules; None for one that cannot."""
    if isinstance(player, Scheduling):
        return player.schedule(cue, samples, at)
    return None


def cancel(player: CuePlayer) -> None:
    if isinstance(player, Scheduling):
        player.cancel()


NO_DEVICE = "No sound device found"
"""How every notice and warning about a missing sound device begins (the app finds the
sound's notice by it, to drop it once a screen says so lastingly)."""


class BackendUnavailable(Exception):
    """A backend cannot start here (module missing, no device); the message says why."""

    def __init__(self, message: str, *, no_device: bool = False) -> None:
        super().__init__(message)
        self.no_device = no_device
        """True when the module is there but there is no sound device to play on."""


class BackendFailed(Exception):
    """A backend that was playing cannot play any more (its device went away)."""


class CueUnavailable(Exception):
    """This backend has no sound for this cue (its WAV is missing or corrupt)."""


class RecordingPlayer:
    """Remembers the cues it was asked to play (for tests and --events)."""

    name = "recording"

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.played: list[str] = []
        self.started: list[tuple[str, float]] = []
        """(cue, instant) for each play, on `clock`."""
        self._clock = clock

    def play(self, cue: str) -> float | None:
        now = self._clock()
        self.played.append(cue)
        self.started.append((cue, now))
        return now

    def close(self) -> None:
        pass


class RecordingScheduler(RecordingPlayer):
    """A RecordingPlayer that also takes sounds ahead, as miniaudio does (tests)."""

    name = "recording-scheduler"

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(clock)
        self.queued: list[tuple[str, float]] = []
        """(cue, instant) for each sound queued ahead; a phrase is queued as 'voice'."""
        self.cancels = 0

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        self.queued.append((cue, at))
        return at

    def seconds(self, cue: str) -> float:
        return 0.3

    def cancel(self) -> None:
        self.cancels += 1
        now = self._clock()
        self.queued = [(cue, at) for cue, at in self.queued if at <= now]
