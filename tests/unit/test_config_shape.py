"""config.toml of the wrong shape: a table that is a list, a file that is not UTF-8, a
value of the wrong type for every key. Each is one message and its default, never a
traceback (stats, sessions, the summary), and the rest of the file is still used."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_voice_config import VALUES, toml_string, toml_value

from backtimer import cli, paths
from backtimer.config import (
    BACKENDS,
    VOICE_ENGINES,
    Config,
    HistoryConfig,
    SoundConfig,
    VoiceConfig,
    load_config,
    read_config,
    tell,
    weekly_target,
)
from backtimer.run.wiring import open_cues
from backtimer.sound.factory import open_player


def write_config(text: str | bytes) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_history_that_is_a_list_is_one_note_and_the_default_target(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_config("history = [1, 2]\n")
    config = load_config()
    assert config.history == HistoryConfig()
    assert config.notes == (
        f"{path}: [history] must be a table; using the default history settings.",
    )
    assert cli.main(["stats"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == list(config.notes)


def test_a_file_that_is_not_utf8_is_one_note_and_every_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_config(b"[voice]\nrate = 100\n# caf\xe9\n[sound]\nvolume = 0.5\n")
    config = load_config()
    assert config.notes == (
        f"{path}: not UTF-8 text (line 3: byte 0xe9); using the default settings.",
    )
    assert config.voice == VoiceConfig() and config.sound == SoundConfig()
    assert cli.main(["stats", "--json"]) == 0
    assert capsys.readouterr().err.splitlines() == list(config.notes)


WRONG = """\
[sound]
backend = 3
volume = "loud"

[cues]
tick = 1
go = []

[voice]
engine = 1.5
language = ["en"]
rate = "fast"
volume = true
read_cues = "yes"
countdown = {a = 1}

[history]
weekly_target = 2.5

