"""The console script under real signals and without a terminal on stdin: a stall
(SIGSTOP, SIGCONT) pauses instead of rushing, SIGHUP saves a --plain session, no
terminal on stdin never spins, closed standard streams never end in a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_tmux import TIMEOUT, Tmux, console_script, tmux  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e]

ROUTINE = """\
name: Signals
defaults: {prepare: 2s, rest: 2s, set_rest: 2s, switch: 1s}
exercises:
  - name: Plank
    hold: 4s
    sets: 4
  - name: Bridge
    hold: 4s
    sides: both
"""
PLANNED = 2 + 4 * 4 + 3 * 2 + 2 + 2 + 4 + 1 + 4
"""Session seconds of ROUTINE: get ready, 4 planks with 3 set rests, rest, bridge both sides."""


def write_routine(tmp_path: Path) -> Path:
    path = tmp_path / "signals.yaml"
    path.write_text(ROUTINE)
    return path


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "BACKTIMER_HOME": str(home), "PYTHONUNBUFFERED": "1"}


def last_session(home: Path) -> dict[str, object]:
    out = subprocess.run(
        [console_script(), "history", "--json", "--limit", "1"],
        env=env(home),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sessions = json.loads(out)["sessions"]
    assert sessions, "no session was saved"
    session: dict[str, object] = sessions[0]
    return session


def plain(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [console_script(), "run", str(write_routine(tmp_path)), "--plain", "--sound", "off"]
        + ["--voice", "off", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(tmp_path / "home"),
    )


def read_until(proc: subprocess.Popen[str], text: str) -> list[str]:
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"{text!r} never came; got {lines}")


def test_a_stopped_process_pauses_where_it_stopped_instead_of_rushing(tmp_path: Path) -> None:
    """SIGSTOP for 4 s at --speed 5 (20 s of session, five steps): after SIGCONT the
    session is paused where it stopped; no step ends in the stall, no burst of events."""
    events = tmp_path / "events.jsonl"
    proc = plain(tmp_path, "--speed", "5", "--events", str(events))
    try:
        read_until(proc, "WORK")
        proc.send_signal(signal.SIGSTOP)
        time.sleep(4.0)  # the stall itself: the process is not running
        proc.send_signal(signal.SIGCONT)
        paused = read_until(proc, "PAUSED: the timer was stopped for")
        assert proc.stdin is not None
        proc.stdin.write("p\n")  # resume, then quit at the next step
        proc.stdin.flush()
        read_until(proc, "resumed")
        read_until(proc, "  ")
        proc.stdin.write("q\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "Traceback" not in err
    assert not [line for line in paused if "WORK" in line or "REST" in line], paused
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    stalls = [line for line in lines if line["type"] == "stalled"]
    assert len(stalls) == 1 and stalls[0]["seconds"] >= 3.0
    began, ended = stalls[0]["scheduled"], stalls[0]["actual"]
    ends = [e for e in lines if e["type"] == "step_ended"]
    assert not [e for e in ends if began < e["scheduled"] < ended], "a step ended in the stall"
    assert all(e["actual"] - e["scheduled"] < 0.5 for e in ends), "no step ended late"
    assert last_session(tmp_path / "home")["status"] == "stopped"


def test_sighup_saves_a_plain_session_like_sigterm(tmp_path: Path) -> None:
    proc = plain(tmp_path)
    try:
        read_until(proc, "WORK")  # 2 s in, the plank runs
        proc.send_signal(signal.SIGHUP)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGHUP
    assert "Traceback" not in err
    assert any(line.startswith("Stopped: 0:0") for line in out.splitlines())
    session = last_session(tmp_path / "home")
    steps = session["steps"]
    assert isinstance(steps, list)
    assert session["status"] == "stopped"
    assert [s["status"] for s in steps] == ["done", "stopped"], "the running step is kept"


def test_closing_the_terminal_of_a_plain_session_saves_it(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    home, routine = tmp_path / "home", write_routine(tmp_path)
    run = f"env BACKTIMER_HOME={home} {console_script()} run {routine} --plain --sound off"
    tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", run + " --voice off")
    tmux.wait_for("WORK")
    pid = int(tmux("display", "-p", "-t", "e2e", "#{pane_pid}"))
    tmux("kill-server")  # the terminal closes: SIGHUP
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.05)  # waiting for the process to end; not an assertion on time
    session = last_session(home)
    assert session["status"] == "stopped", "closing the terminal left it unfinished"
    steps = session["steps"]
    assert isinstance(steps, list) and steps[-1]["status"] == "stopped"


def _minutes(text: str) -> float:
    minutes, seconds = text.rstrip("s").split("m")
    return int(minutes) * 60 + float(seconds)


def in_terminal(tmux: Tmux, tmp_path: Path, args: str) -> str:  # noqa: F811
    """`backtimer run ROUTINE ARGS < /dev/null` in a tmux pane; the screen once it ended,
    with the CPU time it used (bash's `times`)."""
    home, routine = tmp_path / "home", write_routine(tmp_path)
    run = f"env BACKTIMER_HOME={home} {console_script()} run {routine} {args} < /dev/null"
    shell = f"bash -c '{run}; echo EXIT=$?; echo CHILDREN $(times | tail -1); sleep 60'"
    tmux("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", shell)
    return tmux.wait_for("CHILDREN ")


def test_no_terminal_on_stdin_says_so_and_ends(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    screen = in_terminal(tmux, tmp_path, "--sound off --voice off")
    assert "EXIT=2" in screen and "stdin is not" in screen and "--plain" in screen
    assert _cpu(screen) < 5.0, "it never sat spinning"


def test_no_terminal_on_stdin_with_start_runs_hands_free_and_exits(
    tmux: Tmux,  # noqa: F811
    tmp_path: Path,
) -> None:
    """--start: the routine runs to its end and the process exits; it never spins (the
    app at 100% CPU on a summary nobody can answer)."""
    speed = 4
    screen = in_terminal(tmux, tmp_path, f"--start --speed {speed} --sound off --voice off")
    assert "EXIT=0" in screen and "Finished: 0:" in screen
    assert _cpu(screen) < 0.5 * PLANNED / speed, "CPU time well under the session's length"
    assert last_session(tmp_path / "home")["status"] == "finished"


def _cpu(screen: str) -> float:
    line = next(ln for ln in screen.splitlines() if ln.startswith("CHILDREN "))
    _, user, system = line.split()[:3]
    return _minutes(user) + _minutes(system)


@pytest.mark.parametrize("redirect", ["<&-", ">&-", "2>&-", "<&- >&- 2>&-"])
def test_closed_standard_streams_never_end_in_a_traceback(tmp_path: Path, redirect: str) -> None:
    routine, home = write_routine(tmp_path), tmp_path / "home"
    errors = tmp_path / "errors.txt"
    run = f"{console_script()} run {routine} --plain --sound off --voice off --speed 50"
    shell = f"exec 3>{errors}; {run} 2>&3 {redirect}"
    done = subprocess.run(["sh", "-c", shell], env=env(home), capture_output=True, text=True)
    assert done.returncode == 0, errors.read_text()
    assert "Traceback" not in errors.read_text() + done.stdout + done.stderr
    assert last_session(home)["status"] == "finished"


def test_self_paced_reps_move_on_when_stdin_has_ended(tmp_path: Path) -> None:
    """`< /dev/null`: no Enter can come, so a self-paced step moves on (it waited forever)."""
    routine, home = tmp_path / "self.yaml", tmp_path / "home"
    routine.write_text("name: Self\nexercises:\n  - {name: Bird dog, reps: 3, tempo: self}\n")
    run = [console_script(), "run", str(routine), "--plain", "--sound", "off", "--voice", "off"]
    with open(os.devnull) as nothing:
        done = subprocess.run(
            [*run, "--speed", "50"], stdin=nothing, env=env(home), capture_output=True,
            text=True, timeout=TIMEOUT,
        )  # fmt: skip
    assert done.returncode == 0 and "Finished: 0:0" in done.stdout, done.stderr
    assert last_session(home)["status"] == "finished"
