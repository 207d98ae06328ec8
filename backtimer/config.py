"""The user's config.toml, read with tomllib; no UI, no audio, no backtimer.cues.

[sound] and [cues] are checked here; every other table (e.g. [history]) is kept as
parsed for the module that reads it.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from backtimer import paths

BACKENDS = ("auto", "miniaudio", "simpleaudio", "bell", "off")
SOUND_KEYS = ("backend", "volume")


class ConfigError(ValueError):
    """A problem in the config file, worded for the user (file name included)."""


@dataclass(frozen=True)
class SoundConfig:
    backend: str = "auto"
    volume: float = 1.0
    """0.0 (silent) to 1.0 (the sounds as generated)."""
    cues: Mapping[str, str] = field(default_factory=dict)
    """Cue name -> "off", another cue's name, or a WAV path (relative to the config)."""


@dataclass(frozen=True)
class Config:
    sound: SoundConfig = field(default_factory=SoundConfig)
    path: Path | None = None
    """The file read (None when defaults were used without looking)."""
    tables: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """Every top-level table as parsed, known or not."""

    @property
    def folder(self) -> Path:
        """Where relative paths in the file are resolved from."""
        return self.path.parent if self.path is not None else paths.config_dir()

    def table(self, name: str) -> Mapping[str, object]:
        """A top-level table, or an empty one (for sections other modules own)."""
        return self.tables.get(name, {})


def load_config(path: Path | None = None) -> Config:
    """Read config.toml (defaults when there is none); ConfigError when it is wrong."""
    path = path or paths.config_file()
    if not path.is_file():
        return Config(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read it: {err}") from None
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    sound = _sound(path, _table(path, data, "sound"), _table(path, data, "cues"))
    return Config(sound=sound, path=path, tables=tables)


def _table(path: Path, data: Mapping[str, object], name: str) -> dict[str, object]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}] must be a table, like\n[{name}]\n...")
    return value


def _sound(path: Path, sound: Mapping[str, object], cues: Mapping[str, object]) -> SoundConfig:
    for key in sound:
        if key not in SOUND_KEYS:
            raise ConfigError(
                f"{path}: [sound] has no key '{key}' (known: {', '.join(SOUND_KEYS)})"
            )
    backend = sound.get("backend", "auto")
    if backend not in BACKENDS:
        raise ConfigError(
            f"{path}: [sound] backend = {backend!r}: use one of {', '.join(BACKENDS)}"
        )
    volume = sound.get("volume", 1.0)
    if isinstance(volume, bool) or not isinstance(volume, int | float) or not _unit(volume):
        raise ConfigError(f"{path}: [sound] volume = {volume!r}: use a number from 0.0 to 1.0")
    for name, value in cues.items():
        if not isinstance(value, str) or not value:
            raise ConfigError(
                f'{path}: [cues] {name} = {value!r}: use "off", a cue name or a path to a WAV'
            )
    return SoundConfig(str(backend), float(volume), {k: str(v) for k, v in cues.items()})


def _unit(value: float) -> bool:
    return math.isfinite(value) and 0.0 <= value <= 1.0
