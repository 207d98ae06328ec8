"""`backtimer run FILE` in a terminal, up to App.run: the file was read by the child
(run/run_prefetch.py), so the app's process never imported the loader, the YAML
parser, hashlib nor json; a file that does not load is reported as before (FILE:LINE:COL,
exit 1) and the app never starts. Checked in a fresh process on a pty."""

from __future__ import annotations

import subprocess
import sys

LAUNCH = """
import os, pty, sys
from backtimer.ui.app import BacktimerApp

watched = sys.argv[2:]

def first_frame(self):  # stands in for App.run: what the process holds by then
    early = sorted(m for m in watched if m in sys.modules)
    print(self.routine.name, ",".join(early) or "-")

BacktimerApp.run = first_frame
_, tty = pty.openpty()
os.dup2(tty, 0)  # the app reads its keys from a terminal
from backtimer.cli import main
sys.exit(main(["run", sys.argv[1], "--start", "--sound", "off", "--voice", "off"]))
"""
READ_ELSEWHERE = (
    *("yaml", "hashlib", "json"),
    *("backtimer.routine.loader", "backtimer.routine.validate"),
)


def launch(tmp_path, routine: str) -> subprocess.CompletedProcess[str]:
    env = {"BACKTIMER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TERM": "xterm"}
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, routine, *READ_ELSEWHERE],
        capture_output=True,
        text=True,
        env=env,
    )


def test_the_routine_is_read_by_the_child(tmp_path) -> None:
    result = launch(tmp_path, "plank-holds")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Plank", "holds", "-"]


def test_a_broken_file_is_reported_and_the_app_never_starts(tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nexercises:\n  - name: Plank\n    hold: -5s\n")
    result = launch(tmp_path, str(broken))
    assert result.returncode == 1
    assert result.stdout == ""  # App.run was never reached
    assert result.stderr.startswith(f"{broken}:4:11: ")
    assert "negative" in result.stderr and "Traceback" not in result.stderr
