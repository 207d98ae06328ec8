"""The exercise library: each exercise defined once (routines/library/*.yaml, read with
the routine reader's table, keys.LIBRARY), used by routines by its id (`- use: table-pose`).
No textual. Read on the first `use:` only, so a routine without one never reads it."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from backtimer import paths
from backtimer.routine.durations import DurationError
from backtimer.routine.model import Open
from backtimer.routine.shown import quote

Entry = Mapping[str, Any]
"""A library exercise's checked keys (id, name, cue, caution, sides, its dose, source)."""

FOLDER = "library"


class Exercise(NamedTuple):
    """A library exercise as `backtimer exercises` lists it."""

    id: str
    keys: Entry
    file: Path


def folder() -> Path:
    return paths.bundled_routines_dir() / FOLDER


@functools.cache
def bundled() -> dict[str, Exercise]:
    """Every library exercise by id, from every file of the bundled library folder.
    Raises RoutineError (FILE:LINE:COL) for a broken file or an id given twice."""
    found: dict[str, Exercise] = {}
    for path in sorted(folder().glob("*.yaml")):
        for entry in read_library(path.read_text(encoding="utf-8"), path, found):
            found[entry.id] = entry
    return found


def read_library(text: str, path: Path, known: Mapping[str, Exercise]) -> list[Exercise]:
    from backtimer.routine.keys import LIBRARY
    from backtimer.routine.loader import Located, RoutineError
    from backtimer.routine.tree import Problem, capped
    from backtimer.routine.treecache import read_tree
    from backtimer.routine.validate import read

    tree = read_tree(text)
    problems, parsed = (tree.problems, None) if tree.problems else read(tree, LIBRARY)
    out: list[Exercise] = []
    if parsed is not None:
        seen = dict(known)
        for i, keys in enumerate(parsed["exercises"]):
            if keys["id"] in seen:
                line, col = tree.where(("exercises", i, "id"), value=True)
                first = seen[keys["id"]].file
                problems.append(Problem(line, col, f"id {quote(keys['id'])} given twice ({first})"))
            seen[keys["id"]] = Exercise(keys["id"], keys, path)
            out.append(seen[keys["id"]])
    if problems:
        raise RoutineError([Located(str(path), p.line, p.col, p.message) for p in capped(problems)])
    return out


def lookup(exercise_id: str) -> Entry:
    """The keys of the library exercise `exercise_id`; DurationError (the reader's value
    problem) naming the closest id when there is none."""
    library = bundled()
    if exercise_id in library:
        return library[exercise_id].keys
    close = difflib.get_close_matches(exercise_id, library, n=1, cutoff=0.6)
    hint = f", did you mean {quote(close[0])}?" if close else ""
    raise DurationError(
        f"no exercise {quote(exercise_id)} in the library{hint} (backtimer exercises lists them)"
    )


def dose_text(keys: Entry) -> str:
    """The default dose in words: 'hold 20-30s, 2 sets', '3-5 reps', 'a flow of 2 poses'."""
    parts = []
    for key, unit in (("hold", "s"), ("time", "s"), ("reps", ""), ("breaths", "")):
        span = keys.get(key)
        if isinstance(span, Open):
            cap = "" if span.cap is None else f", up to {span.cap:g}s"
            parts.append(f"hold as long as you can{cap}")
        elif span is not None:
            value = _span(span, unit)
            parts.append(f"{key} {value}" if unit else f"{value} {key}")
    if keys.get("flow"):
        parts.append(f"a flow of {len(keys['flow'])} poses")
    sets = keys.get("sets")
    if sets is not None and sets.high > 1:
        parts.append(f"{_span(sets, '')} sets")
    return ", ".join(parts)


def _span(span: Any, unit: str) -> str:
    low, high = (f"{v:g}" for v in span)
    return (low if low == high else f"{low}-{high}") + unit


def used_by(exercise_id: str, routine_files: list[Path]) -> list[str]:
    """The routines (file stems) whose text has `use: exercise_id`."""
    import re

    line = re.compile(rf"^\s*-?\s*use:\s*['\"]?{re.escape(exercise_id)}['\"]?\s*(#.*)?$", re.M)
    return [p.stem for p in routine_files if line.search(p.read_text(encoding="utf-8"))]


def listing(text_filter: str, routine_files: list[Path]) -> list[str]:
    """`backtimer exercises [FILTER]`: every library exercise whose id, name, cue, caution
    or source has FILTER in it (any case)."""
    from backtimer.routine.shown import one_line

    wanted = text_filter.casefold()
    out: list[str] = []
    for ex in bundled().values():
        keys = ex.keys
        fields = (ex.id, keys["name"], keys.get("cue", ""), keys.get("caution", ""), keys["source"])
        if wanted and not any(wanted in str(f).casefold() for f in fields):
            continue
        sides = f" ({', '.join(keys['sides'])})" if keys.get("sides") else ""
        out.append(f"{ex.id}: {one_line(keys['name'])}{sides} · {dose_text(keys)}")
        for label, key in (("Cue", "cue"), ("Caution", "caution"), ("Source", "source")):
            if keys.get(key):
                out.append(f"    {label}: {one_line(keys[key])}")
        users = used_by(ex.id, routine_files)
        out.append(f"    Used by: {', '.join(users) if users else 'no bundled routine'}")
    return out
