"""The routine file's structure as pydantic models: validation and the JSON Schema."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator

from backtimer.routine import fields
from backtimer.routine.fields import check_work
from backtimer.routine.model import Breath, Span

_DURATION = r"^\s*(\d+(\.\d+)?\s*(h|m|s)?\s*)+$|^\s*\d+:[0-5]\d\s*$"
_SPAN = r"^[0-9hms:. ]+(-[0-9hms:. ]+)?$"


def _schema(**schema: Any) -> WithJsonSchema:
    return WithJsonSchema(schema)


_NUM_OR_TEXT = [{"type": "number"}, {"type": "string"}]
Seconds = Annotated[
    float,
    PlainValidator(fields.seconds),
    _schema(anyOf=[{"type": "number"}, {"type": "string", "pattern": _DURATION}]),
]
Tempo = Annotated[
    float | str,
    PlainValidator(fields.tempo),
    _schema(anyOf=[*_NUM_OR_TEXT[:1], {"type": "string", "pattern": f"{_DURATION}|^self$"}]),
]
DurationSpan = Annotated[
    Span,
    PlainValidator(fields.duration_span),
    _schema(anyOf=[{"type": "number"}, {"type": "string", "pattern": _SPAN}]),
]
CountSpan = Annotated[
    Span,
    PlainValidator(fields.count_span),
    _schema(
        anyOf=[{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\d+(-\d+)?$"}]
    ),
]
BreathPattern = Annotated[
    Breath,
    PlainValidator(fields.breath),
    _schema(type="string", pattern=r"^[^/]+/[^/]+(/[^/]+/[^/]+)?$"),
]
Text = Annotated[str, PlainValidator(fields.text), _schema(type="string")]
Label = Annotated[str, PlainValidator(fields.label), _schema(type="string")]
Name = Annotated[
    str, PlainValidator(fields.name), _schema(type="string", minLength=1, maxLength=120)
]
Say = Annotated[
    str,
    PlainValidator(fields.say),
    _schema(type="string", minLength=1, maxLength=200, pattern=r"^[^\n\u2028\u2029]*\s*$"),
]
Sets = Annotated[
    Span,
    PlainValidator(fields.sets),
    _schema(
        anyOf=[
            {"type": "integer", "minimum": 1, "maximum": fields.MAX_SETS},
            {"type": "string", "pattern": r"^\s*\d+\s*(-\s*\d+\s*)?$"},
        ]
    ),
]
Sides = Annotated[
    tuple[str, ...],
    PlainValidator(fields.sides),
    _schema(
        anyOf=[{"const": "both"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]
    ),
]
Progress = Annotated[float, PlainValidator(fields.seconds), _schema(anyOf=_NUM_OR_TEXT)]


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

    def check_work(self) -> None:
        check_work(dict(self), with_flow="flow" in type(self).model_fields)


class FlowItemIn(_WorkIn):
    name: Name
    cue: Text = ""
    say: Say | None = Field(None, description="Spoken in place of the name, e.g. 'Cat cow'.")

    @model_validator(mode="after")
    def _one_work(self) -> FlowItemIn:
        self.check_work()
        return self


class ExerciseIn(_WorkIn):
    name: Name
    cue: Text = ""
    say: Say | None = Field(None, description="Spoken in place of the name, e.g. 'Cat cow'.")
    caution: Text = ""
    flow: list[FlowItemIn] | None = Field(None, min_length=1)
    sides: Sides | None = None
    sets: Sets = Field(
        Span(1, 1),
        description="How many sets: 3, or a range like 2-3.",
        json_schema_extra={"default": 1},
    )
    prepare: Seconds | None = None
    rest: Seconds | None = None
    set_rest: Seconds | None = None
    switch: Seconds | None = None

    @model_validator(mode="after")
    def _one_work(self) -> ExerciseIn:
        self.check_work()
        return self


class SectionIn(_Strict):
    name: Label = ""
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
