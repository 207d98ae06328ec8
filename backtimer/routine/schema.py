"""The routine file's structure as pydantic models: validation and the JSON Schema."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator

from backtimer.routine.durations import (
    DurationError,
    parse_breath,
    parse_count_span,
    parse_duration_span,
    parse_seconds,
)
from backtimer.routine.model import Breath, Span

_DURATION = r"^\s*(\d+(\.\d+)?\s*(h|m|s)?\s*)+$|^\s*\d+:[0-5]\d\s*$"
_SPAN = r"^[0-9hms:. ]+(-[0-9hms:. ]+)?$"


def _scalar(value: Any) -> Any:
    if isinstance(value, dict | list) or value is None:
        kind = "a mapping" if isinstance(value, dict) else "a list" if value else "nothing"
        raise DurationError(f"expected a single value, got {kind}")
    return value


def _seconds(value: Any) -> float:
    return parse_seconds(_scalar(value))


def _tempo(value: Any) -> float | str:
    if isinstance(value, str) and value.strip().lower() == "self":
        return "self"
    return _seconds(value)


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        raise DurationError("expected text, got a mapping or a list")
    return "" if value is None else str(value)


def _name(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise DurationError("a name cannot be empty")
    if len(text) > 120:
        raise DurationError("a name longer than 120 characters")
    return text


def _int(value: Any, low: int, high: int, what: str) -> int:
    text = str(_scalar(value)).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise DurationError(f"{what} must be a whole number from {low} to {high}")
    return int(text)


def _sides(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) and value.strip().lower() == "both":
        return ("left", "right")
    if not isinstance(value, list) or not value:
        raise DurationError("use 'both' or a list of labels like [left leg, right leg]")
    labels = tuple(_name(v) for v in value)
    if len(set(labels)) != len(labels):
        raise DurationError("each side label must be different")
    return labels


def _schema(**schema: Any) -> WithJsonSchema:
    return WithJsonSchema(schema)


_NUM_OR_TEXT = [{"type": "number"}, {"type": "string"}]
Seconds = Annotated[
    float,
    PlainValidator(_seconds),
    _schema(anyOf=[{"type": "number"}, {"type": "string", "pattern": _DURATION}]),
]
Tempo = Annotated[
    float | str,
    PlainValidator(_tempo),
    _schema(anyOf=[*_NUM_OR_TEXT[:1], {"type": "string", "pattern": f"{_DURATION}|^self$"}]),
]
DurationSpan = Annotated[
    Span,
    PlainValidator(lambda v: parse_duration_span(_scalar(v))),
    _schema(anyOf=[{"type": "number"}, {"type": "string", "pattern": _SPAN}]),
]
CountSpan = Annotated[
    Span,
    PlainValidator(lambda v: parse_count_span(_scalar(v))),
    _schema(
        anyOf=[{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\d+(-\d+)?$"}]
    ),
]
BreathPattern = Annotated[
    Breath,
    PlainValidator(lambda v: parse_breath(_scalar(v))),
    _schema(type="string", pattern=r"^[^/]+/[^/]+(/[^/]+/[^/]+)?$"),
]
Text = Annotated[str, PlainValidator(_text), _schema(type="string")]
Name = Annotated[str, PlainValidator(_name), _schema(type="string", minLength=1, maxLength=120)]
Sets = Annotated[
    int,
    PlainValidator(lambda v: _int(v, 1, 50, "sets")),
    _schema(type="integer", minimum=1, maximum=50),
]
Sides = Annotated[
    tuple[str, ...],
    PlainValidator(_sides),
    _schema(
        anyOf=[{"const": "both"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]
    ),
]
Progress = Annotated[float, PlainValidator(_seconds), _schema(anyOf=_NUM_OR_TEXT)]

WORK_KEYS = ("hold", "time", "reps", "breaths", "flow")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DefaultsIn(_Strict):
    prepare: Seconds | None = Field(None, description="Get-ready countdown before each exercise.")
    rest: Seconds | None = Field(None, description="Rest after each exercise.")
    set_rest: Seconds | None = Field(None, description="Rest between sets of one exercise.")
    switch: Seconds | None = Field(
        None, description="Time to change side or move to the next pose."
    )
    tempo: Tempo | None = Field(None, description="Seconds per paced rep, or 'self'.")
    breath: BreathPattern | None = Field(None, description="in/out or in/hold/out/hold.")


class _WorkIn(_Strict):
    hold: DurationSpan | None = Field(None, description="Hold for this long (or each rep's hold).")
    time: DurationSpan | None = Field(None, description="A continuous timed movement.")
    reps: CountSpan | None = Field(None, description="Repetitions, e.g. 15 or 10-12.")
    breaths: CountSpan | None = Field(None, description="Hold for this many breath cycles.")
    tempo: Tempo | None = Field(None, description="Seconds per paced rep, or 'self'.")
    breath: BreathPattern | None = Field(None, description="Breathing pattern for the pacer.")
    progress: Progress | None = Field(None, description="How far a range steps up: 5s or 1.")

    def work_keys(self) -> list[str]:
        return [k for k in WORK_KEYS if getattr(self, k, None) is not None]

    def check_work(self) -> None:
        keys = self.work_keys()
        if keys == ["hold", "reps"]:
            return
        if len(keys) != 1:
            found = f"found {' and '.join(keys)}" if keys else "found none"
            allowed = "hold, time, reps, breaths" + (
                ", flow" if "flow" in type(self).model_fields else ""
            )
            raise ValueError(f"give exactly one of {allowed} ({found}; hold with reps is allowed)")
        if self.tempo is not None and "reps" not in keys:
            raise ValueError("tempo applies to reps only")


class FlowItemIn(_WorkIn):
    name: Name
    cue: Text = ""

    @model_validator(mode="after")
    def _one_work(self) -> FlowItemIn:
        self.check_work()
        return self


class ExerciseIn(_WorkIn):
    name: Name
    cue: Text = ""
    caution: Text = ""
    flow: list[FlowItemIn] | None = Field(None, min_length=1)
    sides: Sides | None = None
    sets: Sets = 1
    prepare: Seconds | None = None
    rest: Seconds | None = None
    set_rest: Seconds | None = None
    switch: Seconds | None = None

    @model_validator(mode="after")
    def _one_work(self) -> ExerciseIn:
        self.check_work()
        return self


class SectionIn(_Strict):
    name: Text = ""
    defaults: DefaultsIn | None = None
    exercises: list[ExerciseIn] = Field(min_length=1)


class RoutineIn(_Strict):
    name: Name
    description: Text = ""
    caution: Text = ""
    defaults: DefaultsIn | None = None
    sections: list[SectionIn] | None = Field(None, min_length=1)
    exercises: list[ExerciseIn] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _sections_or_exercises(self) -> RoutineIn:
        if (self.sections is None) == (self.exercises is None):
            raise ValueError("give either 'sections:' or a flat 'exercises:' list (exactly one)")
        return self


def json_schema() -> dict[str, Any]:
    schema = RoutineIn.model_json_schema()
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "backtimer routine"
    return schema
