"""What one routine key's value may be: its check and its JSON Schema side by side, so
a rule is written once (keys.py says which key holds which value; the reader, validate.py,
runs the checks; schema.py writes the schemas out). Also the one-kind-of-work rule.

Each check takes the value as the YAML tree holds it (a string, None, a list or a dict)
and returns the parsed value, or raises DurationError with the message `validate` shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from backtimer.routine.durations import (
    DURATION,
    MAX_COUNT,
    MAX_SECONDS,
    SELF,
    DurationError,
    ascii_digits,
    is_whole,
    parse_breath,
    parse_count_span,
    parse_duration_span,
    parse_seconds,
    whole,
)
from backtimer.routine.durations import (
    NOT_A_DURATION as _NOT_A_DURATION,
)
from backtimer.routine.limits import MAX_SIDES
from backtimer.routine.model import Breath, Open, Span
from backtimer.routine.shown import LINE_BREAKS, quote

WORK_KEYS = ("hold", "time", "reps", "breaths", "flow")
_BREAK = re.compile(f"[{LINE_BREAKS}]")


def scalar(value: Any) -> Any:
    if isinstance(value, dict | list) or value is None:
        kind = "a mapping" if isinstance(value, dict) else "a list" if value else "nothing"
        raise DurationError(f"expected a single value, got {kind}")
    return value


def seconds(value: Any) -> float:
    return parse_seconds(scalar(value))


def set_rest(value: Any) -> float | tuple[float, ...]:
    """One rest between every two sets (30s), or one per gap in order ([30s, 45s, 1m]),
    the last repeating for any set after."""
    if not isinstance(value, list):
        return seconds(value)
    if not value:
        raise DurationError("give a rest (30s) or a list of rests, one per set: [30s, 45s]")
    if len(value) >= MAX_SETS:
        raise DurationError(f"{len(value)} rests: an exercise has at most {MAX_SETS - 1}")
    rests = []
    for i, item in enumerate(value, 1):
        try:
            rests.append(seconds(item))
        except DurationError as err:
            raise DurationError(f"rest {i} of the list: {err}") from None
    return tuple(rests)


def tempo(value: Any) -> float | str:
    if isinstance(value, str) and value.strip().lower() == "self":
        return "self"
    try:
        return seconds(value)
    except DurationError as err:
        if str(err).endswith(_NOT_A_DURATION):
            raise DurationError(
                f"{quote(str(value).strip())} is not a tempo: give the seconds per paced rep"
                " (3s, 2.5, 0:03) or self (you press Enter after each rep)"
            ) from None
        raise


def duration_span(value: Any) -> Span:
    return parse_duration_span(scalar(value))


_MAX = re.compile(r"max(?:\s+(.+))?")
MAX_PATTERN = rf"[mM][aA][xX](?:\s+(?:{DURATION}))?"
"""hold: max, or max with a cap (max 2m), as the JSON Schema reads it."""


def hold(value: Any) -> Span | Open:
    """A hold's duration or range (30s, 20-40s), or `max` (as long as you can) with an
    optional cap: `max 2m`."""
    text = scalar(value)
    if isinstance(text, str) and (m := _MAX.fullmatch(text.strip().lower())):
        if m.group(1) is None:
            return Open()
        try:
            cap = parse_seconds(m.group(1))
        except DurationError as err:
            raise DurationError(
                f"{quote(text.strip())}: after max comes the longest the hold may last"
                f" (max 2m, max 90s): {err}"
            ) from None
        if cap <= 0:
            raise DurationError(f"{quote(text.strip())}: a cap of 0 ends the hold at once")
        return Open(cap)
    return duration_span(value)


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
    if _BREAK.search(stripped):
        raise DurationError(f"{quote(stripped)} has a line break: a name is one line")
    return stripped


def say(value: Any) -> str:
    stripped = text(value).strip()
    if not stripped:
        raise DurationError("a spoken name cannot be empty")
    if len(stripped) > 200:
        raise DurationError("a spoken name longer than 200 characters")
    if _BREAK.search(stripped):
        raise DurationError("a spoken name must be a single line")
    return stripped


MAX_SETS = 50


def sets(value: Any) -> Span:
    """A whole number of sets or a range of them, 1 to MAX_SETS: 3, '2-3'."""
    return _whole_span(value, "sets", "a whole number", MAX_SETS)


MAX_PER_WEEK = 14


def per_week(value: Any) -> Span:
    """Times a week, a whole number or a range of them, 1 to MAX_PER_WEEK: 3, '2-3'."""
    return _whole_span(value, "per_week", "a whole number of times", MAX_PER_WEEK)


def _whole_span(value: Any, key: str, what: str, high: int) -> Span:
    """A whole number from 1 to `high`, or a range of two: 3, '2-3'."""
    text = str(scalar(value)).strip()
    ascii_digits(text)
    low_text, dash, high_text = text.partition("-")
    parts = [low_text.strip(), high_text.strip()] if dash else [low_text.strip()]
    if not all(is_whole(p) and 1 <= whole(p, high) <= high for p in parts):
        raise DurationError(
            f"{key} must be {what} from 1 to {high}, or a range like 2-3 (got {quote(text)})"
        )
    low, top = int(parts[0]), int(parts[-1])
    if low > top:
        raise DurationError(
            f"{key} {quote(text)}: the range's lower end is bigger than its upper end"
        )
    return Span(float(low), float(top))


_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_PATTERN = rf"^\s*{_ID.pattern}\s*$"


def exercise_id(value: Any) -> str:
    """A library exercise's id: lower-case words joined by dashes (table-pose)."""
    stripped = text(scalar(value)).strip()
    if not _ID.fullmatch(stripped) or len(stripped) > 60:
        raise DurationError(
            f"an exercise id is lower-case words joined by dashes, like table-pose"
            f" (got {quote(stripped)})"
        )
    return stripped


