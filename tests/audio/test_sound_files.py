"""The bundled WAVs: reproducible, 16-bit mono, short and distinct; no device.

Distinct enough that the audio tests (and ears) can tell every cue apart.
"""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pcm
import pytest

from backtimer.sound.cuemap import CUES

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = ROOT / "sounds"


def test_the_generator_reproduces_the_committed_wavs(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_sounds.py"), str(tmp_path)], check=True
    )
    for cue in CUES:
        made, _ = pcm.read_wav(tmp_path / f"{cue}.wav")
        kept, _ = pcm.read_wav(SOUNDS / f"{cue}.wav")
        assert len(made) == len(kept), cue
        # another libm may round a sample the other way: allow one step
        assert max(abs(a - b) for a, b in zip(made, kept, strict=True)) <= 1, cue


@pytest.mark.parametrize("cue", list(CUES))
def test_each_cue_is_a_short_16_bit_mono_wav(cue: str) -> None:
    with wave.open(str(SOUNDS / f"{cue}.wav"), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getcomptype()) == (1, 2, "NONE")
        seconds = w.getnframes() / w.getframerate()
    assert 0.04 < seconds < (2.5 if cue == "finish" else 1.0)


def test_every_cue_is_recognised_as_itself_and_nothing_else() -> None:
    known = pcm.templates(SOUNDS)
    assert set(known) == set(CUES)
    for cue, template in known.items():
        others = [pcm.similarity(template.fp, t.fp) for name, t in known.items() if name != cue]
        assert max(others) < 0.5, cue


def test_each_cue_is_one_sound_to_the_onset_detector() -> None:
    for cue in CUES:
        samples, rate = pcm.read_wav(SOUNDS / f"{cue}.wav")
        assert len(pcm.onsets(samples, rate)) == 1, cue
