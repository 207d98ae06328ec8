"""Whole-signal int16 arithmetic at C speed, big integers used as SIMD registers; no UI.

A signal becomes one integer holding sample i, offset to 0..65535, in bits 64i..64i+15.
Multiplying that integer by a weight scales every sample at once, adding two adds
them sample by sample, and 64-bit lanes leave room for the products; the results are
read back from bits 16..31 of each lane (weights are 16.16 fixed point). A Python
loop over 66,000 samples costs 5-15 ms here; this costs well under one.
"""

from __future__ import annotations

import sys
from array import array

ONE = 1 << 16
"""A weight of 1.0."""
_LANE = 8
_FLIP = bytes(b ^ 0x80 for b in range(256))  # int16 high byte <-> offset binary


def weighted_sum(parts: list[tuple[array[int], int]]) -> array[int]:
    """Per sample, the sum of each part's samples times its weight / ONE, rounded.

    The parts have the same length; weights are >= 0 and the caller keeps the
    results within int16 (weights summing to at most ONE always do).
    """
    count = len(parts[0][0])
    total = sum(weight for _, weight in parts)
    # (x + 32768) * w summed, minus the offsets' share, plus the output's own offset
    # and a half for rounding: every lane ends at ONE * (y + 32768) + ONE / 2.
    bias = 32768 * ONE - 32768 * total + ONE // 2
    lanes = sum(_lanes(samples) * weight for samples, weight in parts)
    lanes += bias * int.from_bytes((b"\x01" + bytes(_LANE - 1)) * count, "little")
    wide = lanes.to_bytes(_LANE * count, "little")
    raw = bytearray(2 * count)
    raw[0::2] = wide[2::_LANE]
    raw[1::2] = wide[3::_LANE].translate(_FLIP)
    out = array("h", raw)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def peak(samples: array[int]) -> int:
    """The loudest |sample|. Bytes, not ints, are scanned: the extreme high bytes by
    `in` tests (memchr), then exactly among the few samples that have them."""
    if not samples:
        return 0
    high = _offset_bytes(samples)[1::2]
    extremes = [
        next(v for v in range(255, -1, -1) if bytes((v,)) in high),
        next(v for v in range(256) if bytes((v,)) in high),
    ]
    top = 0
    for value in {bytes((v,)) for v in extremes}:
        i = high.find(value)
        while i >= 0:
            top = max(top, abs(samples[i]))
            i = high.find(value, i + 1)
    return top


def _offset_bytes(samples: array[int]) -> bytes:
    """Little-endian samples + 32768 (offset binary: byte order is value order)."""
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    raw = bytearray(samples.tobytes())
    raw[1::2] = raw[1::2].translate(_FLIP)
    return bytes(raw)


def _lanes(samples: array[int]) -> int:
    raw = _offset_bytes(samples)
    wide = bytearray(_LANE * len(samples))
    wide[0::_LANE] = raw[0::2]
    wide[1::_LANE] = raw[1::2]
    return int.from_bytes(wide, "little")