[remind]
every = []
routine = 7
hours = 9
days = {mon = true}
"""
WRONG_KEYS = [
    "[sound] backend", "[sound] volume", "[cues] tick", "[cues] go", "[voice] engine",
    "[voice] language", "[voice] rate", "[voice] volume", "[voice] read_cues",
    "[voice] countdown", "[history] weekly_target", "[remind] every", "[remind] routine",
    "[remind] hours", "[remind] days",
]  # fmt: skip


def test_every_key_of_the_wrong_type_is_one_note_and_its_default() -> None:
    write_config(WRONG)
    config = load_config()
    for key in WRONG_KEYS:
        assert sum(f"] {key.split('] ')[1]} = " in n and key.split("]")[0] in n
                   for n in config.notes) == 1, key  # fmt: skip
    assert len(config.notes) == len(WRONG_KEYS) == len(set(config.notes))
    default = Config()
    assert (config.sound, config.voice, config.remind, config.history) == (
        default.sound, default.voice, default.remind, default.history,
    )  # fmt: skip


def test_a_wrong_sound_section_keeps_the_voice_and_the_history() -> None:
    write_config(
        'sound = "loud"\n[cues]\ntick = 5\n[voice]\nrate = 200\nengine = "off"\n'
        "[history]\nweekly_target = 5\n"
    )
    config = load_config()
    assert config.voice.rate == 200 and config.voice.engine == "off"
    assert config.history.weekly_target == 5
    assert len(config.notes) == 2


def test_a_key_with_a_line_break_is_one_line_of_message() -> None:
    """Found by the property below: the key itself must not forge a second line."""
    path = write_config('[cues]\n"a\\nb.yaml:1:1: forged" = 80\n')
    assert load_config().notes == (
        f"{path}: [cues] 'a\\nb.yaml:1:1: forged' = 80: use \"off\", a cue name or a path to a "
        "WAV; using the default.",
    )


def test_each_note_is_told_once_however_many_read_the_file() -> None:
    """The sound, the voice and the summary each read the config: one message each."""
    write_config("[sound]\nvolume = 2\n[voice]\nrate = 1\n[history]\nweekly_target = 0\n")
    told: list[str] = []
    open_cues("off", told.append)
    open_player("auto", notify=told.append, openers={})
    read_config(told.append)
    assert weekly_target(told.append) == 3
    config_notes = [n for n in told if "config.toml" in n]
    assert len(config_notes) == 3 and len(set(config_notes)) == 3, told


def test_a_session_with_a_config_of_the_wrong_shape_reaches_its_summary(
    tmp_path: Path, backtimer_home: Path
) -> None:
    """The console's own process: exit 0, the summary's lines, each message once."""
    write_config('history = [1, 2]\nsound = 3\n[voice]\nrate = "fast"\n')
    routine = tmp_path / "r.yaml"
    routine.write_text(
        "name: Short\ndefaults: {prepare: 1s}\nexercises:\n  - {name: P, hold: 2s}\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "run", str(routine), "--plain", "--speed", "50"]
        + ["--sound", "auto", "--voice", "off"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "BACKTIMER_HOME": str(backtimer_home)},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "this week (target 3:" in done.stdout, "the summary, with the default target"
    notes = [line for line in done.stderr.splitlines() if "config.toml" in line]
    assert len(notes) == 3 and len(set(notes)) == 3, done.stderr


# -- property: random documents ------------------------------------------------------

SECTIONS = ("sound", "cues", "voice", "history", "remind")
SECTION_KEYS = {
    "sound": ["backend", "volume"],
    "cues": ["tick", "go", "finish", "nope"],
    "voice": ["engine", "language", "rate", "volume", "read_cues", "countdown"],
    "history": ["weekly_target"],
    "remind": ["every", "routine", "hours", "days"],
}
NEAR = st.sampled_from(
    [*BACKENDS, *VOICE_ENGINES, "voice", "ticks", "en", 0, 1, 3, 21, 22, 0.5, 1.5, "2h",
     "09:00-18:00", "mon-fri", ["mon"], "off", "go", "x.wav", True, ""]
)  # fmt: skip
SECTION_VALUE = st.one_of(NEAR, VALUES)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    """A config of random shape: known sections as tables (random keys and values) or
    as anything else, and tables and keys nobody knows."""
    doc: dict[str, object] = {}
    for name in draw(st.lists(st.sampled_from([*SECTIONS, "future", "x"]), unique=True)):
        if draw(st.integers(0, 4)) == 0:
            doc[name] = draw(VALUES)  # a section of the wrong shape
        else:
            keys = st.sampled_from([*SECTION_KEYS.get(name, []), "other", "Volume"])
            doc[name] = draw(st.dictionaries(keys, SECTION_VALUE, max_size=6))
    return doc


def toml_document(doc: dict[str, object]) -> str:
    """A tiny TOML writer: scalars and inline values first, then each table."""
    tables = {k: v for k, v in doc.items() if isinstance(v, dict)}
    lines = [f"{toml_string(k)} = {toml_value(v)}" for k, v in doc.items() if k not in tables]
    for name, table in tables.items():
        lines.append(f"[{toml_string(name)}]")
        lines += [f"{toml_string(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def valid(config: Config) -> None:
    assert config.sound.backend in BACKENDS
    assert type(config.sound.volume) is float and 0.0 <= config.sound.volume <= 1.0
    assert all(isinstance(v, str) and v for v in config.sound.cues.values())
    assert config.voice.engine in VOICE_ENGINES and 80 <= config.voice.rate <= 450
    assert 0.0 <= config.voice.volume <= 2.0 and type(config.voice.read_cues) is bool
    assert config.voice.countdown in ("voice", "ticks")
    assert type(config.history.weekly_target) is int and 1 <= config.history.weekly_target <= 21
    assert isinstance(config.remind.every, timedelta)
    assert all(isinstance(t, time) for t in config.remind.hours)
    assert config.remind.days <= frozenset(range(7))


def loaded(text: str | bytes) -> tuple[Config, Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return load_config(path), path


PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(doc=documents())
def test_any_document_is_notes_and_defaults_never_an_error(doc: dict[str, object]) -> None:
    text = toml_document(doc)
    config, path = loaded(text)
    valid(config)
    assert len(set(config.notes)) == len(config.notes), "no duplicate messages"
    assert all("\n" not in n and n.startswith(f"{path}: [") for n in config.notes)
    for name in SECTIONS:
        value = doc.get(name)
        shape = [n for n in config.notes if n.startswith(f"{path}: [{name}] must be a table")]
        assert len(shape) == (value is not None and not isinstance(value, dict)), name
        if not isinstance(value, dict):
            continue
        for key in value:  # one note at most per key, and a refused key keeps its default
            said = [n for n in config.notes if n.startswith(f"{path}: [{name}] {key} = ")]
            said += [n for n in config.notes if n.startswith(f"{path}: [{name}] has no key '{key}'")]  # fmt: skip
            assert len(said) <= 1, said
            if said and name in ("voice", "sound", "history") and key in SECTION_KEYS[name]:
                section = getattr(config, name)
                assert getattr(section, key) == getattr(type(section)(), key), (name, key)
    # The other sections never change what [voice] (or [history]) gives.
    alone = {k: v for k, v in doc.items() if k in ("voice", "history")}
    by_itself, _ = loaded(toml_document(alone))
    assert (by_itself.voice, by_itself.history) == (config.voice, config.history)


@PROPERTY
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_are_at_most_one_note_and_the_defaults(data: bytes) -> None:
    config, path = loaded(data)
    valid(config)
    assert all("\n" not in n for n in config.notes)


@settings(PROPERTY, max_examples=60)
@given(doc=documents())
def test_the_weekly_target_never_raises(doc: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        old = os.environ.get("BACKTIMER_HOME")
        os.environ["BACKTIMER_HOME"] = folder
        try:
            write_config(toml_document(doc))
            told: list[str] = []
            target = weekly_target(told.append)
        finally:
            if old is None:
                del os.environ["BACKTIMER_HOME"]
            else:
                os.environ["BACKTIMER_HOME"] = old
    assert 1 <= target <= 21 and len(told) == len(set(told))


def test_the_notes_are_told_once_per_process_not_per_reader() -> None:
    config = Config(notes=("a note",))
    told: list[str] = []
    tell(config, told.append)
    tell(config, told.append)
    assert told == ["a note"]
