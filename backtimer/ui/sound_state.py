"""Whether the cues can sound as configured, in words: the session screen's lasting badge
and the start card's warning. Plain data from the player and the voice; no Textual."""

from __future__ import annotations

from typing import NamedTuple

from backtimer.sound.player import NO_DEVICE

SILENT = ("off", "silent")
"""Backends that make no sound at all."""


class SoundState(NamedTuple):
    badge: str
    """Short and upper case, for the session screen ('' when everything sounds)."""
    warning: str
    """A sentence for the start card ('' when everything sounds, or while it opens)."""


def sound_state(player: object, voice: object | None, muted: bool = False) -> SoundState:
    """What `player` (a CuePlayer) and `voice` (a Speech, or None for tones only) can do."""
    name = str(getattr(player, "name", ""))
    wanted = str(getattr(player, "wanted", name))
    badges, warnings = [], []
    if muted:
        badges.append("MUTED")
        warnings.append("Muted: press m to hear the cues.")
    if name == "bell":
        if wanted == "bell":
            badges.append("BELL ONLY")
            warnings.append("Sound is set to the terminal bell: no voice and no soft cues.")
        else:
            badges.append("NO SOUND DEVICE · BELL ONLY")
            warnings.append(
                f"{NO_DEVICE}: cues will use the terminal bell (no voice, no soft cues)."
            )
    elif name in SILENT:
        if wanted == "off":
            badges.append("SOUND OFF")
            warnings.append("Sound is off: this session is silent.")
        else:
            badges.append("NO SOUND")
            warnings.append("No sound device and no terminal bell: this session is silent.")
    elif voice is not None and name != "opening":
        problem = str(getattr(voice, "problem", ""))
        if getattr(voice, "off", False):
            badges.append("VOICE OFF")
            warnings.append("The voice is off: cues are tones only.")
        elif problem:
            badges.append("NO VOICE")
            warnings.append(f"No voice ({problem}): cues are tones only.")
    return SoundState(" · ".join(badges), " ".join(warnings))


def settled(player: object, voice: object | None) -> bool:
    """True once the player is open and the voice open or known to be unavailable."""
    opened = getattr(player, "name", "") != "opening"
    return opened and (voice is None or bool(getattr(voice, "ready", True)))
