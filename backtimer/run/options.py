"""Options for a session run, as parsed by the CLI and handed to the app factory."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple


class RunOptions(NamedTuple):
    routine: Path | None = None
    """The routine file to run; None opens the picker."""
    speed: float = 1.0
    """Run the session this many times faster (for trying a routine; tests)."""
    events: Path | None = None
    """Write one JSON line per engine event here."""
    plain: bool = False
    """No full-screen app: one line per transition and a one-line countdown."""
    sound: str = "auto"
    """auto, miniaudio, simpleaudio, bell or off."""
    resume: bool = False
    """Continue the last unfinished session of this routine."""
    level: str | None = None
    """low, high or N: which value ranges use today (None: from history)."""
    autostart: bool = False
    """Skip the start card (scripts and the end-to-end test)."""
    voice: str = "auto"
    """auto, espeak, system or off (auto: the config's [voice] engine)."""


def keys_from_terminal() -> bool:
    """stdin is a terminal the app can read keys from (not /dev/null, a pipe, closed)."""
    try:
        return sys.stdin is not None and os.isatty(sys.stdin.fileno())
    except (OSError, ValueError):
        return False
