"""What the [voice] settings change in what is said; its own module so that the voice
can be made before the first frame without the script that uses it."""

from __future__ import annotations

from typing import NamedTuple


class VoiceStyle(NamedTuple):
    """The [voice] settings that change what is said."""

    read_cues: bool = False
    """Read each exercise's `cue:` text after announcing it."""
    countdown: bool = True
    """Count the last seconds aloud ("three, two, one") instead of the tick tones."""
    breaths: int = 2
    """Breath cycles spoken ("breathe in", "breathe out") before the tones take over."""
