"""The YAML tree -> the Routine without pydantic, when the tree is a valid routine (the
common case: no pydantic import and no model objects, so a long file loads much faster).
No textual.

It accepts what the schema (schema.py) accepts, with the same checks (fields.py) and the
same builder (build.py). On anything else it returns None, and the schema runs to say what
is wrong and where, so every message still comes from one place. tests/unit/test_direct.py
holds the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backtimer.routine import fields
from backtimer.routine.build import build_routine
from backtimer.routine.model import Routine, Span

Check = Callable[[Any], Any]
Parsed = dict[str, Any]


class _Refused(ValueError):
    """The tree is not a valid routine: the schema takes over to report it."""


class Kind:
    """One kind of mapping in a routine file, as the schema declares it."""

    def __init__(
        self,
        checks: dict[str, Check],
        *,
        nested: tuple[str, ...] = (),
        defaults: dict[str, Any] | None = None,
        required: tuple[str, ...] = (),
    ) -> None:
        self.checks = checks
        """The check of each key that holds a value."""
        self.nested = nested
        """Keys that hold a mapping or a list of mappings (read by _Reader)."""
        self.defaults = defaults or {}
        """Keys that are not optional but have a default: given as null, their check runs."""
        self.required = required
        self.keys: dict[str, tuple[Check | None, bool]] = {
            key: (checks.get(key), key in self.defaults or key in required)
            for key in (*checks, *nested)
        }
        """Each key's check (None for a nested key), and whether null is checked too."""


_SETTINGS = {
    "prepare": fields.seconds,
    "rest": fields.seconds,
    "set_rest": fields.seconds,
    "switch": fields.seconds,
}
_WORK = {
    "hold": fields.duration_span,
    "time": fields.duration_span,
    "reps": fields.count_span,
    "breaths": fields.count_span,
    "tempo": fields.tempo,
    "breath": fields.breath,
    "progress": fields.seconds,
}
DEFAULTS = Kind({**_SETTINGS, "tempo": fields.tempo, "breath": fields.breath})
FLOW_ITEM = Kind(
    {**_WORK, "name": fields.name, "cue": fields.text, "say": fields.say},
    defaults={"cue": ""},
    required=("name",),
)
EXERCISE = Kind(
    {
        **_WORK,
        **_SETTINGS,
        "name": fields.name,
        "cue": fields.text,
        "say": fields.say,
        "caution": fields.text,
        "sides": fields.sides,
        "sets": fields.sets,
    },
    nested=("flow",),
    defaults={"cue": "", "caution": "", "sets": Span(1, 1)},
    required=("name",),
)
SECTION = Kind(
    {"name": fields.label},
    nested=("defaults", "exercises"),
    defaults={"name": ""},
    required=("exercises",),
)
ROUTINE = Kind(
    {"name": fields.name, "description": fields.text, "caution": fields.text},
    nested=("defaults", "sections", "exercises"),
    defaults={"description": "", "caution": ""},
    required=("name",),
)


def build_direct(data: Any, source: str) -> Routine | None:
    """The routine, or None when the tree is not a valid routine."""
    try:
        parsed = _Reader().routine(data)
    except ValueError:  # _Refused, or a check's DurationError
        return None
    return build_routine(parsed, source)


class _Reader:
    def __init__(self) -> None:
        self.seen: dict[tuple[Check, str], Any] = {}
        """Checked text by (check, text): a long routine repeats a few values."""

    def routine(self, raw: Any) -> Parsed:
        out = self.mapping(raw, ROUTINE)
        self.defaults(out)
        self.each(out, "sections", self.section)
        self.each(out, "exercises", self.exercise)
        if (out.get("sections") is None) == (out.get("exercises") is None):
            raise _Refused
        return out

    def section(self, raw: Any) -> Parsed:
        out = self.mapping(raw, SECTION)
        self.defaults(out)
        self.each(out, "exercises", self.exercise)
        return out

    def exercise(self, raw: Any) -> Parsed:
        out = self.mapping(raw, EXERCISE)
        self.each(out, "flow", self.flow_item)
        fields.check_work(out, with_flow=True)
        return out

    def flow_item(self, raw: Any) -> Parsed:
        out = self.mapping(raw, FLOW_ITEM)
        fields.check_work(out, with_flow=False)
        return out

    def defaults(self, out: Parsed) -> None:
        if "defaults" in out:
            out["defaults"] = self.mapping(out["defaults"], DEFAULTS)

    def each(self, out: Parsed, key: str, read: Callable[[Any], Parsed]) -> None:
        """A non-empty list of mappings, when the key was given."""
        if key in out:
            items = out[key]
            if type(items) is not list or not items:
                raise _Refused
            out[key] = [read(item) for item in items]

    def mapping(self, raw: Any, kind: Kind) -> Parsed:
        """The checked values of a mapping's keys; nested keys stay as they are."""
        if type(raw) is not dict:
            raise _Refused
        out = dict(kind.defaults)
        keys = kind.keys
        for key, value in raw.items():
            check, strict = keys.get(key) or _UNKNOWN
            if value is None and not strict:
                continue  # an optional key given as null: not given
            if check is not None:
                out[key] = self.check(check, value) if type(value) is str else check(value)
            else:
                out[key] = value
        if any(key not in out for key in kind.required):
            raise _Refused
        return out

    def check(self, check: Check, text: str) -> Any:
        key = (check, text)
        try:
            return self.seen[key]
        except KeyError:
            checked = self.seen[key] = check(text)
            return checked


def _unknown(value: Any) -> Any:
    raise _Refused


_UNKNOWN: tuple[Check | None, bool] = (_unknown, True)
