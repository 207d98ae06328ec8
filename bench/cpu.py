"""CPU benchmark: CPU-seconds per minute of session in tmux 100x30.

Side by side, at the same time, each in a tmux server of its own: termdown counting
down, the minimal Textual app (bench/minimal_app.py), backtimer on a hold
(bench/routines/hold.yaml) and backtimer on a breathing-paced step
(bench/routines/breathing.yaml, the pacer's bar moving). After a settling time, CPU is
read from /proc/PID/stat (utime + stime of the process tree) at the start and the end
of one minute. Also shown: the CPU of the program's own tmux server (the terminal's
cost of what it draws) and the bytes it wrote to the terminal. Targets (issue 12): hold
<= 0.7x termdown, breathing <= 1.5x termdown, compared run by run (the per-run ratio).

    bench/.venv/bin/python bench/cpu.py [--runs N] [--seconds S]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    BENCH,
    Pane,
    cpu_seconds,
    loadavg,
    mmm,
    need_venv,
    scratch_home,
    table,
    tool,
    tree,
)

SETTLE = 5.0
"""Seconds after the first frame before the minute starts: start-up is not counted."""


def programs() -> dict[str, list[str]]:
    run = [tool("backtimer"), "run", "--start", "--sound", "off"]
    return {
        "termdown": [tool("termdown"), "300"],
        "minimal Textual app": [tool("python"), str(BENCH / "minimal_app.py"), "300"],
        "backtimer hold": [*run, str(BENCH / "routines" / "hold.yaml")],
        "backtimer breathing": [*run, str(BENCH / "routines" / "breathing.yaml")],
    }


@dataclass
class Figures:
    app: list[float] = field(default_factory=list)
    """CPU-seconds per minute of the program's process tree."""
    terminal: list[float] = field(default_factory=list)
    """CPU-seconds per minute of its tmux server."""
    output: list[float] = field(default_factory=list)
    """KiB written to the terminal per minute."""


def one_round(
    progs: dict[str, list[str]], seconds: float, home: Path, out: Path
) -> dict[str, tuple[float, float, float]]:
    panes = {name: Pane(f"cpu{i}", own_server=True) for i, name in enumerate(progs)}
    try:
        for name, argv in progs.items():
            panes[name].start(argv, {"BACKTIMER_HOME": str(home)})
        for pane in panes.values():
            pane.wait_for("", timeout=30)
        time.sleep(SETTLE)
        logs = {name: out / f"{pane.name}.out" for name, pane in panes.items()}
        for name, pane in panes.items():
            pane.record_output(logs[name])
        pids = {name: tree(pane.pid) for name, pane in panes.items()}
        servers = {name: pane.server_pid for name, pane in panes.items()}
        t1 = time.monotonic()
        before = {n: (cpu_seconds(pids[n]), cpu_seconds([servers[n]])) for n in progs}
        time.sleep(seconds)
        after = {n: (cpu_seconds(pids[n]), cpu_seconds([servers[n]])) for n in progs}
        scale = 60 / (time.monotonic() - t1)
        return {
            n: (
                (after[n][0] - before[n][0]) * scale,
                (after[n][1] - before[n][1]) * scale,
                logs[n].stat().st_size / 1024 * scale if logs[n].exists() else 0.0,
            )
            for n in progs
        }
    finally:
        for pane in panes.values():
            pane.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the measured span")
    args = parser.parse_args()
    need_venv()
    progs = programs()
    figures = {name: Figures() for name in progs}
    loads = [loadavg()]
    with scratch_home() as home, tempfile.TemporaryDirectory() as out:
        for r in range(args.runs):
            for name, (app, term, kib) in one_round(progs, args.seconds, home, Path(out)).items():
                figures[name].app.append(app)
                figures[name].terminal.append(term)
                figures[name].output.append(kib)
            for log in Path(out).iterdir():
                log.unlink()
            loads.append(loadavg())
            print(f"round {r + 1}: load {loads[-1]}", flush=True)
    base = statistics.median(figures["termdown"].app)
    rows = []
    for name, fig in figures.items():
        ratios = [
            a / b if b else float("inf")
            for a, b in zip(fig.app, figures["termdown"].app, strict=True)
        ]
        rows.append([
            name,
            mmm(fig.app, 1000, 0),
            f"{statistics.median(fig.app) / base:.2f}x",
            mmm(ratios, 1, 2),
            mmm(fig.terminal, 1000, 0),
            mmm(fig.output, 1, 1),
        ])  # fmt: skip
    print(f"CPU per minute of session in tmux 100x30, {args.runs} runs (min / median / max)")
    headers = [
        "program",
        "CPU ms/min",
        "median vs termdown",
        "per-run ratio",
        "its tmux ms/min",
        "KiB drawn/min",
    ]
    print(table(headers, rows))
    print(
        "targets (issue 12): backtimer hold <= 0.7x termdown; backtimer breathing <= 1.5x termdown"
    )
    print(f"load average before and after each round: {' | '.join(loads)}")


if __name__ == "__main__":
    main()
