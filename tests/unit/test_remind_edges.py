"""remind's edges: one process at a time, the control socket, the login service files,
how it notifies (and says so), the terminal prompt, and a schedule that stays pure."""

from __future__ import annotations

import ast
import io
import os
import plistlib
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from backtimer import paths
from backtimer.cli import main
from backtimer.remind import notice as notice_mod
from backtimer.remind.control import AlreadyRunning, ControlServer, Lock, ask
from backtimer.remind.install import UNIT, Unsupported, install, uninstall
from backtimer.remind.loop import Inbox
from backtimer.remind.notice import AppleScript, TerminalOnly, open_notice

SCHEDULE = Path(__file__).parents[2] / "backtimer" / "remind" / "schedule.py"


def test_a_second_remind_does_not_start(capsys: pytest.CaptureFixture[str]) -> None:
    lock = Lock.take(paths.runtime_dir())
    try:
        with pytest.raises(AlreadyRunning) as err:
            Lock.take(paths.runtime_dir())
        assert err.value.pid == str(os.getpid())
        assert main(["remind"]) == 1
        said = capsys.readouterr().err
        assert f"already running (pid {os.getpid()})" in said and "--status" in said
    finally:
        lock.release()
    Lock.take(paths.runtime_dir()).release()  # free again once released


def test_the_lock_is_held_across_processes() -> None:
    lock = Lock.take(paths.runtime_dir())
    try:
        probe = (
            "import sys; from pathlib import Path; from backtimer.remind.control import "
            "AlreadyRunning, Lock\ntry:\n    Lock.take(Path(sys.argv[1]))\n"
            "except AlreadyRunning as e:\n    print('running', e.pid)"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe, str(paths.runtime_dir())],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.strip() == f"running {os.getpid()}"
    finally:
        lock.release()


