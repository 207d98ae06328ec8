"""config.toml [voice]: defaults, every key, and each wrong value as one note and its default."""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer import paths
from backtimer.config import VOICE_ENGINES, Config, VoiceConfig, load_config
from backtimer.sound.voice.engine import VoiceUnavailable, check_language

KEYS = ("engine", "language", "rate", "volume", "read_cues", "countdown")
DEFAULT = VoiceConfig()


def write_config(text: str) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def voice_of(text: str) -> Config:
    write_config(text)
    return load_config()


def test_no_file_and_no_table_give_the_defaults() -> None:
    assert load_config().voice == DEFAULT
    config = voice_of('[sound]\nbackend = "off"\n')
    assert config.voice == DEFAULT and config.notes == ()
    assert VoiceConfig("auto", "en", 165, 1.0, False, "voice") == DEFAULT


def test_an_empty_table_gives_the_defaults_and_no_note() -> None:
    config = voice_of("[voice]\n")
    assert config.voice == DEFAULT and config.notes == ()


def test_every_key_set_to_a_valid_value_is_used() -> None:
    config = voice_of(
        '[voice]\nengine = "espeak"\nlanguage = "en-gb"\nrate = 200\nvolume = 0.5\n'
        'read_cues = true\ncountdown = "ticks"\n'
    )
    assert config.notes == ()
    assert config.voice == VoiceConfig("espeak", "en-gb", 200, 0.5, True, "ticks")
    assert config.table("voice")["rate"] == 200, "the table is kept as parsed too"


@pytest.mark.parametrize(
    ("key", "toml", "expected"),
    [
        *[("engine", f'"{e}"', e) for e in VOICE_ENGINES],
        ("language", '"de"', "de"),
        ("language", '"pt_br"', "pt_br"),
        ("language", '"en-us"', "en-us"),
        ("rate", "80", 80),
        ("rate", "450", 450),
        ("rate", "170.4", 170),
        ("volume", "0", 0.0),
        ("volume", "0.0", 0.0),
        ("volume", "2", 2.0),
        ("volume", "1.25", 1.25),
        ("read_cues", "true", True),
        ("read_cues", "false", False),
        ("countdown", '"voice"', "voice"),
        ("countdown", '"ticks"', "ticks"),
    ],
)
def test_each_key_valid(key: str, toml: str, expected: object) -> None:
    config = voice_of(f"[voice]\n{key} = {toml}\n")
    assert config.notes == ()
    got = getattr(config.voice, key)
    assert got == expected and type(got) is type(expected)
    others = {k: getattr(config.voice, k) for k in KEYS if k != key}
    assert others == {k: getattr(DEFAULT, k) for k in KEYS if k != key}


@pytest.mark.parametrize(
    ("key", "toml", "words"),
    [
        ("engine", '"loud"', "engine = 'loud': use one of auto, espeak, system, off"),
        ("engine", "1", "engine = 1"),
        ("engine", '["auto"]', "engine = ['auto']"),
        ("rate", '"fast"', "rate = 'fast': use words a minute, 80 to 450"),
        ("rate", "1000", "rate = 1000"),
        ("rate", "79", "rate = 79"),
        ("rate", "true", "rate = True"),
        ("rate", "nan", "rate = nan"),
        ("volume", "-1", "volume = -1: use a number from 0.0 to 2.0"),
        ("volume", "true", "volume = True"),
        ("volume", "2.5", "volume = 2.5"),
        ("volume", "inf", "volume = inf"),
        ("volume", '"50%"', "volume = '50%'"),
        ("read_cues", '"yes"', "read_cues = 'yes': use true or false"),
        ("read_cues", "1", "read_cues = 1"),
        ("countdown", "3", 'countdown = 3: use "voice" or "ticks"'),
        ("countdown", '"beeps"', "countdown = 'beeps'"),
        ("language", '"en gb; rm"', "language = 'en gb; rm'"),
        ("language", '""', "language = ''"),
        ("language", '"$(reboot)"', "language = '$(reboot)'"),
        ("language", '"' + "e" * 41 + '"', "language = 'eeee"),
        ("language", '"ẽn"', "language = 'ẽn'"),
        ("language", "5", "language = 5"),
    ],
)
def test_each_wrong_value_is_one_note_and_its_default(key: str, toml: str, words: str) -> None:
    # A valid value beside it is kept: one wrong key does not throw the table away.
    other = "countdown" if key != "countdown" else "read_cues"
    other_toml, other_value = ('"ticks"', "ticks") if other == "countdown" else ("true", True)
    path = write_config(f"[voice]\n{key} = {toml}\n{other} = {other_toml}\n")
    config = load_config()
    assert len(config.notes) == 1, config.notes
    note = config.notes[0]
    assert note.startswith(f"{path}: [voice] {key} = ") and words in note
    assert note.endswith("using the default."), note
    assert "\n" not in note
    assert getattr(config.voice, key) == getattr(DEFAULT, key)
    assert getattr(config.voice, other) == other_value


