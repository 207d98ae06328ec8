"""OpeningPlayer: the sound backend opened on a worker thread once the app is up.

Importing miniaudio, reading the config and the WAVs and opening the device take
100-200 ms. Before the first frame they would delay it; beside Textual's start-up they
still did, by holding the interpreter. So the app draws first and then calls open().
Cues asked for before the device is ready are played as soon as it is, in order,
unless they are already too late to mean anything. No UI.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Callable

from backtimer.sound.player import CuePlayer, can_schedule, cancel, schedule, tone_seconds
from backtimer.sound.silent import SilentPlayer

LATE_LIMIT = 0.5
"""Seconds: a cue still waiting for the device after this long is dropped, not played late."""
CLOSE_WAIT = 10.0
"""Seconds close() waits for a device still opening before it lets it be."""


class OpeningPlayer:
    def __init__(
        self,
        opener: Callable[[], CuePlayer],
        notify: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._opener, self._notify, self._clock = opener, notify, clock
        self._lock = threading.Lock()
        self._player: CuePlayer | None = None
        self._pending: list[tuple[str, float]] = []
        self._thread = threading.Thread(target=self._open, name="backtimer-sound", daemon=True)

    def open(self) -> None:
        """Start opening the backend on the worker thread (once; later calls do nothing)."""
        if self._thread.ident is None:
            self._thread.start()

    def _open(self) -> None:
        try:
            player = self._opener()
        except Exception as err:  # open_player never should; the session goes on silent
            self._notify(f"Sound: could not start ({type(err).__name__}: {err}); silent.")
            player = SilentPlayer()
        # Queued cues first, in order, before any new one. The lock is never held while
        # a cue plays: a player may call out (the bell goes through the app's thread),
        # and that thread may be waiting in play() for this lock.
        while True:
            with self._lock:
                pending, self._pending = self._pending, []
                if not pending:
                    self._player = player
                    return
            now = self._clock()
            for cue, asked in pending:
                if now - asked <= LATE_LIMIT:
                    _play_quietly(player, cue)

    @property
    def ready(self) -> bool:
        return self._player is not None

    @property
    def schedules(self) -> bool:
        """The device can place sounds ahead (True while it opens: not known yet)."""
        player = self._player
        return player is None or can_schedule(player)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the backend is open (tests); True if it is."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return self.ready

    @property
    def name(self) -> str:
        player = self._player
        return player.name if player is not None else "opening"

    @property
    def wanted(self) -> str:
        """The backend asked for (auto, miniaudio, bell, ...), once open; else its name."""
        return str(getattr(self._player, "wanted", self.name))

    def play(self, cue: str) -> float | None:
        player = self._player
        if player is None:
            with self._lock:
                player = self._player
                if player is None:
                    self._pending.append((cue, self._clock()))
                    return None
        return player.play(cue)

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        """Ahead once the device is open; until then None (played when due)."""
        player = self._player
        return None if player is None else schedule(player, cue, samples, at)

    def cancel(self) -> None:
        player = self._player
        if player is not None:
            cancel(player)

    def seconds(self, cue: str) -> float:
        player = self._player
        return tone_seconds(player)(cue) if player is not None else 0.3

    def close(self) -> None:
        if self._thread.ident is None:
            return  # never opened: nothing to release
        self._thread.join(CLOSE_WAIT)
        player = self._player
        if player is not None:
            player.close()


def _play_quietly(player: CuePlayer, cue: str) -> None:
    try:
        player.play(cue)
    except Exception:  # the fallback player reports its own failures
        return
