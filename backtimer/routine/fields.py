"""The checks of one routine key's value, and the one-kind-of-work rule, shared by the
pydantic schema (schema.py) and the direct builder (direct.py); no pydantic here.

Each check takes the value as the YAML tree holds it (a string, None, a list or a dict)
and returns the parsed value, or raises DurationError with the message `validate` shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backtimer.routine.durations import (
    DurationError,
    ascii_digits,
    is_whole,
    parse_breath,
    parse_count_span,
    parse_duration_span,
    parse_seconds,
    whole,
)
from backtimer.routine.model import Breath, Span
from backtimer.routine.shown import LINE_BREAKS, quote

WORK_KEYS = ("hold", "time", "reps", "breaths", "flow")


def scalar(value: Any) -> Any:
    if isinstance(value, dict | list) or value is None:
        kind = "a mapping" if isinstance(value, dict) else "a list" if value else "nothing"
        raise DurationError(f"expected a single value, got {kind}")
    return value


def seconds(value: Any) -> float:
    return parse_seconds(scalar(value))


def tempo(value: Any) -> float | str:
    if isinstance(value, str) and value.strip().lower() == "self":
        return "self"
    return seconds(value)


def duration_span(value: Any) -> Span:
    return parse_duration_span(scalar(value))


def count_span(value: Any) -> Span:
    return parse_count_span(scalar(value))


def breath(value: Any) -> Breath:
    return parse_breath(scalar(value))


def text(value: Any) -> str:
    if isinstance(value, dict | list):
        raise DurationError("expected text, got a mapping or a list")
    return "" if value is None else str(value)


def name(value: Any) -> str:
    stripped = label(value)
    if not stripped:
        raise DurationError("a name cannot be empty")
    if len(stripped) > 120:
        raise DurationError("a name longer than 120 characters")
    return stripped


def label(value: Any) -> str:
    """Text shown as a heading (a name, a side, a section): one line, so it can never
    split a header or a message in two."""
    stripped = text(value).strip()
    if any(c in LINE_BREAKS for c in stripped):
        raise DurationError(f"{quote(stripped)} has a line break: a name is one line")
    return stripped


def say(value: Any) -> str:
    stripped = text(value).strip()
    if not stripped:
        raise DurationError("a spoken name cannot be empty")
    if len(stripped) > 200:
        raise DurationError("a spoken name longer than 200 characters")
    if any(c in LINE_BREAKS for c in stripped):
        raise DurationError("a spoken name must be a single line")
    return stripped


MAX_SETS = 50


def sets(value: Any) -> Span:
    """A whole number of sets or a range of them, 1 to MAX_SETS: 3, '2-3'."""
    text = str(scalar(value)).strip()
    ascii_digits(text)
    low_text, dash, high_text = text.partition("-")
    parts = [low_text.strip(), high_text.strip()] if dash else [low_text.strip()]
    if not all(is_whole(p) and 1 <= whole(p, MAX_SETS) <= MAX_SETS for p in parts):
        raise DurationError(
            f"sets must be a whole number from 1 to {MAX_SETS}, or a range like 2-3"
            f" (got {quote(text)})"
        )
    low, high = int(parts[0]), int(parts[-1])
    if low > high:
        raise DurationError(
            f"sets {quote(text)}: the range's lower end is bigger than its upper end"
        )
    return Span(float(low), float(high))


def sides(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) and value.strip().lower() == "both":
        return ("left", "right")
    if not isinstance(value, list) or not value:
        raise DurationError("use 'both' or a list of labels like [left leg, right leg]")
    labels = tuple(name(v) for v in value)
    if len(set(labels)) != len(labels):
        raise DurationError("each side label must be different")
    return labels


def work_keys(parsed: Mapping[str, Any]) -> list[str]:
    """The work keys given (not None), in WORK_KEYS order."""
    return [k for k in WORK_KEYS if parsed.get(k) is not None]


def check_work(parsed: Mapping[str, Any], with_flow: bool) -> None:
    """Exactly one kind of work (hold with reps counts as one); tempo only with reps."""
    keys = work_keys(parsed)
    if keys == ["hold", "reps"]:
        return
    if len(keys) != 1:
        found = f"found {' and '.join(keys)}" if keys else "found none"
        allowed = "hold, time, reps, breaths" + (", flow" if with_flow else "")
        raise ValueError(f"give exactly one of {allowed} ({found}; hold with reps is allowed)")
    if parsed.get("tempo") is not None and "reps" not in keys:
        raise ValueError("tempo applies to reps only")