def test_an_unknown_key_is_one_note_naming_it_and_the_known_keys() -> None:
    path = write_config("[voice]\nspeed = 2\nrate = 200\n")
    config = load_config()
    assert config.notes == (
        f"{path}: [voice] has no key 'speed' (known: engine, language, rate, volume, "
        "read_cues, countdown); ignored.",
    )
    assert config.voice == VoiceConfig(rate=200)


def test_several_wrong_values_give_one_note_each() -> None:
    config = voice_of('[voice]\nengine = "loud"\nrate = "fast"\nvolume = -1\nvoicee = 1\n')
    assert len(config.notes) == 4
    for key in ("engine = ", "rate = ", "volume = ", "'voicee'"):
        assert sum(key in n for n in config.notes) == 1, (key, config.notes)
    assert config.voice == DEFAULT


@pytest.mark.parametrize("toml", ["voice = 3", 'voice = "off"', "voice = [1, 2]", "voice = false"])
def test_voice_not_a_table_is_one_note_and_the_defaults(toml: str) -> None:
    path = write_config(toml + '\n[sound]\nbackend = "off"\n')
    config = load_config()
    assert config.notes == (f"{path}: [voice] must be a table; using the default voice settings.",)
    assert config.voice == DEFAULT
    assert config.sound.backend == "off", "the rest of the file is still read"


def test_notes_never_stop_the_sound_table_from_being_checked() -> None:
    config = voice_of('[voice]\nengine = "loud"\n[sound]\nvolume = 0.5\n')
    assert config.sound.volume == 0.5 and len(config.notes) == 1


@pytest.mark.parametrize("language", ["1en", "-en", "9", "en+f3"])
def test_the_config_accepts_exactly_the_languages_the_engine_accepts(language: str) -> None:
    config = voice_of(f'[voice]\nlanguage = "{language}"\n')
    try:
        check_language(language)
        engine_accepts = True
    except VoiceUnavailable:
        engine_accepts = False
    assert (config.voice.language == language) == engine_accepts
    assert (config.notes == ()) == engine_accepts


# -- property: any TOML value for any key ---------------------------------------------


def toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    """`value` written as TOML (an inline value)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(value)


NEAR = st.sampled_from(
    [
        *VOICE_ENGINES, "Auto", "espeak-ng", "voice", "ticks", "Voice", "en", "en-gb",
        "en gb", "en;rm", "", "-", "_", "1en", "-en", 80, 450, 79, 451, 165.5, 449.6,
        450.4, 0, 2, 0.0, 2.0, 2.0000001, -0.0, -1e-9, True, False, 1, 0,
    ]
)  # fmt: skip
SCALARS = st.one_of(
    NEAR,
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=45),
    st.dates(),
    st.datetimes(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3)
    ),
    max_leaves=6,
)
TABLES = st.dictionaries(
    st.sampled_from([*KEYS, "speed", "Engine", "voice", ""]), VALUES, max_size=8
)
LANGUAGE = re.compile(r"[A-Za-z0-9_-]{1,40}")


def valid(config: VoiceConfig) -> None:
    assert config.engine in VOICE_ENGINES
    assert isinstance(config.language, str) and LANGUAGE.fullmatch(config.language)
    assert re.search(r"[A-Za-z0-9]", config.language)
    assert type(config.rate) is int and 80 <= config.rate <= 450
    assert type(config.volume) is float and 0.0 <= config.volume <= 2.0
    assert type(config.read_cues) is bool
    assert config.countdown in ("voice", "ticks")


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(table=TABLES)
def test_any_toml_table_never_raises_and_gives_a_valid_voice(table: dict[str, object]) -> None:
    text = "[voice]\n" + "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in table.items())
    parsed = tomllib.loads(text)["voice"]  # the writer above is right, or the test fails here
    assert list(parsed) == list(table)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(text, encoding="utf-8")
        config = load_config(path)
    valid(config.voice)
    unknown = [k for k in table if k not in KEYS]
    refused = [
        k
        for k in table
        if k in KEYS and any(n.startswith(f"{path}: [voice] {k} = ") for n in config.notes)
    ]
    assert len(config.notes) == len(unknown) + len(refused), config.notes
    for key in unknown:
        assert sum(n.startswith(f"{path}: [voice] has no key '{key}'") for n in config.notes) == 1
    for key in KEYS:
        got = getattr(config.voice, key)
        if key not in table or key in refused:
            assert got == getattr(DEFAULT, key)
        elif key == "rate":
            assert got == round(parsed[key])
        else:
            assert got == parsed[key]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=VALUES.filter(lambda v: not isinstance(v, dict)))
def test_voice_of_any_other_type_is_one_note(value: object) -> None:
    text = f"voice = {toml_value(value)}\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(text, encoding="utf-8")
        config = load_config(path)
    assert config.voice == DEFAULT
    assert len(config.notes) == 1 and "[voice] must be a table" in config.notes[0]
