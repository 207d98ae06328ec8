"""Finding a rendered phrase in a recording by cross-correlation with its own samples.

Pure Python, so the search stays near where the phrase is expected (the mixer places
it there to the sample; the device adds a few milliseconds).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import NamedTuple

from backtimer.sound.voice.pcm import resample

__all__ = ["Found", "correlation", "find", "resample"]

HEAD = 4800
"""Samples of a phrase's start the search aligns on (0.1 s); the score is then taken
over the whole phrase, so one cut short or covered by another sound scores low."""
STEP = 3


class Found(NamedTuple):
    index: int
    """The sample where the phrase starts in the recording."""
    score: float
    """Normalised correlation over the whole phrase: 1.0 identical, 0 unrelated."""


def correlation(a: Sequence[float], b: Sequence[float]) -> float:
    n = min(len(a), len(b))
    if n == 0:
        return 0.0
    dot = sum(map(operator.mul, a[:n], b[:n]))
    norm = math.sqrt(sum(x * x for x in a[:n]) * sum(y * y for y in b[:n]))
    return dot / norm if norm else 0.0


def find(recording: Sequence[int], phrase: Sequence[int], near: int, window: int) -> Found:
    """Where `phrase` best matches `recording` within `window` samples of `near`: its
    first HEAD samples aligned every STEP samples, then to the sample; the score is
    taken over the whole phrase."""
    head = phrase[:HEAD]

    def score(i: int) -> float:
        return correlation(recording[i : i + len(head)], head)

    lo, hi = max(0, near - window), max(0, near + window)
    rough = max(range(lo, hi + 1, STEP), key=score)
    index = max(range(max(0, rough - STEP), rough + STEP + 1), key=score)
    return Found(index, correlation(recording[index : index + len(phrase)], phrase))
