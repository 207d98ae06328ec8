"""The user's config.toml, read with tomllib; no UI, no audio, no backtimer.cues.

[sound] and [cues] are checked here; every other table (e.g. [history]) is kept as
parsed for the module that reads it.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path

from backtimer import paths
from backtimer.remind import spec

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


VOICE_ENGINES = ("auto", "espeak", "system", "off")
LANGUAGE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]{0,39}")
"""An espeak-ng voice or language name: en, en-gb, pt-br, en+f3 (a variant), ..."""


@dataclass(frozen=True)
class VoiceConfig:
    engine: str = "auto"
    """auto, espeak (the in-process library of backtimer[voice]), system or off."""
    language: str = "en"
    """An espeak-ng voice or language name (en, en-gb, de, ...)."""
    rate: int = 165
    """Words a minute."""
    volume: float = 1.0
    """Loudness of speech relative to the tones: 0.0 (silent) to 2.0."""
    read_cues: bool = False
    """Read each exercise's cue text aloud after announcing it."""
    countdown: str = "voice"
    """voice: say "three, two, one" on the last seconds; ticks: the tick tones."""


EVERY_RANGE = (timedelta(minutes=10), timedelta(hours=8))


@dataclass(frozen=True)
class RemindConfig:
    every: timedelta = timedelta(hours=2)
    routine: str | None = None
    """A routine name or path; None: the short desk break (see backtimer.remind.routine)."""
    hours: tuple[time, time] = (time(9), time(18))
    days: frozenset[int] = frozenset(range(5))
    """Weekdays, Monday = 0."""


@dataclass(frozen=True)
class Config:
    sound: SoundConfig = field(default_factory=SoundConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    remind: RemindConfig = field(default_factory=RemindConfig)
    notes: tuple[str, ...] = ()
    """Values that were ignored (wrong type or out of range), each in one line."""
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
    notes: list[str] = []
    voice = _voice(path, data.get("voice", {}), notes)
    remind = _remind(path, data.get("remind", {}), notes)
    return Config(
        sound=sound, voice=voice, remind=remind, notes=tuple(notes), path=path, tables=tables
    )


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


def _voice(path: Path, table: object, notes: list[str]) -> VoiceConfig:
    """[voice]: each value of the wrong kind is one note and its default, never an error."""
    default = VoiceConfig()
    if not isinstance(table, dict):
        notes.append(f"{path}: [voice] must be a table; using the default voice settings.")
        return default
    checks: dict[str, tuple[Callable[[object], bool], str]] = {
        "engine": (lambda v: v in VOICE_ENGINES, f"one of {', '.join(VOICE_ENGINES)}"),
        "language": (_language, 'a voice name such as "en" or "en-gb"'),
        "rate": (_between(80, 450), "words a minute, 80 to 450"),
        "volume": (_between(0.0, 2.0), "a number from 0.0 to 2.0"),
        "read_cues": (lambda v: isinstance(v, bool), "true or false"),
        "countdown": (lambda v: v in ("voice", "ticks"), '"voice" or "ticks"'),
    }
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in checks:
            notes.append(
                f"{path}: [voice] has no key '{key}' (known: {', '.join(checks)}); ignored."
            )
        elif not checks[key][0](value):
            notes.append(
                f"{path}: [voice] {key} = {value!r}: use {checks[key][1]}; using the default."
            )
        else:
            values[key] = value
    return VoiceConfig(
        engine=str(values.get("engine", default.engine)),
        language=str(values.get("language", default.language)),
        rate=round(_float(values, "rate", default.rate)),
        volume=_float(values, "volume", default.volume),
        read_cues=bool(values.get("read_cues", default.read_cues)),
        countdown=str(values.get("countdown", default.countdown)),
    )


def _between(low: float, high: float) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return math.isfinite(value) and low <= value <= high

    return check


def _float(values: Mapping[str, object], key: str, default: float) -> float:
    value = values.get(key, default)
    return float(value) if isinstance(value, int | float) else default


def _language(value: object) -> bool:
    return isinstance(value, str) and LANGUAGE.fullmatch(value) is not None


def _remind(path: Path, table: object, notes: list[str]) -> RemindConfig:
    """[remind]: as [voice], each wrong value is one note and its default."""
    default = RemindConfig()
    if not isinstance(table, dict):
        notes.append(f"{path}: [remind] must be a table; using the default reminders.")
        return default
    readers: dict[str, tuple[Callable[[object], object], str]] = {
        "every": (_every, 'a duration from 10m to 8h, such as "2h" or "90m"'),
        "routine": (_routine_name, "a routine name or path"),
        "hours": (lambda v: spec.parse_hours(_text(v)), 'working hours such as "09:00-18:00"'),
        "days": (_days, 'days such as "mon-fri" or ["mon", "wed", "fri"]'),
    }
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in readers:
            notes.append(
                f"{path}: [remind] has no key '{key}' (known: {', '.join(readers)}); ignored."
            )
            continue
        try:
            values[key] = readers[key][0](value)
        except (spec.SpecError, TypeError):
            notes.append(
                f"{path}: [remind] {key} = {value!r}: use {readers[key][1]}; using the default."
            )
    every, routine, hours, days = (values.get(k) for k in readers)
    return RemindConfig(
        every=every if isinstance(every, timedelta) else default.every,
        routine=routine if isinstance(routine, str) else default.routine,
        hours=hours if isinstance(hours, tuple) else default.hours,
        days=days if isinstance(days, frozenset) else default.days,
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _every(value: object) -> timedelta:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # minutes
    return spec.parse_span(_text(value), *EVERY_RANGE)


def _routine_name(value: object) -> str:
    if not _text(value).strip():
        raise TypeError(value)
    return str(value).strip()


def _days(value: object) -> frozenset[int]:
    if isinstance(value, list):
        return spec.parse_days([_text(v) for v in value])
    return spec.parse_days(_text(value))
