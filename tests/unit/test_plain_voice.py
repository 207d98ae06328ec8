"""--plain with the voice: each phrase also printed as a line "» TEXT" (for screen
readers), none with the voice off. On a fake clock, no terminal, no speech engine."""

from __future__ import annotations

import io
import threading
from array import array
from collections.abc import Sequence
from pathlib import Path

import pytest
from routine_builders import exercise, hold, reps, routine
from test_plain import scripted

from backtimer.engine.clock import FakeClock
from backtimer.engine.plan import compile_plan
from backtimer.plain import run as plain
from backtimer.routine.model import Routine
from backtimer.run.conductor import Conductor
from backtimer.run.hooks import NullRecorder
from backtimer.run.options import RunOptions
from backtimer.sound.cuemap import CuePicker
from backtimer.sound.player import RecordingScheduler
from backtimer.sound.script import VoiceStyle
from backtimer.sound.voice import engine as engine_module

SIDED_YAML = """name: Sided
defaults: {prepare: 3s, rest: 10s, switch: 3s}
exercises:
  - {name: Side plank, hold: 10s, sides: both}
  - {name: Bridge, reps: 3, tempo: 2s}
"""


class FakePhrases:
    ready = True

    def render(self, text: str) -> array[int]:
        return array("h", [1000]) * (len(text) * 100)


def sided() -> Routine:
    return routine(
        "Sided",
        exercise("Side plank", hold(10), sides=("left", "right")),
        exercise("Bridge", reps(3)),
    )


def play(
    r: Routine,
    spoken: bool,
    inputs: Sequence[tuple[float, str]] = (),
    style: VoiceStyle | None = None,
) -> list[str]:
    clock, out = FakeClock(), io.StringIO()
    player = RecordingScheduler(clock.now)
    conductor = Conductor(
        compile_plan(r),
        clock,
        player,
        NullRecorder(),
        CuePicker(),
        phrases=FakePhrases(),
        style=style or VoiceStyle(),
    )
    assert plain.play(conductor, out, scripted(clock, list(inputs)), False, None, spoken) == 0
    return out.getvalue().splitlines()


def said(lines: list[str]) -> list[str]:
    return [line.removeprefix("» ") for line in lines if line.startswith("» ")]


def test_each_phrase_is_a_line_after_its_transition() -> None:
    lines = play(sided(), spoken=True)
    get_ready = next(i for i, line in enumerate(lines) if "GET READY" in line)
    assert lines[get_ready + 1] == "» Side plank, left side. Ten seconds."
    switch = next(i for i, line in enumerate(lines) if "SWITCH" in line)
    assert lines[switch + 1] == "» Switch. Right side."
    phrases = said(lines)
    assert phrases[:3] == ["Side plank, left side. Ten seconds.", "Two.", "One."]
    assert phrases.count("Switch. Right side.") == 1
    assert any(p.startswith("Rest, ten seconds. Next: Bridge") for p in phrases), phrases
    assert phrases[-1].startswith("Session complete.")
    assert lines[-2].startswith("» Session complete.") and lines[-1].startswith("Finished: ")


def test_the_countdown_style_changes_what_is_printed() -> None:
    counted = said(play(sided(), spoken=True))
    ticks = said(play(sided(), spoken=True, style=VoiceStyle(countdown=False)))
    assert {"Three.", "Two.", "One."} <= set(counted)
    assert not {"Three.", "Two.", "One."} & set(ticks)


def test_pause_and_resume_are_said_too() -> None:
    lines = play(sided(), spoken=True, inputs=[(5, "p"), (20, "p")])
    paused = lines.index("PAUSED (p to resume)")
    assert "» Paused." in lines[paused - 1 : paused + 2]
    resumed = lines.index("resumed")
    assert "» Resuming." in lines[resumed - 1 : resumed + 2]


def test_without_the_voice_no_phrase_is_printed() -> None:
    spoken, silent = play(sided(), spoken=True), play(sided(), spoken=False)
    assert not any(line.startswith("»") for line in silent)
    assert [line for line in spoken if not line.startswith("» ")] == silent, "nothing else moves"


def test_a_key_that_says_nothing_repeats_no_phrase() -> None:
    lines = play(sided(), spoken=True, inputs=[(0.5, "m"), (0.7, "x"), (0.9, "m")])
    assert said(lines).count("Side plank, left side. Ten seconds.") == 1, lines[:8]


# -- the whole --plain run (run_plain), on a fake clock with a fake engine -----------


class FakeVoice:
    name, key, rate = "fake", "fake|en|165", 22050

    def render(self, text: str) -> array[int]:
        return array("h", [6000, -6000]) * 500

    def close(self) -> None:
        pass


def run_plain(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, voice: str
) -> tuple[int, list[str], list[str]]:
    path = tmp_path / "sided.yaml"
    path.write_text(SIDED_YAML, encoding="utf-8")
    clock, opened = FakeClock(), []

    def open_voice(engine: str, *, language: str, wpm: int) -> FakeVoice:
        opened.append(engine)
        return FakeVoice()

    monkeypatch.setattr(engine_module, "open_voice", open_voice)
    monkeypatch.setattr(plain, "MonotonicClock", lambda speed: clock)
    monkeypatch.setattr(plain, "stdin_wait", lambda: scripted(clock, []))
    before = {t for t in threading.enumerate() if t.name == "backtimer-voice"}
    out = io.StringIO()
    options = RunOptions(routine=path, plain=True, sound="off", voice=voice, autostart=True)
    code = plain.run_plain(options, out)
    for thread in {t for t in threading.enumerate() if t.name == "backtimer-voice"} - before:
        thread.join(10)
        assert not thread.is_alive(), "the voice thread ends with the run"
    return code, out.getvalue().splitlines(), opened


def test_a_plain_run_with_the_voice_prints_each_phrase(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, lines, opened = run_plain(monkeypatch, tmp_path, "espeak")
    assert code == 0
    assert "» Side plank, left side. Ten seconds." in lines
    assert "» Switch. Right side." in lines
    assert opened in ([], ["espeak"]), "the fake engine, if it opened before the end"
    assert any(line.startswith("Finished: 0:") for line in lines)


def test_a_plain_run_with_the_voice_off_prints_no_phrase(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, lines, opened = run_plain(monkeypatch, tmp_path, "off")
    assert code == 0 and opened == []
    assert not any(line.startswith("»") for line in lines), lines
    assert any("GET READY  Side plank" in line for line in lines)
    assert any(line.startswith("Finished: 0:") for line in lines)
