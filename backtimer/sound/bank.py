"""Cue sounds decoded once into 16-bit mono samples; files only, no device, no UI.

Which file each cue plays (after the user's [cues]), resampled to one rate, with
the volume applied at load so playing costs nothing.
"""

from __future__ import annotations

import wave
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from backtimer import paths
from backtimer.config import ConfigError
from backtimer.sound.cuemap import CUES

RATE = 44100
OFF = "off"


class SoundError(Exception):
    """A cue's WAV cannot be used; the message names the file and the reason."""


def resolve_sounds(
    overrides: Mapping[str, str], base: Path, sounds: Path | None = None
) -> dict[str, Path | None]:
    """Cue -> the WAV it plays (None: silenced), after the config's [cues] table."""
    sounds = sounds or paths.sounds_dir()
    out: dict[str, Path | None] = {cue: sounds / f"{cue}.wav" for cue in CUES}
    for cue, value in overrides.items():
        if cue not in CUES:
            raise ConfigError(f"[cues] has no cue '{cue}' (known: {', '.join(CUES)})")
        if value == OFF:
            out[cue] = None
        elif value in CUES:
            out[cue] = sounds / f"{value}.wav"
        elif value.lower().endswith(".wav"):
            out[cue] = base / Path(value).expanduser()
        else:
            raise ConfigError(
                f'[cues] {cue} = "{value}": use "off", a cue ({", ".join(CUES)}) or a .wav path'
            )
    return out


def load_wav(path: Path, rate: int = RATE, volume: float = 1.0) -> array[int]:
    """A 16-bit PCM WAV as mono samples at `rate`, scaled by `volume`."""
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2:
                raise SoundError(f"{path}: not 16-bit PCM")
            channels, source_rate = w.getnchannels(), w.getframerate()
            data = array("h", w.readframes(w.getnframes()))
    except FileNotFoundError:
        raise SoundError(f"{path}: missing") from None
    except (OSError, EOFError, wave.Error) as err:
        raise SoundError(f"{path}: not a readable WAV ({err or 'truncated'})") from None
    if not data:
        raise SoundError(f"{path}: no samples")
    if channels > 1:
        data = array(
            "h", (sum(data[i : i + channels]) // channels for i in range(0, len(data), channels))
        )
    if source_rate != rate:
        data = _resample(data, source_rate, rate)
    if volume != 1.0:
        data = array("h", (round(v * volume) for v in data))
    return data


def _resample(data: array[int], source: int, target: int) -> array[int]:
    """Linear interpolation: plenty for short cues of a few pure tones."""
    n = max(1, len(data) * target // source)
    step, last = source / target, len(data) - 1
    out = array("h")
    for i in range(n):
        x = i * step
        j = min(int(x), last)
        k = min(j + 1, last)
        out.append(round(data[j] + (data[k] - data[j]) * (x - j)))
    return out


@dataclass(frozen=True)
class Bank:
    """The samples of every cue that has a sound; why the others have none."""

    sounds: Mapping[str, array[int]] = field(default_factory=dict)
    silenced: frozenset[str] = frozenset()
    """Cues the user turned off."""
    problems: Mapping[str, str] = field(default_factory=dict)
    """Cue -> why its WAV could not be loaded."""
    rate: int = RATE

    def seconds(self, cue: str) -> float:
        return len(self.sounds.get(cue, ())) / self.rate


def load_bank(sources: Mapping[str, Path | None], volume: float = 1.0, rate: int = RATE) -> Bank:
    """Decode every cue's WAV once; a bad file is a problem of its cue, not an error."""
    sounds: dict[str, array[int]] = {}
    problems: dict[str, str] = {}
    for cue, path in sources.items():
        if path is None:
            continue
        try:
            sounds[cue] = load_wav(path, rate, volume)
        except SoundError as err:
            problems[cue] = str(err)
    silenced = frozenset(cue for cue, path in sources.items() if path is None)
    return Bank(sounds, silenced, problems, rate)
