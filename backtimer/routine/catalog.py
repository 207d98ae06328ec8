"""Finding routines: bundled ones and the user's, by path or by name (file stem)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from backtimer import paths
from backtimer.routine.model import Routine
from backtimer.routine.shown import one_line, quote

SUFFIXES = (".yaml", ".yml")


class Entry(NamedTuple):
    name: str
    """The file stem, used to name the routine on the command line."""
    path: Path
    origin: str
    """'user' or 'bundled'."""


def entries() -> list[Entry]:
    """User routines first (they shadow bundled ones of the same name), then bundled."""
    found: dict[str, Entry] = {}
    for origin, folder in (
        ("user", paths.user_routines_dir()),
        ("bundled", paths.bundled_routines_dir()),
    ):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in SUFFIXES and path.is_file() and path.stem not in found:
                found[path.stem] = Entry(path.stem, path, origin)
    return sorted(found.values(), key=lambda e: (e.origin != "user", e.name))


class Listing(NamedTuple):
    """One routine as the picker lists it: loaded, or a file that does not load."""

    name: str
    origin: str
    """'user' or 'bundled'."""
    routine: Routine | None
    problem: str = ""
    """When the file does not load: its first problem, as FILE:LINE:COL: message."""
    path: Path | None = None

    @classmethod
    def of(cls, routine: Routine, origin: str = "bundled", path: Path | None = None) -> Listing:
        return cls(routine.name, origin, routine, "", path)


def listings() -> list[Listing]:
    """Every routine file `entries()` finds, loaded; broken ones keep their first problem."""
    return [load_listing(entry.name, entry.origin, entry.path) for entry in entries()]


def load_listing(name: str, origin: str, path: Path) -> Listing:
    """The routine file at `path`, loaded now (the picker reloads a file when it is chosen)."""
    from backtimer.routine.loader import RoutineError, load_routine

    try:
        return Listing.of(load_routine(path), origin, path)
    except RoutineError as err:
        first = str(err.problems[0]) if err.problems else f"{path}: invalid"
        return Listing(name, origin, None, first, path)
    except OSError as err:
        return Listing(name, origin, None, f"{path}: cannot read: {err.strerror or err}", path)


class NotFound(LookupError):
    pass


def resolve(ref: str) -> Path:
    """A routine reference (a path, or the name of a bundled or user routine) -> its file."""
    path = Path(ref).expanduser()
    if path.is_file():
        return path
    for entry in entries():
        if entry.name == ref or entry.name == Path(ref).stem and path.suffix in SUFFIXES:
            return entry.path
    kind = _what_is(path)
    if kind:
        raise NotFound(f"{one_line(ref)} is {kind}, not a routine file")
    names = ", ".join(one_line(e.name) for e in entries()) or "none"
    raise NotFound(f"no routine file or routine named {quote(ref)} (known routines: {names})")


def _what_is(path: Path) -> str:
    """What an existing path that is not a regular file is ('a directory'...); else ''."""
    from backtimer.routine.loader import not_a_file

    try:
        return not_a_file(path.stat().st_mode)
    except (OSError, ValueError):  # missing, or a name no file can have
        return ""