def test_status_and_pause_with_nothing_running(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remind", "--status"]) == 1
    assert "No reminders running" in capsys.readouterr().out
    assert main(["remind", "--pause", "1h"]) == 1


def test_status_and_pause_reach_the_running_one(capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[dict[str, object]] = []

    def handle(request: dict[str, object]) -> str:
        asked.append(request)
        return "answered"

    server = ControlServer(paths.runtime_dir(), handle)
    try:
        assert main(["remind", "--status"]) == 0
        assert main(["remind", "--pause", "1h30m"]) == 0
        assert main(["remind", "--pause", "off"]) == 0
    finally:
        server.close()
    assert capsys.readouterr().out == "answered\n" * 3
    assert asked == [
        {"cmd": "status"},
        {"cmd": "pause", "seconds": 5400},
        {"cmd": "pause", "seconds": None},
    ]
    assert ask(paths.runtime_dir(), {"cmd": "status"}) is None  # gone once closed


def test_a_socket_left_by_a_dead_process_is_replaced() -> None:
    folder = paths.runtime_dir()
    folder.mkdir(parents=True)
    (folder / "remind.sock").write_text("stale")
    server = ControlServer(folder, lambda request: "fresh")
    try:
        assert ask(folder, {"cmd": "status"}) == "fresh"
    finally:
        server.close()


@pytest.mark.parametrize("flag", ["--pause", "--every"])
def test_wrong_spans_are_refused_by_the_flags(
    flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["remind", flag, "soon"])
    assert exit_.value.code == 2
    assert "not a duration" in capsys.readouterr().err


def test_install_and_uninstall_a_systemd_user_unit(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    command = [sys.executable, "-m", "backtimer", "remind", "--every", "90m"]
    lines = install(command, "linux", tmp_path, env)
    unit = tmp_path / "xdg" / "systemd" / "user" / UNIT
    wants = unit.parent / "graphical-session.target.wants" / UNIT
    assert lines[0].startswith(f"Wrote {unit}") and str(wants) in lines[1]
    text = unit.read_text()
    assert f"ExecStart={sys.executable} -m backtimer remind --every 90m\n" in text
    assert "WantedBy=graphical-session.target" in text
    assert wants.is_symlink() and wants.resolve() == unit.resolve()
    install(command, "linux", tmp_path, env)  # again: replaced, not an error
    lines = uninstall("linux", tmp_path, env)
    assert lines[:2] == [f"Removed {wants}", f"Removed {unit}"]
    assert not unit.exists() and not wants.is_symlink()
    assert uninstall("linux", tmp_path, env)[0].startswith("Nothing to remove")


def test_install_a_launch_agent(tmp_path: Path) -> None:
    lines = install(["/py", "-m", "backtimer", "remind"], "darwin", tmp_path)
    agent = tmp_path / "Library" / "LaunchAgents" / "io.github.backtimer.remind.plist"
    assert lines[0].startswith(f"Wrote {agent}")
    data = plistlib.loads(agent.read_bytes())
    assert data["ProgramArguments"] == ["/py", "-m", "backtimer", "remind"]
    assert data["RunAtLoad"] is True
    assert uninstall("darwin", tmp_path)[0] == f"Removed {agent}"
    with pytest.raises(Unsupported):
        install(["x"], "win32", tmp_path)


def test_install_from_the_command_line_writes_under_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the systemd unit is Linux's")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["remind", "--install", "--hours", "8-16", "--days", "mon-thu"]) == 0
    out = capsys.readouterr().out
    unit = tmp_path / "config" / "systemd" / "user" / UNIT
    assert f"Wrote {unit}" in out and "systemctl --user" in out
    assert "remind --hours 08:00-16:00 --days mon-thu\n" in unit.read_text()
    assert main(["remind", "--uninstall"]) == 0
    assert not unit.exists()


def test_osascript_gets_the_text_as_arguments_never_as_script() -> None:
    title = 'Desk break"; do shell script "rm -rf ~'
    command = AppleScript("/usr/bin/osascript").command(title, "Office chair")
    assert command[-2:] == [title, "Office chair"]
    assert all(title not in arg for arg in command[:-2])


def test_without_a_notification_service_it_says_so_once_and_uses_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(answer: object, app_name: str = "") -> None:
        raise ConnectionError("no bus here")

    monkeypatch.setattr(notice_mod, "Desktop", broken)
    monkeypatch.setattr(notice_mod.sys, "platform", "linux")
    said: list[str] = []
    chosen = open_notice(lambda key: None, said.append)
    assert isinstance(chosen, TerminalOnly) and not chosen.buttons
    assert said == ["No desktop notifications: no notification service answered (no bus here)."]
    assert chosen.how == "the terminal bell and a prompt in this terminal"


def test_macos_uses_osascript(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notice_mod.sys, "platform", "darwin")
    monkeypatch.setattr(notice_mod.shutil, "which", lambda name: f"/usr/bin/{name}")
    chosen = open_notice(lambda key: None, lambda text: None)
    assert isinstance(chosen, AppleScript) and chosen.how.startswith("macOS notifications")


def test_a_line_typed_answers_only_while_a_reminder_shows() -> None:
    r, w = os.pipe()
    typed = os.fdopen(r, "r")
    inbox = Inbox(typed)  # type: ignore[arg-type]
    try:
        os.write(w, b"z\n")
        assert inbox.wait(0, listen=False) is None  # no reminder: the line waits
        assert inbox.wait(5, listen=True) == "snooze"
        os.write(w, b"\nx\nwhat\n")
        assert [inbox.wait(5, True) for _ in range(3)] == ["start", "skip", "unknown"]
        answering = threading.Thread(target=inbox.put, args=("start",))
        answering.start()
        assert inbox.wait(5, listen=False) == "start"  # the notification's thread
        answering.join()
        os.close(w)
        assert inbox.wait(5, listen=True) is None  # input ended: no more listening
        assert inbox.stdin is None
    finally:
        inbox.close()
        typed.close()
    inbox.put("late")  # an answer after closing is dropped, not an error


def test_the_schedule_never_reads_the_clock_and_imports_nothing_of_the_edge() -> None:
    tree = ast.parse(SCHEDULE.read_text())
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not calls & {"now", "today", "time", "monotonic", "utcnow", "sleep"}
    code = (
        "import sys, backtimer.remind.schedule; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich', 'desktop_notifier', 'sqlite3', 'socket', 'asyncio') "
        "or m.startswith(('backtimer.sound', 'backtimer.ui', 'backtimer.history'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_an_unknown_routine_is_exit_2_as_for_run(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["remind", "--routine", "nothing-here"], out) == 2
    assert "no routine file or routine named 'nothing-here'" in capsys.readouterr().err


def test_each_reminder_plays_the_get_ready_cue_and_lets_the_device_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backtimer.remind.edge import get_ready
    from backtimer.sound import factory
    from backtimer.sound.player import RecordingPlayer

    players: list[RecordingPlayer] = []

    class Closing(RecordingPlayer):
        closed = False

        def close(self) -> None:
            self.closed = True

    def opened(choice: str, **kwargs: object) -> RecordingPlayer:
        players.append(Closing())
        return players[-1]

    monkeypatch.setattr(factory, "open_player", opened)
    thread = get_ready("auto", sleep=lambda seconds: None)()
    assert thread is not None
    thread.join(5)
    assert [p.played for p in players] == [["get_ready"]] and players[0].closed
    assert get_ready("off")() is None  # nothing opened
