"""The one reader of routine files: the YAML tree -> every problem with its line and
column, or the Routine. Table-driven (keys.py says which mapping holds which key, and
fields.py what each value may be); no textual.

Problems are listed in the file's order; two at one place in the order of the table's
keys (a missing key is reported at its mapping), unknown keys last. A check of the whole
mapping (one kind of work) runs only when its keys are all valid, and the routine's own
check only when nothing else is wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, NamedTuple

from backtimer.routine.build import build_routine
from backtimer.routine.fields import AtKey
from backtimer.routine.keys import ROUTINE, Key, Kind, Parsed
from backtimer.routine.model import Routine
from backtimer.routine.shown import quote
from backtimer.routine.tree import MAX_PROBLEMS, Path, Problem, Tree, more_problems


def validate(tree: Tree, source: str) -> tuple[list[Problem], Routine | None]:
    """Every problem with its line and column, or the built routine."""
    problems, parsed = read(tree, ROUTINE)
    if parsed is None:
        return problems, None
    return [], build_routine(parsed, source)


def read(tree: Tree, kind: Kind) -> tuple[list[Problem], Parsed | None]:
    """Every problem with its line and column, or the checked values of a `kind` file."""
    reader = _Reader()
    parsed = reader.mapping(tree.data, kind, ())
    if parsed is None:
        return _listed(reader.found, tree), None
    return [], parsed


class _Found(NamedTuple):
    path: Path
    message: str | Callable[[], str]
    """The message, or what makes it (only listed problems get one)."""
    at_value: bool = True
    """At the value (or mapping) itself, else at its key (or the parent's)."""


class _Reader:
    def __init__(self) -> None:
        self.found: list[_Found] = []

    def mapping(self, node: Any, kind: Kind, path: Path) -> Parsed | None:
        """The checked values of a mapping's keys; None when any of them has a problem."""
        if type(node) is not dict:
            self.found.append(_Found(path, "expected a mapping of keys"))
            return None
        found = self.found
        out = dict(kind.defaults)
        late: list[tuple[int, list[_Found]]] = []
        """This mapping's problems by the place of their key in the table (unknown keys
        after them all), to be listed in that order."""
        for key, value in node.items():
            spec = kind.keys.get(key)
            if spec is None:
                unknown = _Found((*path, key), _unknown(key, kind), at_value=False)
                late.append((len(kind.place), [unknown]))
            elif value is None and key not in kind.null_checked:
                continue  # an optional key given as null: not given
            elif spec.value is not None:
                try:
                    out[key] = spec.value.check(value)
                except ValueError as err:
                    late.append((kind.place[key], [_Found((*path, key), str(err))]))
            else:
                before = len(found)
                out[key] = self.nested(value, spec, (*path, key))
                if len(found) > before:
                    late.append((kind.place[key], found[before:]))
                    del found[before:]
        for key in kind.required:
            if key not in node and kind.unless.get(key) not in node:
                missing = _Found((*path, key), _missing(key), at_value=False)
                late.append((kind.place[key], [missing]))
        if late:
            late.sort(key=lambda problems: problems[0])
            for _, problems in late:
                found += problems
            return None
        if kind.resolve is not None:
            out = kind.resolve(out, node)
        if kind.whole is not None:
            try:
                kind.whole(out)
            except AtKey as err:
                found.append(_Found((*path, err.key), str(err)))
                return None
            except ValueError as err:
                found.append(_Found(path, str(err)))
                return None
        return out

    def nested(self, value: Any, spec: Key, path: Path) -> Any:
        """A mapping, or a non-empty list of them."""
        assert spec.kind is not None
        if not spec.most:
            return self.mapping(value, spec.kind, path)
        if type(value) is not list:
            self.found.append(_Found(path, "expected a list"))
        elif not value:
            self.found.append(_Found(path, "expected a non-empty list"))
        else:
            return [self.mapping(item, spec.kind, (*path, i)) for i, item in enumerate(value)]
        return None


def _missing(key: str) -> str:
    return f"missing required key '{key}'"


def _unknown(key: str, kind: Kind) -> Callable[[], str]:
    def message() -> str:
        valid = sorted(kind.keys)
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hint = f", did you mean '{close[0]}'?" if close else f" (valid keys: {', '.join(valid)})"
        return f"unknown key {quote(key)}{hint}"

    return message


def _listed(found: list[_Found], tree: Tree) -> list[Problem]:
    """In the file's order; messages (which may look for the closest key) only for the
    first MAX_PROBLEMS, then one line that says more follow."""
    placed = sorted(
        ((*tree.where(f.path, value=f.at_value), f) for f in found), key=lambda p: p[:2]
    )
    out: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for i, (line, col, f) in enumerate(placed):
        if len(out) == MAX_PROBLEMS:
            return [*out, more_problems(line, col, len(placed) - i)]
        text = f.message if isinstance(f.message, str) else f.message()
        message = f"{tree.label(f.path)}: {text}" if f.path else text
        if (line, col, message) not in seen:
            seen.add((line, col, message))
            out.append(Problem(line, col, message))
    return out
