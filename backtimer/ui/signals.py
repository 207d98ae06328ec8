"""SignalWatch: exit signals handled on a thread of their own, not on the event loop.

A signal may be delivered to any thread, and Python runs its handlers only on the
main thread, once that thread gets control again. An app whose main thread is stuck
would never see the hang-up. So the C-level handler's wakeup byte is read by a
thread that is never stuck, and that thread acts on it at once.
"""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress


class SignalWatch:
    def __init__(self, on_signal: Callable[[int], None]) -> None:
        """`on_signal(sig)` runs on the watch thread; it must not wait for the app."""
        self._on_signal = on_signal
        self._signals: frozenset[int] = frozenset()
        self._reader, self._writer = socket.socketpair()
        self._writer.setblocking(False)
        self._previous = -1

    def start(self, signals: Iterable[int]) -> None:
        """Watch `signals` (call on the main thread)."""
        self._signals = frozenset(signals)
        for sig in self._signals:
            signal.signal(sig, _noted)  # the wakeup byte is the signal; see _watch
        self._previous = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        threading.Thread(target=self._watch, name="backtimer-signals", daemon=True).start()

    def _watch(self) -> None:
        while True:
            try:
                got = self._reader.recv(64)
            except OSError:
                return
            if not got:
                return
            for sig in got:  # one byte per signal, from any thread (Textual's too)
                if sig in self._signals:
                    self._on_signal(sig)

    def stop(self) -> None:
        """Give the wakeup fd back (call on the main thread) and end the watch thread."""
        with suppress(ValueError):
            signal.set_wakeup_fd(self._previous)
        for sock in (self._writer, self._reader):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def _noted(sig: int, frame: object) -> None:
    """The Python-level handler does nothing: the watch thread has the signal already."""
