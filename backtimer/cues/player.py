"""The CuePlayer protocol every sound backend implements, and the errors they raise."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


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


class BackendUnavailable(Exception):
    """A backend cannot start here (module missing, no device); the message says why."""


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
