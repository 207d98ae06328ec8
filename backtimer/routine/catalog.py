"""Finding routines: bundled ones and the user's, by path or by name (file stem)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backtimer import paths

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Entry:
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
    names = ", ".join(e.name for e in entries()) or "none"
    raise NotFound(f"no routine file or routine named '{ref}' (known routines: {names})")
