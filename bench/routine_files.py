"""Routine files a hostile user could write, and `list` over many user routines.

Each row runs the console script in a subprocess (start-up included, as a user sees it)
and prints min / median / max seconds and the peak RSS of the process (from wait4) over
the runs. A command still running after --timeout seconds is killed and shown as such.

- timeline bombs: valid files whose timeline multiplies (sets x sides x flow);
- 4 MiB files: many exercises with one typo, many exercises without work, and files
  made of nothing but list items or unknown keys, which stress the YAML reader;
- `list` with the bundled routines and 50 user routines, in one BACKTIMER_HOME kept
  across runs (any cache warm) and in a fresh one per run.

Targets (issue 16): every answer under 2 s; a bomb refused, never built.

    .venv/bin/python bench/routine_files.py [--runs N] [--timeout S] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX = 4 * 1024 * 1024 - 200
"""Just under the loader's 4 MiB limit, so these files reach the YAML reader."""


def bomb(sets: int, sides: int, flow: int) -> str:
    labels = ", ".join(f"s{i}" for i in range(sides))
    items = "".join(f"      - {{name: f{i}, hold: 1s}}\n" for i in range(flow))
    return f"name: Bomb\nexercises:\n  - name: B\n    sets: {sets}\n    sides: [{labels}]\n    flow:\n{items}"


def many(n: int, typo: bool) -> str:
    lines = "".join(f"  - {{name: E{i}, hold: 30s}}\n" for i in range(n))
    return "name: Many\nexercises:\n" + lines + ("  - {name: T, hodl: 30s}\n" if typo else "")


def no_work(n: int) -> str:
    return "name: N\nexercises:\n" + "".join(f"  - name: E{i}\n" for i in range(n))


def flow_list() -> str:
    return "name: X\nexercises: [" + ",".join(["a"] * (MAX // 2 - 20)) + "]\n"


def block_list() -> str:
    return "name: X\nexercises:\n" + "- a\n" * (MAX // 4 - 10)


def unknown_keys() -> str:
    head = "name: X\nexercises: [{name: a, hold: 1s}]\n"
    return head + "".join(f"k{i:07d}: 1\n" for i in range((MAX - len(head)) // 12))


def long_sides() -> str:
    labels = ",".join(f"s{i:06d}" for i in range(MAX // 8 - 10))
    return f"name: X\nexercises:\n- name: a\n  hold: 1s\n  sides: [{labels}]\n"


PICKER = "from backtimer.routine.catalog import listings; listings()"
"""What the picker loads before its first frame: every routine, bundled and the user's."""

FILES: dict[str, Callable[[], str]] = {
    "bomb-3k": lambda: bomb(50, 100, 100),
    "bomb-7k": lambda: bomb(50, 200, 200),
    "typo-100k": lambda: many(100_000, True),
    "nowork-200k": lambda: no_work(200_000),
    "flow-list-4m": flow_list,
    "block-list-4m": block_list,
    "unknown-keys-4m": unknown_keys,
    "sides-4m": long_sides,
}


Run = tuple[float, float, float, bool]
"""Wall seconds, CPU seconds, peak RSS in MiB, and whether it finished in time."""


def timed(argv: list[str], home: Path | None, timeout: float) -> Run:
    """One run of `python -m backtimer ARGV` (or of `python -c CODE` when argv[0] is -c)."""
    with tempfile.TemporaryDirectory() as fresh:
        env = {**os.environ, "BACKTIMER_HOME": str(home or fresh)}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *(argv if argv[0] == "-c" else ["-m", "backtimer", *argv])],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        finished = True
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                finished = False
                break
            time.sleep(0.005)
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024, finished


def row(label: str, runs: list[Run]) -> None:
    secs = [r[0] for r in runs]
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    late = "" if all(r[3] for r in runs) else "  (killed at the timeout)"
    med = statistics.median(secs)
    print(f"{label:<40} {min(secs):7.3f} {med:7.3f} {max(secs):7.3f} {cpu:7.3f} {rss:7.0f}{late}")


def user_routines(folder: Path, count: int) -> None:
    """`count` user routines: the bundled ones over again, each file made distinct."""
    bundled = sorted((ROOT / "routines").glob("*.yaml"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        source = bundled[i % len(bundled)]
        text = source.read_text(encoding="utf-8") + f"# copy {i}\n"
        (folder / f"mine-{i:02d}.yaml").write_text(text, encoding="utf-8")


def write(name: str, path: Path) -> None:
    """Write one of FILES from a child process: the bench itself stays small, since a
    child's peak RSS (wait4) starts from its parent's at the fork."""
    subprocess.run([sys.executable, __file__, "--write", name, str(path)], check=True)


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        name, path = sys.argv[2:4]
        Path(path).write_text(FILES[name](), encoding="utf-8")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--only", default="", help="comma-separated file names, or 'list'")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    runs, timeout = args.runs, args.timeout
    print(f"{runs} runs each; wall seconds min / median / max, CPU seconds (median), peak RSS")
    print(f"{'command':<40} {'min':>7} {'median':>7} {'max':>7} {'CPU s':>7} {'MiB':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for name in FILES:
            if only and name not in only:
                continue
            path = d / f"{name}.yaml"
            write(name, path)
            size = path.stat().st_size
            label = f"{name} ({size / 1024:.0f} KiB)"
            for command in ("validate", "show"):
                row(
                    f"{command} {label}",
                    [timed([command, str(path)], None, timeout) for _ in range(runs)],
                )
        if not only or "list" in only:
            home = d / "home"
            user_routines(home / "data" / "routines", 50)
            timed(["list"], home, timeout)  # fills any cache
            row(
                "list, 56 routines, same home",
                [timed(["list"], home, timeout) for _ in range(runs)],
            )
            fresh = []
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as other:
                    shutil.copytree(home / "data", Path(other) / "data")
                    fresh.append(timed(["list"], Path(other), timeout))
            row("list, 56 routines, fresh home", fresh)
            picker = ["-c", PICKER]
            timed(picker, home, timeout)
            row(
                "the picker's routines, same home",
                [timed(picker, home, timeout) for _ in range(runs)],
            )
            alone = d / "bundled-only"
            timed(picker, alone, timeout)
            row(
                "the picker's routines, bundled only",
                [timed(picker, alone, timeout) for _ in range(runs)],
            )


if __name__ == "__main__":
    main()
