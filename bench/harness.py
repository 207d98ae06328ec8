"""What every bench shares: a private tmux server, process-tree CPU and memory from
/proc, CPU hogs, the machine's load, and min/median/max tables. Stdlib only."""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = BENCH / ".venv" / "bin"
SOCKET = f"backtimer-bench-{os.getpid()}"
"""A tmux server of our own, so other people's tmux sessions are never touched."""
TICK = os.sysconf("SC_CLK_TCK")


def need_venv() -> None:
    if not (BIN / "python").exists():
        sys.exit("bench/.venv is missing: run bench/setup.sh first")


def tool(name: str) -> str:
    """A console script of the bench's venv (backtimer, termdown, py-spy...)."""
    return str(BIN / name)


def tmux(*args: str, socket: str = SOCKET) -> str:
    out = subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)
    return out.stdout


def kill_server(socket: str = SOCKET) -> None:
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


@dataclass
class Pane:
    """One tmux session of its own size; `start` swaps in the program under test.

    With `own_server`, the session gets a tmux server to itself, so the terminal's
    own CPU (tmux parsing what the program draws) can be told apart per program."""

    name: str
    width: int = 100
    height: int = 30
    own_server: bool = False

    def __post_init__(self) -> None:
        self.socket = f"{SOCKET}-{self.name}" if self.own_server else SOCKET
        size = ("-x", str(self.width), "-y", str(self.height))
        self.tmux("new-session", "-d", "-s", self.name, *size)
        # `cat` waits on the tty and draws nothing, so the pane stays blank until start().
        self.tmux("respawn-pane", "-k", "-t", self.name, "exec cat")

    def tmux(self, *args: str) -> str:
        return tmux(*args, socket=self.socket)

    @property
    def server_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "#{pid}").strip())

    def start(self, argv: Sequence[str], env: dict[str, str] | None = None) -> float:
        """Run `argv` in the pane; returns time.monotonic() just before it was spawned."""
        t0 = time.monotonic()
        self.tmux("respawn-pane", "-k", "-t", self.name, _command(argv, env))
        return t0

    @property
    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> tuple[float, float]:
        """Send keys. Returns (the time.monotonic() instant tmux had written them to the
        program's terminal by, seconds the tmux client took): on a busy machine, starting
        the client alone can take a good part of a second."""
        t = time.monotonic()
        self.tmux("send-keys", "-t", self.name, *keys)
        done = time.monotonic()
        return done, done - t

    def wait_for(
        self, text: str | re.Pattern[str], timeout: float = 30.0, poll: float = 0.0
    ) -> float:
        """The monotonic instant `text` (a string, or a pattern searched for) was first
        seen on screen ('' = anything at all)."""
        stop = time.monotonic() + timeout
        while time.monotonic() < stop:
            if _seen(text, self.capture()):
                return time.monotonic()
            if poll:
                time.sleep(poll)
        raise TimeoutError(f"{text!r} not on screen after {timeout} s:\n{self.capture()}")

    def record_output(self, path: Path) -> None:
        """Append everything the program writes to the terminal to `path` (to count bytes)."""
        self.tmux("pipe-pane", "-o", "-t", self.name, f"cat >> {shlex.quote(str(path))}")

    def close(self, grace: float = 5.0) -> list[int]:
        """Close the terminal (the program gets SIGHUP, as when a window closes). Any of
        its processes still alive after `grace` seconds is reported, then killed."""
        pids = tree(self.pid) if self.pid_alive() else []
        if self.own_server:
            kill_server(self.socket)
        else:
            self.tmux("kill-session", "-t", self.name)
        stop = time.monotonic() + grace
        while time.monotonic() < stop and any(_stat(p) for p in pids):
            time.sleep(0.05)
        hung = [p for p in pids if _running(p)]
        for pid in hung:
            print(f"warning: pid {pid} still running {grace:g} s after its terminal closed: killed")
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        return hung

    def pid_alive(self) -> bool:
        return bool(self.tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}").strip())


