"""Every fallback: no module, no device, a device that dies, a missing or corrupt WAV.

No real device and no wall clock: devices are fakes pulled by hand, time is a list.
"""

from __future__ import annotations

import os
import sys
import types
from array import array
from collections.abc import Generator
from pathlib import Path

import pytest

from backtimer.config import Config, SoundConfig
from backtimer.sound import miniaudio_backend
from backtimer.sound.bank import Bank, load_bank, resolve_sounds
from backtimer.sound.bell import BellPlayer
from backtimer.sound.factory import OPENERS, FallbackPlayer, open_player
from backtimer.sound.miniaudio_backend import STALL_SECONDS, MiniaudioPlayer, open_device
from backtimer.sound.player import BackendUnavailable, CuePlayer, RecordingPlayer
from backtimer.sound.quiet import quiet_fd2
from backtimer.sound.silent import SilentPlayer
from backtimer.sound.simpleaudio_backend import SimpleaudioPlayer

GO = array("h", [1000] * 5)
TICK = array("h", [-500] * 3)


def bank() -> Bank:
    return Bank({"go": GO, "tick": TICK}, frozenset({"rep"}), {"inhale": "inhale.wav: missing"})


class FakeDevice:
    backend = "PulseAudio"

    def __init__(self) -> None:
        self.stop_callback: object = None
        self.gen: Generator[array[int], int, None] | None = None
        self.closed = False

    def start(self, callback_generator: Generator[array[int], int, None]) -> None:
        self.gen = callback_generator

    def pull(self, frames: int) -> list[int]:
        assert self.gen is not None
        return list(self.gen.send(frames))

    def close(self) -> None:
        self.closed = True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Ring:
    def __init__(self) -> None:
        self.rings = 0

    def __call__(self) -> None:
        self.rings += 1


def fake_miniaudio(device: FakeDevice, clock: Clock) -> dict[str, object]:
    def opener(b: Bank) -> CuePlayer:
        return MiniaudioPlayer(b, opener=lambda rate: device, clock=clock)

    return {"miniaudio": opener}


def unavailable(why: str, no_device: bool = False) -> object:
    def opener(b: Bank) -> CuePlayer:
        raise BackendUnavailable(why, no_device=no_device)

    return opener


def test_play_queues_and_the_device_thread_mixes() -> None:
    device, clock = FakeDevice(), Clock()
    player = MiniaudioPlayer(bank(), opener=lambda rate: device, clock=clock)
    assert device.pull(4) == [0] * 4
    assert player.play("go") == 100.0
    assert player.play("tick") == 100.0
    assert device.pull(4) == [500] * 3 + [1000]
    assert device.pull(4) == [1000, 0, 0, 0]
    assert player.play("rep") is None  # silenced by the user
    player.close()
    assert device.closed and device.stop_callback is None


def test_mixing_clips_instead_of_wrapping() -> None:
    loud = array("h", [30000] * 2)
    device = FakeDevice()
    player = MiniaudioPlayer(Bank({"a": loud}), opener=lambda rate: device)
    player.play("a")
    player.play("a")
    assert device.pull(2) == [32767, 32767]


def test_no_miniaudio_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "miniaudio", None)
    with pytest.raises(BackendUnavailable, match="miniaudio module is not installed"):
        open_device(44100)


def test_no_modules_at_all_falls_back_to_the_bell_with_one_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "miniaudio", None)
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    notices: list[str] = []
    ring = Ring()
    player = open_player("auto", notify=notices.append, ring=ring, openers=OPENERS)
    assert player.name == "bell" and player.fell_back
    assert notices == ["The miniaudio module is not installed: cues will use the terminal bell."]
    assert "miniaudio: the miniaudio module is not installed" in player.details[0]
    assert "simpleaudio: simpleaudio is not installed" in player.details[1]
    assert player.play("go") is not None and ring.rings == 1
    assert player.play("inhale") is None and ring.rings == 1  # soft cues do not ring


