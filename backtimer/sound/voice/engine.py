"""The speech-engine interface and the picker that opens one; no UI, cheap to import."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Protocol

ENGINES = ("auto", "espeak", "system", "off")
HOW_TO_GET = 'install it with pip install "backtimer[voice]" or the espeak-ng package'
MIN_WPM, MAX_WPM = 80, 450
"""espeak-ng's own limits for the speaking rate, in words per minute."""


class VoiceUnavailable(Exception):
    """No speech: the message says, in plain words, what was tried and how to get a voice,
    e.g. 'no speech engine found: install it with pip install "backtimer[voice]" or the
    espeak-ng package'."""


class Voice(Protocol):
    """A speech engine, ready to speak one language at one rate."""

    name: str
    """For people: "espeak-ng" (in-process library), "espeak-ng (system)", "say", "SAPI"."""
    key: str
    """Identity for caching: engine, voice and speaking rate, e.g. "espeak-lib|en|165"."""
    rate: int
    """Sample rate of what render() returns."""

    def render(self, text: str) -> array[int]:
        """`text` (cleaned again here) as mono int16 samples; empty when there is
        nothing to say or the engine failed. Never raises for a bad text."""
        ...

    def close(self) -> None: ...


def check_language(language: str) -> str:
    """`language` when it is a plausible voice name ("en", "en-gb", "pt-br"...)."""
    from backtimer.config import LANGUAGE  # the same rule as the config file's

    if not LANGUAGE.fullmatch(language):
        raise VoiceUnavailable(f"{language!r} is not a language or voice name (e.g. en, en-gb)")
    return language


def clamp_wpm(wpm: int) -> int:
    return max(MIN_WPM, min(MAX_WPM, int(wpm)))


def open_voice(engine: str = "auto", *, language: str = "en", wpm: int = 165) -> Voice:
    """The first engine that works for `engine`: "auto" tries the in-process espeak-ng,
    then the system's voice; "espeak" only the former, "system" only the latter."""
    if engine == "off":
        raise VoiceUnavailable("voice is off")
    if engine not in ENGINES:
        raise VoiceUnavailable(f"unknown voice engine {engine!r} (known: {', '.join(ENGINES)})")
    language, wpm = check_language(language), clamp_wpm(wpm)
    tried: list[str] = []
    openers: list[Callable[[str, int], Voice]] = []
    if engine in ("auto", "espeak"):
        openers.append(_open_library)
    if engine in ("auto", "system"):
        openers.append(_open_system)
    for opener in openers:
        try:
            return opener(language, wpm)
        except VoiceUnavailable as err:
            tried.append(str(err))
    raise VoiceUnavailable(f"no speech engine found ({'; '.join(tried)}): {HOW_TO_GET}")


def _open_library(language: str, wpm: int) -> Voice:
    from backtimer.sound.voice.espeak_lib import EspeakLibVoice

    return EspeakLibVoice(language, wpm)


def _open_system(language: str, wpm: int) -> Voice:
    from backtimer.sound.voice.system import open_system_voice

    return open_system_voice(language, wpm)