def _command(argv: Sequence[str], env: dict[str, str] | None) -> str:
    """The shell command a pane runs `argv` with. Bytecode caching is on, as for an
    installed package (this machine's shell turns it off)."""
    prefix = ["env", "-u", "PYTHONDONTWRITEBYTECODE", *(f"{k}={v}" for k, v in (env or {}).items())]
    return "exec " + shlex.join([*prefix, *argv])


ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b[\]P_^][\s\S]*?(?:\x07|\x1b\\)"  # OSC, DCS, APC, PM: up to their terminator
    r"|\x1b[()*+][\s\S]"  # character set designations
    r"|\x1b[\s\S]"  # any other two-byte escape
)
"""What a terminal draws nothing for; the rest of the stream is the text it shows."""
OCTAL = re.compile(rb"\\(\d{3})")


class Watch:
    """What a Pane's program writes, as tmux reads it, with no polling: a control-mode
    client (`tmux -C attach`) on the pane's session streams every read as an %output
    line. A `capture-pane` poll costs ~5 ms of wall time and ~3 ms of a client's CPU each
    time (measured, 50 calls): polling every 5 ms keeps about half a core busy, on a
    2-core machine the core a program's second process would use, and can only see a
    frame up to one poll late. The control client does not count for the window's size
    (it never sets one), so the pane keeps the size it was made with.

    `start` runs the program through the control client itself, so everything after
    that command's %end is the new program's output, not the last one's."""

    def __init__(self, pane: Pane) -> None:
        self.pane = pane
        self._proc = subprocess.Popen(
            ["tmux", "-L", pane.socket, "-C", "attach", "-t", pane.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._cond = threading.Condition()
        self._raw = bytearray()
        self._last = 0.0  # when the latest output arrived
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            now = time.monotonic()
            if line.startswith(b"%output ") and self._started.is_set():
                data = line.rstrip(b"\n").split(b" ", 2)[2]
                with self._cond:
                    self._raw += OCTAL.sub(lambda m: bytes([int(m[1], 8)]), data)
                    self._last = now
                    self._cond.notify_all()
            elif line.startswith((b"%end ", b"%error ")) and line.rstrip().endswith(b" 1"):
                self._started.set()  # our own command's reply: what follows is the program's
        with self._cond:
            self._cond.notify_all()

    def start(self, argv: Sequence[str], env: dict[str, str] | None = None) -> float:
        """Run `argv` in the pane, once the last program has gone: returns
        time.monotonic() just before tmux was asked to.

        The last program is first swapped for an idle `cat` and waited for, untimed:
        a full-screen app takes tens of milliseconds of CPU to leave (its terminal
        restored, its history closed, its sound device shut), and on a 2-core machine
        that would be charged to whichever program the rotation starts next."""
        old = [p for p in tree(self.pane.pid) if _stat(p)] if self.pane.pid_alive() else []
        self._command("exec cat")
        stop = time.monotonic() + 10
        while any(_running(p) for p in old) and time.monotonic() < stop:
            time.sleep(0.01)
        time.sleep(0.05)
        with self._cond:
            self._raw.clear()  # `cat` draws nothing: what is here came before it
        return self._command(_command(argv, env))

    def _command(self, command: str) -> float:
        """Respawn the pane with `command` through the control client; the instant just
        before it was asked, once tmux has answered (what follows is its output)."""
        assert self._proc.stdin is not None
        self._started.clear()
        # Control mode reads a line as a tmux command: the shell command is one argument.
        line = f"respawn-pane -k -t {self.pane.name} {shlex.quote(command)}\n"
        t0 = time.monotonic()
        self._proc.stdin.write(line.encode())
        self._proc.stdin.flush()
        if not self._started.wait(10):
            raise TimeoutError("tmux did not answer the control client")
        return t0

    def text(self) -> str:
        """The program's output so far, without its escape sequences."""
        with self._cond:
            raw = bytes(self._raw)
        return ESCAPES.sub("", raw.decode(errors="replace"))

    def wait_for(self, text: str | re.Pattern[str], timeout: float = 30.0) -> float:
        """The monotonic instant the output that made `text` (a string, or a pattern
        searched for; '' = any visible character) part of the stream reached tmux. The
        screen is then read once, untimed, to confirm it shows it too."""
        stop = time.monotonic() + timeout
        with self._cond:
            while True:
                shown = ESCAPES.sub("", bytes(self._raw).decode(errors="replace"))
                if _seen(text, shown):
                    instant = self._last
                    break
                left = stop - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    raise TimeoutError(f"{text!r} not in the output after {timeout} s:\n{shown}")
                self._cond.wait(left)
        self.pane.wait_for(text, timeout=5, poll=0.05)  # the screen shows it (untimed)
        return instant

    def close(self) -> None:
        if self._proc.stdin is not None:
            with suppress(OSError):
                self._proc.stdin.close()  # a control client detaches at end of input
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._thread.join(5)


def _seen(text: str | re.Pattern[str], screen: str) -> bool:
    if isinstance(text, re.Pattern):
        return text.search(screen) is not None
    return (text in screen) if text else bool(screen.strip())


def _running(pid: int) -> bool:
    """The process exists and is not a zombie."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def tree(root: int) -> list[int]:
    """`root` and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))):
            children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def cpu_seconds(pids: Iterable[int]) -> float:
    """utime + stime of these processes (all their threads), in seconds."""
    total = 0
    for pid in pids:
        if fields := _stat(pid):
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def status_kib(pid: int, key: str = "VmHWM") -> int:
    """A field of /proc/PID/status in KiB (VmHWM is the peak resident set)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def read_events(path: Path) -> list[dict[str, Any]]:
    """The complete lines of a `--events` file so far."""
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip().endswith("}")]


def session_finished(path: Path) -> bool:
    return any(e["type"] == "session_finished" for e in read_events(path))


def steal_ticks() -> tuple[int, int]:
    """(steal, total) jiffies of the whole machine so far, from /proc/stat: time the
    hypervisor ran someone else while this VM wanted its CPUs."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[7], sum(fields[:8])