def fake_module(name: str, **attrs: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


class MiniaudioError(Exception):
    pass


def test_device_open_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def device(**kw: object) -> None:
        raise MiniaudioError("failed to init device", -401)

    module = fake_module(
        "miniaudio",
        PlaybackDevice=device,
        MiniaudioError=MiniaudioError,
        SampleFormat=types.SimpleNamespace(SIGNED16=2),
    )
    monkeypatch.setitem(sys.modules, "miniaudio", module)
    with pytest.raises(BackendUnavailable, match=r"no audio device \(failed to init device -401\)"):
        open_device(44100)


def test_miniaudio_null_output_is_no_device(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[bool] = []

    class NullDevice:
        backend = "Null"

        def __init__(self, **kw: object) -> None:
            pass

        def close(self) -> None:
            closed.append(True)

    module = fake_module(
        "miniaudio",
        PlaybackDevice=NullDevice,
        MiniaudioError=MiniaudioError,
        SampleFormat=types.SimpleNamespace(SIGNED16=2),
    )
    monkeypatch.setitem(sys.modules, "miniaudio", module)
    with pytest.raises(BackendUnavailable, match="null output"):
        open_device(44100)
    assert closed == [True]


def test_a_device_that_will_not_start_is_closed_and_unavailable() -> None:
    class Stubborn(FakeDevice):
        def start(self, callback_generator: Generator[array[int], int, None]) -> None:
            raise OSError("device busy")

    device = Stubborn()
    with pytest.raises(BackendUnavailable, match="would not start"):
        MiniaudioPlayer(bank(), opener=lambda rate: device)
    assert device.closed


def test_no_device_is_said_in_plain_words_and_the_library_error_kept_aside() -> None:
    """The issue's case: miniaudio cannot init a device and simpleaudio finds no ALSA device."""
    notices: list[str] = []
    openers = {
        "miniaudio": unavailable("no audio device (failed to init device -401)", no_device=True),
        "simpleaudio": unavailable("no ALSA device (Error opening PCM device)", no_device=True),
    }
    player = open_player(notify=notices.append, ring=Ring(), openers=openers)  # type: ignore[arg-type]
    assert player.name == "bell"
    assert notices == ["No sound device found: cues will use the terminal bell."]
    assert player.details == (
        "miniaudio: no audio device (failed to init device -401)",
        "simpleaudio: no ALSA device (Error opening PCM device)",
    )


def test_device_open_failure_tries_the_next_backend() -> None:
    notices: list[str] = []
    made: list[RecordingPlayer] = []

    def simpleaudio(b: Bank) -> CuePlayer:
        made.append(RecordingPlayer())
        made[-1].name = "simpleaudio"  # type: ignore[misc]
        return made[-1]

    openers = {
        "miniaudio": unavailable("no audio device", no_device=True),
        "simpleaudio": simpleaudio,
    }
    player = open_player(notify=notices.append, openers=openers)  # type: ignore[arg-type]
    assert player.name == "simpleaudio" and not player.fell_back
    assert notices == ["No sound device found: cues will use simpleaudio."]
    player.play("go")
    assert made[0].played == ["go"]


def test_a_device_that_stalls_mid_session_falls_back_once_and_on_time() -> None:
    device, clock, ring = FakeDevice(), Clock(), Ring()
    notices: list[str] = []
    player = open_player(
        "miniaudio", notify=notices.append, ring=ring, openers=fake_miniaudio(device, clock)
    )
    assert player.play("go") == 100.0 and ring.rings == 0
    device.pull(10)
    clock.now += STALL_SECONDS + 0.5  # the device stops asking for frames
    assert player.play("tick") is not None  # rung on time, on the bell's own clock
    assert ring.rings == 1 and player.name == "bell"
    assert notices == ["The sound device stopped working: cues will use the terminal bell."]
    assert player.details == ("miniaudio stopped: the audio device stopped taking sound 2.5 s ago",)
    player.play("go")
    assert ring.rings == 2 and len(notices) == 1
    player.close()
    assert device.closed


def test_a_device_that_reports_it_stopped_falls_back() -> None:
    device, clock, ring = FakeDevice(), Clock(), Ring()
    notices: list[str] = []
    player = open_player(
        "auto", notify=notices.append, ring=ring, openers=fake_miniaudio(device, clock)
    )
    assert callable(device.stop_callback)
    device.stop_callback()  # miniaudio calls this from its thread on a disconnect
    player.play("go")
    assert ring.rings == 1 and "The sound device stopped working" in notices[0]


def test_missing_and_corrupt_wavs_ring_the_bell_for_their_cues_only(tmp_path: Path) -> None:
    (tmp_path / "tick.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    sounds = resolve_sounds({"tick": str(tmp_path / "tick.wav"), "go": "missing.wav"}, tmp_path)
    loaded = load_bank(sources=sounds)
    assert set(loaded.problems) == {"tick", "go"}
    assert "not a readable WAV" in loaded.problems["tick"]
    assert loaded.problems["go"].endswith("missing.wav: missing")


def test_open_player_tells_once_about_bad_wavs_and_rings_for_them(tmp_path: Path) -> None:
    (tmp_path / "tick.wav").write_bytes(b"not a wav at all")
    config = Config(SoundConfig(cues={"tick": "tick.wav"}), path=tmp_path / "config.toml")
    device, clock, ring = FakeDevice(), Clock(), Ring()
    notices: list[str] = []
    player = open_player(
        notify=notices.append, ring=ring, config=config, openers=fake_miniaudio(device, clock)
    )
    assert len(notices) == 1 and "1 cue(s) have no usable WAV; the terminal bell" in notices[0]
    assert "tick:" in notices[0]
    player.play("tick")
    player.play("go")
    assert ring.rings == 1 and player.name == "miniaudio"
    assert any(device.pull(400))


def test_a_bell_that_cannot_ring_falls_silent() -> None:
    def broken() -> None:
        raise OSError("no terminal")

    notices: list[str] = []
    player = FallbackPlayer(BellPlayer(broken), SilentPlayer(), notices.append)
    assert player.play("go") is None
    assert player.name == "off"
    assert notices == ["The terminal bell stopped working: the session runs without sound."]
    assert "cannot ring the terminal bell" in player.details[0]


class FakeSimpleaudio:
    """play_buffer succeeds `good` times, then fails like ALSA losing its device."""

    def __init__(self, good: int) -> None:
        self.good, self.played = good, []  # type: list[bytes]

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> None:
        if len(self.played) >= self.good:
            raise RuntimeError("Error opening PCM device. -- CODE: -2")
        self.played.append(data)


def test_simpleaudio_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    with pytest.raises(BackendUnavailable, match=r"backtimer\[simpleaudio\]"):
        SimpleaudioPlayer(bank())


def test_simpleaudio_without_a_device_is_unavailable() -> None:
    with pytest.raises(BackendUnavailable, match="no ALSA device"):
        SimpleaudioPlayer(bank(), module=FakeSimpleaudio(good=0))


def test_simpleaudio_failing_mid_session_falls_back() -> None:
    module, ring = FakeSimpleaudio(good=2), Ring()
    notices: list[str] = []
    sa = SimpleaudioPlayer(bank(), module=module)
    player = FallbackPlayer(sa, BellPlayer(ring), notices.append)
    player.play("go")
    sa.wait_idle()
    assert module.played[1] == GO.tobytes()
    player.play("tick")  # this one fails in the worker thread
    sa.wait_idle()
    player.play("go")
    assert ring.rings == 1 and player.name == "bell"
    assert notices == ["The sound device stopped working: cues will use the terminal bell."]
    assert "simpleaudio stopped: the ALSA device failed (Error opening PCM" in player.details[0]
    player.close()


def test_unknown_choice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown sound backend"):
        open_player("loud", notify=print)


def test_off_is_silent_and_not_a_fallback() -> None:
    player = open_player("off", notify=print, openers=OPENERS)
    assert player.name == "off" and not player.fell_back and player.play("go") is None


def test_recording_player_still_records() -> None:
    player = RecordingPlayer(clock=lambda: 5.0)
    assert player.play("go") == 5.0
    assert player.played == ["go"] and player.started == [("go", 5.0)]


def test_stall_window_is_generous_enough_for_a_busy_ui() -> None:
    assert miniaudio_backend.BUFFER_MSEC / 1000 * 10 < STALL_SECONDS


def test_chatter_on_fd2_while_a_device_opens_is_dropped(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_fd2():
        os.write(2, b"ALSA lib confmisc.c:767:(parse_card) cannot find card '0'\n")
        os.write(2, b"some other library line\n")
    assert capfd.readouterr().err == ""


def test_the_apps_own_drawing_on_fd2_survives(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_fd2():
        os.write(2, b"\x1b[2;1Hcountdown 00:12")
        os.write(2, b"ALSA lib pcm.c:8570:(snd_pcm_recover) underrun occurred\n")
        os.write(2, b"\x1b[3;1Hplank")
    assert capfd.readouterr().err == "\x1b[2;1Hcountdown 00:12\x1b[3;1Hplank"


def test_a_surprise_from_a_backend_does_not_end_the_session() -> None:
    class Buggy(RecordingPlayer):
        def play(self, cue: str) -> float | None:
            raise KeyError(cue)

    notices: list[str] = []
    player = FallbackPlayer(Buggy(), RecordingPlayer(clock=lambda: 7.0), notices.append)
    assert player.play("go") == 7.0
    assert player.name == "recording" and "stopped working" in notices[0]
    assert player.details == ("recording stopped: KeyError: 'go'",)
