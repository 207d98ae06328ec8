"""The CuePlayer protocol every sound backend implements."""

from __future__ import annotations

from typing import Protocol


class CuePlayer(Protocol):
    name: str
    """The backend in use: miniaudio, simpleaudio, bell, off, ..."""

    def play(self, cue: str) -> None:
        """Start playing a cue by name (e.g. 'go', 'tick'); never blocks."""

    def close(self) -> None:
        """Release the audio device."""


class RecordingPlayer:
    """Remembers the cues it was asked to play (for tests and --events)."""

    name = "recording"

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, cue: str) -> None:
        self.played.append(cue)

    def close(self) -> None:
        pass
