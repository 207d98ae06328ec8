"""arrange(): tones and phrases on one timeline, none overlapping, none late. Pure.

Tones sound at their instants. A countdown word is said exactly on its tick; a phrase
that replaces a tone (halfway, the first breaths) nearly so, or the tone sounds after
all. Announcements go into the gaps after the instant they belong to: the full text
if it fits before the next sound and before the step ends, else the short form, else
nothing. Never late, never cut off, never over another sound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from backtimer.cues.script import EventKey, Line

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
) -> list[Placed]:
    """Place every tone and line; lengths are real seconds, instants session seconds."""
    gap = GAP * speed
    busy: list[tuple[float, float]] = []
    placed: list[Placed] = []
    replaced: set[EventKey] = set()

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

    exact = [ln for ln in lines if ln.slack == 0.0]
    others = [ln for ln in lines if ln.slack != 0.0]
    for line in sorted(exact, key=lambda ln: ln.at):
        if fit(line, line.at, line.text) is not None:
            replaced.add(line.key)
    for tone in tones:
        if tone.key not in replaced and tone.key not in {ln.key for ln in others if ln.replaces}:
            busy.append((tone.at, tone.at + tone_seconds(tone.cue) * speed))
            placed.append(Placed(tone.key, tone.at, cue=tone.cue, due=tone.at))
    busy.sort()
    for line in sorted(others, key=lambda ln: (ln.slack is None, ln.at)):
        done = fit(line, line.at, line.text) is not None
        done = done or (bool(line.short) and fit(line, line.at, line.short) is not None)
        if not done and line.replaces:  # its tone sounds after all
            own = next((t for t in tones if t.key == line.key), None)
            if own is not None:
                busy.append((own.at, own.at + tone_seconds(own.cue) * speed))
                busy.sort()
                placed.append(Placed(own.key, own.at, cue=own.cue, due=own.at))
    placed.sort(key=lambda p: (p.at, p.text != ""))
    return placed
