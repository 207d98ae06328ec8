"""`backtimer sounds`: say which backend is in use, then play every cue with its name."""

from __future__ import annotations

import time
import wave
from collections.abc import Callable
from typing import TextIO

from backtimer import paths
from backtimer.sound.cuemap import CUES
from backtimer.sound.factory import open_player

GAP = 0.6
"""Seconds of quiet after each cue, so one is over before the next is named."""


def cue_seconds(cue: str) -> float:
    """How long the bundled WAV of a cue lasts (0 when it cannot be read)."""
    try:
        with wave.open(str(paths.sounds_dir() / f"{cue}.wav"), "rb") as w:
            return w.getnframes() / w.getframerate()
    except (OSError, EOFError, wave.Error):
        return 0.0


BELL_NOTE = (
    "The terminal bell rings only at transitions; the soft cues (marked [silent: bell]) "
    "have no bell."
)


def run_soundcheck(
    choice: str,
    out: TextIO,
    *,
    sleep: Callable[[float], None] = time.sleep,
    ring: Callable[[], None] | None = None,
) -> int:
    """Play each cue in turn. 1 only when a backend named with --sound could not be used;
    a fall back from "auto" to the bell is said, not an error."""

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    player = open_player(choice, notify=say, ring=ring)
    detail = getattr(player.primary, "backend", "")
    say(f"Sound backend: {player.name}" + (f" ({detail})" if detail else ""))
    for line in player.details:
        say(f"  not used: {line}")
    if player.name == "bell":
        say(BELL_NOTE)
    try:
        for number, (cue, meaning) in enumerate(CUES.items(), start=1):
            started = player.play(cue)
            say(f"{number:2}. {cue:<10} {meaning}{_quiet(player.name, started)}")
            sleep(cue_seconds(cue) + GAP if started is not None else 0.1)
    finally:
        player.close()
    return 1 if choice != "auto" and player.fell_back else 0


def _quiet(backend: str, started: float | None) -> str:
    if started is not None:
        return ""
    return "  [silent: bell]" if backend == "bell" else "  [silent]"
