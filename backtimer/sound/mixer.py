"""Mixes cues into one stream that a device pulls frame blocks from. No device, no UI.

Sounds are queued ahead with their instant and placed at the exact frame: the mixer
counts the frames it hands to the device, and learns which instant each frame is
asked for at from the pulls themselves (the earliest a block was asked for, over the
last few seconds; a late wake-up of the audio thread moves nothing). `add`,
`schedule` and `cancel` come from the app's threads and `pull` from the audio
thread; they share one lock that guards only list operations.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections import deque
from collections.abc import Callable, Generator

LOW, HIGH = -32768, 32767
WINDOW = 1.0
"""Seconds of pulls the frame clock looks back over: long enough to find an on-time
pull, short enough to follow the device after it stalled (an underrun delays all that
follows) or drifts from the system's clock."""
STALE = 0.5
"""Seconds: a sound queued ahead that the device reaches this late was passed by a stall
(the process stopped, SIGSTOP or a frozen machine): it is dropped, not played in a burst
with every other sound of the stall."""


class Mixer:
    def __init__(self, rate: int = 44100, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self._clock = rate, clock
        self._lock = threading.Lock()
        self._now: deque[array[int]] = deque()
        self._timed: list[tuple[float, array[int], bool]] = []
        """(instant, samples, queued ahead of it) not yet started, in order; each instant
        becomes a frame only in the pull that plays it, by the frame clock as it is then."""
        self.dropped = 0
        """Sounds queued ahead that a stall left STALE seconds behind (never played)."""
        self._voices: list[tuple[array[int], int]] = []
        """(samples, position); a negative position is frames still to wait."""
        self._origins: deque[tuple[float, float]] = deque()
        """(pull instant, the instant frame 0 was asked for by that pull's account)."""
        self.frames = 0
        """Frames handed to the device so far."""
        self.last_pull = clock()
        """When the device last asked for frames (a stalled device stops asking)."""
        self.pulls = 0

    def add(self, samples: array[int]) -> None:
        """Start `samples` at the next block the device pulls."""
        self._now.append(samples)

    def frame_at(self, instant: float) -> int | None:
        """The frame the device asks for at `instant`; None before its first pull."""
        if not self._origins:
            return None
        return round((instant - self._origin()) * self.rate)

    def instant_of(self, frame: int) -> float:
        return self._origin() + frame / self.rate

    def _origin(self) -> float:
        return min(origin for _, origin in self._origins)

    def schedule(self, samples: array[int], at: float) -> float | None:
        """Start `samples` at the frame of instant `at` (or the next block if that has
        passed). Returns the instant of the frame it got; None before the first pull."""
        with self._lock:
            frame = self.frame_at(at)
            if frame is None:
                return None
            self._timed.append((at, samples, frame >= self.frames))
            self._timed.sort(key=lambda t: t[0])
            return self.instant_of(max(frame, self.frames))

    def cancel(self) -> int:
        """Drop every scheduled sound that has not started; returns how many."""
        with self._lock:
            dropped, self._timed = len(self._timed), []
        return dropped

    @property
    def busy(self) -> bool:
        return bool(self._now or self._voices or self._timed)

    def pull(self, frames: int) -> array[int]:
        """The next `frames` samples of all cues sounding, mixed and clipped."""
        now = self._clock()
        self.last_pull = now
        self.pulls += 1
        with self._lock:
            first, self.frames = self.frames, self.frames + frames
            self._origins.append((now, now - first / self.rate))
            while self._origins[0][0] < now - WINDOW:
                self._origins.popleft()
            while self._now:
                self._voices.append((self._now.popleft(), 0))
            origin = self._origin()
            while self._timed:
                start = round((self._timed[0][0] - origin) * self.rate)
                if start >= self.frames:
                    break
                _, samples, ahead = self._timed.pop(0)
                if ahead and start < first - STALE * self.rate:
                    self.dropped += 1
                    continue
                self._voices.append((samples, first - max(start, first)))
            voices, self._voices = self._voices, []
        chunks = []
        for samples, pos in voices:
            chunks.append(_chunk(samples, pos, frames))
            if pos + frames < len(samples):
                self._voices.append((samples, pos + frames))
        if not chunks:
            return array("h", bytes(2 * frames))
        out = chunks[0] if len(chunks) == 1 else _mix(chunks)
        if len(out) < frames:
            out.extend(array("h", bytes(2 * (frames - len(out)))))
        return out

    def stream(self) -> Generator[array[int], int, None]:
        """A started generator for miniaudio: send it a frame count, get samples."""

        def run() -> Generator[array[int], int, None]:
            frames = yield array("h")
            while True:
                frames = yield self.pull(frames)

        gen = run()
        next(gen)
        return gen


def _chunk(samples: array[int], pos: int, frames: int) -> array[int]:
    """This block's part of a sound at `pos` (negative: it starts -pos frames in)."""
    if pos >= 0:
        return samples[pos : pos + frames]
    lead = array("h", bytes(2 * min(-pos, frames)))
    lead.extend(samples[: max(0, frames + pos)])
    return lead


def _mix(chunks: list[array[int]]) -> array[int]:
    length = max(len(c) for c in chunks)
    total = [0] * length
    for chunk in chunks:
        for i, v in enumerate(chunk):
            total[i] += v
    return array("h", (min(HIGH, max(LOW, v)) for v in total))
