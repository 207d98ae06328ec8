"""Start-up benchmark: process start to first frame in tmux 100x30 (--size WxH), and peak RSS.

The first frame is the moment tmux reads the output that puts the program's real first
screen on the pane, not merely something: backtimer's picker counts once a routine's
row with its totals is drawn ("12:47 · 11 exercises"), the session once its step line
and the big countdown's pixels are ("PLANK" and a full block); the peers count at their
first visible character (which can only flatter them). The output is watched as a
stream through a tmux control-mode client (harness.Watch): nothing polls, so the
measuring takes no CPU from the program measured, and the screen is read once afterwards,
untimed, to confirm it shows what the stream said. `--poll` gives the old way instead,
a `capture-pane` every 5 ms. t0 is just before tmux is asked to respawn the pane with
the program. Peak RSS is VmHWM from /proc/PID/status, summed over the process tree,
read 2 s after the first frame. Runs are interleaved (A B C A B C ...) so noise hits
each program alike. Three ratios are printed: of the medians; of the fastest runs,
which on a shared machine are the least disturbed (noise only ever adds); and the
median of the paired ratios (each run against the minimal app's run of the same round),
which a slow spell of the machine cannot shift. Every program sees a PulseAudio server
with a null sink (the tests' helper), so "sound auto" opens a real device as it would
on a desktop, not a failing one. Targets (issue 12): backtimer's first frame <= 1.2x
the minimal Textual app's, peak RSS <= 1.8x.

    bench/.venv/bin/python bench/startup.py [--runs N] [--size WxH] [--poll]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    BENCH,
    ROOT,
    Pane,
    Watch,
    kill_server,
    loadavg,
    mmm,
    need_venv,
    scratch_home,
    status_kib,
    table,
    tool,
    tree,
)

sys.path.insert(0, str(ROOT / "tests" / "audio"))

from pulse_server import start_server  # noqa: E402

HOLD = str(BENCH / "routines" / "hold.yaml")
SETTLE = 2.0
POLL = 0.005
"""Seconds between captures: polling flat out would take a core of the two from the
program being measured (each capture starts a tmux client)."""


PICKER_ROW = re.compile(r"\d+:\d\d · \d+ exercises")
"""A routine's row in the picker's list: the list is drawn, not only the screen around it."""
COUNTDOWN = re.compile(r"PLANK[\s\S]*█")
"""The session's step line, then the big countdown's pixels below it."""
SHOWN: dict[str, re.Pattern[str] | None] = {
    "backtimer run --start (sound off)": COUNTDOWN,
    "backtimer run --start (sound auto)": COUNTDOWN,
    "backtimer (picker)": PICKER_ROW,
}
"""What must be on screen for a program's first frame to count (None: anything)."""


def programs() -> dict[str, list[str]]:
    return {
        "minimal Textual app": [tool("python"), str(BENCH / "minimal_app.py"), "120"],
        "backtimer run --start (sound off)": [
            tool("backtimer"), "run", HOLD, "--start", "--sound", "off",
        ],
        "backtimer run --start (sound auto)": [tool("backtimer"), "run", HOLD, "--start"],
        "backtimer (picker)": [tool("backtimer")],
        "termdown 120": [tool("termdown"), "120"],
    }  # fmt: skip


def measure(
    pane: Pane,
    watch: Watch | None,
    argv: list[str],
    env: dict[str, str],
    shown: re.Pattern[str] | None,
) -> tuple[float, float]:
    """(seconds to first frame, peak RSS in MiB) of one run: seen in tmux's output stream
    (`watch`), or by polling the screen (None)."""
    if watch is not None:
        t0 = watch.start(argv, env)
        first = watch.wait_for(shown or "", timeout=30) - t0
    else:
        t0 = pane.start(argv, env)
        first = pane.wait_for(shown or "", timeout=30, poll=POLL) - t0
    time.sleep(SETTLE)
    rss = sum(status_kib(pid) for pid in tree(pane.pid)) / 1024
    return first, rss


def paired(times: list[float], base: list[float]) -> float:
    """The median of each round's ratio to the minimal app's run in the same round: the
    runs are interleaved, so a slow spell of the machine hits both sides of a pair."""
    return statistics.median(t / b for t, b in zip(times, base, strict=True))


def run_all(
    pane: Pane,
    watch: Watch | None,
    progs: dict[str, list[str]],
    env: dict[str, str],
    runs: int,
    frames: dict[str, list[float]],
    rss: dict[str, list[float]],
    loads: list[str],
) -> None:
    with scratch_home() as home:
        env = {**env, "BACKTIMER_HOME": str(home)}
        for name, argv in progs.items():  # warm-up: bytecode caches, the page cache, the sink
            measure(pane, watch, argv, env, SHOWN.get(name))
        for _ in range(runs):
            for name, argv in progs.items():
                f, r = measure(pane, watch, argv, env, SHOWN.get(name))
                frames[name].append(f)
                rss[name].append(r)
            loads.append(loadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="100x30", help="the pane, WxH (the countdown grows)")
    parser.add_argument(
        "--poll",
        action="store_true",
        help="see the first frame by polling capture-pane every 5 ms (the old way), "
        "not in tmux's output stream",
    )
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    need_venv()
    progs = programs()
    frames: dict[str, list[float]] = {name: [] for name in progs}
    rss: dict[str, list[float]] = {name: [] for name in progs}
    loads = [loadavg()]
    pane = Pane("startup", width, height)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            server = start_server(Path(tmp))
        except BaseException as err:  # the tests' helper skips through pytest
            sys.exit(f"no PulseAudio null sink: {err}")
        env = server.client_env()
        watch = None if args.poll else Watch(pane)
        try:
            run_all(pane, watch, progs, env, args.runs, frames, rss, loads)
        finally:
            if watch is not None:
                watch.close()
            server.stop()
            kill_server()
    base_f = statistics.median(frames["minimal Textual app"])
    base_low = min(frames["minimal Textual app"])
    base_r = statistics.median(rss["minimal Textual app"])
    rows = []
    for name in progs:
        f, r = statistics.median(frames[name]), statistics.median(rss[name])
        rows.append(
            [
                name,
                mmm(frames[name], 1000, 0),
                f"{f / base_f:.2f}x",
                f"{min(frames[name]) / base_low:.2f}x",
                f"{paired(frames[name], frames['minimal Textual app']):.2f}x",
                mmm(rss[name]),
                f"{r / base_r:.2f}x",
            ]
        )
    how = "polled every 5 ms" if args.poll else "seen in tmux's output stream"
    print(f"Start-up in tmux {args.size}, {how}, {args.runs} runs each (min / median / max)")
    headers = [
        *("program", "first frame ms", "vs minimal (median)", "(fastest)", "(paired)"),
        *("peak RSS MiB", "vs minimal"),
    ]
    print(table(headers, rows))
    print("targets: backtimer's first frame <= 1.20x, peak RSS <= 1.80x the minimal app")
    # Each round's ratio, so a noisy round shows (one round to the next moves by 0.1x).
    base = frames["minimal Textual app"]
    for name in progs:
        if name != "minimal Textual app":
            ratios = sorted(t / b for t, b in zip(frames[name], base, strict=True))
            quart = (
                statistics.quantiles(ratios, n=4, method="inclusive")
                if len(ratios) > 1
                else ratios * 3
            )
            print(
                f"paired per round, {name}: quartiles {quart[0]:.2f} / {quart[1]:.2f} / "
                f"{quart[2]:.2f}; {' '.join(f'{r:.2f}' for r in ratios)}"
            )
    print(f"load average before and after each round: {' | '.join(loads)}")


if __name__ == "__main__":
    main()
