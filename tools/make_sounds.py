"""Generate the bundled cue sounds (sounds/*.wav) with the standard library only.

Run `python tools/make_sounds.py [OUT_DIR]`; the output is the same on every run.
Each cue opens on its own pitch (two semitones apart from every other cue's), so
the cues can be told apart by ear and by the audio tests' frequency analysis.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 44100
Samples = list[float]


def note(
    freq: float,
    seconds: float,
    amp: float = 0.5,
    *,
    to: float | None = None,
    attack: float = 0.004,
    release: float = 0.02,
    decay: float = 0.0,
    partials: tuple[tuple[float, float], ...] = ((1.0, 1.0),),
) -> Samples:
    """A tone (a glide when `to` is given) with a click-free envelope."""
    n = int(seconds * RATE)
    end = freq if to is None else to
    out: Samples = []
    phase = 0.0
    for i in range(n):
        t = i / RATE
        env = min(1.0, t / attack, (seconds - t) / release) * math.exp(-decay * t)
        value = sum(w * math.sin(k * phase) for k, w in partials)
        out.append(amp * env * value / sum(w for _, w in partials))
        phase += 2 * math.pi * (freq + (end - freq) * i / n) / RATE
    return out


def rest(seconds: float) -> Samples:
    return [0.0] * int(seconds * RATE)


def mix(*layers: tuple[float, Samples]) -> Samples:
    """Overlay layers, each starting at its offset in seconds."""
    length = max(int(at * RATE) + len(s) for at, s in layers)
    out = [0.0] * length
    for at, samples in layers:
        start = int(at * RATE)
        for i, v in enumerate(samples):
            out[start + i] += v
    return out


BRIGHT = ((1.0, 1.0), (2.0, 0.25))
BELL = ((1.0, 1.0), (2.0, 0.35), (3.01, 0.12))


def get_ready() -> Samples:  # D5, two medium beeps
    beep = note(587.3, 0.11, 0.5, partials=BRIGHT)
    return beep + rest(0.07) + beep


def go() -> Samples:  # G#5, one long bright beep
    return note(830.6, 0.28, 0.6, partials=BRIGHT, release=0.05)


def go_side() -> Samples:  # C#6 then G#5: go, on the other side (told apart by ear)
    return note(1108.7, 0.09, 0.5, partials=BRIGHT) + note(830.6, 0.22, 0.6, partials=BRIGHT)


def tick() -> Samples:  # A#5, a short pip
    return note(932.3, 0.07, 0.5)


def halfway() -> Samples:  # C5 up to E5
    return note(523.3, 0.14, 0.5, partials=BRIGHT) + note(659.3, 0.2, 0.5, partials=BRIGHT)


def switch() -> Samples:  # A#4 F5 A#4: a wobble from side to side
    low, high = note(466.2, 0.1, 0.5), note(698.5, 0.1, 0.5)
    return low + high + low


def rest_cue() -> Samples:  # F#4 down to D4, soft and slow
    return note(370.0, 0.22, 0.4, decay=2.0) + note(293.7, 0.32, 0.4, decay=3.0, release=0.1)


def rep() -> Samples:  # C6, a soft short tock
    return note(1046.5, 0.05, 0.2, decay=30.0)


def inhale() -> Samples:  # E4 rising, soft
    return note(329.6, 0.5, 0.25, to=493.9, attack=0.08, release=0.15)


def exhale() -> Samples:  # G#4 falling, soft
    return note(415.3, 0.5, 0.25, to=277.2, attack=0.08, release=0.15)


def set_done() -> Samples:  # F#5 then B5: ta-da
    return note(740.0, 0.1, 0.5, partials=BRIGHT) + note(987.8, 0.3, 0.5, partials=BRIGHT, decay=4)


def finish() -> Samples:  # E5 G#5 B5 E6: a bell chime, 1.9 s
    notes = ((0.0, 659.3), (0.18, 830.6), (0.36, 987.8), (0.54, 1318.5))
    return mix(
        *((at, note(f, 1.35, 0.28, decay=2.5, release=0.3, partials=BELL)) for at, f in notes)
    )


CUES: dict[str, Callable[[], Samples]] = {
    "get_ready": get_ready,
    "go": go,
    "go_side": go_side,
    "tick": tick,
    "halfway": halfway,
    "switch": switch,
    "rest": rest_cue,
    "rep": rep,
    "inhale": inhale,
    "exhale": exhale,
    "set_done": set_done,
    "finish": finish,
}


def write_wav(path: Path, samples: Samples) -> None:
    peak = max(1.0, max(abs(v) for v in samples))
    frames = b"".join(struct.pack("<h", round(v / peak * 32767)) for v in samples)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "sounds"
    out.mkdir(parents=True, exist_ok=True)
    for name, make in CUES.items():
        samples = make()
        write_wav(out / f"{name}.wav", samples)
        print(f"{name:10} {len(samples) / RATE:5.2f} s  {out / name}.wav")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
