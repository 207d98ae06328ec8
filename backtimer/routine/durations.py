"""Parsing durations (30, 30s, 1m30s, 1:30, 20-40s), counts (10-12) and breath patterns."""

from __future__ import annotations

import re

from backtimer.routine.model import Breath, Span
from backtimer.routine.shown import quote

MAX_SECONDS = 6 * 3600.0
MAX_COUNT = 10_000

_UNIT = {"h": 3600.0, "m": 60.0, "s": 1.0}

# The grammar of one duration, written once: the parser fullmatches these patterns
# (on text stripped and lowercased), and the JSON Schema (schema.py) is built from them,
# so they hold only what both Python's re and JSON Schema's regexes read alike.
NUMBER = r"[0-9]+(?:\.[0-9]+)?"
"""A bare number: seconds (or the unit of the range's upper end, in 20-40s)."""
CLOCK = r"([0-9]+):([0-5][0-9])"
"""Minutes and seconds: 1:30."""
UNITS = "(?=[0-9])" + "".join(rf"(?:({NUMBER})\s*[{u}{u.upper()}]\s*)?" for u in _UNIT)
"""Numbers with units, each unit at most once, longest first: 1h, 1m30s, 2m 30s."""
DURATION = f"{NUMBER}|{CLOCK}|{UNITS}"
SELF = "[sS][eE][lL][fF]"
"""tempo: self, in any case."""

_BARE = re.compile(NUMBER)
_CLOCK = re.compile(CLOCK)
_UNITS = re.compile(UNITS)


class DurationError(ValueError):
    """A value that is not a valid duration, count or breath pattern."""


NOT_A_DURATION = "is not a duration (try 30s, 1m30s or 1:30)"


def _not_negative(text: str) -> None:
    """'-5s': a minus sign before a number is a negative duration, which none can be."""
    if text.startswith("-") and text[1:2].strip():
        raise DurationError(f"{quote(text)}: durations cannot be negative (write {text[1:]})")


def parse_seconds(value: object, *, default_unit: str = "s") -> float:
    """One duration in seconds: 30, '30s', '1m', '1m30s', '90s', '1:30', '1.5s'."""
    text = _text(value)
    if _BARE.fullmatch(text):
        seconds = float(text) * _UNIT[default_unit]
    elif m := _CLOCK.fullmatch(text):
        seconds = int(m.group(1)) * 60.0 + int(m.group(2))
    elif m := _UNITS.fullmatch(text):
        parts = zip(m.groups(), _UNIT.values(), strict=True)
        seconds = sum(float(n) * unit for n, unit in parts if n)
    else:
        _not_negative(text)
        raise DurationError(f"{quote(text)} {NOT_A_DURATION}")
    if seconds > MAX_SECONDS:
        raise DurationError(f"{quote(text)} is longer than {MAX_SECONDS / 3600:g} hours")
    return seconds


def parse_duration_span(value: object) -> Span:
    """A duration or a range of durations: '20-40s', '1-2m', '1m-1m30s', '30s'."""
    text = _text(value)
    if "-" not in text:
        s = parse_seconds(text)
        return Span(s, s)
    _not_negative(text)
    low_text, _, high_text = text.partition("-")
    low_text, high_text = low_text.strip(), high_text.strip()
    unit = "s"
    if (
        _BARE.fullmatch(low_text)
        and high_text[-1:] in _UNIT
        and _BARE.fullmatch(high_text[:-1].strip())
    ):
        unit = high_text[-1]
    try:
        low = parse_seconds(low_text, default_unit=unit)
        high = parse_seconds(high_text)
    except DurationError:
        raise DurationError(
            f"{quote(text)} is not a duration range (try 20-40s or 1m-1m30s)"
        ) from None
    return _ordered(low, high, text)


def parse_count_span(value: object) -> Span:
    """A whole count or a range of counts: 15, '10-12'."""
    text = _text(value)
    low_text, dash, high_text = text.partition("-")
    parts = [low_text.strip(), high_text.strip()] if dash else [low_text.strip()]
    if not all(is_whole(p) for p in parts):
        raise DurationError(f"{quote(text)} is not a count (try 15 or 10-12)")
    numbers = [whole(p, MAX_COUNT) for p in parts]
    if any(n < 1 or n > MAX_COUNT for n in numbers):
        raise DurationError(f"{quote(text)}: counts run from 1 to {MAX_COUNT}")
    return _ordered(numbers[0], numbers[-1], text)


def parse_breath(value: object) -> Breath:
    """'4s/4s' (in/out) or '4s/2s/6s/2s' (in/hold/out/hold)."""
    text = _text(value)
    parts = [p.strip() for p in text.split("/")]
    if len(parts) not in (2, 4):
        raise DurationError(f"{quote(text)} is not a breath pattern (try 4s/4s or 4s/2s/6s/2s)")
    phases = tuple(parse_seconds(p) for p in parts)
    if phases[0] <= 0 or phases[-2 if len(phases) == 4 else 1] <= 0:
        raise DurationError(f"{quote(text)}: inhale and exhale must last longer than 0 s")
    if sum(phases) > 120:
        raise DurationError(f"{quote(text)}: one breath cycle longer than 2 minutes")
    return Breath(phases)


def format_seconds(seconds: float) -> str:
    """90 -> '1:30', 3725 -> '1:02:05'."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_span(span: Span, unit: str = "s") -> str:
    def one(v: float) -> str:
        return f"{v:g}{unit}"

    if not span.is_range:
        return one(span.low)
    return f"{span.low:g}-{one(span.high)}"


def _ordered(low: float, high: float, text: str) -> Span:
    if low > high:
        raise DurationError(f"{quote(text)}: the range's lower end is bigger than its upper end")
    return Span(float(low), float(high))


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DurationError(f"expected a duration or a number, got {type(value).__name__}")
    text = str(value).strip().lower()
    ascii_digits(text)
    return text


def ascii_digits(text: str) -> None:
    """Numbers are written with 0-9 only: '٣٠s' or '３０s' (other scripts' digits, which
    Python would read as 30) and '²' are refused with a message that says so."""
    if not text.isascii() and any(c.isdigit() or c.isnumeric() for c in text):
        raise DurationError(f"{quote(text)}: write numbers with the digits 0-9")


def is_whole(text: str) -> bool:
    """Only the digits 0-9 (not '²', not '٣')."""
    return text.isascii() and text.isdigit()


def whole(text: str, high: int) -> int:
    """The number a run of 0-9 digits writes; one past `high` when longer than it can be
    (int() refuses past 4,300 digits, and reading them would be slow anyway)."""
    digits = text.lstrip("0") or "0"  # '001' is 1, as int() reads it
    return int(digits) if len(digits) <= len(str(high)) else high + 1
