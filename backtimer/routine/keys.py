"""The routine file's keys, written once: which mapping holds which key, what its value
may be (fields.py), whether it is required, its default and what it means. The reader
(validate.py) reads the YAML tree with this table; schema.py writes the JSON Schema
from it. No textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from backtimer.routine import fields
from backtimer.routine.fields import Value, check_work
from backtimer.routine.limits import MAX_EXERCISES, MAX_FLOW
from backtimer.routine.model import Span

Parsed = dict[str, Any]
"""A mapping's checked values by key."""


class Key(NamedTuple):
    """One key of a mapping: a value (`value`), a mapping (`kind`), or a non-empty list
    of mappings (`kind` with `most`, the longest list the schema allows)."""

    value: Value | None = None
    kind: Kind | None = None
    most: int = 0
    required: bool = False
    default: Any = None
    """The parsed value when the key is absent; with one, a null value is checked too
    (else null is the same as absent)."""
    shown_default: Any = None
    """The default as the JSON Schema shows it, when it is not `default`."""
    about: str = ""

    @property
    def null_is_checked(self) -> bool:
        return self.required or self.default is not None


class Kind:
    """One kind of mapping: its keys, in the order problems are listed, and a check of
    the whole mapping, run once every key is valid."""

    def __init__(
        self,
        title: str,
        keys: dict[str, Key],
        whole: Callable[[Parsed], None] | None = None,
        *,
        unless: Mapping[str, str] | None = None,
        resolve: Callable[[Parsed, Mapping[str, Any]], Parsed] | None = None,
    ) -> None:
        self.title = title
        """Its name in the JSON Schema's $defs."""
        self.keys = keys
        self.whole = whole
        """Raises ValueError with the message when the mapping's keys do not fit together."""
        self.place = {key: i for i, key in enumerate(keys)}
        self.defaults = {k: key.default for k, key in keys.items() if key.default is not None}
        self.required = tuple(k for k, key in keys.items() if key.required)
        self.null_checked = {k for k, key in keys.items() if key.null_is_checked}
        self.unless = dict(unless or {})
        """A required key that another key makes optional: name, when `use` is given."""
        self.resolve = resolve
        """Completes the checked values (a library exercise's keys) before `whole`."""


def _work(parsed: Parsed) -> None:
    check_work(parsed, with_flow=False)


def _exercise_work(parsed: Parsed) -> None:
    check_work(parsed, with_flow=True)
    fields.check_set_rests(parsed)


def _sections_or_exercises(parsed: Parsed) -> None:
    if (parsed.get("sections") is None) == (parsed.get("exercises") is None):
        raise ValueError("give either 'sections:' or a flat 'exercises:' list (exactly one)")


_TEMPO = Key(fields.TEMPO, about="Seconds per paced rep, or 'self'.")
_SETTINGS = {
    "prepare": Key(fields.SECONDS, about="Get-ready countdown before each exercise."),
    "rest": Key(fields.SECONDS, about="Rest after each exercise."),
    "set_rest": Key(
        fields.SET_REST,
        about="Rest between sets of one exercise: 30s, or one per set in order,"
        " [30s, 45s, 1m] (the last repeats).",
    ),
    "switch": Key(fields.SECONDS, about="Time to change side or move to the next pose."),
}
_WORK = {
    "hold": Key(
        fields.HOLD,
        about="Hold for this long (or each rep's hold); max: as long as you can, a clock"
        " counting up that Enter ends, or its cap (max 2m).",
    ),
    "time": Key(fields.DURATION_SPAN, about="A continuous timed movement."),
    "reps": Key(fields.COUNT_SPAN, about="Repetitions, e.g. 15 or 10-12."),
    "breaths": Key(fields.COUNT_SPAN, about="Hold for this many breath cycles."),
    "tempo": _TEMPO,
    "breath": Key(fields.BREATH, about="Breathing pattern for the pacer."),
    "progress": Key(fields.SECONDS, about="How far a range steps up: 5s or 1."),
}
_NAME = Key(fields.NAME, required=True)
_CUE = Key(fields.TEXT, default="", about="What to do, shown during the exercise.")
_SAY = Key(fields.SAY, about="Spoken in place of the name, e.g. 'Cat cow'.")

