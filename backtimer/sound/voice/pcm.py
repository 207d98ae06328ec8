"""16-bit mono sample arithmetic for rendered speech (WAV bytes, trim, loudness, resample); no UI."""

from __future__ import annotations

import struct
import sys
import warnings
from array import array

with warnings.catch_warnings():
    # The standard library's audioop (3.11, 3.12) warns that 3.13 drops it; there the
    # audioop-lts wheel, a dependency for 3.13+, provides the same module.
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

FULL_SCALE = 32767
SILENCE = round(FULL_SCALE * 10 ** (-45 / 20))
"""-45 dBFS: quieter samples at either end are silence (184)."""
KEEP_SECONDS = 0.010
"""Silence kept at each end after trimming, so a phrase never starts on a click."""


def parse_wav(data: bytes) -> tuple[int, array[int]]:
    """(rate, mono int16 samples) of PCM WAV bytes, e.g. read from a pipe.

    On a pipe the writer cannot seek back, so the RIFF and data sizes are bogus
    (espeak-ng writes 0x7FFFFFFF-ish): only the fmt chunk is trusted, and the samples
    are the bytes actually received after the data chunk header. Multi-channel audio
    is reduced to its first channel. Anything else: (0, empty).
    """
    empty: tuple[int, array[int]] = (0, array("h"))
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return empty
    pos, channels, rate, width = 12, 0, 0, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = pos + 8
        if chunk == b"fmt " and size >= 16 and body + 16 <= len(data):
            fmt, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", data, body)
            if fmt not in (1, 0xFFFE):  # PCM, or WAVE_FORMAT_EXTENSIBLE (PCM in practice)
                return empty
            width = bits // 8
        elif chunk == b"data":
            if width != 2 or channels < 1 or rate <= 0:
                return empty
            frame = 2 * channels
            end = body + min(size, len(data) - body) // frame * frame
            samples = array("h", data[body:end])
            if sys.byteorder == "big":
                samples.byteswap()
            return rate, samples[::channels] if channels > 1 else samples
        pos = body + size + (size & 1)
    return empty


def trim(samples: array[int], rate: int) -> array[int]:
    """`samples` without the silence at either end, but for KEEP_SECONDS of it."""
    first = _first_loud(samples, range(len(samples)))
    if first is None:
        return array("h")
    last = _first_loud(samples, range(len(samples) - 1, first - 1, -1)) or first
    keep = round(rate * KEEP_SECONDS)
    return samples[max(0, first - keep) : last + 1 + keep]


def _first_loud(samples: array[int], order: range) -> int | None:
    for i in order:
        if samples[i] > SILENCE or samples[i] < -SILENCE:
            return i
    return None


def scale_peak(samples: array[int], level: float) -> array[int]:
    """`samples` scaled so their loudest sample is `level` of full scale (to 1 LSB)."""
    top = audioop.max(samples.tobytes(), 2)
    if top == 0:
        return samples
    gain = min(1.0, max(0.0, level)) * FULL_SCALE / top  # down: never past full scale
    return array("h", audioop.mul(samples.tobytes(), 2, gain))


def resample(samples: array[int], source: int, target: int) -> array[int]:
    """Linear interpolation from `source` Hz to `target` Hz, at C speed (audioop).

    Output sample i lies at input position i * source / target, between the two input
    samples around it; past the last input sample the last sample is held, so the
    length is len * target // source. 22050 -> 44100: every sample, then the mean of
    it and the next.
    """
    if source == target or not samples:
        return array("h", samples)
    count = len(samples) * target // source
    padded = array("h", samples)
    padded.append(samples[-1])
    out, _ = audioop.ratecv(padded.tobytes(), 2, 1, source, target, None)
    result = array("h", out)
    del result[count:]
    while len(result) < count:
        result.append(samples[-1])
    return result