def steal_since(start: tuple[int, int]) -> float:
    """Percent of CPU time stolen since `start` (a steal_ticks() reading)."""
    steal, total = steal_ticks()
    return 100 * (steal - start[0]) / max(1, total - start[1])


class StealLog:
    """Samples the machine's stolen CPU time twice a second in a thread, so an event can
    be checked against what the hypervisor was doing around it."""

    def __init__(self, every: float = 0.5) -> None:
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            steal, total = steal_ticks()
            self.samples.append((time.monotonic(), steal, total))
            self._stop.wait(every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def around(self, instant: float, span: float = 1.0) -> float:
        """Percent of CPU time stolen from `span` s before `instant` to `span` s after."""
        inside = [s for s in self.samples if instant - span <= s[0] <= instant + span]
        if len(inside) < 2:
            return 0.0
        first, last = inside[0], inside[-1]
        return 100 * (last[1] - first[1]) / max(1, last[2] - first[2])


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@contextmanager
def hogs(count: int = 2) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` processes that spin at 100% CPU until the block ends."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield procs
    finally:
        for p in procs:
            p.kill()
            p.wait()


@contextmanager
def scratch_home() -> Iterator[Path]:
    """A BACKTIMER_HOME of its own, so no bench run lands in anyone's history."""
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as tmp:
        yield Path(tmp)


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain Markdown table (readable in a terminal, pasteable into bench/README.md)."""
    cells = [[str(c) for c in headers], *[[_fmt(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def mmm(values: Sequence[float], scale: float = 1.0, digits: int = 1) -> str:
    """'min / median / max' of the values times `scale`."""
    lo, mid, hi = spread(values)
    return f"{lo * scale:.{digits}f} / {mid * scale:.{digits}f} / {hi * scale:.{digits}f}"