DEFAULTS = Kind(
    "DefaultsIn",
    {
        **_SETTINGS,
        "tempo": _TEMPO,
        "breath": Key(fields.BREATH, about="in/out or in/hold/out/hold."),
    },
)
FLOW_ITEM = Kind("FlowItemIn", {**_WORK, "name": _NAME, "cue": _CUE, "say": _SAY}, whole=_work)
EXERCISE = Kind(
    "ExerciseIn",
    {
        "use": Key(
            fields.USE,
            about="An exercise of the library (backtimer exercises) by its id; the keys"
            " given here replace the library's, and any of hold, time, reps, breaths or"
            " flow replaces its whole dose (with sets, tempo, breath and progress).",
        ),
        **_WORK,
        "name": _NAME,
        "cue": _CUE,
        "say": _SAY,
        "caution": Key(fields.TEXT, default="", about="A warning for this exercise."),
        "flow": Key(kind=FLOW_ITEM, most=MAX_FLOW, about="Poses done one after another."),
        "sides": Key(fields.SIDES, about="'both' (left then right) or a list of labels."),
        "sets": Key(
            fields.SETS,
            default=Span(1, 1),
            shown_default=1,
            about="How many sets: 3, or a range like 2-3.",
        ),
        **_SETTINGS,
    },
    whole=_exercise_work,
    unless={"name": "use"},
    resolve=lambda parsed, node: use_library(parsed, node),
)
_DEFAULTS = Key(kind=DEFAULTS, about="Timing settings for every exercise below.")
SECTION = Kind(
    "SectionIn",
    {
        "name": Key(fields.LABEL, default="", about="Shown above the exercise name."),
        "defaults": _DEFAULTS,
        "exercises": Key(kind=EXERCISE, most=MAX_EXERCISES, required=True),
    },
)
ROUTINE = Kind(
    "backtimer routine",
    {
        "name": _NAME,
        "description": Key(
            fields.TEXT, default="", about="Shown in the picker and on the start card."
        ),
        "caution": Key(
            fields.TEXT, default="", about="Shown in the picker, on the start card and by show."
        ),
        "defaults": _DEFAULTS,
        "sections": Key(kind=SECTION, most=MAX_EXERCISES),
        "exercises": Key(kind=EXERCISE, most=MAX_EXERCISES),
        "per_week": Key(
            fields.PER_WEEK,
            about="How many times a week the routine is meant to be done: 3, or a range"
            " like 2-3. Shown on the start card and by show; stats ROUTINE counts toward it.",
        ),
    },
    whole=_sections_or_exercises,
)

LIBRARY_EXERCISE = Kind(
    "LibraryExerciseIn",
    {
        "id": Key(fields.ID, required=True, about="What a routine's 'use:' names it by."),
        "name": _NAME,
        "say": _SAY,
        "cue": _CUE,
        "caution": EXERCISE.keys["caution"],
        "sides": EXERCISE.keys["sides"],
        **_WORK,
        "flow": EXERCISE.keys["flow"],
        "sets": EXERCISE.keys["sets"],
        "source": Key(fields.TEXT, required=True, about="The article it is taken from."),
    },
    whole=_exercise_work,
)
LIBRARY = Kind(
    "backtimer exercise library",
    {"exercises": Key(kind=LIBRARY_EXERCISE, most=MAX_EXERCISES, required=True)},
)
"""A library file (routines/library/*.yaml): exercises, each defined once."""

DOSE = (*fields.WORK_KEYS, "tempo", "breath", "progress", "sets")
"""What a routine's own work key replaces of a library exercise, as a whole."""
LIBRARY_ONLY = ("id", "source")


def use_library(parsed: Parsed, node: Mapping[str, Any]) -> Parsed:
    """An exercise that uses one of the library: the library's keys, then those the
    routine gives. Any work key given replaces the library's whole dose."""
    entry = parsed.pop("use", None)
    if entry is None:
        return parsed
    given = [k for k in node if k in parsed]
    own_dose = any(k in given for k in fields.WORK_KEYS)
    merged = {
        k: v for k, v in entry.items() if k not in LIBRARY_ONLY and not (own_dose and k in DOSE)
    }
    merged.update((k, parsed[k]) for k in given)
    for k, v in parsed.items():
        merged.setdefault(k, v)
    return merged
