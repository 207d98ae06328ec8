"""Mixes queued cues into one stream that a device pulls frame blocks from. No device.

`add` is called from the UI thread and `pull` from the audio thread; a deque's
append and popleft are atomic, so neither ever waits for the other.
"""

from __future__ import annotations

import time
from array import array
from collections import deque
from collections.abc import Callable, Generator

LOW, HIGH = -32768, 32767


class Mixer:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._queue: deque[array[int]] = deque()
        self._voices: list[tuple[array[int], int]] = []
        self.last_pull = clock()
        """When the device last asked for frames (a stalled device stops asking)."""
        self.pulls = 0

    def add(self, samples: array[int]) -> None:
        """Start `samples` at the next block the device pulls."""
        self._queue.append(samples)

    @property
    def busy(self) -> bool:
        return bool(self._queue or self._voices)

    def pull(self, frames: int) -> array[int]:
        """The next `frames` samples of all cues sounding, mixed and clipped."""
        self.last_pull = self._clock()
        self.pulls += 1
        while self._queue:
            self._voices.append((self._queue.popleft(), 0))
        if not self._voices:
            return array("h", bytes(2 * frames))
        chunks = []
        voices = []
        for samples, pos in self._voices:
            chunks.append(samples[pos : pos + frames])
            if pos + frames < len(samples):
                voices.append((samples, pos + frames))
        self._voices = voices
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


def _mix(chunks: list[array[int]]) -> array[int]:
    length = max(len(c) for c in chunks)
    total = [0] * length
    for chunk in chunks:
        for i, v in enumerate(chunk):
            total[i] += v
    return array("h", (min(HIGH, max(LOW, v)) for v in total))
