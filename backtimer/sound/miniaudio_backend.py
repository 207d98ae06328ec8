"""The default backend: one miniaudio device for the whole session, fed by a mixer.

`play` only queues samples that were decoded once; the device's own thread pulls
them. The device is opened once, with fd 2 diverted so ALSA's chatter stays off the
screen. No UI.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Generator
from typing import Any, Protocol

from backtimer.sound.bank import Bank
from backtimer.sound.mixer import Mixer
from backtimer.sound.player import BackendFailed, BackendUnavailable, CueUnavailable
from backtimer.sound.quiet import quiet_fd2

BUFFER_MSEC = 20
"""Period of the device: 10 ms was faster but glitched under load on a 2-core VM."""
STALL_SECONDS = 2.0
"""A device that has not asked for frames for this long has stopped (a fresh PulseAudio
null sink was seen to wait 0.8 s before its first pull after the first)."""


class Device(Protocol):
    backend: str
    stop_callback: Callable[[], None] | None

    def start(self, callback_generator: Generator[array[int], int, None]) -> None: ...

    def close(self) -> None: ...


Opener = Callable[[int], Device]


def open_device(rate: int) -> Device:
    """A mono 16-bit playback device at `rate`; BackendUnavailable when there is none."""
    try:
        import miniaudio
    except ImportError:
        raise BackendUnavailable("the miniaudio module is not installed") from None
    try:
        with quiet_fd2():
            device: Any = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=rate,
                buffersize_msec=BUFFER_MSEC,
                app_name="backtimer",
            )
    except miniaudio.MiniaudioError as err:
        why = " ".join(str(a) for a in err.args)
        raise BackendUnavailable(f"no audio device ({why})", no_device=True) from None
    if str(device.backend).lower() == "null":
        device.close()
        raise BackendUnavailable("no audio device (only miniaudio's null output)", no_device=True)
    result: Device = device
    return result


DRAIN_SECONDS = 4.0
"""The longest close() waits for queued cues to finish sounding."""


class MiniaudioPlayer:
    name = "miniaudio"

    def __init__(
        self,
        bank: Bank,
        *,
        opener: Opener = open_device,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bank, self._clock = bank, clock
        self._mixer = Mixer(bank.rate, clock)
        self._stopped = False
        self._device: Device | None = opener(bank.rate)
        self._device.stop_callback = self._on_stop
        try:
            with quiet_fd2():
                self._device.start(self._mixer.stream())
        except Exception as err:
            self.close()
            raise BackendUnavailable(
                f"the audio device would not start ({err})", no_device=True
            ) from None

    @property
    def backend(self) -> str:
        """miniaudio's own backend name (PulseAudio, ALSA, CoreAudio, WASAPI, ...)."""
        return self._device.backend if self._device is not None else "closed"

    def _drain(self) -> None:
        deadline = self._clock() + DRAIN_SECONDS
        while self._device is not None and self._mixer.busy and self._mixer.pulls:
            now = self._clock()
            if now > deadline or self._stopped or now - self._mixer.last_pull > STALL_SECONDS:
                return
            time.sleep(0.02)

    def _on_stop(self) -> None:
        self._stopped = True  # on the audio thread: only a flag

    def play(self, cue: str) -> float | None:
        samples = self._samples(cue, None)
        if samples is None:
            return None
        now = self._clock()
        self._mixer.add(samples)
        return now

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        """Queue a cue (or a phrase's samples) for the frame of instant `at`; returns the
        instant it was placed at, or None when the device has not run yet."""
        found = self._samples(cue, samples)
        if found is None:
            return at  # a silenced cue: nothing to place, nothing to play later
        return self._mixer.schedule(found, at)

    def cancel(self) -> None:
        self._mixer.cancel()

    def seconds(self, cue: str) -> float:
        return self._bank.seconds(cue)

    def _samples(self, cue: str, samples: array[int] | None) -> array[int] | None:
        """What to play; raises when the device is gone; None for a silenced cue."""
        if samples is None:
            samples = self._bank.sounds.get(cue)
            if samples is None:
                if cue in self._bank.silenced:
                    return None
                raise CueUnavailable(cue)
        if self._stopped or self._device is None:
            raise BackendFailed("the audio device stopped")
        idle = self._clock() - self._mixer.last_pull
        if idle > STALL_SECONDS:
            raise BackendFailed(f"the audio device stopped taking sound {idle:.1f} s ago")
        return samples

    def close(self) -> None:
        """Let what is sounding (the finish chime) play out, then release the device."""
        self._drain()
        device, self._device = self._device, None
        if device is not None:
            device.stop_callback = None
            with quiet_fd2():
                device.close()
