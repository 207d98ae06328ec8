"""A routine file read as plain data (dicts, lists, strings) with the position of every
node, and the problems found reading it. No YAML here: yamltree.py builds a Tree from
the parser's events, treecache.py from a clean one kept as JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from backtimer.routine.shown import quote

MAX_DEPTH = 32
MAX_NODES = 50_000
"""Values (scalars, lists and mappings) in one file: a real routine has under a thousand.
Reading stops past it, so no file makes the reader (or what follows) run for long."""
Path = tuple[str | int, ...]


MAX_PROBLEMS = 100
"""Problems reported for one file; past them, one line says the list stops there."""


class Problem(NamedTuple):
    line: int
    col: int
    message: str


def capped(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems, then one that says more follow (at the next one)."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = problems[MAX_PROBLEMS]
    return [
        *problems[:MAX_PROBLEMS],
        more_problems(rest.line, rest.col, len(problems) - MAX_PROBLEMS),
    ]


def more_problems(line: int, col: int, count: int) -> Problem:
    return Problem(line, col, f"{count:,} more problems from here on are not listed")


Marks = dict[Path, tuple[int, int]]
"""1-based (line, col) by path."""


class Tree:
    """The data, where each node stands, and what went wrong reading it."""

    def __init__(
        self,
        data: Any = None,
        marks: Marks | None = None,
        key_marks: Marks | None = None,
        *,
        positions: Callable[[], tuple[Marks, Marks]] | None = None,
    ) -> None:
        self.data = data
        self._tables = None if positions else (marks or {}, key_marks or {})
        self._positions = positions
        """Gives both tables when first asked for (a cached tree: only a problem needs
        a position, and a routine that loads has none)."""
        self.problems: list[Problem] = []
        self.duplicates: list[Problem] = []
        """Keys given twice: the first is read and the rest of the file is still checked,
        so these are listed with the reader's problems (they never stop it)."""

    @property
    def marks(self) -> Marks:
        """1-based (line, col) of each node's value, by path."""
        return self._read()[0]

    @property
    def key_marks(self) -> Marks:
        """1-based (line, col) of each mapping key, by the path of its value."""
        return self._read()[1]

    def _read(self) -> tuple[Marks, Marks]:
        if self._tables is None:
            assert self._positions is not None
            self._tables, self._positions = self._positions(), None
        return self._tables

    def where(self, path: Path, *, value: bool = False) -> tuple[int, int]:
        """The closest known position for `path` (its key or value, else a parent's)."""
        for i in range(len(path), -1, -1):
            p = path[:i]
            first, second = (self.marks, self.key_marks) if value else (self.key_marks, self.marks)
            if p in first:
                return first[p]
            if p in second:
                return second[p]
        return (1, 1)

    def label(self, path: Path) -> str:
        """sections[1].exercises[0] (Plank).hold: the key path, with names where known."""
        text = ""
        for i, part in enumerate(path):
            if isinstance(part, int):
                name = self.name_at(path[: i + 1])
                text += f"[{part}]" + (f" ({quote(name)[1:-1]})" if name else "")
            else:
                text += f".{part}" if text else part
        return text

    def name_at(self, path: Path) -> str | None:
        """The `name:` of the mapping at `path`, if it has one."""
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        name = node.get("name") if isinstance(node, dict) else None
        return name if isinstance(name, str) else None
