"""Routine files -> validated immutable Routine, or every problem as FILE:LINE:COL."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from backtimer.routine.build import build_routine
from backtimer.routine.model import Routine
from backtimer.routine.schema import DefaultsIn, ExerciseIn, FlowItemIn, RoutineIn, SectionIn
from backtimer.routine.yamltree import Problem, Tree, parse_tree

MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Located:
    """A problem with its file: prints as FILE:LINE:COL: message."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class RoutineError(Exception):
    """A routine file with problems; `problems` lists every one found."""

    def __init__(self, problems: list[Located]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_routine(path: Path) -> Routine:
    """Read and validate a routine file. Raises RoutineError, or OSError if unreadable."""
    with path.open("rb") as f:
        raw = f.read(MAX_BYTES + 1)
    return load_bytes(raw, str(path))


def load_bytes(raw: bytes, source: str) -> Routine:
    if len(raw) > MAX_BYTES:
        _fail(source, 1, 1, f"file larger than {MAX_BYTES // (1024 * 1024)} MiB: not a routine")
    text = _decode(raw, source)
    routine = load_text(text, source)
    return _with_digest(routine, hashlib.sha256(raw).hexdigest())


def load_text(text: str, source: str = "<routine>") -> Routine:
    if not text.strip():
        _fail(source, 1, 1, "the file is empty: a routine needs name: and sections: or exercises:")
    tree = parse_tree(text)
    if tree.problems:
        raise RoutineError([_locate(source, p) for p in tree.problems])
    if not isinstance(tree.data, dict):
        _fail(source, 1, 1, "a routine is a mapping with name: and sections: or exercises:")
    try:
        parsed = RoutineIn.model_validate(tree.data)
    except ValidationError as err:
        raise RoutineError(_pydantic_problems(err, tree, source)) from None
    return build_routine(parsed, source)


def _with_digest(routine: Routine, digest: str) -> Routine:
    from dataclasses import replace

    return replace(routine, digest=digest)


def _decode(raw: bytes, source: str) -> str:
    if b"\x00" in raw:
        line, col = _where_byte(raw, raw.index(b"\x00"))
        _fail(source, line, col, "binary data (a NUL byte): not a routine file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, col = _where_byte(raw, err.start)
        _fail(source, line, col, "not UTF-8 text: save the routine as UTF-8")
    raise AssertionError("unreachable")


def _where_byte(raw: bytes, index: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, index) + 1
    return line, index - (raw.rfind(b"\n", 0, index) + 1) + 1


def _fail(source: str, line: int, col: int, message: str) -> None:
    raise RoutineError([Located(source, line, col, message)])


def _locate(source: str, p: Problem) -> Located:
    return Located(source, p.line, p.col, p.message)


def _pydantic_problems(err: ValidationError, tree: Tree, source: str) -> list[Located]:
    out: list[Located] = []
    seen: set[tuple[int, int, str]] = set()
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        line, col = tree.where(loc, value=e["type"] not in ("extra_forbidden", "missing"))
        message = f"{_dotted(loc, tree)}: {_message(e, loc)}" if loc else _message(e, loc)
        if (line, col, message) not in seen:
            seen.add((line, col, message))
            out.append(Located(source, line, col, message))
    out.sort(key=lambda p: (p.line, p.col))
    return out


def _dotted(loc: tuple[str | int, ...], tree: Tree) -> str:
    """sections[1].exercises[0] (Plank).hold: the key path, with names where known."""
    text = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            name = tree.name_at(loc[: i + 1])
            text += f"[{part}]" + (f" ({name})" if name else "")
        else:
            text += f".{part}" if text else part
    return text


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
    return f"unknown key '{key}'{hint}"


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
