"""A whole routine run by the real console script, heard through the PulseAudio null sink.

The session runs in its own process (`backtimer run ... --plain --events FILE`), with the
miniaudio backend and with the simpleaudio backend, and as the full-screen app in tmux
(where the device opens on a thread while Textual starts, so the first cue must wait
for it). From the recording we check that the
cues the session said it played all sounded, in order, each close to its event's
scheduled instant (both on the system's monotonic clock).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pulse_server import PulseServer, report_delays, unavailable

ROUTINE = """name: Sound proof
defaults: {prepare: 3s, rest: 2s, switch: 2s}
exercises:
  - {name: Plank, hold: 4s}
  - {name: Twist, hold: 3s, sides: both}
"""
TARGET = 0.050
"""The median delay, event to onset (issue: median <= 50 ms)."""
TOLERANCE = 0.4
"""Any one cue: fail only far beyond the target, as a scheduling bug would be. On this
2-core VM a loaded moment has delayed one cue by 152 ms; the figures are printed."""

pytestmark = pytest.mark.audio


def _run(
    pulse: PulseServer, tmp_path: Path, backend: str, screen: bool = False
) -> list[dict[str, object]]:
    if backend == "simpleaudio":
        try:
            import simpleaudio  # noqa: F401
        except ImportError:
            unavailable("simpleaudio is not installed (pip install -e '.[simpleaudio]')")
    routine = tmp_path / "proof.yaml"
    routine.write_text(ROUTINE)
    events = tmp_path / "events.jsonl"
    env = {**pulse.env, "BACKTIMER_HOME": str(tmp_path / "home")}
    cmd = [sys.executable, "-m", "backtimer", "run", str(routine), "--start"]
    cmd += ["--sound", backend, "--voice", "off", "--events", str(events)]
    if screen:
        _run_on_screen(cmd, env, events)
    else:
        result = subprocess.run(
            [*cmd, "--plain"], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
    time.sleep(2.5)  # the finish chime, and the recorder catching up
    return [json.loads(line) for line in events.read_text().splitlines()]


def _run_on_screen(cmd: list[str], env: dict[str, str], events: Path) -> None:
    """The full-screen app in tmux 100x30, where the device opens while Textual starts."""
    if shutil.which("tmux") is None:
        unavailable("tmux is not installed")
    socket = f"audio-{os.getpid()}"
    command = shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), *cmd])
    tmux = ["tmux", "-L", socket]
    subprocess.run([*tmux, "new", "-d", "-s", "a", "-x", "100", "-y", "30", command], check=True)
    pane = subprocess.run([*tmux, "display", "-p", "-t", "a", "#{pane_pid}"], capture_output=True)
    pid = int(pane.stdout or 0)
    try:
        deadline = time.monotonic() + 60
        while "session_finished" not in (events.read_text() if events.exists() else ""):
            assert time.monotonic() < deadline, "the session did not finish within 60 s"
            time.sleep(0.1)  # polling the events file; the assertion is not about time
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    # Its terminal gone, the app must end by itself (the exit watchdog gives it 3 s).
    deadline = time.monotonic() + 10
    while pid and _alive(pid):
        assert time.monotonic() < deadline, "the app outlived its closed terminal by 10 s"
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    """False once `pid` has exited (a zombie counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize(
    ("backend", "screen"),
    [("miniaudio", False), ("simpleaudio", False), ("miniaudio", True)],
    ids=["miniaudio-plain", "simpleaudio-plain", "miniaudio-full-screen"],
)
def test_every_cue_of_a_session_sounds_on_time(
    pulse: PulseServer, tmp_path: Path, backend: str, screen: bool
) -> None:
    mark = pulse.mark()
    events = _run(pulse, tmp_path, backend, screen)
    played = [e for e in events if e.get("cue")]
    heard = pulse.listen(mark)
    names = [str(e["cue"]) for e in played]
    assert "get_ready" in names and "go" in names and "switch" in names and names[-1] == "finish"
    assert [h.cue for h in heard] == names, f"heard {[h.cue for h in heard]}, logged {names}"
    delays = [h.at - float(str(e["scheduled"])) for h, e in zip(heard, played, strict=True)]
    report_delays(f"{backend}: session event -> onset", delays)
    print(f"\n{backend}: {len(delays)} cues, median {statistics.median(delays) * 1000:.1f} ms")
    assert statistics.median(delays) <= TARGET, [round(d * 1000) for d in delays]
    assert all(-0.02 < d < TOLERANCE for d in delays), [round(d * 1000) for d in delays]
