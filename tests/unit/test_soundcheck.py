"""`backtimer sounds` under the bell: why the soft cues are silent, and no failure for it."""

from __future__ import annotations

import io
import sys

import pytest

from backtimer.sound.soundcheck import run_soundcheck


def no_sound_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "miniaudio", None)
    monkeypatch.setitem(sys.modules, "simpleaudio", None)


def test_the_bell_says_why_the_soft_cues_are_silent_and_exits_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_sound_modules(monkeypatch)
    out, rings = io.StringIO(), []
    code = run_soundcheck("auto", out, sleep=lambda s: None, ring=lambda: rings.append(1))
    text = out.getvalue()
    assert code == 0
    assert "Sound backend: bell" in text
    assert "rings only at transitions" in text
    silent = [line.split()[1] for line in text.splitlines() if line.endswith("[silent: bell]")]
    assert silent == ["rep", "inhale", "exhale"]
    assert len(rings) == 9


def test_a_backend_named_on_the_command_line_that_cannot_be_used_exits_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_sound_modules(monkeypatch)
    out = io.StringIO()
    code = run_soundcheck("miniaudio", out, sleep=lambda s: None, ring=lambda: None)
    assert code == 1
    assert (
        "The miniaudio module is not installed: cues will use the terminal bell." in out.getvalue()
    )
