"""The real side effects a run needs (the cue player and cue map), shared by the
full-screen app and --plain; no Textual."""

from __future__ import annotations

from collections.abc import Callable

from backtimer.conductor import CueChooser, no_cues
from backtimer.cues.player import CuePlayer
from backtimer.engine.plan import Level

Notify = Callable[[str], None]


class SilentPlayer:
    name = "off"

    def play(self, cue: str) -> None:
        pass

    def close(self) -> None:
        pass


def open_cues(choice: str, notify: Notify) -> tuple[CuePlayer, CueChooser]:
    """The sound seam: which player (`--sound`), and which cue each event plays."""
    return SilentPlayer(), no_cues


def parse_level(text: str | None) -> Level:
    """`--level`: low, high or N steps up (None: low until history supplies targets)."""
    if text in (None, "", "low"):
        return "low"
    if text == "high":
        return "high"
    assert text is not None
    return int(text)
