"""How a reminder reaches the user: a desktop notification with buttons (desktop-notifier:
D-Bus on Linux, WinRT toasts on Windows), osascript on macOS (no buttons), or nothing but
the terminal. Answers come back through `answer("start" | "snooze" | "skip")`."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

Answer = Callable[[str], None]
BUTTONS = (("start", "Start now"), ("snooze", "Snooze 15 min"), ("skip", "Skip"))
PROBE_SECONDS = 5.0


class Notice(Protocol):
    how: str
    """Said once at start: which way reminders come."""
    buttons: bool
    """The notification itself can answer (else only the terminal prompt can)."""

    def show(self, title: str, body: str) -> None: ...

    def withdraw(self) -> None:
        """Take the last notification away (answered in the terminal, or a new one)."""

    def close(self) -> None: ...


class TerminalOnly:
    how = "the terminal bell and a prompt in this terminal"
    buttons = False

    def show(self, title: str, body: str) -> None:
        pass

    def withdraw(self) -> None:
        pass

    def close(self) -> None:
        pass


class AppleScript:
    """macOS: `display notification` through osascript, the text passed as arguments."""

    how = "macOS notifications (osascript) and a prompt in this terminal"
    buttons = False
    SCRIPT = (
        "on run argv",
        "display notification (item 2 of argv) with title (item 1 of argv)",
        "end run",
    )

    def __init__(self, osascript: str) -> None:
        self.osascript = osascript

    def command(self, title: str, body: str) -> list[str]:
        lines = [arg for line in self.SCRIPT for arg in ("-e", line)]
        return [self.osascript, *lines, title, body]

    def show(self, title: str, body: str) -> None:
        subprocess.run(self.command(title, body), capture_output=True, timeout=10, check=False)

    def withdraw(self) -> None:
        pass

    def close(self) -> None:
        pass


class Desktop:
    """desktop-notifier on a loop of its own thread (it needs a running asyncio loop to
    hear the buttons), so the main thread stays free to run a session."""

    def __init__(self, answer: Answer, app_name: str = "backtimer") -> None:
        from desktop_notifier import DesktopNotifier

        self.answer = answer
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="notify", daemon=True)
        self.thread.start()
        self.notifier = DesktopNotifier(app_name=app_name, app_icon=None)
        self.current: str | None = None
        try:
            caps = self._call(self.notifier.get_capabilities(), PROBE_SECONDS)
        except BaseException:
            self.close()
            raise
        from desktop_notifier import Capability

        self.buttons = Capability.BUTTONS in caps
        self.how = (
            "desktop notifications (Start now, Snooze 15 min, Skip) and a prompt in this terminal"
            if self.buttons
            else "desktop notifications (no buttons here) and a prompt in this terminal"
        )

    def _call(self, coro: Coroutine[Any, Any, Any], timeout: float = 10.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def show(self, title: str, body: str) -> None:
        from desktop_notifier import Button, Urgency

        buttons = [
            Button(label, on_pressed=self._answer(key), identifier=key) for key, label in BUTTONS
        ]
        self.withdraw()
        self.current = self._call(
            self.notifier.send(title, body, urgency=Urgency.Normal, buttons=buttons)
        )

    def _answer(self, key: str) -> Callable[[], None]:
        def pressed() -> None:
            self.current = None
            self.answer(key)

        return pressed

    def withdraw(self) -> None:
        current, self.current = self.current, None
        if current is not None:
            # Already gone, or the service went away: nothing to take back.
            with contextlib.suppress(Exception):
                self._call(self.notifier.clear(current))

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(2.0)


def open_notice(answer: Answer, say: Callable[[str], None]) -> Notice:
    """The best way to remind on this system; what was not available is said once."""
    if sys.platform == "darwin":
        osascript = shutil.which("osascript")
        return AppleScript(osascript) if osascript else TerminalOnly()
    try:
        return Desktop(answer)
    except ImportError:
        say("No desktop notifications: the desktop-notifier package is not installed.")
    except Exception as err:
        say(f"No desktop notifications: {_reason(err)}.")
    return TerminalOnly()


def _reason(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return f"no notification service answered ({text})"
