"""`show --script`: every phrase of a routine with the instant it is said, as the
session would lay it out with nothing interrupting. No audio device, no UI."""

from __future__ import annotations

import wave
from array import array
from collections.abc import Callable

from backtimer import paths
from backtimer.engine.event import Event
from backtimer.engine.plan import Plan
from backtimer.engine.session import Session
from backtimer.present.text import clock_text
from backtimer.sound.cuemap import CUES, CuePicker
from backtimer.sound.script import Line, Script, event_key
from backtimer.sound.timeline import Placed, Tone, arrange
from backtimer.sound.voice.style import VoiceStyle

WORDS_A_SECOND = 2.75
"""An estimate of speech at 165 words a minute, for when there is no voice to measure."""


def whole_session(plan: Plan) -> list[Event]:
    """Every event of a session run straight through (self-paced steps take no time)."""
    session = Session(plan, 0.0)
    events = session.advance(0.0)
    now = 0.0
    while not session.over:
        deadline = session.deadline
        if deadline is None:  # done at its start (it ended at 0.0, before it began)
            events += session.step_done(now)
        else:
            now = deadline
            events += session.advance(deadline)
    return events


def laid_out(
    plan: Plan, style: VoiceStyle, seconds: Callable[[str], float | None]
) -> tuple[list[Placed], list[Line]]:
    """Every sound of the session placed, and every line the voice was asked to say."""
    events = whole_session(plan)
    script, pick = Script(plan, style), CuePicker()
    total = events[-1].at if events else 0.0
    lines = [ln for e in events for ln in script.lines(e, total)]
    tones = []
    for event in events:
        cue = pick(event, plan.steps[event.step])
        if cue:
            tones.append(Tone(event_key(event), cue, event.at))
    return arrange(tones, lines, _tone_lengths(), seconds), lines


def spoken_table(
    plan: Plan,
    style: VoiceStyle,
    render: Callable[[str], array[int]] | None,
    voice: str,
    rate: int = 44100,
) -> list[str]:
    def measured(text: str) -> float | None:
        return len(render(text)) / rate if render else len(text.split()) / WORDS_A_SECOND + 0.2

    placed, lines = laid_out(plan, style, measured)
    said = [p for p in placed if p.text]
    out = [f"{clock_text(p.at)}.{int(p.at * 10) % 10}  {p.text}" for p in said]
    how = f"measured with {voice}" if render else "lengths estimated (no voice)"
    left = len({ln.key for ln in lines} - {p.key for p in said})
    out.append(f"{len(said)} phrases, {how}; {left} left out where there was no room.")
    return out


def _tone_lengths() -> Callable[[str], float]:
    lengths: dict[str, float] = {}
    for cue in CUES:
        try:
            with wave.open(str(paths.sounds_dir() / f"{cue}.wav"), "rb") as w:
                lengths[cue] = w.getnframes() / w.getframerate()
        except (OSError, EOFError, wave.Error):
            lengths[cue] = 0.3
    return lambda cue: lengths.get(cue, 0.3)
