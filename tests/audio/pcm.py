"""Reading recorded PCM: where each sound starts and which cue it is. Stdlib only.

A cue is identified by its fingerprints: the power at each semitone from C4 to F6
in three 50 ms windows after its onset, compared with those of the WAVs window by
window. The best window counts, so one glitch (an underrun on a loaded machine)
does not make a cue unrecognisable.
"""

from __future__ import annotations

import math
import wave
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

THRESHOLD = 250
"""Sample magnitude (of 32767) above which the null sink is not silent."""
MIN_GAP = 0.15
"""Seconds of silence that separate two sounds (cues have shorter gaps inside)."""
WINDOWS = (0.005, 0.030, 0.055)
"""Starts of the 50 ms windows after an onset."""
WINDOW = 0.05
GRID = tuple(261.63 * 2 ** (k / 12) for k in range(30))


def read_wav(path: Path) -> tuple[array[int], int]:
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, path
        return array("h", w.readframes(w.getnframes())), w.getframerate()


def onsets(
    samples: Sequence[int], rate: int, threshold: int = THRESHOLD, silence: float = MIN_GAP
) -> list[int]:
    """Sample indices where a sound starts after at least `silence` seconds of silence."""
    out: list[int] = []
    gap = int(silence * rate)
    last = -gap - 1
    for i, v in enumerate(samples):
        if v > threshold or v < -threshold:
            if i - last > gap:
                out.append(i)
            last = i
    return out


def goertzel(samples: Sequence[int], rate: int, freq: float) -> float:
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def fingerprint(samples: Sequence[int], rate: int, start: int) -> list[list[float]]:
    """One normalised spectrum per window (all zeros for a silent window)."""
    out = []
    for offset in WINDOWS:
        a = start + int(offset * rate)
        chunk = samples[a : a + int(WINDOW * rate)]
        powers = [goertzel(chunk, rate, f) for f in GRID]
        norm = math.sqrt(sum(p * p for p in powers)) or 1.0
        out.append([p / norm for p in powers])
    return out


@dataclass(frozen=True)
class Template:
    fp: list[list[float]]
    lead: float
    """Seconds from the start of the WAV to its onset (the attack's first samples)."""


def templates(sounds: Path) -> dict[str, Template]:
    """The fingerprint of each bundled cue WAV, by cue name."""
    out: dict[str, Template] = {}
    for path in sorted(sounds.glob("*.wav")):
        samples, rate = read_wav(path)
        start = onsets(samples, rate)[0]
        out[path.stem] = Template(fingerprint(samples, rate, start), start / rate)
    return out


def similarity(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> float:
    """Of the best-matching window: 1.0 is a perfect match, 0.0 nothing in common."""
    return max(sum(x * y for x, y in zip(u, v, strict=True)) for u, v in zip(a, b, strict=True))


def identify(fp: Sequence[Sequence[float]], known: Mapping[str, Template]) -> tuple[str, float]:
    """The best-matching cue and its similarity."""
    scores = {name: similarity(fp, t.fp) for name, t in known.items()}
    best = max(scores, key=lambda k: scores[k])
    return best, scores[best]


@dataclass(frozen=True)
class Heard:
    cue: str
    score: float
    at: float
    """When the cue's WAV started sounding, on time.monotonic() (onset - its lead)."""


@dataclass
class Timeline:
    """Maps a sample index of a live recording to time.monotonic().

    Each chunk read from the recorder arrives just after the sink rendered its last
    sample, so the earliest (arrival - samples / rate) over all chunks is the start
    of the recording. The null sink renders up to a block ahead of real time, so a
    mapped instant may be a few milliseconds early (a delay of -2 ms is possible).
    """

    rate: int
    start: float = math.inf

    def add(self, arrived: float, total_samples: int) -> None:
        self.start = min(self.start, arrived - total_samples / self.rate)

    def time_of(self, index: int) -> float:
        return self.start + index / self.rate


def heard(samples: Sequence[int], timeline: Timeline, known: Mapping[str, Template]) -> list[Heard]:
    """Every sound in a recording: which cue it is and when it started."""
    rate = timeline.rate
    out = []
    for i in onsets(samples, rate):
        cue, score = identify(fingerprint(samples, rate, i), known)
        out.append(Heard(cue, score, timeline.time_of(i) - known[cue].lead))
    return out
