"""`backtimer remind`: its flags, and the factory that wires the schedule to the real
clock, history, notifications, control socket and sessions (tests hand in fakes)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from backtimer import paths
from backtimer.remind import schedule as sch

if TYPE_CHECKING:
    from backtimer.config import RemindConfig
    from backtimer.history import HistoryStore
    from backtimer.remind.service import Reminders

DESK_ROUTINES = ("desk-break", "office-chair")
"""The default routine: the short desk break if there is one, else the office routine."""


def remind_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.install or args.uninstall:
        return _install(args, out)
    if args.status or args.pause is not False:
        return _control(args, out)
    from backtimer.remind.control import AlreadyRunning, Lock

    try:
        lock = Lock.take(paths.runtime_dir())
    except AlreadyRunning as err:
        print(
            f"backtimer remind is already running (pid {err.pid}); "
            "`backtimer remind --status` asks it, `--pause 1h` pauses it.",
            file=sys.stderr,
        )
        return 1
    try:
        return Remind(args, out).run()
    finally:
        lock.release()


def _control(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.remind.control import ControlUnavailable, ask

    if args.status:
        request: dict[str, object] = {"cmd": "status"}
    else:
        span: timedelta | None = args.pause
        request = {"cmd": "pause", "seconds": int(span.total_seconds()) if span else None}
    try:
        reply = ask(paths.runtime_dir(), request)
    except (ControlUnavailable, OSError) as err:
        print(f"backtimer: cannot reach the running reminders: {err}", file=sys.stderr)
        return 1
    if reply is None:
        print("No reminders running (start them with `backtimer remind`).", file=out)
        return 1
    print(reply, file=out)
    return 0


def _install(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.remind.install import Unsupported, install, uninstall

    system = "linux" if sys.platform.startswith("linux") else sys.platform
    try:
        if args.uninstall:
            lines = uninstall(system, Path.home())
        else:
            lines = install(service_command(args), system, Path.home())
    except (Unsupported, OSError) as err:
        print(f"backtimer: {err}", file=sys.stderr)
        return 1
    print("\n".join(lines), file=out)
    return 0


def service_command(args: argparse.Namespace) -> list[str]:
    """What the login service runs: this Python, `-m backtimer remind`, the flags given."""
    from backtimer.remind.spec import say_days, say_hours, say_span

    command = [sys.executable, "-m", "backtimer", "remind"]
    if args.every:
        command += ["--every", say_span(args.every)]
    if args.routine:
        command += [
            "--routine",
            str(Path(args.routine).resolve()) if Path(args.routine).is_file() else args.routine,
        ]
    if args.hours:
        command += ["--hours", say_hours(*args.hours)]
    if args.days:
        command += ["--days", say_days(args.days).replace("every day", "mon-sun")]
    if args.sound:
        command += ["--sound", args.sound]
    return command


class Remind:
    """One `remind` process: built from the flags and the config; every edge can be
    replaced (tests pass a fake clock, notice, inbox and session)."""

    def __init__(
        self,
        args: argparse.Namespace,
        out: TextIO,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.args, self.out, self.clock = args, out, clock

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def settings(self) -> tuple[sch.Settings, str | None]:
        from backtimer.config import ConfigError, RemindConfig, load_config

        try:
            config = load_config()
            for note in config.notes:
                if "[remind]" in note:
                    self.say(note)
            remind: RemindConfig = config.remind
        except ConfigError as err:
            self.say(f"{err}\nUsing the default reminders.")
            remind = RemindConfig()
        a = self.args
        hours = a.hours or remind.hours
        settings = sch.Settings(
            every=a.every or remind.every,
            start=hours[0],
            end=hours[1],
            days=a.days or remind.days,
        )
        return settings, a.routine or remind.routine

    def run(self) -> int:
        from backtimer.engine.plan import compile_plan
        from backtimer.routine import catalog
        from backtimer.routine.loader import RoutineError, load_routine

        settings, ref = self.settings()
        try:
            path = catalog.resolve(ref) if ref else default_routine()
            routine = load_routine(path)
        except (catalog.NotFound, RoutineError, OSError) as err:
            problems = getattr(err, "problems", None) or [err]
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1
        from backtimer.remind.service import Desk, Reminders

        desk = Desk(routine.name, compile_plan(routine).total_seconds)
        settings = sch.Settings(
            settings.every, settings.start, settings.end, settings.days, desk.seconds
        )
        store = self.open_history()
        reminders = Reminders(
            settings, desk, self.clock, history_breaks(store, routine.name), self.args.now
        )
        try:
            return self.serve(reminders, path)
        finally:
            if store is not None:
                store.close()

    def open_history(self) -> HistoryStore | None:
        from backtimer.recorder import open_store

        return open_store(self.say)

    def serve(self, r: Reminders, path: Path) -> int:
        from backtimer.remind.control import ControlServer, ControlUnavailable
        from backtimer.remind.loop import Inbox, remind_loop
        from backtimer.remind.notice import open_notice
        from backtimer.remind.spec import say_days, say_hours, say_span

        s = r.settings
        inbox = Inbox(sys.stdin if _readable(sys.stdin) else None)
        notice = open_notice(inbox.put, self.say)
        self.say(
            f"Desk reminders: {r.desk.name} ({r.desk.title.split(': ')[1]}) every "
            f"{say_span(s.every)}, {say_days(s.days)} {say_hours(s.start, s.end)}."
        )
        self.say(f"Reminding through {notice.how}.")

        def changed(text: str) -> None:
            if not r.busy:
                self.say(text)
            inbox.put("changed")

        r.on_change = changed
        try:
            control: ControlServer | None = ControlServer(paths.runtime_dir(), r.command)
        except ControlUnavailable as err:
            self.say(f"No --pause or --status: {err}.")
            control = None
        try:
            remind_loop(r, notice, inbox, self.out, self.session(path), get_ready(self.args.sound))
        except KeyboardInterrupt:
            self.say("Reminders stopped.")
        finally:
            if control is not None:
                control.close()
            notice.close()
            inbox.close()
        return 0

    def session(self, path: Path) -> Callable[[], None]:
        """Start now: the routine's session in this terminal (or a new one, when this
        process has none, as under a login service)."""
        from backtimer.options import RunOptions

        a = self.args
        options = RunOptions(
            routine=path,
            speed=a.speed,
            plain=a.plain,
            sound=a.sound or "auto",
            voice=a.voice,
            autostart=True,
        )

        def run() -> None:
            if not a.plain and not (sys.stdin.isatty() and sys.stdout.isatty()):
                if not in_new_terminal([sys.executable, "-m", "backtimer", "run", str(path)]):
                    self.say(f"No terminal to run the break in: run `backtimer run {path}`.")
                return
            from backtimer.ui.launch import launch

            launch(options)

        return run


def _readable(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    return not stream.closed


def default_routine() -> Path:
    from backtimer.routine import catalog

    names = {e.name: e.path for e in catalog.entries()}
    for name in DESK_ROUTINES:
        if name in names:
            return names[name]
    raise catalog.NotFound(f"no desk routine found (looked for {', '.join(DESK_ROUTINES)})")


def history_breaks(store: HistoryStore | None, routine: str) -> Callable[[], tuple[sch.Break, ...]]:
    """The finished sessions of `routine`, as breaks, for the schedule (read on each wake)."""

    def read() -> tuple[sch.Break, ...]:
        from backtimer.history import HistoryError

        if store is None:
            return ()
        try:
            sessions = store.sessions(routine, limit=50)
        except HistoryError:
            return ()
        done = [
            sch.Break(datetime.fromisoformat(s.ended), s.spent)
            for s in sessions
            if s.status == "finished" and s.ended
        ]
        return tuple(sorted(done, key=lambda b: b.ended))

    return read


def get_ready(choice: str | None) -> Callable[[], None]:
    """Play the get-ready cue on its own thread (the device is opened and closed each time)."""
    if choice == "off":
        return lambda: None

    def play() -> None:
        from backtimer.cues.factory import open_player
        from backtimer.cues.soundcheck import cue_seconds

        player = open_player(choice or "auto", notify=lambda message: None)
        try:
            player.play("get_ready")
            time.sleep(cue_seconds("get_ready") + 0.3)
        finally:
            player.close()

    return lambda: threading.Thread(target=play, name="remind-cue", daemon=True).start()


TERMINALS = (
    ("x-terminal-emulator", "-e"),
    ("gnome-terminal", "--"),
    ("konsole", "-e"),
    ("xterm", "-e"),
)


def in_new_terminal(command: list[str]) -> bool:
    """Open a terminal window running `command`; False when none is known here."""
    if sys.platform == "darwin":
        script = [
            "-e",
            "on run argv",
            "-e",
            'tell application "Terminal" to do script (item 1 of argv)',
            "-e",
            "end run",
        ]
        import shlex

        return (
            subprocess.run(["osascript", *script, shlex.join(command)], check=False).returncode == 0
        )
    for name, flag in TERMINALS:
        found = shutil.which(name)
        if found:
            subprocess.Popen([found, flag, *command], start_new_session=True)
            return True
    return False
