"""`backtimer remind`: start reminding (one process at a time), or talk to the running one
(--pause, --status), or write the login service (--install, --uninstall)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from backtimer import paths


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
    from backtimer.remind.runner import Remind

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
