"""The simpleaudio backend (extra `backtimer[simpleaudio]`): ALSA, one stream per cue.

simpleaudio has no long-lived device: every play opens an ALSA stream, which takes
a few milliseconds and may print to fd 2. So plays go through one worker thread and
`play` only queues. The module is imported only when this backend is chosen. No UI.
"""

from __future__ import annotations

import importlib
import queue
import threading
import time
from array import array
from collections.abc import Callable
from typing import Any

from backtimer.sound.bank import Bank
from backtimer.sound.player import BackendFailed, BackendUnavailable, CueUnavailable
from backtimer.sound.quiet import quiet_fd2


def import_simpleaudio() -> Any:
    try:
        return importlib.import_module("simpleaudio")
    except ImportError:
        raise BackendUnavailable(
            "simpleaudio is not installed (pip install 'backtimer[simpleaudio]')"
        ) from None


class SimpleaudioPlayer:
    name = "simpleaudio"

    def __init__(
        self, bank: Bank, *, module: Any = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._sa = module if module is not None else import_simpleaudio()
        self._bank, self._clock, self._rate = bank, clock, bank.rate
        self._buffers = {cue: samples.tobytes() for cue, samples in bank.sounds.items()}
        try:  # a few milliseconds of silence: a missing device shows now, not mid-session
            with quiet_fd2():
                self._sa.play_buffer(bytes(2 * (self._rate // 100)), 1, 2, self._rate)
        except Exception as err:
            raise BackendUnavailable(f"no ALSA device ({err})", no_device=True) from None
        self._error: str | None = None
        self._queue: queue.Queue[tuple[bytes, float] | None] = queue.Queue()
        self._ahead: list[tuple[float, Any]] = []
        """(instant, play object) of sounds started with silence in front of them."""
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="backtimer-simpleaudio", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                data, at = item
                lead = max(0, round((at - self._clock()) * self._rate))
                with quiet_fd2():
                    played = self._sa.play_buffer(bytes(2 * lead) + data, 1, 2, self._rate)
                if lead:
                    with self._lock:
                        self._ahead.append((at, played))
            except Exception as err:
                self._error = str(err) or type(err).__name__
            finally:
                self._queue.task_done()

    def play(self, cue: str) -> float | None:
        data = self._data(cue, None)
        if data is None:
            return None
        now = self._clock()
        self._queue.put((data, now))
        return now

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        """Approximately: the sound is started now behind `at - now` of silence (each
        play is its own ALSA stream, so its start has a few milliseconds of jitter)."""
        data = self._data(cue, samples)
        if data is None:
            return at  # a silenced cue: nothing to place, nothing to play later
        self._queue.put((data, at))
        return at

    def _data(self, cue: str, samples: array[int] | None) -> bytes | None:
        """What to play; raises when the device failed; None for a silenced cue."""
        data = self._buffers.get(cue) if samples is None else samples.tobytes()
        if data is None:
            if cue in self._bank.silenced:
                return None
            raise CueUnavailable(cue)
        if self._error is not None:
            raise BackendFailed(f"the ALSA device failed ({self._error})")
        return data

    def cancel(self) -> None:
        """Stop the sounds still waiting behind their silence."""
        now = self._clock()
        with self._lock:
            waiting = [p for at, p in self._ahead if at > now]
            self._ahead = [(at, p) for at, p in self._ahead if at <= now]
        for played in waiting:
            played.stop()

    def seconds(self, cue: str) -> float:
        return self._bank.seconds(cue)

    def wait_idle(self) -> None:
        """Until every queued cue has been handed to ALSA (tests)."""
        self._queue.join()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=1.0)
