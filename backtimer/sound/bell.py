"""The terminal bell backend: one ring for each cue that marks a transition. No audio.

In a Textual app pass `ring=app.bell`, so the bell goes through the app's driver
instead of being written under it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from backtimer.sound.player import BackendFailed

BELL_CUES = frozenset(
    {"get_ready", "go", "go_side", "tick", "halfway", "switch", "rest", "set_done", "finish"}
)
"""Cues that ring; the soft ones (rep, inhale, exhale) would only be noise as bells."""


def terminal_bell() -> None:
    """Write BEL to the terminal: stdout when it is one, else the controlling tty."""
    out = sys.__stdout__
    if out is not None and out.isatty():
        out.write("\a")
        out.flush()
        return
    fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
    try:
        os.write(fd, b"\a")
    finally:
        os.close(fd)


class BellPlayer:
    name = "bell"

    def __init__(
        self,
        ring: Callable[[], None] | None = None,
        *,
        cues: frozenset[str] = BELL_CUES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ring = ring or terminal_bell
        self._cues, self._clock = cues, clock

    def play(self, cue: str) -> float | None:
        if cue not in self._cues:
            return None
        now = self._clock()
        try:
            self._ring()
        except (OSError, ValueError) as err:
            raise BackendFailed(f"cannot ring the terminal bell ({err})") from None
        return now

    def close(self) -> None:
        pass
