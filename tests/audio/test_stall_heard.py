"""A stall heard through the PulseAudio null sink: the console script (--plain,
miniaudio) is stopped with SIGSTOP while sounds are queued ahead, then continued. No
backlog plays: nothing sounds between SIGCONT and the quit, however many cues the
stall passed (before: every one of them at once, clipped)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pulse_server import PulseServer

ROUTINE = """name: Stall proof
defaults: {prepare: 2s, rest: 2s, set_rest: 2s}
exercises:
  - {name: Plank, hold: 4s, sets: 6}
"""

pytestmark = pytest.mark.audio


def test_a_stall_plays_no_backlog(pulse: PulseServer, tmp_path: Path) -> None:
    routine, events = tmp_path / "stall.yaml", tmp_path / "events.jsonl"
    routine.write_text(ROUTINE)
    env = {**pulse.env, "BACKTIMER_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "backtimer", "run", str(routine), "--plain"]
    cmd += ["--sound", "miniaudio", "--voice", "off", "--events", str(events)]
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdin is not None
    try:
        for line in proc.stdout:
            if "WORK" in line:  # the plank's ticks, end and the rest are queued ahead
                break
        mark = pulse.mark()
        time.sleep(0.5)
        proc.send_signal(signal.SIGSTOP)
        time.sleep(6.0)  # the stall: 3 ticks, the set's end, a rest and a go pass
        continued = time.monotonic()
        proc.send_signal(signal.SIGCONT)
        after_stall = []
        for line in proc.stdout:
            after_stall.append(line)
            if "PAUSED" in line:
                break
        assert "PAUSED" in after_stall[-1], f"no pause after SIGCONT: {after_stall}"
        time.sleep(1.5)  # listening after SIGCONT: what a backlog would sound like
        quit_at = time.monotonic()
        proc.stdin.write("q\n")
        proc.stdin.flush()
        proc.communicate(timeout=30)
    finally:
        proc.kill()
    time.sleep(0.5)  # the recorder catching up
    heard = pulse.listen(mark)
    after = [h for h in heard if continued - 0.05 < h.at < quit_at]
    assert not after, (
        f"a backlog sounded after SIGCONT: {[(h.cue, h.at - continued) for h in after]}"
    )
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    assert [line["type"] for line in lines].count("stalled") == 1
