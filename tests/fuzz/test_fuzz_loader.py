"""Bounded-time fuzzing of the routine loader: mutated and generated routine files either
load (and compile into a plan) or raise RoutineError whose every problem has a line and a
column; any other exception is a crash. Only the loader and the plan; no Textual.

BACKTIMER_FUZZ_SECONDS sets the budget (default 20; CI gives it more). BACKTIMER_FUZZ_SEED
repeats a run. Each crashing input is saved in tests/fuzz/crashers/, and every file there
is replayed by test_crasher_stays_fixed, so a crash found once stays a regression test.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from backtimer.engine.plan import compile_plan
from backtimer.routine import limits
from backtimer.routine.loader import RoutineError, load_bytes, load_text

ROOT = Path(__file__).resolve().parents[2]
CRASHERS = Path(__file__).parent / "crashers"
SEEDS = sorted([*(ROOT / "routines").glob("*.yaml"), *(ROOT / "tests/fixtures").glob("*.yaml")])
BUDGET = float(os.environ.get("BACKTIMER_FUZZ_SECONDS", "20"))
MAX_INPUT = 256 * 1024
"""Mutants are cut to this size: the loader's own 4 MiB refusal is tested elsewhere."""

KEYS = (  # noqa: SIM905 - a list of words reads best as words
    "name description caution defaults sections exercises cue say hold time reps breaths flow "
    "sides sets prepare rest set_rest switch tempo breath progress"
).split()
VALUES = (  # noqa: SIM905 - a list of words reads best as words
    "0 1 -1 00 0.0 1.5 30 30s 1m 1h 1m30s 1:30 1:60 99:59 20-40s 40-20s 1-2m 1m-1m30s "
    "20s-40s - -- 1- -5 5- 10-12 12-10 0-0 10000 10001 6h 6h1s 21600 21601 1e3 1e400 nan "
    "inf .inf -.inf 0x10 0o7 1_000 ½ ² ٣ 4s/4s 4s/0s/6s/2s 0s/4s 4s/0s 1/2/3 60s/61s / // "
    "self SELF both left ~ null yes no true off [] {} [both] [a,a] [a,b] {a:1} '' \"\" | >"
).split()
YAML_BITS = (
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!!python/object/apply:os.system [echo]",
    "!!binary ",
    "!!int ",
    "!!str ",
    "!!map ",
    "!local ",
    "!<tag:yaml.org,2002:str> ",
    "<<: *a",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "- ",
    "? ",
    "|",
    ">-",
    "|+2",
    "'",
    '"',
    "#",
    "@",
    "`",
    "%",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "---\n",
    "...\n",
    "\t",
    "\\",
    '"\\x1b[2J"',
    '"\\u202e"',
    '"\\ud800"',
    "\ufeff",
)
NUMBERS = (  # noqa: SIM905
    "0 1 2 3 5 9 10 59 60 61 99 120 3600 9999 10000 10001 21600 21601 0.5 .5 1.0 1e2"
).split()
CONTROL = [chr(c) for c in [*range(0, 32), 0x7F, 0x85, 0x9B, 0xA0, 0x2028, 0x2029, 0x202E, 0xFEFF]]

Mutator = Callable[[random.Random, bytes, list[bytes]], bytes]


