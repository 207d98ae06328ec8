"""A session's voice heard through the PulseAudio null sink: every phrase the session
says it placed is in the recording, in order, whole, none over another, each at its
placed instant (after the device's constant latency). Left and right differ."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import speech_match
from pulse_server import RATE, PulseServer, report_delays, unavailable

ROUTINE = """name: Voice proof
defaults: {prepare: 5s, rest: 6s, switch: 4s}
exercises:
  - {name: Side plank, hold: 6s, sides: both}
  - {name: Bridge, reps: 2, tempo: 3s}
"""
SCORE = 0.8
"""Normalised correlation a phrase must reach in the recording (speech through the
sink's resampler measures 0.95 and more; another phrase or silence well under 0.5)."""
SPREAD = 0.005
"""Seconds any phrase may sit from the others' median latency."""

pytestmark = [pytest.mark.audio, pytest.mark.voice]


def _voice() -> None:
    try:
        import espeakng_loader  # noqa: F401
    except ImportError:
        unavailable("the voice extra is not installed (pip install -e '.[voice]')")


def test_every_phrase_is_heard_in_order_whole_and_on_time(
    pulse: PulseServer, tmp_path: Path
) -> None:
    said, book = _heard(pulse, tmp_path, ROUTINE)
    assert "Side plank, left side. Six seconds." in said
    assert "Switch. Right side." in said
    assert any(t.startswith("Rest, six seconds. Next: Bridge") for t in said), said
    assert any(t.startswith("Session complete.") for t in said), said
    left = book.render("Side plank, left side. Six seconds.")
    right = book.render("Switch. Right side.")
    assert speech_match.correlation(left[: len(right)], right) < 0.5


def test_a_max_hold_is_announced_and_its_time_held_is_said(
    pulse: PulseServer, tmp_path: Path
) -> None:
    """hold: max 20s with no keyboard (stdin closed): it runs to its cap, the voice says
    what it is, then "Fifteen seconds." as the clock counts up, then three, two, one."""
    text = "name: Max proof\nexercises:\n  - {name: Plank, hold: max 20s, prepare: 5s}\n"
    said, _ = _heard(pulse, tmp_path, text)
    assert "Plank. As long as you can, up to twenty seconds." in said
    assert "Fifteen seconds." in said
    assert said.index("Fifteen seconds.") < said.index("Three.")


def _heard(pulse: PulseServer, tmp_path: Path, text: str) -> tuple[list[str], Any]:
    """Run `text` in --plain with the voice on the null sink; every phrase the session
    placed is heard in order, whole, none over another, on time. Returns what was said
    and the phrase book."""
    _voice()
    routine, events, home = tmp_path / "v.yaml", tmp_path / "events.jsonl", tmp_path / "home"
    routine.write_text(text)
    env = {**pulse.env, "BACKTIMER_HOME": str(home)}
    cmd = [sys.executable, "-m", "backtimer", "run", str(routine), "--start", "--plain"]
    cmd += ["--sound", "miniaudio", "--voice", "espeak", "--events", str(events)]
    mark = pulse.mark()
    result = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr
    time.sleep(2.5)  # the last phrase, and the recorder catching up
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    phrases = [e for e in lines if e["type"] == "phrase"]
    said = [p["text"] for p in phrases]
    assert f"» {said[0]}" in result.stdout, "--plain prints each phrase as a line"

    book: Any = _book(home)
    recording = pulse.samples(mark)
    timeline = _timeline(pulse, mark)
    found, ends = [], []
    for p in sorted(phrases, key=lambda p: p["placed"]):
        pcm = speech_match.resample(book.render(p["text"]), 44100, RATE)
        near = round((p["placed"] - timeline) * RATE)
        hit = speech_match.find(recording, pcm, near, RATE // 20)
        assert hit.score >= SCORE, f"{p['text']!r} not heard ({hit.score:.2f})"
        at = _instant(pulse, mark + hit.index)
        found.append((p, at))
        ends.append(at + len(pcm) / RATE)
    starts = [at for _, at in found]
    assert starts == sorted(starts), "phrases heard out of order"
    assert all(e <= s + 0.001 for e, s in zip(ends, starts[1:], strict=False)), "overlap"
    latency = statistics.median(at - p["placed"] for p, at in found)
    offsets = [at - p["placed"] - latency for p, at in found]
    report_delays("voice: placed -> onset, less latency", offsets)
    assert all(abs(o) <= SPREAD for o in offsets), [round(o * 1000, 1) for o in offsets]
    return said, book


def _book(home: Path) -> object:
    """The phrases as the session rendered them (its cache folder), for matching."""
    from backtimer.config import VoiceConfig
    from backtimer.sound.voice.speech import Speech

    speech = Speech("espeak", VoiceConfig(), lambda m: None, home / "cache" / "voice")
    speech.open()
    assert speech.wait(30)
    assert speech.book is not None
    return speech.book


def _instant(pulse: PulseServer, index: int) -> float:
    """The monotonic instant of recorded sample `index`, from the reads of the two
    seconds around it (the sink's clock and the system's may drift apart over minutes)."""
    near = [(a, t) for a, t in pulse.chunks if abs(t - index) <= 2 * RATE]
    return min(a - t / RATE for a, t in near) + index / RATE


def _timeline(pulse: PulseServer, mark: int) -> float:
    """The monotonic instant of the recording's sample `mark`."""
    start = min(arrived - total / RATE for arrived, total in pulse.chunks)
    return start + mark / RATE
