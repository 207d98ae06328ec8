"""arrange(): tones and phrases on one timeline, none overlapping, none late. Pure.

Tones sound at their instants. Announcements go into the gaps after the instant they
belong to: the full text if it fits before the next sound and before the step ends,
else the short form, else nothing. Then a countdown word is said exactly on its tick,
and a phrase that replaces a tone (halfway, the first breaths) nearly so, where there
is room; else its tone sounds where there is room for that. Never late, never cut
off, never over another sound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from backtimer.sound.script import EventKey, Line

GAP = 0.12
"""Real seconds of quiet between two sounds, so each is heard on its own."""


class Tone(NamedTuple):
    key: EventKey
    cue: str
    at: float


class Placed(NamedTuple):
    """A sound with the instant (session clock) it starts at."""

    key: EventKey
    at: float
    cue: str = ""
    """A tone's cue name ('' for a phrase)."""
    text: str = ""
    """A phrase's text ('' for a tone)."""
    due: float = 0.0
    """The instant it belongs to (for a phrase, where it was asked for)."""


def arrange(
    tones: Sequence[Tone],
    lines: Sequence[Line],
    tone_seconds: Callable[[str], float],
    phrase_seconds: Callable[[str], float | None],
    speed: float = 1.0,
    taken: Sequence[tuple[float, float]] = (),
) -> list[Placed]:
    """Place every tone and line; lengths are real seconds, instants session seconds.
    `taken`: (start, end) of sounds placed before, which nothing may overlap."""
    gap = GAP * speed
    busy: list[tuple[float, float]] = sorted(taken)
    placed: list[Placed] = []

    def free(start: float, length: float) -> float:
        """The first instant >= start with `length` free (busy kept sorted)."""
        for a, b in busy:
            if b + gap <= start:
                continue
            if a >= start + length + gap:
                break
            start = b + gap
        return start

    def put(line: Line, text: str, start: float, length: float) -> None:
        busy.append((start, start + length))
        busy.sort()
        placed.append(Placed(line.key, start, text=text, due=line.at))

    def fit(line: Line, at: float, text: str) -> float | None:
        length = phrase_seconds(text) if text else None
        if length is None:
            return None
        length *= speed
        start = free(at, length)
        late = line.slack is not None and start - at > line.slack * speed + 1e-9
        if late or (line.until is not None and start + length > line.until + 1e-9):
            return None
        put(line, text, start, length)
        return start

    replacing = {ln.key for ln in lines if ln.replaces}
    for tone in tones:
        if tone.key not in replacing:
            busy.append((tone.at, tone.at + tone_seconds(tone.cue) * speed))
            placed.append(Placed(tone.key, tone.at, cue=tone.cue, due=tone.at))
    busy.sort()
    # Announcements first (they say what comes), then what replaces a tone (a count,
    # halfway, a breath): each where it fits, else its tone where that fits, else
    # nothing, since neither may cut into a phrase.
    for line in sorted(lines, key=lambda ln: (ln.replaces, ln.at)):
        if fit(line, line.at, line.text) is not None:
            continue
        if line.short and fit(line, line.at, line.short) is not None:
            continue
        own = next((t for t in tones if t.key == line.key), None) if line.replaces else None
        if own is not None:
            length = tone_seconds(own.cue) * speed
            if free(own.at, length) == own.at:
                busy.append((own.at, own.at + length))
                busy.sort()
                placed.append(Placed(own.key, own.at, cue=own.cue, due=own.at))
    placed.sort(key=lambda p: (p.at, p.text != ""))
    return placed
