"""open_player(): the backend chain and the player that falls back; no UI imports.

The chain is miniaudio -> simpleaudio -> bell -> off. When a device or a cue's WAV
fails there is one notice through `notify` and the next backend takes over, so the
session goes on on time.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from contextlib import suppress

from backtimer.config import BACKENDS, Config, ConfigError, read_config
from backtimer.sound.bank import Bank, load_bank, resolve_sounds
from backtimer.sound.bell import BellPlayer
from backtimer.sound.player import (
    NO_DEVICE,
    BackendFailed,
    BackendUnavailable,
    CuePlayer,
    CueUnavailable,
    can_schedule,
    cancel,
    schedule,
    tone_seconds,
)
from backtimer.sound.silent import SilentPlayer

ORDER = ("miniaudio", "simpleaudio", "bell", "off")
Notify = Callable[[str], None]
Opener = Callable[[Bank], CuePlayer]


def _miniaudio(bank: Bank) -> CuePlayer:
    from backtimer.sound.miniaudio_backend import MiniaudioPlayer

    return MiniaudioPlayer(bank)


def _simpleaudio(bank: Bank) -> CuePlayer:
    from backtimer.sound.simpleaudio_backend import SimpleaudioPlayer

    return SimpleaudioPlayer(bank)


OPENERS: Mapping[str, Opener] = {"miniaudio": _miniaudio, "simpleaudio": _simpleaudio}


class FallbackPlayer:
    """A backend plus a fallback for the cues it cannot play, and for every cue once
    its device has failed (one notice, then the fallback for the rest of the run)."""

    def __init__(
        self,
        primary: CuePlayer,
        fallback: CuePlayer,
        notify: Notify,
        wanted: str = "auto",
        details: tuple[str, ...] = (),
    ) -> None:
        self.primary: CuePlayer | None = primary
        self.wanted = wanted
        """The backend asked for, after the config file: auto, miniaudio, ..."""
        self.details = details
        """Each backend that could not be used, with the library's own words (for
        `backtimer sounds`; notices say it in plain words)."""
        self.fallback = fallback
        self._notify = notify
        self._retired: list[CuePlayer] = []

    @property
    def name(self) -> str:
        return (self.primary or self.fallback).name

    @property
    def fell_back(self) -> bool:
        """True when the backend in use is not the one asked for."""
        return self.name != self.wanted and not (
            self.wanted == "auto" and self.name in ("miniaudio", "simpleaudio")
        )

    def play(self, cue: str) -> float | None:
        primary = self.primary
        if primary is not None:
            try:
                return primary.play(cue)
            except CueUnavailable:
                pass
            except Exception as err:  # BackendFailed, or any surprise: the session goes on
                self._retire(primary, err)
        try:
            return self.fallback.play(cue)
        except Exception as err:
            self._retire(self.fallback, err)
            return None

    @property
    def schedules(self) -> bool:
        """The primary backend can place sounds ahead (the fallback never does)."""
        primary = self.primary
        return primary is not None and can_schedule(primary)

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        """Ahead on the primary backend; None (play it when due) when it cannot."""
        primary = self.primary
        if primary is None:
            return None
        try:
            return schedule(primary, cue, samples, at)
        except CueUnavailable:
            return None
        except Exception as err:  # BackendFailed, or any surprise: the session goes on
            self._retire(primary, err)
            return None

    def cancel(self) -> None:
        if self.primary is not None:
            with suppress(Exception):
                cancel(self.primary)

    def seconds(self, cue: str) -> float:
        return tone_seconds(self.primary)(cue) if self.primary is not None else 0.0

    def _retire(self, player: CuePlayer, err: Exception) -> None:
        """Stop using a failed backend; it is closed with the rest at the end."""
        self._retired.append(player)
        if player is self.primary:
            self.primary = None
        else:
            self.fallback = SilentPlayer()
        why = str(err) if isinstance(err, BackendFailed) else f"{type(err).__name__}: {err}"
        self.details += (f"{player.name} stopped: {why}",)
        what = "The terminal bell" if player.name == "bell" else "The sound device"
        self._notify(f"{what} stopped working: {instead(self.name)}.")

    def close(self) -> None:
        for player in (self.primary, self.fallback, *self._retired):
            if player is not None:
                with suppress(Exception):  # closing must never end a session badly
                    player.close()


def open_player(
    choice: str = "auto",
    *,
    notify: Notify,
    ring: Callable[[], None] | None = None,
    config: Config | None = None,
    openers: Mapping[str, Opener] = OPENERS,
) -> FallbackPlayer:
    """The player for a session. `choice` is --sound; "auto" defers to the config file.

    `ring` rings the terminal bell (pass `app.bell` from a Textual app). Never raises
    for a missing module, device or WAV: each becomes one notice and a fallback.
    """
    if choice not in BACKENDS:
        raise ValueError(f"unknown sound backend {choice!r} (use one of {', '.join(BACKENDS)})")
    if choice == "off":  # nothing to read or open
        return FallbackPlayer(SilentPlayer(), SilentPlayer(), notify, "off")
    config = config if config is not None else _config(notify)
    wanted = config.sound.backend if choice == "auto" else choice
    chain = ORDER if wanted == "auto" else ORDER[ORDER.index(wanted) :]
    fallback: CuePlayer = BellPlayer(ring) if "bell" in chain else SilentPlayer()
    skipped: list[tuple[str, BackendUnavailable]] = []
    devices = [n for n in chain if n in openers]
    bank = _bank(config, notify) if devices else Bank()
    for name in devices:
        try:
            primary = openers[name](bank)
        except BackendUnavailable as err:
            skipped.append((name, err))
            continue
        _tell(notify, skipped, name)
        _tell_problems(notify, bank, fallback.name)
        return FallbackPlayer(primary, fallback, notify, wanted, _details(skipped))
    primary = fallback if "bell" in chain else SilentPlayer()
    _tell(notify, skipped, primary.name)
    return FallbackPlayer(primary, SilentPlayer(), notify, wanted, _details(skipped))


def _config(notify: Notify) -> Config:
    """The config file; each of its notes told once (the voice reads it too)."""
    return read_config(notify)


def _bank(config: Config, notify: Notify) -> Bank:
    try:
        sources = resolve_sounds(config.sound.cues, config.folder)
    except ConfigError as err:
        notify(f"{config.path}: {err}\nUsing the default sounds.")
        sources = resolve_sounds({}, config.folder)
    return load_bank(sources, config.sound.volume)


USING = {
    "bell": "cues will use the terminal bell",
    "off": "the session runs without sound",
    "silent": "the session runs without sound",
}
"""What the user gets instead, in plain words, by the backend that took over."""


def instead(using: str) -> str:
    return USING.get(using, f"cues will use {using}")


def _tell(notify: Notify, skipped: list[tuple[str, BackendUnavailable]], using: str) -> None:
    """One notice in plain words ("No sound device found: cues will use the terminal
    bell."); the libraries' own errors stay in `backtimer sounds`."""
    if not skipped:
        return
    if any(err.no_device for _, err in skipped):
        why = NO_DEVICE
    else:
        text = str(skipped[0][1])
        why = text[:1].upper() + text[1:]
    notify(f"{why}: {instead(using)}.")


def _details(skipped: list[tuple[str, BackendUnavailable]]) -> tuple[str, ...]:
    return tuple(f"{name}: {err}" for name, err in skipped)


def _tell_problems(notify: Notify, bank: Bank, fallback: str) -> None:
    if bank.problems:
        where = "the terminal bell" if fallback == "bell" else "silence"
        lines = "\n".join(f"  {cue}: {why}" for cue, why in bank.problems.items())
        notify(f"Sound: {len(bank.problems)} cue(s) have no usable WAV; {where} instead:\n{lines}")
