"""`remind --install/--uninstall`: a systemd user unit (Linux) or a LaunchAgent (macOS)
that starts reminders at login. Files only, under the home folder handed in; the
service manager is not called (the printed lines say how to start it now)."""

from __future__ import annotations

import os
import plistlib
import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path

UNIT = "backtimer-remind.service"
WANTED_BY = "graphical-session.target"
LABEL = "io.github.backtimer.remind"


class Unsupported(Exception):
    """No login service this system knows how to start (Windows, BSD, ...)."""


def _systemd_dir(home: Path, env: Mapping[str, str]) -> Path:
    config = env.get("XDG_CONFIG_HOME") or str(home / ".config")
    return Path(config) / "systemd" / "user"


def unit_text(command: Sequence[str]) -> str:
    return (
        "[Unit]\n"
        "Description=backtimer desk reminders\n"
        f"PartOf={WANTED_BY}\n"
        f"After={WANTED_BY}\n\n"
        "[Service]\n"
        f"ExecStart={shlex.join(command)}\n"
        "Restart=on-failure\n\n"
        "[Install]\n"
        f"WantedBy={WANTED_BY}\n"
    )


def agent_bytes(command: Sequence[str], log: Path) -> bytes:
    return plistlib.dumps(
        {
            "Label": LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "StandardOutPath": str(log),
            "StandardErrorPath": str(log),
        }
    )


def install(
    command: Sequence[str], system: str, home: Path, env: Mapping[str, str] | None = None
) -> list[str]:
    """Write the login service for `command`; the lines to print (what was written where)."""
    env = os.environ if env is None else env
    if system == "linux":
        folder = _systemd_dir(home, env)
        unit, wants = folder / UNIT, folder / f"{WANTED_BY}.wants" / UNIT
        folder.mkdir(parents=True, exist_ok=True)
        unit.write_text(unit_text(command), encoding="utf-8")
        wants.parent.mkdir(exist_ok=True)
        if wants.is_symlink() or wants.exists():
            wants.unlink()
        wants.symlink_to(Path("..") / UNIT)
        return [
            f"Wrote {unit} (a systemd user unit running: {shlex.join(command)})",
            f"Linked {wants} -> ../{UNIT}: reminders start at your next login.",
            f"To start them now: systemctl --user daemon-reload && systemctl --user start {UNIT}",
        ]
    if system == "darwin":
        agent = home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        log = home / "Library" / "Logs" / "backtimer-remind.log"
        agent.parent.mkdir(parents=True, exist_ok=True)
        agent.write_bytes(agent_bytes(command, log))
        return [
            f"Wrote {agent} (a LaunchAgent running: {shlex.join(command)}; output in {log})",
            "Reminders start at your next login.",
            f"To start them now: launchctl load {shlex.quote(str(agent))}",
        ]
    raise Unsupported(f"--install knows systemd (Linux) and launchd (macOS), not {system}")


def uninstall(system: str, home: Path, env: Mapping[str, str] | None = None) -> list[str]:
    env = os.environ if env is None else env
    if system == "linux":
        folder = _systemd_dir(home, env)
        paths = [folder / f"{WANTED_BY}.wants" / UNIT, folder / UNIT]
        after = f"To stop the running one: systemctl --user stop {UNIT}"
    elif system == "darwin":
        paths = [home / "Library" / "LaunchAgents" / f"{LABEL}.plist"]
        after = f"To stop the running one: launchctl remove {LABEL}"
    else:
        raise Unsupported(f"--uninstall knows systemd (Linux) and launchd (macOS), not {system}")
    lines = []
    for path in paths:
        if path.is_symlink() or path.exists():
            path.unlink()
            lines.append(f"Removed {path}")
    if not lines:
        return [f"Nothing to remove: {paths[-1]} is not there."]
    return [*lines, after]
