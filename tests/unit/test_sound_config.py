"""config.toml: [sound] and [cues] overrides, clear errors, other tables left alone."""

from __future__ import annotations

import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest

from backtimer import paths
from backtimer.config import Config, ConfigError, SoundConfig, load_config
from backtimer.sound.bank import RATE, load_bank, load_wav, resolve_sounds
from backtimer.sound.factory import open_player
from backtimer.sound.player import CuePlayer
from backtimer.sound.silent import SilentPlayer


def write_config(text: str) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_wav(path: Path, samples: list[int], rate: int = RATE, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(array("h", samples).tobytes())
    return path


def test_no_file_means_defaults(backtimer_home: Path) -> None:
    config = load_config()
    assert config.sound == SoundConfig()
    assert config.path == backtimer_home / "config" / "config.toml"
    assert config.table("history") == {}


def test_a_full_file_and_sections_that_belong_to_others() -> None:
    write_config(
        '[sound]\nbackend = "bell"\nvolume = 0.5\n\n'
        '[cues]\ntick = "off"\nrep = "go"\ngo = "~/beep.wav"\n\n'
        "[history]\nweekly_target = 3\n\n[future]\nanything = [1, 2]\n"
    )
    config = load_config()
    assert config.sound.backend == "bell"
    assert config.sound.volume == 0.5
    assert config.sound.cues == {"tick": "off", "rep": "go", "go": "~/beep.wav"}
    assert config.table("history")["weekly_target"] == 3
    assert config.table("future") == {"anything": [1, 2]}


def test_an_integer_volume_is_fine() -> None:
    write_config("[sound]\nvolume = 1\n")
    assert load_config().sound.volume == 1.0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[sound\nbackend = 'x'", "not valid TOML"),
        ('[sound]\nbackend = "loud"\n', "backend = 'loud': use one of auto, miniaudio"),
        ("[sound]\nvolume = 1.5\n", "volume = 1.5: use a number from 0.0 to 1.0"),
        ("[sound]\nvolume = -0.1\n", "volume = -0.1"),
        ("[sound]\nvolume = true\n", "volume = True"),
        ('[sound]\nvolume = "50%"\n', "volume = '50%'"),
        ("[sound]\nvolume = nan\n", "volume = nan"),
        ('[sound]\nbacknd = "off"\n', "[sound] has no key 'backnd' (known: backend, volume)"),
        ('sound = "off"\n', "[sound] must be a table"),
        ("[cues]\ntick = 3\n", '[cues] tick = 3: use "off", a cue name or a path'),
        ('[cues]\ntick = ""\n', "[cues] tick = ''"),
    ],
)
def test_bad_config_says_what_and_where(text: str, words: str) -> None:
    """Never an error: one note that names the file and the value, and the defaults."""
    path = write_config(text)
    config = load_config()
    assert len(config.notes) == 1, config.notes
    assert config.notes[0].startswith(str(path))
    assert words in config.notes[0]
    assert config.sound == SoundConfig()


def test_an_unreadable_file_is_one_note_and_the_defaults() -> None:
    path = write_config("")
    path.write_bytes(b"\xff\xfe[sound]")
    config = load_config()
    assert config.notes == (
        f"{path}: not UTF-8 text (line 1: byte 0xff); using the default settings.",
    )
    assert config.sound == SoundConfig()


def test_cues_remap_to_another_cue_a_path_or_off(tmp_path: Path) -> None:
    sounds = paths.sounds_dir()
    out = resolve_sounds({"tick": "off", "rep": "go", "go": "mine/beep.WAV"}, tmp_path)
    assert out["tick"] is None
    assert out["rep"] == sounds / "go.wav"
    assert out["go"] == tmp_path / "mine" / "beep.WAV"
    assert out["finish"] == sounds / "finish.wav"


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"tock": "off"}, "[cues] has no cue 'tock' (known: get_ready, go,"),
        ({"tick": "beep"}, '[cues] tick = "beep": use "off", a cue'),
    ],
)
def test_bad_cue_overrides(overrides: dict[str, str], words: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_sounds(overrides, tmp_path)
    assert words in str(caught.value)


def test_volume_scales_the_samples_once_at_load(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "a.wav", [1000, -2000, 32767])
    assert list(load_wav(path, volume=0.5)) == [500, -1000, 16384]


def test_a_stereo_wav_at_another_rate_is_made_mono_at_the_bank_rate(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "s.wav", [100, 300] * 4, rate=RATE // 2, channels=2)
    assert list(load_wav(path)) == [200] * 8


class Recorder:
    """Stands in for a device backend: the bank it got, the cues it played."""

    name = "miniaudio"

    def __init__(self, bank: object) -> None:
        self.bank = bank

    def play(self, cue: str) -> float | None:
        return 1.0

    def close(self) -> None:
        pass


def test_open_player_applies_the_config(tmp_path: Path) -> None:
    beep = write_wav(tmp_path / "beep.wav", [4000] * 10)
    write_config(f'[sound]\nvolume = 0.25\n[cues]\ntick = "off"\nrep = "{beep}"\n')
    made: list[Recorder] = []

    def opener(bank: object) -> CuePlayer:
        made.append(Recorder(bank))
        return made[-1]

    notices: list[str] = []
    player = open_player(notify=notices.append, openers={"miniaudio": opener})
    bank = made[0].bank
    assert notices == []
    assert player.name == "miniaudio"
    assert "tick" in bank.silenced and "tick" not in bank.sounds  # type: ignore[attr-defined]
    assert list(bank.sounds["rep"]) == [1000] * 10  # type: ignore[attr-defined]


def test_a_bad_config_is_one_notice_and_the_defaults(tmp_path: Path) -> None:
    write_config('[sound]\nbackend = "loud"\n')
    notices: list[str] = []
    player = open_player(notify=notices.append, openers={})
    assert len(notices) == 1 and "backend = 'loud'" in notices[0]
    assert "using the default" in notices[0]
    assert player.name == "bell"


def test_a_bad_cue_override_is_one_notice_and_the_default_sounds() -> None:
    write_config('[cues]\ntick = "beep"\n')
    notices: list[str] = []
    made: list[object] = []
    open_player(
        notify=notices.append, openers={"miniaudio": lambda b: made.append(b) or SilentPlayer()}
    )
    assert len(notices) == 1 and 'tick = "beep"' in notices[0]
    assert "tick" in made[0].sounds  # type: ignore[attr-defined]


def test_the_config_backend_is_used_when_the_command_line_says_auto() -> None:
    config = Config(SoundConfig(backend="off"))
    assert open_player("auto", notify=print, config=config).name == "off"
    assert open_player("bell", notify=print, config=config).name == "bell"


def test_an_empty_bank_loads_nothing(tmp_path: Path) -> None:
    bank = load_bank({"tick": None})
    assert bank.silenced == {"tick"} and not bank.sounds and not bank.problems


@pytest.mark.parametrize(
    ("module", "banned"),
    [
        ("backtimer.config", ("backtimer.sound", "miniaudio", "textual")),
        ("backtimer.sound.factory", ("miniaudio", "simpleaudio", "textual")),
    ],
)
def test_imports_stay_light(module: str, banned: tuple[str, ...]) -> None:
    """History reads config without sound; audio modules load only when a backend opens."""
    code = (
        "import sys, importlib; importlib.import_module(sys.argv[1]); "
        "print(','.join(m for m in sys.modules if m.startswith(tuple(sys.argv[2:]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, module, *banned], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
