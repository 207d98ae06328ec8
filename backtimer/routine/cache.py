"""Validated routines kept by the sha256 of their file, so an unchanged file loads
without PyYAML (start-up time). A missing, stale or unreadable entry is a miss."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from backtimer import __version__, paths
from backtimer.routine.model import Routine

VERSION = f"{__version__}-4"
"""Part of every entry's name: a new release or model change never reads old entries."""


def _entry(digest: str) -> Path:
    return paths.cache_dir() / "routines" / f"{digest}-{VERSION}.pickle"


def get(digest: str) -> Routine | None:
    path = _entry(digest)
    try:
        with path.open("rb") as f:
            routine = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry: drop it and load the file again
        path.unlink(missing_ok=True)
        return None
    return routine if isinstance(routine, Routine) else None


def put(digest: str, routine: Routine) -> None:
    """Write atomically (a rename), so readers never see half an entry; errors are ignored."""
    path = _entry(digest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(routine, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return
