"""`backtimer remind` end to end on a private D-Bus: a stand-in notification server
records the Notify call and presses "Start now"; the break then runs to its end in the
terminal remind runs in (--plain, --speed 20), is kept in history, and reminding goes on."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e]
STAND_IN = Path(__file__).with_name("notify_stand_in.py")
ROUTINE = """\
name: Desk test
defaults: {prepare: 2s, rest: 2s}
exercises:
  - name: Shoulder rolls
    hold: 4s
  - name: Seated twist
    reps: 2
    tempo: 1s
"""


def console_script() -> str:
    found = shutil.which("backtimer", path=str(Path(sys.executable).parent))
    assert found, "the backtimer console script is not installed next to this Python"
    return found


@pytest.fixture
def bus() -> str:
    found = shutil.which("dbus-run-session")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("dbus-run-session is missing (Debian: apt-get install dbus)")
        pytest.skip("dbus-run-session is not installed (Debian: apt-get install dbus)")
    return found


def test_start_now_on_the_notification_runs_the_break_and_reminding_goes_on(
    bus: str, tmp_path: Path, backtimer_home: Path
) -> None:
    routine, record = tmp_path / "desk.yaml", tmp_path / "notify.jsonl"
    routine.write_text(ROUTINE, encoding="utf-8")
    remind = [console_script(), "remind", "--routine", str(routine), "--now"]
    remind += ["--plain", "--speed", "20", "--sound", "off", "--voice", "off"]
    command = [bus, "--", sys.executable, str(STAND_IN), str(record), "--", *remind]
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=90, env=env, stdin=subprocess.DEVNULL
    )
    screen = done.stdout
    print(screen)  # what the terminal showed, for the report (-s)

    calls = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    print(json.dumps(calls, indent=1))
    assert len(calls) == 1, calls
    call = calls[0]
    assert call["app_name"] == "backtimer"
    assert call["summary"] == "Desk break: 1 minute" and call["body"] == "Desk test"
    pairs = dict(zip(call["actions"][::2], call["actions"][1::2], strict=True))
    assert {k: pairs[k] for k in ("start", "snooze", "skip")} == {
        "start": "Start now",
        "snooze": "Snooze 15 min",
        "skip": "Skip",
    }

    assert "Reminding through desktop notifications (Start now, Snooze 15 min, Skip)" in screen
    lines = screen.splitlines()
    order = ["Desk break: 1 minute (Desk test)", "Starting Desk test.", "WORK", "Finished:"]
    found = [next(i for i, line in enumerate(lines) if text in line) for text in order]
    assert found == sorted(found), screen
    after = lines[found[-1] :]
    assert any(line.startswith("Next desk break: ") for line in after), screen
    assert "Next desk break: now" not in "\n".join(after)  # the break moved the next one

    with sqlite3.connect(backtimer_home / "data" / "history.sqlite3") as db:
        rows = db.execute("SELECT routine, status FROM sessions").fetchall()
    assert rows == [("Desk test", "finished")]
