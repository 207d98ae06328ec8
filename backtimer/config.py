"""The user's config.toml, read with tomllib; no UI, no audio, no backtimer.sound.

[sound], [cues], [voice], [remind] and [history] weekly_target are checked here. Nothing
in the file is ever an error: a file that cannot be read or parsed, and each value of
the wrong kind, is one note (told once per process, see tell) and its default. Every
table is also kept as parsed for the module that reads it.
"""

from __future__ import annotations

import math
import re
import sys
import threading
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
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
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


@dataclass(frozen=True)
class RemindConfig:
    every: timedelta = timedelta(hours=2)
    routine: str | None = None
    """A routine name or path; None: the short desk break (see backtimer.remind.routine)."""
    hours: tuple[time, time] = (time(9), time(18))
    days: frozenset[int] = frozenset(range(5))
    """Weekdays, Monday = 0."""


WEEKLY_TARGET = (1, 21)
"""The sessions a week [history] weekly_target may ask for."""


@dataclass(frozen=True)
class HistoryConfig:
    weekly_target: int = 3
    """Sessions a week that `backtimer stats` and the history screen count against."""


@dataclass(frozen=True)
class Config:
    sound: SoundConfig = field(default_factory=SoundConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    remind: RemindConfig = field(default_factory=RemindConfig)
    history: HistoryConfig = field(default_factory=HistoryConfig)
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
    """Read config.toml (defaults when there is none). Never raises: a file that cannot
    be read, is not UTF-8 or not TOML is one note and every default; each value of the
    wrong kind or shape is one note and its default, and the rest of the file is used."""
    path = path or paths.config_file()
    try:
        if not path.is_file():
            return Config(path=path)
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        return _unusable(path, f"not UTF-8 text (line {line}: byte {err.object[err.start]:#04x})")
    except tomllib.TOMLDecodeError as err:
        return _unusable(path, f"not valid TOML: {err}")
    except (OSError, ValueError) as err:
        return _unusable(path, f"cannot read it: {getattr(err, 'strerror', None) or err}")
    notes: list[str] = []
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    sound = _sound(path, data.get("sound", {}), data.get("cues", {}), notes)
    voice = _voice(path, data.get("voice", {}), notes)
    remind = _remind(path, data.get("remind", {}), notes)
    history = _history(path, data.get("history", {}), notes)
    return Config(
        sound=sound,
        voice=voice,
        remind=remind,
        history=history,
        notes=tuple(notes),
        path=path,
        tables=tables,
    )


def _unusable(path: Path, why: str) -> Config:
    return Config(notes=(f"{path}: {why}; using the default settings.",), path=path)


_told: set[str] = set()
_told_lock = threading.Lock()


def tell(config: Config, notify: Callable[[str], None]) -> None:
    """Each note of `config` through `notify`, once per process: the sound, the voice and
    the history each read the file, and a wrong key is still one message."""
    for note in config.notes:
        with _told_lock:
            if note in _told:
                continue
            _told.add(note)
        notify(note)


def read_config(notify: Callable[[str], None]) -> Config:
    """load_config(), its notes told (once) through `notify`."""
    config = load_config()
    tell(config, notify)
    return config


def weekly_target(notify: Callable[[str], None] | None = None) -> int:
    """The weekly session target from config.toml ([history] weekly_target), default 3.
    A config of the wrong shape is one message each (through `notify`, else stderr)."""
    return read_config(notify or _to_stderr).history.weekly_target


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


Checks = dict[str, tuple[Callable[[object], bool], str]]


def _checked(
    path: Path, section: str, table: Mapping[str, object], checks: Checks, notes: list[str]
) -> dict[str, object]:
    """The values of `table` that pass their check; one note for each that does not."""
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in checks:
            notes.append(
                f"{path}: [{section}] has no key {_shown(key)} (known: {', '.join(checks)}); "
                "ignored."
            )
        elif not checks[key][0](value):
            notes.append(
                f"{path}: [{section}] {key} = {_shown(value)}: use {checks[key][1]}; "
                "using the default."
            )
        else:
            values[key] = value
    return values


def _key(name: str) -> str:
    """A key as TOML writes it bare, or quoted (escaped) when it is not a bare key."""
    return name if BARE_KEY.fullmatch(name) else _shown(name)


def _shown(value: object) -> str:
    """A value as the file had it, on one line and not too long (repr escapes controls)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _sound(path: Path, sound: object, cues: object, notes: list[str]) -> SoundConfig:
    """[sound] and [cues]: each wrong value is one note and its default."""
    default = SoundConfig()
    if not isinstance(sound, dict):
        notes.append(f"{path}: [sound] must be a table; using the default sound settings.")
        sound = {}
    checks: Checks = {
        "backend": (
            lambda v: isinstance(v, str) and v in BACKENDS,
            f"one of {', '.join(BACKENDS)}",
        ),
        "volume": (_between(0.0, 1.0), "a number from 0.0 to 1.0"),
    }
    values = _checked(path, "sound", sound, checks, notes)
    overrides: dict[str, str] = {}
    if not isinstance(cues, dict):
        notes.append(f"{path}: [cues] must be a table; using the default sounds.")
        cues = {}
    for name, value in cues.items():
        if isinstance(value, str) and value:
            overrides[name] = value
        else:
            notes.append(
                f'{path}: [cues] {_key(name)} = {_shown(value)}: use "off", a cue name or a path '
                "to a WAV; using the default."
            )
    backend = values.get("backend", default.backend)
    return SoundConfig(str(backend), _float(values, "volume", default.volume), overrides)


def _history(path: Path, table: object, notes: list[str]) -> HistoryConfig:
    """[history] weekly_target (other keys are left to the history's own modules)."""
    default = HistoryConfig()
    if not isinstance(table, dict):
        notes.append(f"{path}: [history] must be a table; using the default history settings.")
        return default
    if "weekly_target" not in table:
        return default
    value = table["weekly_target"]
    low, high = WEEKLY_TARGET
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        notes.append(
            f"{path}: [history] weekly_target = {_shown(value)}: use a whole number of "
            f"sessions a week, {low} to {high}; using the default ({default.weekly_target})."
        )
        return default
    return HistoryConfig(weekly_target=value)


def _voice(path: Path, table: object, notes: list[str]) -> VoiceConfig:
    """[voice]: each value of the wrong kind is one note and its default, never an error."""
    default = VoiceConfig()
    if not isinstance(table, dict):
        notes.append(f"{path}: [voice] must be a table; using the default voice settings.")
        return default
    checks: Checks = {
        "engine": (
            lambda v: isinstance(v, str) and v in VOICE_ENGINES,
            f"one of {', '.join(VOICE_ENGINES)}",
        ),
        "language": (_language, 'a voice name such as "en" or "en-gb"'),
        "rate": (_between(80, 450), "words a minute, 80 to 450"),
        "volume": (_between(0.0, 2.0), "a number from 0.0 to 2.0"),
        "read_cues": (lambda v: isinstance(v, bool), "true or false"),
        "countdown": (
            lambda v: isinstance(v, str) and v in ("voice", "ticks"),
            '"voice" or "ticks"',
        ),
    }
    values = _checked(path, "voice", table, checks, notes)
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
                f"{path}: [remind] has no key {_shown(key)} (known: {', '.join(readers)}); ignored."
            )
            continue
        try:
            values[key] = readers[key][0](value)
        except (spec.SpecError, TypeError):
            notes.append(
                f"{path}: [remind] {key} = {_shown(value)}: use {readers[key][1]}; "
                "using the default."
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
    return spec.parse_span(_text(value), *spec.EVERY_RANGE)


def _routine_name(value: object) -> str:
    if not _text(value).strip():
        raise TypeError(value)
    return str(value).strip()


def _days(value: object) -> frozenset[int]:
    if isinstance(value, list):
        return spec.parse_days([_text(v) for v in value])
    return spec.parse_days(_text(value))
