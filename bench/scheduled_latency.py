"""Scheduled sounds and speech: how far from the instant it was scheduled for each sound
starts, heard through a PulseAudio null sink, once the device's constant latency is
taken out; and how long the voice takes to render a whole routine's phrases.

Each run, idle and then with both cores kept busy by two spinning processes (started
and killed here), records the null sink of `tests/audio/` with parec and measures (after
one uncounted warm-up of the tones: a fresh server's first client can stutter):

- tones: COUNT ticks 0.25 s apart, each queued with MiniaudioPlayer.schedule() 0.5-1 s
  before its instant (in random order of queueing), in this process;
- tones played when due: the same ticks through MiniaudioPlayer.play(), from a loop
  sleeping until each instant (the path every tone took before sounds were scheduled);
- speech: `backtimer run bench/routines/voice.yaml --plain --start --voice espeak
  --sound miniaudio --events FILE` (0:59, about 26 phrases with the session's tones);
  each phrase line of the events file is found in the recording by cross-correlation
  with its own samples (read through Speech/PhraseBook from the session's cache
  folder, which is filled before the first run), as tests/audio/test_voice_heard.py:
  within 10 ms of where the run's latency so far puts it, else within 2 s of where it
  was placed. A phrase counts as heard when its whole, or its first 0.1 s, correlates
  at 0.8 or more; "broken" when only its start does (a gap or a cut inside).

A tick's onset is its first sample over pcm.THRESHOLD (less the tick's own lead). A
recorded sample is mapped to time.monotonic() from the parec reads of the 2 s around
it (the earliest arrival minus the samples read by then). offset = onset - scheduled
instant; the run's latency is the median offset of its kind of sound; the figures are
|offset - latency| over all runs. Targets: p99 <= 3 ms idle, <= 5 ms loaded, for tones
and speech alike; play() when due is there to compare with.

Render, in each run and condition: a fresh process opens the in-process espeak-ng voice
through Speech and renders Script(plan, style).all_texts() of the bundled back-strength
routine into an empty cache folder (cold), then again with a new Speech on the same
folder (warm, read from the disk cache). Target: <= 0.5 s, off the UI thread.

A tick more than 0.24 s late is not told from the next one: it counts as not heard.
`-v` prints every sound's offset, which shows the steps a late audio callback leaves.

    bench/.venv/bin/python bench/scheduled_latency.py [--runs N] [--only tones,speech,render] [-v]
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import operator
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import (
    BENCH,
    ROOT,
    hogs,
    loadavg,
    mmm,
    need_venv,
    percentile,
    read_events,
    scratch_home,
    steal_since,
    steal_ticks,
    table,
    tool,
)

sys.path.insert(0, str(ROOT / "tests" / "audio"))

import pcm  # noqa: E402
import speech_match  # noqa: E402
from pulse_server import RATE, SOUNDS, PulseServer, start_server  # noqa: E402

ROUTINE = BENCH / "routines" / "voice.yaml"
RENDERED = "back-strength"
"""The longest bundled routine: the one whose phrases are rendered for the render figures."""
TICK = SOUNDS / "tick.wav"
"""70 ms at full level from its first millisecond: a sharp onset, well apart at 0.25 s."""
COUNT, SPACING, AHEAD = 40, 0.25, (0.5, 1.0)
GAP = 0.05
"""Seconds of silence that separate two ticks (they are 0.18 s apart when on time)."""
WINDOW = (-0.050, 0.240)
"""A tick is matched to the first unused onset this far from its instant: up to just
under the spacing, so one tick is never taken for the next (later counts as not heard)."""
SCORE = 0.8
"""Correlation a phrase must reach to count as heard (the voice test's threshold), over
the whole phrase or over its first 0.1 s (the start of a phrase with a gap or a cut
inside; the end of another sound can cover the quiet start of a short one)."""
NARROW, WIDE = RATE // 100, 2 * RATE
"""Samples either side of where a phrase is expected (at the run's latency so far), then
either side of where it was placed when it is not found there."""
COARSE = 8
"""The wide search runs on means of this many samples, then is refined to the sample."""
TAIL = 2.5
"""Seconds recorded after the last sound (the last phrase; the recorder catching up)."""
TARGETS = {"idle": 0.003, "loaded": 0.005}
RENDER_TARGET = 0.5


@dataclass
class Measured:
    """One kind of sound in one run: onset - scheduled of each sound heard, seconds."""

    expected: int = 0
    offsets: list[float] = field(default_factory=list)
    late_placed: int = 0
    """Sounds the mixer placed more than 1 ms after the instant asked for."""
    broken: int = 0
    """Phrases heard whose whole does not match (a gap or a cut inside)."""
    detail: list[str] = field(default_factory=list)

    @property
    def latency(self) -> float:
        return statistics.median(self.offsets)

    @property
    def spread(self) -> list[float]:
        """|offset - latency| of each sound."""
        latency = self.latency
        return [abs(o - latency) for o in self.offsets]


@dataclass
class Take:
    """What one recording holds: the sink's samples from `mark` and the reads' timing."""

    mark: int
    samples: array[int]
    clock: SinkClock
    load: str
    steal: float


class SinkClock:
    """Recorded sample index <-> time.monotonic(), from parec's reads: each read arrives
    just after the sink rendered its last sample, so the earliest (arrival - samples /
    RATE) near an index is that stretch's start (the sink's clock and the system's may
    drift apart over minutes, so only the reads of the 2 s around it count)."""

    def __init__(self, chunks: Sequence[tuple[float, int]]) -> None:
        self.chunks = list(chunks)
        self.totals = [total for _, total in self.chunks]
        self.start = min(a - t / RATE for a, t in self.chunks)

    def origin(self, index: int) -> float:
        lo = bisect.bisect_left(self.totals, index - 2 * RATE)
        hi = bisect.bisect_right(self.totals, index + 2 * RATE)
        near = self.chunks[lo:hi]
        return min(a - t / RATE for a, t in near) if near else self.start

    def instant(self, index: int) -> float:
        return self.origin(index) + index / RATE

    def index(self, instant: float) -> int:
        guess = round((instant - self.start) * RATE)
        return round((instant - self.origin(guess)) * RATE)


@contextmanager
def recording(server: PulseServer) -> Iterator[list[Take]]:
    """Record what sounds inside the block; the Take is in the list once it ends."""
    out: list[Take] = []
    mark, steal = server.mark(), steal_ticks()
    yield out
    time.sleep(TAIL)
    samples = server.samples(mark)
    out.append(Take(mark, samples, SinkClock(server.chunks), loadavg(), steal_since(steal)))


def _sleep_until(instant: float) -> None:
    left = instant - time.monotonic()
    if left > 0:
        time.sleep(left)


# Tones


@dataclass
class TonesRaw:
    take: Take
    scheduled: list[tuple[float, float | None]]
    """(instant asked for, instant placed) of each scheduled tick."""
    played: list[float]
    """The instant each tick was due and play() was called at."""


def record_tones(server: PulseServer, seed: int) -> TonesRaw:
    from backtimer.sound.bank import Bank, load_wav
    from backtimer.sound.miniaudio_backend import MiniaudioPlayer

    player = MiniaudioPlayer(Bank({"tick": load_wav(TICK)}))
    try:
        time.sleep(1.0)  # the device's first pulls teach the mixer its frame clock
        with recording(server) as take:
            rng = random.Random(seed)
            first = time.monotonic() + AHEAD[1] + 0.2
            dues = [first + SPACING * i for i in range(COUNT)]
            queue = sorted((due - rng.uniform(*AHEAD), due) for due in dues)
            placed: dict[float, float | None] = {}
            for when, due in queue:
                _sleep_until(when)
                placed[due] = player.schedule("tick", None, due)
            start = dues[-1] + 0.5
            played = [start + SPACING * i for i in range(COUNT)]
            for due in played:
                _sleep_until(due)
                player.play("tick")
            _sleep_until(played[-1] + 0.2)
    finally:
        player.close()
    return TonesRaw(take[0], [(due, placed[due]) for due in dues], played)


def tick_lead() -> float:
    samples, rate = pcm.read_wav(TICK)
    first = next(i for i, v in enumerate(samples) if abs(v) > pcm.THRESHOLD)
    return first / rate


def analyse_tones(raw: TonesRaw, verbose: bool) -> tuple[Measured, Measured]:
    take, lead = raw.take, tick_lead()
    heard = [
        take.clock.instant(take.mark + i) - lead
        for i in pcm.onsets(take.samples, RATE, silence=GAP)
    ]
    used: set[int] = set()

    def match(instants: list[float], label: str) -> Measured:
        m = Measured(expected=len(instants))
        for due in instants:
            near = [
                i
                for i, at in enumerate(heard)
                if i not in used and WINDOW[0] <= at - due <= WINDOW[1]
            ]
            if near:
                used.add(near[0])
                m.offsets.append(heard[near[0]] - due)
            m.detail.append(
                f"  {label} {due - instants[0]:6.2f} s  "
                + (f"{1000 * m.offsets[-1]:7.2f} ms" if near else "not heard")
            )
        return m

    scheduled = match([due for due, _ in raw.scheduled], "schedule")
    scheduled.late_placed = sum(
        1 for due, placed in raw.scheduled if placed is None or placed - due > 0.001
    )
    played = match(raw.played, "play    ")
    if verbose:
        print("\n".join(scheduled.detail + played.detail))
    return scheduled, played


# Speech


def phrase_book(home: Path) -> Any:
    """The voice routine's phrases in the session's cache folder, rendered before the
    first run as a returning user has them; the book reads what the sessions play."""
    from backtimer.config import VoiceConfig
    from backtimer.engine.plan import compile_plan
    from backtimer.routine.loader import load_routine
    from backtimer.sound.voice.speech import Speech

    speech = Speech("espeak", VoiceConfig(), print, home / "cache" / "voice")
    speech.open()
    speech.prepare(compile_plan(load_routine(ROUTINE)))
    if not speech.wait(60) or speech.book is None:
        sys.exit(f"the in-process espeak-ng voice did not open: {speech.problem}")
    return speech.book


@dataclass
class SpeechRaw:
    take: Take
    phrases: list[dict[str, Any]]


def session_env(server: PulseServer, home: Path) -> dict[str, str]:
    env = {**server.env, "BACKTIMER_HOME": str(home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as for an installed package
    return env


def record_speech(server: PulseServer, home: Path) -> SpeechRaw:
    argv = [tool("backtimer"), "run", str(ROUTINE), "--plain", "--start", "--voice", "espeak"]
    with tempfile.TemporaryDirectory() as tmp:
        events = Path(tmp) / "events.jsonl"
        argv += ["--sound", "miniaudio", "--events", str(events)]
        with recording(server) as take:
            done = subprocess.run(
                argv, env=session_env(server, home), capture_output=True, text=True, timeout=180
            )
        if done.returncode != 0:
            sys.exit(f"the session failed ({done.returncode}):\n{done.stderr[-2000:]}")
        phrases = [e for e in read_events(events) if e["type"] == "phrase"]
    return SpeechRaw(take[0], sorted(phrases, key=lambda p: p["placed"]))


def _means(samples: Sequence[int], n: int) -> list[float]:
    """The mean of each run of n samples (a crude low-pass, then 1 in n kept)."""
    count = len(samples) // n
    sums = [0] * count
    for k in range(n):
        sums = [a + b for a, b in zip(sums, samples[k : k + n * count : n], strict=True)]
    return [v / n for v in sums]


def coarse_find(recording: Sequence[int], phrase: Sequence[int], near: int, window: int) -> int:
    """Where the phrase's first HEAD samples best match within `window` of `near`, to
    COARSE samples: the same search as speech_match.find on means of COARSE samples,
    so a phrase a second or more from its place is found in a second or two."""
    lo = max(0, near - window)
    head = _means(phrase[: speech_match.HEAD], COARSE)
    rec = _means(recording[lo : near + window + speech_match.HEAD], COARSE)
    n, span = len(head), max(1, len(rec) - len(head) + 1)
    energy = list(itertools.accumulate((v * v for v in rec), initial=0.0))

    def score(i: int) -> float:
        dot = sum(map(operator.mul, rec[i : i + n], head))
        return dot / math.sqrt(max(energy[i + n] - energy[i], 1e-9))  # the head's norm is fixed

    return lo + max(range(span), key=score) * COARSE


def analyse_speech(raw: SpeechRaw, book: Any, verbose: bool) -> Measured:
    take, m = raw.take, Measured(expected=len(raw.phrases))
    latency: float | None = None
    resampled: dict[str, array[int]] = {}
    for p in raw.phrases:
        phrase = resampled.get(p["text"])
        if phrase is None:
            phrase = speech_match.resample(book.render(p["text"]), book.out_rate, RATE)
            resampled[p["text"]] = phrase
        placed = take.clock.index(p["placed"]) - take.mark
        near = placed + round((latency or 0.0) * RATE)
        hit = speech_match.find(take.samples, phrase, near, NARROW) if latency is not None else None
        if hit is None or hit.score < SCORE or abs(hit.index - near) > NARROW - speech_match.STEP:
            rough = coarse_find(take.samples, phrase, placed, WIDE)
            hit = speech_match.find(take.samples, phrase, rough, 2 * COARSE)
        if p["placed"] - p["scheduled"] > 0.001:
            m.late_placed += 1
        when = f"{p['scheduled'] - raw.phrases[0]['scheduled']:6.2f} s"
        head = speech_match.HEAD
        start = speech_match.correlation(take.samples[hit.index : hit.index + head], phrase[:head])
        if max(start, hit.score) < SCORE:
            m.detail.append(
                f"  speech {when}  not heard ({hit.score:.2f}, start {start:.2f})  {p['text']}"
            )
            continue
        if hit.score < SCORE:  # its start is there, but not the whole of it
            m.broken += 1
        m.offsets.append(take.clock.instant(take.mark + hit.index) - p["scheduled"])
        latency = statistics.median(m.offsets)
        m.detail.append(
            f"  speech {when}  {1000 * m.offsets[-1]:7.2f} ms  ({hit.score:.2f}, start"
            f" {start:.2f})  {p['text']}"
        )
    if verbose:
        print("\n".join(m.detail))
    return m


# Render


def render_child() -> None:
    """In a fresh process (as a session's): open the voice, render back-strength's
    phrases cold into an empty folder, then warm from it; one JSON line."""
    from backtimer import paths
    from backtimer.config import VoiceConfig
    from backtimer.engine.plan import compile_plan
    from backtimer.routine.loader import load_routine
    from backtimer.sound.script import Script
    from backtimer.sound.voice.speech import Speech

    plan = compile_plan(load_routine(paths.bundled_routines_dir() / f"{RENDERED}.yaml"))
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for label in ("cold", "warm"):
            speech = Speech("espeak", VoiceConfig(), print, Path(folder))
            started = time.perf_counter()
            speech.open()
            speech.prepare(plan)
            if not speech.wait(120) or speech.book is None or speech.rendered_in is None:
                sys.exit(f"the voice did not open: {speech.problem}")
            out[label] = speech.rendered_in
            out[f"{label}_open"] = time.perf_counter() - started - speech.rendered_in
            texts = Script(plan, speech.style).all_texts()
            speech.close()
        out["phrases"] = len(texts)
        out["audio"] = sum(len(speech.book.render(t)) for t in texts) / speech.book.out_rate
    print(json.dumps(out))


def measure_render(home: Path) -> dict[str, float]:
    env = {**os.environ, "BACKTIMER_HOME": str(home)}
    argv = [sys.executable, __file__, "--render-child"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"rendering failed:\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


# Report


KINDS = ("tones, schedule()", "tones, play() when due", "speech, session")


def figures(runs: list[Measured]) -> tuple[list[float], list[float]]:
    """(every |offset - its run's latency|, each run's latency)."""
    counted = [m for m in runs if m.offsets]
    return [d for m in counted for d in m.spread], [m.latency for m in counted]


def report(results: dict[tuple[str, str], list[Measured]]) -> None:
    rows = []
    for (kind, machine), runs in results.items():
        if not runs:
            continue
        spread, latencies = figures(runs)
        heard = f"{sum(len(m.offsets) for m in runs)}/{sum(m.expected for m in runs)}"
        if broken := sum(m.broken for m in runs):
            heard += f" ({broken} broken)"
        comparison = kind.startswith("tones, play")
        late = "-" if comparison else str(sum(m.late_placed for m in runs))
        if not spread:
            rows.append([kind, machine, len(runs), heard, late, *["-"] * 7, "MISSED"])
            continue
        p99 = percentile(spread, 99)
        each = [percentile(m.spread, 99) for m in runs if m.offsets]
        raw = [o for m in runs for o in m.offsets]
        target = TARGETS[machine]
        rows.append([
            kind,
            machine,
            str(len(runs)),
            heard,
            late,
            mmm(latencies, 1000),
            f"{1000 * statistics.median(spread):.2f}",
            f"{1000 * p99:.2f}",
            f"{1000 * max(spread):.2f}",
            f"{sum(d > target for d in spread)}/{len(spread)}",
            mmm(each, 1000),
            f"{1000 * statistics.median(raw):.1f} / {1000 * max(raw):.1f}",
            f"p99 <= {1000 * target:.0f} ms: " + (
                "(comparison)" if comparison else "met" if p99 <= target else "MISSED"
            ),
        ])  # fmt: skip
    if not rows:
        return
    print("Scheduled sounds: |onset - scheduled instant - the run's latency|, null sink")
    headers = [
        "sounds",
        "machine",
        "runs",
        "heard",
        "placed late",
        "latency ms (min / median / max of runs)",
        "median ms",
        "p99 ms",
        "max ms",
        "over target",
        "p99 of each run ms",
        "onset - scheduled ms (median / max)",
        "target",
    ]
    print(table(headers, rows))


def report_render(renders: dict[str, list[dict[str, float]]]) -> None:
    rows = []
    for machine, runs in renders.items():
        if not runs:
            continue
        for label in ("cold", "warm"):
            times = [r[label] for r in runs]
            rows.append([
                label,
                machine,
                str(len(runs)),
                f"{runs[0]['phrases']:.0f}",
                f"{runs[0]['audio']:.1f}",
                mmm([r[f"{label}_open"] for r in runs], 1, 3),
                mmm(times, 1, 3),
                "met" if max(times) <= RENDER_TARGET else "MISSED",
            ])  # fmt: skip
    if not rows:
        return
    print(f"Speech: rendering every phrase of {RENDERED} (in-process espeak-ng, worker thread)")
    headers = [
        "cache",
        "machine",
        "runs",
        "phrases",
        "audio s",
        "voice open s",
        "render s (min / median / max)",
        f"<= {RENDER_TARGET} s",
    ]
    print(table(headers, rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="tones,speech,render")
    parser.add_argument("-v", "--verbose", action="store_true", help="every sound, heard or not")
    parser.add_argument("--render-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_child:
        render_child()
        return
    need_venv()
    only = set(args.only.split(","))
    machines = ("idle", "loaded")
    results: dict[tuple[str, str], list[Measured]] = {(k, m): [] for m in machines for k in KINDS}
    renders: dict[str, list[dict[str, float]]] = {m: [] for m in machines}
    with tempfile.TemporaryDirectory() as tmp, scratch_home() as home:
        if only & {"tones", "speech"}:
            try:
                server = start_server(Path(tmp))
            except BaseException as err:  # the tests' helper skips through pytest
                sys.exit(f"no PulseAudio null sink: {err}")
        try:
            if only & {"tones", "speech"}:
                os.environ.update(server.client_env())  # for this process's own device
                server.record()
                time.sleep(1.0)
                book = phrase_book(home) if "speech" in only else None
                # A fresh server's first client can stutter (see cue_latency.py).
                warm = analyse_tones(record_tones(server, 0), False)[0]
                print(f"warm-up: {len(warm.offsets)}/{warm.expected} ticks heard (not counted)")
            for run in range(args.runs):
                for machine in machines:
                    load = hogs(2) if machine == "loaded" else nullcontext()
                    tones = speech = None
                    with load:
                        if machine == "loaded":
                            time.sleep(1.0)
                        if "tones" in only:
                            tones = record_tones(server, run + 1)
                        if "speech" in only:
                            speech = record_speech(server, home)
                        if "render" in only:
                            renders[machine].append(measure_render(home))
                    line = [f"run {run + 1} {machine}:"]
                    if tones is not None:
                        s, p = analyse_tones(tones, args.verbose)
                        results[(KINDS[0], machine)].append(s)
                        results[(KINDS[1], machine)].append(p)
                        line.append(_brief(s) + f"; play {_brief(p)}")
                        line.append(f"(load {tones.take.load}, {tones.take.steal:.0f} % stolen);")
                    if speech is not None:
                        m = analyse_speech(speech, book, args.verbose)
                        results[(KINDS[2], machine)].append(m)
                        line.append(f"speech {_brief(m)}")
                        line.append(f"(load {speech.take.load}, {speech.take.steal:.0f} % stolen);")
                    if renders[machine]:
                        r = renders[machine][-1]
                        line.append(f"render cold {r['cold']:.3f} s, warm {r['warm']:.3f} s")
                    print(" ".join(line), flush=True)
        finally:
            if only & {"tones", "speech"}:
                server.stop()
    report(results)
    report_render(renders)


def _brief(m: Measured) -> str:
    if not m.offsets:
        return f"0/{m.expected} heard"
    spread = m.spread
    broken = f" ({m.broken} broken)" if m.broken else ""
    return (
        f"{len(m.offsets)}/{m.expected}{broken}, latency {1000 * m.latency:.1f} ms,"
        f" p99 {1000 * percentile(spread, 99):.2f} ms, max {1000 * max(spread):.2f} ms"
    )


if __name__ == "__main__":
    main()
