"""Routine files -> validated immutable Routine, or every problem as FILE:LINE:COL."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from backtimer.routine.model import Routine
from backtimer.routine.shown import one_line

if TYPE_CHECKING:
    from backtimer.routine.tree import Problem

MAX_BYTES = 4 * 1024 * 1024


class Located(NamedTuple):
    """A problem with its file: prints as FILE:LINE:COL: message, always on one line."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{one_line(self.file)}:{self.line}:{self.col}: {one_line(self.message)}"


class RoutineError(Exception):
    """A routine file with problems; `problems` lists every one found."""

    def __init__(self, problems: list[Located]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class NotAFile(OSError):
    """A path that is not a regular file (a directory, FIFO, device or socket): it is
    never read, so nothing blocks on it. `strerror` says what it is."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(0, f"{kind}, not a routine file", str(path))

    def __str__(self) -> str:
        return f"{self.strerror}: {one_line(str(self.filename))}"


def load_routine(path: Path) -> Routine:
    """Read and validate a routine file. Raises RoutineError, or OSError if unreadable
    (NotAFile when the path is not a regular file)."""
    return load_bytes(read_file(path), str(path))


def read_file(path: Path) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file. What the path is, is checked before
    opening it (a device is never opened), and again on what was opened, without waiting
    for a writer (a path swapped for a FIFO in between)."""
    kind = not_a_file(os.stat(path).st_mode)
    if kind:
        raise NotAFile(path, kind)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as f:
        kind = not_a_file(os.fstat(f.fileno()).st_mode)
        if kind:
            raise NotAFile(path, kind)
        return f.read(MAX_BYTES + 1)


def not_a_file(mode: int) -> str:
    """What a path with this st_mode is, when it is not a regular file; '' when it is."""
    if stat.S_ISREG(mode):
        return ""
    for test, kind in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def load_bytes(raw: bytes, source: str) -> Routine:
    if len(raw) > MAX_BYTES:
        _fail(source, 1, 1, f"file larger than {MAX_BYTES // (1024 * 1024)} MiB: not a routine")
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(raw, source)
    return load_text(text, source)._replace(digest=digest)


def load_text(text: str, source: str = "<routine>") -> Routine:
    if not text.strip():
        _fail(source, 1, 1, "the file is empty: a routine needs name: and sections: or exercises:")
    from backtimer.routine import limits
    from backtimer.routine.tree import capped
    from backtimer.routine.treecache import read_tree

    tree = read_tree(text)
    if tree.problems:
        raise RoutineError([_locate(source, p) for p in capped(tree.problems)])
    if not isinstance(tree.data, dict):
        _fail(source, 1, 1, "a routine is a mapping with name: and sections: or exercises:")
    too_big = limits.tree_problems(tree)  # before any value is checked: lists too long
    if too_big:
        raise RoutineError(_with_duplicates(source, too_big, tree.duplicates))
    from backtimer.routine.validate import validate

    problems, routine = validate(tree, source)
    if routine is None or tree.duplicates:
        raise RoutineError(_with_duplicates(source, problems, tree.duplicates))
    too_long = limits.timeline_problems(routine, tree)  # multiplied out, never built
    if too_long:
        raise RoutineError([_locate(source, p) for p in too_long])
    return routine


def _decode(raw: bytes, source: str) -> str:
    if b"\x00" in raw:
        line, col = _where_byte(raw, raw.index(b"\x00"))
        _fail(source, line, col, "binary data (a NUL byte): not a routine file")
    # A byte-order mark is dropped by hand: the "utf-8-sig" codec is a module to import.
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _where_byte(raw, err.start + bom)
        _fail(source, line, col, "not UTF-8 text: save the routine as UTF-8")
    raise AssertionError("unreachable")


def _where_byte(raw: bytes, index: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, index) + 1
    return line, index - (raw.rfind(b"\n", 0, index) + 1) + 1


def _fail(source: str, line: int, col: int, message: str) -> None:
    raise RoutineError([Located(source, line, col, message)])


def _with_duplicates(
    source: str, problems: list[Problem], duplicates: list[Problem]
) -> list[Located]:
    """The reader's problems (capped already) and the duplicate keys together, in the
    file's order."""
    from backtimer.routine.tree import capped

    merged = sorted([*capped(duplicates), *problems], key=lambda p: (p.line, p.col))
    return [_locate(source, p) for p in merged]


def _locate(source: str, p: Problem) -> Located:
    return Located(source, p.line, p.col, p.message)