def use(value: Any) -> Mapping[str, Any]:
    """The library exercise a routine's `use:` names (its checked keys)."""
    from backtimer.routine.library import lookup

    return lookup(exercise_id(value))


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


class AtKey(ValueError):
    """A problem of a whole mapping that belongs at one of its keys."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def check_set_rests(parsed: Mapping[str, Any]) -> None:
    """A list of set rests on an exercise has no more rests than its sets have gaps."""
    rests, span = parsed.get("set_rest"), parsed.get("sets")
    if not isinstance(rests, tuple) or not isinstance(span, Span):
        return
    gaps = int(span.high) - 1
    if len(rests) > gaps:
        sets = f"{span.high:g} sets have" if gaps else "1 set has"
        raise AtKey(
            "set_rest",
            f"{len(rests)} rest{'s' * (len(rests) != 1)} listed, but {sets} {gaps or 'no'}"
            f" rest{'s' * (gaps != 1)} between them",
        )


def check_work(parsed: Mapping[str, Any], with_flow: bool) -> None:
    """Exactly one kind of work (hold with reps counts as one); tempo only with reps."""
    keys = work_keys(parsed)
    if keys == ["hold", "reps"] and isinstance(parsed.get("hold"), Open):
        raise ValueError(
            "hold: max is a hold on its own (as long as you can), not each rep's hold:"
            " give one or the other"
        )
    if keys == ["hold", "reps"]:
        return
    if len(keys) != 1:
        found = f"found {' and '.join(keys)}" if keys else "found none"
        allowed = "hold, time, reps, breaths" + (", flow" if with_flow else "")
        raise ValueError(f"give exactly one of {allowed} ({found}; hold with reps is allowed)")
    if parsed.get("tempo") is not None and "reps" not in keys:
        raise ValueError("tempo applies to reps only")


Schema = dict[str, Any]
"""A JSON Schema (draft 7) fragment."""


class Value(NamedTuple):
    """One kind of value: the check the reader runs, and the JSON Schema that says the
    same to an editor. YAML plain scalars are text to the reader; an editor reads 30 as
    a number, so numbers are allowed where the check reads the text of one."""

    check: Callable[[Any], Any]
    schema: Schema
    null_is_empty: bool = False
    """The check reads null (`cue:` with nothing after it) as empty text."""


def _text_of(grammar: str) -> Schema:
    """A string that is `grammar` once stripped (the checks strip, then fullmatch)."""
    return {"type": "string", "pattern": rf"^\s*(?:{grammar})\s*$"}


_BREAKS = "".join(f"\\u{ord(c):04x}" for c in LINE_BREAKS)
ONE_LINE = rf"^\s*[^{_BREAKS}]*\s*$"
"""Text that is one line once stripped (as label() reads it)."""
ONE_LINE_NOT_BLANK = rf"^\s*[^\s{_BREAKS}][^{_BREAKS}]*\s*$"
"""The same with something to show (as name() and say() read it)."""

_SECONDS_NUMBER: Schema = {"type": "number", "minimum": 0, "maximum": int(MAX_SECONDS)}
_SPAN = rf"(?:{DURATION})\s*(?:-\s*(?:{DURATION}))?"
_COUNTS = r"[0-9]+\s*(?:-\s*[0-9]+)?"
_BREATH = rf"(?:{DURATION})\s*/\s*(?:{DURATION})(?:\s*/\s*(?:{DURATION})\s*/\s*(?:{DURATION}))?"

SECONDS = Value(seconds, {"anyOf": [_SECONDS_NUMBER, _text_of(DURATION)]})
SET_REST = Value(
    set_rest,
    {
        "anyOf": [
            *SECONDS.schema["anyOf"],
            {"type": "array", "items": SECONDS.schema, "minItems": 1, "maxItems": MAX_SETS - 1},
        ]
    },
)
TEMPO = Value(tempo, {"anyOf": [_SECONDS_NUMBER, _text_of(f"{DURATION}|{SELF}")]})
DURATION_SPAN = Value(duration_span, {"anyOf": [_SECONDS_NUMBER, _text_of(_SPAN)]})
HOLD = Value(hold, {"anyOf": [_SECONDS_NUMBER, _text_of(f"{_SPAN}|{MAX_PATTERN}")]})
COUNT_SPAN = Value(
    count_span,
    {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_COUNT}, _text_of(_COUNTS)]},
)
BREATH = Value(breath, _text_of(_BREATH))
TEXT = Value(text, {"type": "string"}, null_is_empty=True)
LABEL = Value(label, {"type": "string", "pattern": ONE_LINE}, null_is_empty=True)
_NAME: Schema = {"type": "string", "minLength": 1, "maxLength": 120, "pattern": ONE_LINE_NOT_BLANK}
NAME = Value(name, _NAME)
SAY = Value(say, {**_NAME, "maxLength": 200})
SETS = Value(
    sets,
    {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_SETS}, _text_of(_COUNTS)]},
)
PER_WEEK = Value(
    per_week,
    {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_PER_WEEK}, _text_of(_COUNTS)]},
)
ID = Value(exercise_id, {"type": "string", "maxLength": 60, "pattern": ID_PATTERN})
USE = Value(use, ID.schema)
SIDES = Value(
    sides,
    {
        "anyOf": [
            _text_of("[bB][oO][tT][hH]"),
            {
                "type": "array",
                "items": _NAME,
                "minItems": 1,
                "maxItems": MAX_SIDES,
                "uniqueItems": True,
            },
        ]
    },
)
