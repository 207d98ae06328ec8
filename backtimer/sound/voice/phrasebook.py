"""The phrases a voice has rendered, ready to play, kept in memory and on disk; no UI."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import threading
import wave
from array import array
from collections.abc import Iterable
from pathlib import Path

from backtimer.sound.voice.engine import Voice
from backtimer.sound.voice.pcm import resample, scale_peak, trim
from backtimer.sound.voice.text import clean_text

FORMAT_VERSION = 2
"""Bump when processing changes, so stale cache files are never read."""
PEAK = 0.7
"""A phrase's loudest sample at volume 1.0, as a fraction of full scale. The tones in
sounds/*.wav peak at 0.18-0.53 (most near 0.44-0.53) with an RMS of 0.08-0.33 while
they sound; speech is spikier, and at a 0.7 peak espeak-ng phrases have an RMS of
0.10-0.15: as loud as the quieter tones (finish, exhale), not drowned under them."""
MAX_SECONDS = 60
"""A cached file longer than this is not trusted (a phrase is at most 500 characters)."""


class PhraseBook:
    """Text -> samples at `out_rate`: trimmed, resampled, scaled to `level` * PEAK.

    Thread-safe. The voice renders without any lock held, so two threads asking for
    the same new phrase may both render it; the results are the same. The arrays
    handed out are the cached ones: read them, never change them.
    """

    def __init__(
        self, voice: Voice, *, out_rate: int = 44100, level: float = 1.0, folder: Path | None = None
    ) -> None:
        self.voice, self.out_rate, self.level, self.folder = voice, out_rate, level, folder
        self._lock = threading.Lock()
        self._phrases: dict[str, array[int]] = {}

    def get(self, text: str) -> array[int] | None:
        """The phrase if rendered already (in memory), else None; never renders."""
        text = clean_text(text)
        with self._lock:
            return self._phrases.get(text)

    def seconds(self, text: str) -> float | None:
        samples = self.get(text)
        return None if samples is None else len(samples) / self.out_rate

    def render(self, text: str) -> array[int]:
        """The phrase from memory, else the disk cache, else the voice. A phrase the
        voice could not render stays empty in memory (not retried, not written)."""
        text = clean_text(text)
        if not text:
            return array("h")
        with self._lock:
            samples = self._phrases.get(text)
        if samples is not None:
            return samples
        path = self._path(text)
        samples = self._read(path) if path else None
        fresh = samples is None
        if samples is None:
            samples = self._process(self.voice.render(text))
        with self._lock:
            kept = self._phrases.setdefault(text, samples)
        # Only the render kept in memory goes to disk: renders are not bit-identical, and
        # what is cached must be what was played.
        if fresh and kept is samples and path and samples:
            self._write(path, samples)
        return kept

    def prerender(self, texts: Iterable[str]) -> None:
        """Render each phrase not yet in memory (slow: call it on a worker thread)."""
        for text in texts:
            if self.get(text) is None:
                self.render(text)

    def _process(self, samples: array[int]) -> array[int]:
        samples = trim(samples, self.voice.rate)
        samples = scale_peak(samples, self.level * PEAK)
        return resample(samples, self.voice.rate, self.out_rate)

    def _path(self, text: str) -> Path | None:
        if self.folder is None:
            return None
        name = f"{self.voice.key}|{self.out_rate}|{self.level}|{FORMAT_VERSION}|{text}"
        return self.folder / f"{hashlib.sha256(name.encode('utf-8')).hexdigest()}.wav"

    def _read(self, path: Path) -> array[int] | None:
        """The cached phrase, or None when missing or anything but what _write writes."""
        limit = MAX_SECONDS * self.out_rate
        try:
            if path.stat().st_size > 2 * limit + 1024:
                return None
            with wave.open(str(path), "rb") as w:
                if (w.getsampwidth(), w.getnchannels(), w.getframerate()) != (2, 1, self.out_rate):
                    return None
                frames = w.getnframes()
                data = w.readframes(frames) if 0 < frames <= limit else b""
        except (OSError, EOFError, wave.Error):
            return None
        if not data or len(data) != 2 * frames:
            return None
        samples = array("h", data)
        if sys.byteorder == "big":
            samples.byteswap()
        return samples

    def _write(self, path: Path, samples: array[int]) -> None:
        """Write atomically; on any failure leave nothing behind and carry on."""
        data = samples
        if sys.byteorder == "big":
            data = array("h", samples)
            data.byteswap()
        temp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".phrase-", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "wb") as raw, wave.open(raw, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(self.out_rate)
                w.writeframes(data.tobytes())
            os.replace(temp, path)
        except (OSError, wave.Error):
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
