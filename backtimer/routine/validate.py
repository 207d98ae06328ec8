"""Checking a parsed YAML tree against the routine schema (pydantic), with positions."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from backtimer.routine.build import build_routine
from backtimer.routine.model import Routine
from backtimer.routine.schema import DefaultsIn, ExerciseIn, FlowItemIn, RoutineIn, SectionIn
from backtimer.routine.shown import quote
from backtimer.routine.yamltree import MAX_PROBLEMS, Problem, Tree, more_problems


def validate(tree: Tree, source: str) -> tuple[list[Problem], Routine | None]:
    """Every problem with its line and column, or the built routine."""
    try:
        parsed = RoutineIn.model_validate(tree.data)
    except ValidationError as err:
        return _pydantic_problems(err, tree), None
    return [], build_routine(parsed, source)


def _pydantic_problems(err: ValidationError, tree: Tree) -> list[Problem]:
    """Every error's position first; messages (which may look for the closest key) only
    for the first MAX_PROBLEMS, then one line that says more follow."""
    placed = []
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        line, col = tree.where(loc, value=e["type"] not in ("extra_forbidden", "missing"))
        placed.append((line, col, loc, e))
    placed.sort(key=lambda p: (p[0], p[1]))
    out: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for i, (line, col, loc, e) in enumerate(placed):
        if len(out) == MAX_PROBLEMS:
            return [*out, more_problems(line, col, len(placed) - i)]
        message = f"{tree.label(loc)}: {_message(e, loc)}" if loc else _message(e, loc)
        if (line, col, message) not in seen:
            seen.add((line, col, message))
            out.append(Problem(line, col, message))
    return out


def _message(e: object, loc: tuple[object, ...]) -> str:
    assert isinstance(e, dict)
    kind, msg = e["type"], str(e["msg"])
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), loc[:-1])
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind in ("too_short", "list_type"):
        return "expected a non-empty list" if kind == "too_short" else "expected a list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of keys"
    return msg.removeprefix("Value error, ")


def _unknown_key(key: str, parent: tuple[object, ...]) -> str:
    model = _model_at(parent)
    valid = sorted(model.model_fields) if model else []
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f", did you mean '{close[0]}'?" if close else f" (valid keys: {', '.join(valid)})"
    return f"unknown key {quote(key)}{hint}"


def _model_at(path: tuple[object, ...]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at `path`."""
    model: type[BaseModel] | None = RoutineIn
    for part in path:
        if not isinstance(part, int):
            model = _NESTED.get(str(part))
    return model


_NESTED: dict[str, type[BaseModel]] = {
    "defaults": DefaultsIn,
    "sections": SectionIn,
    "exercises": ExerciseIn,
    "flow": FlowItemIn,
}
