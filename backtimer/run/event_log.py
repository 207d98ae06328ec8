"""The --events writer: one JSON line per engine event, for measuring timing; no Textual."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from backtimer.engine.event import Event


class EventLog:
    """Writes `{"type", "step", "scheduled", "actual", ...}` lines, each flushed at once.

    Both instants are seconds on the real monotonic clock (a sped-up session clock
    is converted back), so `actual - scheduled` is the real lateness.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @classmethod
    def open(cls, path: Path) -> EventLog:
        return cls(path.open("w", encoding="utf-8", buffering=1))

    def write(
        self,
        event: Event,
        scheduled: float,
        actual: float,
        cue: str | None = None,
        cue_started: float | None = None,
    ) -> None:
        line: dict[str, object] = {
            "type": event.type,
            "step": event.step,
            "scheduled": round(scheduled, 6),
            "actual": round(actual, 6),
        }
        if event.value is not None:
            line["value"] = event.value
        if cue is not None:
            line["cue"] = cue
        if cue_started is not None:
            line["cue_started"] = round(cue_started, 6)
        self._stream.write(json.dumps(line) + "\n")

    def phrase(self, text: str, due: float, scheduled: float, placed: float) -> None:
        """A spoken phrase: the instant it belongs to, the instant it was laid out to
        start at, and the instant the mixer placed it at (real monotonic seconds)."""
        line = {
            "type": "phrase",
            "text": text,
            "due": round(due, 6),
            "scheduled": round(scheduled, 6),
            "placed": round(placed, 6),
        }
        self._stream.write(json.dumps(line) + "\n")

    def stall(self, at: float, seen: float, seconds: float, asleep: bool) -> None:
        """The process did not run for `seconds` (real): the session paused at `at`, the
        last instant it was seen running; `seen` is when it ran again (real monotonic)."""
        line = {
            "type": "stalled",
            "scheduled": round(at, 6),
            "actual": round(seen, 6),
            "seconds": round(seconds, 3),
            "asleep": asleep,
        }
        self._stream.write(json.dumps(line) + "\n")

    def close(self) -> None:
        self._stream.close()
