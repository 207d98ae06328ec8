"""Loading benchmark: `validate` and `show` of the longest routine the limits allow
(1,000 exercises), and hostile files.

Prints min/median/max of 3+ runs of the real console commands (subprocess, so start-up
is included, as a user would see it), each run with its own empty BACKTIMER_HOME.
Targets: validate <= 1 s, show <= 2 s; hostile files refused in well under 2 s.
bench/routine_files.py has the timeline bombs and the 4 MiB files.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5


def big_routine(n: int) -> str:
    lines = ["name: One thousand", "defaults: {prepare: 3s, rest: 5s}", "sections:"]
    for s in range(n // 100):
        lines += [f"  - name: Section {s}", "    exercises:"]
        for i in range(100):
            k = s * 100 + i
            # short enough for the 12-hour limit (7:21:35 at the longest, 3,499 steps)
            work = ("hold: 10-20s", "reps: 5-6", "time: 10s\n        sides: both", "breaths: 3")[
                k % 4
            ]
            lines += [
                f"      - name: Exercise {k}",
                f"        cue: Do exercise {k} slowly.",
                f"        {work}",
            ]
    return "\n".join(lines) + "\n"


def bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def timed(args: list[str], home: Path | None = None) -> list[float]:
    """Seconds per run; each run in a fresh BACKTIMER_HOME unless `home` is given."""
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as fresh:
            env = {**os.environ, "BACKTIMER_HOME": str(home or fresh)}
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "backtimer", *args],
                capture_output=True,
                env=env,
                check=False,
            )
            times.append(time.perf_counter() - start)
    return times


def row(label: str, times: list[float], target: str) -> None:
    med = statistics.median(times)
    print(f"{label:<38} {min(times):7.3f} {med:7.3f} {max(times):7.3f}   {target}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "big.yaml").write_text(big_routine(1_000))
        (d / "bomb.yaml").write_text(bomb())
        (d / "deep.yaml").write_text("x: " + "[" * 100_000 + "]" * 100_000 + "\n")
        with (d / "huge.yaml").open("wb") as f:
            f.truncate(100 * 1024 * 1024)
        (d / "junk.yaml").write_bytes(bytes(range(1, 256)) * 4000)
        size = (d / "big.yaml").stat().st_size
        print(f"1,000 exercises: {size / 1024:.0f} KiB; {RUNS} runs each, seconds")
        print(f"{'command':<38} {'min':>7} {'median':>7} {'max':>7}   target")
        row("backtimer --version (start-up)", timed(["--version"]), "-")
        row("validate big.yaml", timed(["validate", str(d / "big.yaml")]), "<= 1 s")
        row("show big.yaml", timed(["show", str(d / "big.yaml")]), "<= 2 s")
        row("show --json big.yaml", timed(["show", "--json", str(d / "big.yaml")]), "<= 2 s")
        for name in ("bomb", "deep", "huge", "junk"):
            row(
                f"validate {name}.yaml (refused)",
                timed(["validate", str(d / f"{name}.yaml")]),
                "< 2 s",
            )


if __name__ == "__main__":
    main()