def odd_value(rng: random.Random) -> str:
    """A value the duration, count and breath parsers must refuse or accept cleanly."""
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(VALUES)
    if kind == 1:  # past int()'s 4300-digit limit, and past float's range
        return rng.choice("19") * rng.randint(300, 5000)

    def one() -> str:
        return rng.choice(NUMBERS) + rng.choice(["", "", "s", "m", "h", " s", "ms", "m30s", ":30"])

    if kind == 2:
        return f"{one()}-{one()}"
    if kind == 3:
        return "/".join(one() for _ in range(rng.choice([1, 2, 2, 3, 4, 4, 5])))
    return one()


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def flip_bytes(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    buf = bytearray(data or b" ")
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def random_bytes(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    pos = rng.randint(0, len(data))
    return data[:pos] + rng.randbytes(rng.randint(1, 16)) + data[pos + rng.randint(0, 4) :]


def delete_lines(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    del lines[start : start + rng.randint(1, 4)]
    return b"".join(lines)


def duplicate_lines(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    chunk = lines[start : start + rng.randint(1, 6)]
    at = rng.randint(0, len(lines))
    lines[at:at] = chunk * rng.randint(1, 3)
    return b"".join(lines)


def swap_lines(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def splice(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    mine, other = _lines(data), _lines(rng.choice(corpus))
    a, b = rng.randrange(len(mine)), rng.randrange(len(other))
    return b"".join(mine[:a] + other[b : b + rng.randint(1, 30)] + mine[a + rng.randint(0, 5) :])


def reindent(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    if rng.random() < 0.5:
        lines[i] = b" " * rng.randint(1, 6) + lines[i]
    else:
        lines[i] = lines[i].lstrip(b" ")
    return b"".join(lines)


def _insert_text(rng: random.Random, data: bytes, text: str) -> bytes:
    pos = rng.randint(0, len(data))
    return data[:pos] + text.encode("utf-8", "surrogatepass") + data[pos:]


def yaml_syntax(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return _insert_text(rng, data, rng.choice(YAML_BITS))


def control_chars(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return _insert_text(rng, data, "".join(rng.choices(CONTROL, k=rng.randint(1, 4))))


def new_value(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    """Replace the value after some `key:` with an odd one (huge, negative, a range...)."""
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b": " in line]
    if not candidates:
        return data
    i = rng.choice(candidates)
    head = lines[i].split(b": ", 1)[0]
    lines[i] = head + b": " + odd_value(rng).encode() + b"\n"
    return b"".join(lines)


def new_key(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    """Rename or add a key, keeping the line's indentation, so validation goes deep."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    line = lines[i]
    indent = line[: len(line) - len(line.lstrip(b" -"))]
    key, value = rng.choice(KEYS), odd_value(rng)
    entry = indent + f"{key}: {value}\n".encode()
    if rng.random() < 0.5 and b":" in line:
        lines[i] = indent + key.encode() + b":" + line.split(b":", 1)[1]
    else:
        lines.insert(i + 1, entry)
    return b"".join(lines)


def deep_nesting(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    depth = rng.choice([rng.randint(1, 40), rng.randint(30, 2000)])
    kind = rng.randrange(3)
    if kind == 0:
        text = "[" * depth + "]" * depth
    elif kind == 1:
        text = "{a: " * depth + "}" * depth
    else:
        text = "\n" + "".join(" " * (2 * d) + "- \n" for d in range(min(depth, 200)))
    return _insert_text(rng, data, text)


def truncate(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return data[: rng.randint(0, len(data))]


MUTATORS: list[Mutator] = [
    flip_bytes,
    random_bytes,
    delete_lines,
    duplicate_lines,
    swap_lines,
    splice,
    reindent,
    yaml_syntax,
    control_chars,
    new_value,
    new_key,
    new_value,
    new_key,
    deep_nesting,
    truncate,
]


WORK = ("hold", "time", "reps", "breaths", "flow")
MODIFIERS = (
    "sides",
    "sets",
    "tempo",
    "breath",
    "progress",
    "prepare",
    "rest",
    "set_rest",
    "switch",
)


def generated(rng: random.Random) -> bytes:
    """A routine made of the format's own keys, mostly one work each, with odd values:
    these pass the YAML stage and reach the validators, the builder and the plan."""
    out = [f"name: {rng.choice(['R', *VALUES])}\n"]
    if rng.random() < 0.5:
        out.append(f"defaults: {{{rng.choice(MODIFIERS[2:])}: {odd_value(rng)}}}\n")
    out.append("exercises:\n")
    for i in range(rng.randint(1, 4)):
        out.append(f"  - name: E{i}\n")
        work = rng.sample(WORK, rng.choice([1, 1, 1, 2]))
        for key in [*work, *rng.sample(MODIFIERS, rng.randint(0, 3))]:
            if key != "flow":
                out.append(f"    {key}: {odd_value(rng)}\n")
                continue
            out.append("    flow:\n")
            for j in range(rng.randint(1, 3)):
                out.append(f"      - {{name: F{j}, {rng.choice(WORK[:4])}: {odd_value(rng)}}}\n")
    return "".join(out).encode()


SEMANTIC: list[Mutator] = [new_value, new_key, delete_lines, duplicate_lines, swap_lines]


def mutant(rng: random.Random, corpus: list[bytes]) -> bytes:
    """A generated or seed routine, either lightly and meaningfully changed (so it gets
    deep into validation) or heavily mangled (so the parser and decoder get hit)."""
    roll = rng.random()
    if roll < 0.2:
        data, mutators, count = generated(rng), SEMANTIC, rng.choice([0, 0, 1, 2])
    elif roll < 0.5:
        data, mutators, count = rng.choice(corpus), SEMANTIC, rng.choice([1, 1, 2, 3])
    else:
        data, mutators, count = rng.choice(corpus), MUTATORS, rng.choice([1, 2, 3, 5, 8])
    for _ in range(count):
        data = rng.choice(mutators)(rng, data, corpus)
    return data[:MAX_INPUT]


def crash_of(raw: bytes) -> str | None:
    """None when the loader behaves; else what went wrong: a one-line signature (the
    exception and where it was raised), then the traceback."""
    try:
        for load in (_load_bytes, _load_text):
            try:
                routine = load(raw)
            except RoutineError as err:
                bad = [p for p in err.problems if p.line < 1 or p.col < 1 or not p.message]
                if not err.problems or bad:
                    return f"RoutineError without a located problem\n{err.problems!r}"
                continue
            for level in ("low", "high", 3):
                compile_plan(routine, level).total_seconds  # noqa: B018 - must not raise
    except Exception as exc:  # noqa: BLE001 - anything but RoutineError is the finding
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return f"{type(exc).__name__} in {where}\n{traceback.format_exc()}"
    return None


def _load_bytes(raw: bytes) -> object:
    return load_bytes(raw, "fuzz.yaml")


def _load_text(raw: bytes) -> object:
    # Undecodable bytes become lone surrogates: load_text is public and takes any str.
    return load_text(raw.decode("utf-8", "surrogateescape"), "fuzz.yaml")


def signature(raw: bytes) -> str | None:
    problem = crash_of(raw)
    return None if problem is None else problem.split("\n", 1)[0]


def shrink(raw: bytes, sig: str, seconds: float = 3.0) -> bytes:
    """A smaller input with the same crash: drop lines, then ever smaller byte chunks."""
    stop = time.monotonic() + seconds
    lines = _lines(raw)
    i = 0
    while i < len(lines) and time.monotonic() < stop:
        trial = lines[:i] + lines[i + 1 :]
        if signature(b"".join(trial)) == sig:
            lines = trial
        else:
            i += 1
    data = b"".join(lines)
    chunk = max(1, len(data) // 2)
    while chunk >= 1 and time.monotonic() < stop:
        i = 0
        while i < len(data) and time.monotonic() < stop:
            trial = data[:i] + data[i + chunk :]
            if trial and signature(trial) == sig:
                data = trial
            else:
                i += chunk
        chunk //= 2
    return data


def save_crasher(raw: bytes) -> Path:
    CRASHERS.mkdir(exist_ok=True)
    path = CRASHERS / f"{hashlib.sha256(raw).hexdigest()[:16]}.yaml"
    path.write_bytes(raw)
    return path


def test_fuzz_loader() -> None:
    seed = int(os.environ.get("BACKTIMER_FUZZ_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    corpus = [p.read_bytes() for p in SEEDS]
    assert corpus, "no seed routines found"
    crashes: dict[str, Path] = {}
    runs = 0
    stop = time.monotonic() + BUDGET
    while time.monotonic() < stop and len(crashes) < 10:
        raw = mutant(rng, corpus)
        runs += 1
        sig = signature(raw)
        if sig is not None and sig not in crashes:
            crashes[sig] = save_crasher(shrink(raw, sig))
    print(f"\nfuzz: {runs} inputs in {BUDGET:g} s, seed {seed}, {len(crashes)} distinct crashes")
    found = "\n".join(f"{path.name}: {sig}" for sig, path in crashes.items())
    assert not crashes, f"crashes (replay with BACKTIMER_FUZZ_SEED={seed}):\n{found}"


MULTIPLIED_INPUTS = int(os.environ.get("BACKTIMER_FUZZ_MULTIPLIED", "150"))
MAX_MULTIPLIED = 4 * 1024
ANSWER_CPU_SECONDS = 2.0
ANSWER_MEGABYTES = 200


def multiplied(rng: random.Random) -> bytes:
    """A routine of at most 4 KiB whose timeline multiplies: many sets (or a range of
    them), long lists of sides and long flows, in one exercise or several, mostly valid
    so they reach the limits rather than a typo."""
    size = rng.choice([600, 1500, 3000, MAX_MULTIPLIED])
    out = ["name: M\n"]
    if rng.random() < 0.5:
        zeros = rng.sample(["prepare", "rest", "set_rest", "switch"], rng.randint(0, 4))
        settings = ", ".join(f"{k}: {rng.choice(['0', '1s', '6h'])}" for k in zeros)
        out.append(f"defaults: {{{settings}}}\n")
    out.append("exercises:\n")
    for i in range(rng.choice([1, 1, 2, 5, 40])):
        sets = rng.choice(["50", "2-50", "1", str(rng.randint(1, 60)), "25-50"])
        lines = [f"  - name: E{i}\n", f"    sets: {sets}\n"]
        if rng.random() < 0.8:
            count = rng.choice([2, 19, 20, 21, 100, 400, 900])
            labels = ", ".join(f"s{j}" for j in range(count))
            lines.append(f"    sides: [{labels}]\n" if rng.random() < 0.9 else "    sides: both\n")
        if rng.random() < 0.7:
            lines.append("    flow:\n")
            for j in range(rng.choice([1, 2, 30, 99, 100, 101, 200])):
                work = rng.choice(
                    ["hold: 1s", "hold: 6h", "reps: 10000", "breaths: 10000", "hold: 5-6h"]
                )
                lines.append(f"      - {{name: f{j}, {work}}}\n")
        else:
            lines.append(f"    {rng.choice(['hold: 6h', 'hold: 1s', 'reps: 10-10000'])}\n")
        out += lines
    data = "".join(out).encode()
    if len(data) <= size:
        return data
    return data[: data.rfind(b"\n", 0, size) + 1]  # cut at a line: most stay valid YAML


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc: Linux")
def test_multiplied_routines_are_answered_within_bounds(tmp_path: Path) -> None:
    """Every answer under 2 s of CPU and 200 MB more memory (an address-space limit in a
    worker process: past it, the answer is a MemoryError), and any plan that is built has
    at most the step limit. CPU time, not the wall clock: the machine may be busy."""
    seed = int(os.environ.get("BACKTIMER_FUZZ_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    inputs = {}
    for n in range(MULTIPLIED_INPUTS):
        raw = multiplied(rng)
        assert len(raw) <= MAX_MULTIPLIED
        inputs[f"{n:05d}.yaml"] = raw
        (tmp_path / f"{n:05d}.yaml").write_bytes(raw)
    worker = Path(__file__).with_name("bounded_answers.py")
    done = subprocess.run(
        [sys.executable, str(worker), str(tmp_path), str(ANSWER_MEGABYTES)],
        capture_output=True,
        text=True,
        timeout=60 + MULTIPLIED_INPUTS * ANSWER_CPU_SECONDS,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == MULTIPLIED_INPUTS
    bad = [
        a
        for a in answers
        if a["crash"] or a["cpu"] > ANSWER_CPU_SECONDS or (a["steps"] or 0) > limits.MAX_STEPS
    ]
    for a in bad:
        a["saved"] = save_crasher(inputs[a["name"]]).name
    loaded = sum(a["steps"] is not None for a in answers)
    slowest = max(a["cpu"] for a in answers)
    print(f"\nmultiplied: {len(answers)} inputs, {loaded} loaded, slowest {slowest:.3f} s CPU")
    assert not bad, f"over the bounds (replay with BACKTIMER_FUZZ_SEED={seed}): {bad}"


CRASHER_FILES = sorted(p for p in CRASHERS.glob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("path", CRASHER_FILES, ids=[p.name for p in CRASHER_FILES])
def test_crasher_stays_fixed(path: Path) -> None:
    problem = crash_of(path.read_bytes())
    assert problem is None, problem
