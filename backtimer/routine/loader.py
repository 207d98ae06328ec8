"""Routine files -> validated immutable Routine, or every problem as FILE:LINE:COL."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer import startup_gc
from backtimer.routine import cache
from backtimer.routine.model import Routine

if TYPE_CHECKING:
    from backtimer.routine.yamltree import Problem

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
    digest = hashlib.sha256(raw).hexdigest()
    cached = cache.get(digest)
    if cached is not None:
        return cached._replace(source=source, digest=digest)
    text = _decode(raw, source)
    with startup_gc.paused():  # one object per YAML node, nearly all kept: nothing to collect
        routine = load_text(text, source)._replace(digest=digest)
        cache.put(digest, routine)
    return routine


def load_text(text: str, source: str = "<routine>") -> Routine:
    if not text.strip():
        _fail(source, 1, 1, "the file is empty: a routine needs name: and sections: or exercises:")
    from backtimer.routine.yamltree import parse_tree  # PyYAML: only when not cached

    tree = parse_tree(text)
    if tree.problems:
        raise RoutineError([_locate(source, p) for p in tree.problems])
    if not isinstance(tree.data, dict):
        _fail(source, 1, 1, "a routine is a mapping with name: and sections: or exercises:")
    from backtimer.routine.direct import build_direct

    routine = build_direct(tree.data, source)
    if routine is not None:
        return routine
    from backtimer.routine.validate import validate  # pydantic: only for a file with problems

    problems, routine = validate(tree, source)
    if routine is None:
        raise RoutineError([Located(source, p.line, p.col, p.message) for p in problems])
    return routine


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
