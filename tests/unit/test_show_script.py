"""`backtimer show ROUTINE --script`: every phrase with its instant, in-process through
backtimer.cli.main, with a home of its own (BACKTIMER_HOME)."""

from __future__ import annotations

import io
import math
import os
import re
from pathlib import Path

import pytest

from backtimer import paths
from backtimer.cli import main
from backtimer.engine.plan import compile_plan
from backtimer.present.spoken import WORDS_A_SECOND, laid_out
from backtimer.routine.loader import load_routine
from backtimer.sound.script import VoiceStyle

LINE = re.compile(r"(\d+):([0-5]\d)\.(\d)  (\S.*)")
LAST = re.compile(r"(\d+) phrases, (.+); (\d+) left out where there was no room\.")
SIDED = """name: Sided
defaults: {prepare: 5s, rest: 6s, switch: 4s}
exercises:
  - {name: Side plank, hold: 6s, sides: both}
  - {name: Bridge, reps: 2, tempo: 3s}
"""


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("BACKTIMER_HOME", str(folder))
    return folder


def script(*args: str) -> list[str]:
    out = io.StringIO()
    assert main(["show", *args, "--script"], out=out) == 0
    return out.getvalue().splitlines()


def parsed(lines: list[str]) -> list[tuple[float, str]]:
    """(instant in seconds, text) of every line but the last; each must be M:SS.d  Text."""
    out = []
    for line in lines[:-1]:
        match = LINE.fullmatch(line)
        assert match, f"not 'M:SS.d  Text': {line!r}"
        minutes, seconds, tenths, text = match.groups()
        out.append((int(minutes) * 60 + int(seconds) + int(tenths) / 10, text))
    return out


def test_a_bundled_routine_lists_each_phrase_with_its_instant(home: Path) -> None:
    lines = script("plank-holds", "--voice", "off")
    said = parsed(lines)
    instants = [at for at, _ in said]
    assert instants == sorted(instants), "instants never go back"
    assert said[0][0] < 1.0 and said[0][1].endswith(". Two sets."), said[0]
    last = LAST.fullmatch(lines[-1])
    assert last, lines[-1]
    assert int(last[1]) == len(said), "the last line counts the phrases above it"
    assert last[2] == "lengths estimated (no voice)"
    assert said[-1][1].startswith("Session complete.")
    assert not any(home.rglob("*.wav")), "nothing rendered, nothing cached"


def test_every_bundled_routine_is_in_order() -> None:
    for routine in sorted(p.stem for p in paths.bundled_routines_dir().glob("*.yaml")):
        lines = script(routine, "--voice", "off")
        instants = [at for at, _ in parsed(lines)]
        assert instants and instants == sorted(instants), routine
        assert LAST.fullmatch(lines[-1]), (routine, lines[-1])


def test_a_sided_routine_says_the_switch(tmp_path: Path) -> None:
    path = tmp_path / "sided.yaml"
    path.write_text(SIDED, encoding="utf-8")
    said = parsed(script(str(path), "--voice", "off"))
    texts = [text for _, text in said]
    assert texts[0] == "Side plank, left side. Six seconds."
    assert "Switch. Right side." in texts
    switch = next(at for at, text in said if text == "Switch. Right side.")
    assert 11.0 <= switch < 12.0, "after the 5 s get-ready and the 6 s left side"
    assert any(t.startswith("Rest, six seconds. Next: Bridge") for t in texts), texts


def test_the_config_can_turn_the_voice_off_for_auto() -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[voice]\nengine = "off"\n', encoding="utf-8")
    lines = script("warm-up")  # --voice auto: the config's engine
    last = LAST.fullmatch(lines[-1])
    assert last and last[2] == "lengths estimated (no voice)", lines[-1]


def test_ticks_from_the_config_change_the_script() -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[voice]\nengine = "off"\n', encoding="utf-8")
    counted = [text for _, text in parsed(script("office-chair"))]
    config.write_text('[voice]\nengine = "off"\ncountdown = "ticks"\n', encoding="utf-8")
    ticks = [text for _, text in parsed(script("office-chair"))]
    assert {"Three.", "Two.", "One."} <= set(counted)
    assert not {"Three.", "Two.", "One."} & set(ticks)
    assert "Halfway." in ticks and ticks[-1].startswith("Session complete.")


def test_each_instant_is_the_laid_out_one_in_tenths_rounded_down(tmp_path: Path) -> None:
    path = tmp_path / "sided.yaml"
    path.write_text(SIDED, encoding="utf-8")
    lines = script(str(path), "--voice", "off")

    def estimate(text: str) -> float:
        return len(text.split()) / WORDS_A_SECOND + 0.2

    placed, _ = laid_out(compile_plan(load_routine(path)), VoiceStyle(), estimate)
    expected = [(math.floor(p.at * 10 + 1e-6) / 10, p.text) for p in placed if p.text]
    assert [(round(at, 1), text) for at, text in parsed(lines)] == expected
    assert len({at for at, _ in expected}) > 5 and any(at % 1 for at, _ in expected)


def _espeak() -> None:
    try:
        import espeakng_loader  # noqa: F401
    except ImportError:
        if os.environ.get("BACKTIMER_VOICE_REQUIRED") == "1":
            pytest.fail("BACKTIMER_VOICE_REQUIRED=1 but espeakng_loader is not importable")
        pytest.skip("the voice extra is not installed (pip install -e '.[voice]')")


@pytest.mark.voice
def test_with_espeak_the_lengths_are_measured(home: Path, tmp_path: Path) -> None:
    _espeak()
    path = tmp_path / "sided.yaml"
    path.write_text(SIDED, encoding="utf-8")
    lines = script(str(path), "--voice", "espeak")
    last = LAST.fullmatch(lines[-1])
    assert last, lines[-1]
    assert last[2] == "measured with espeak-ng"
    said = parsed(lines)
    assert int(last[1]) == len(said)
    assert [at for at, _ in said] == sorted(at for at, _ in said)
    assert "Switch. Right side." in [text for _, text in said]
    assert any(home.joinpath("cache", "voice").glob("*.wav")), "phrases cached in the home"
