"""The long-running side of `remind`: wait until the next reminder (never longer than a
minute, so a wake-up after a suspend or a clock change is noticed), show it, and act on
the answer. Time comes from the Reminders' clock and waiting from the Inbox, both handed
in, so tests run a day of it on a fake clock."""

from __future__ import annotations

import contextlib
import os
import queue
import select
import socket
import threading
from collections.abc import Callable
from typing import Protocol, TextIO

from backtimer.remind.notice import Notice
from backtimer.remind.service import Reminders

MAX_NAP = 60.0
"""Seconds: the longest wait. A monotonic wait does not count time asleep, so after a
suspend the schedule is read again from the clock within this."""
KEYS = {"": "start", "start": "start", "z": "snooze", "snooze": "snooze", "x": "skip"}
KEYS["skip"] = "skip"
PROMPT = "Enter: start now · z: snooze 15 min · x: skip"


class Waiter(Protocol):
    def wait(self, seconds: float, listen: bool) -> str | None:
        """The next answer ("start", "snooze", "skip", "changed") within `seconds`, else
        None; `listen`: a reminder is showing, so a line typed here answers it."""

    def put(self, item: str) -> None:
        """From any thread: an answer, or "changed" (the schedule moved: read it again)."""

    def close(self) -> None: ...


class Inbox:
    """Answers from the notification's thread and the control thread (a queue and a socket
    pair to wake the wait: select takes sockets on Windows too), and lines typed in the
    terminal while a reminder shows (not on Windows, whose select takes no terminal)."""

    def __init__(self, stdin: TextIO | None) -> None:
        self.items: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.stdin = stdin if os.name != "nt" else None
        self._typed: list[str] = []
        """Lines read from the terminal and not taken yet (os.read, not readline: a
        buffered read would hide the next lines from select)."""
        self._partial = b""
        self._r, self._w = socket.socketpair()
        self._w.setblocking(False)
        self._lock = threading.Lock()
        self._closed = False

    def put(self, item: str) -> None:
        self.items.put(item)
        with self._lock:  # never write to a closed (or reused) descriptor
            if not self._closed:
                with contextlib.suppress(BlockingIOError):
                    self._w.send(b"!")

    def wait(self, seconds: float, listen: bool) -> str | None:
        with contextlib.suppress(queue.Empty):
            return self.items.get_nowait()
        if listen and self._typed:
            return KEYS.get(self._typed.pop(0).strip().lower(), "unknown")
        sources = [self._r] + ([self.stdin] if listen and self.stdin is not None else [])
        ready, _, _ = select.select(sources, [], [], max(0.0, seconds))
        if self.stdin is not None and self.stdin in ready:
            return self._read_typed()
        if self._r in ready:
            self._r.recv(512)
            with contextlib.suppress(queue.Empty):
                return self.items.get_nowait()
        return None

    def _read_typed(self) -> str | None:
        assert self.stdin is not None
        data = os.read(self.stdin.fileno(), 4096)
        if not data:
            self.stdin = None  # input ended (a service, a pipe): the buttons answer
            return None
        *lines, self._partial = (self._partial + data).split(b"\n")
        self._typed += [line.decode("utf-8", "replace") for line in lines]
        if not self._typed:
            return None
        return KEYS.get(self._typed.pop(0).strip().lower(), "unknown")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._r.close()
            self._w.close()


def remind_loop(
    r: Reminders,
    notice: Notice,
    inbox: Waiter,
    out: TextIO,
    run_session: Callable[[], None],
    cue: Callable[[], object] = lambda: None,
) -> None:
    """Remind until interrupted (KeyboardInterrupt, or what the caller raises)."""

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    say(r.next_text(r.clock()))
    while True:
        r.refresh()
        now = r.clock()
        if r.due(now):
            r.shown(now)
            bell = "" if notice.buttons else "\a"
            say(f"{bell}{now:%H:%M} {r.desk.title} ({r.desk.name}). {PROMPT}")
            notice.show(r.desk.title, r.desk.name)
            cue()
        at = r.next_at(now)
        nap = MAX_NAP if at is None else min(MAX_NAP, (at - now).total_seconds())
        answer = inbox.wait(nap, r.waiting)
        if answer is None:
            continue
        if answer not in ("start", "snooze", "skip"):
            if answer == "unknown":
                say(PROMPT)
            continue
        notice.withdraw()
        if answer == "start":
            say(f"Starting {r.desk.name}.")
            r.busy = True
            try:
                run_session()
            finally:
                r.busy = False
            r.refresh()
        r.answer(answer, r.clock())
        said = {"snooze": "Snoozed for 15 minutes.", "skip": "Skipped.", "start": ""}[answer]
        say(f"{said} {r.next_text(r.clock())}".strip())
