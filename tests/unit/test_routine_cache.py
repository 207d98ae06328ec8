"""No code cache: nothing under the cache or data folders is read as code (the parse-tree
cache is plain JSON, tests/unit/test_tree_cache.py), and outside the command line
loading a routine writes nothing there (no entry, no temporary file)."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

from backtimer import __version__, paths
from backtimer.routine.loader import load_routine

WARM_UP = paths.bundled_routines_dir() / "warm-up.yaml"


class _Planted:
    """Unpickling this opens (creates) the marker file: proof that a pickle was run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def _plant(home: Path, marker: Path) -> None:
    """A pickle at every name the old cache gave warm-up.yaml's entry (its versions 0-9)."""
    digest = hashlib.sha256(WARM_UP.read_bytes()).hexdigest()
    folder = home / "cache" / "routines"
    folder.mkdir(parents=True)
    payload = pickle.dumps(_Planted(marker))
    for version in range(10):
        (folder / f"{digest}-{__version__}-{version}.pickle").write_bytes(payload)


def test_a_planted_pickle_in_the_old_cache_runs_nothing(tmp_path: Path) -> None:
    home, marker = tmp_path / "home", tmp_path / "ran"
    _plant(home, marker)
    env = {**os.environ, "BACKTIMER_HOME": str(home)}
    for argv in (["list"], ["validate", str(WARM_UP)], ["show", "warm-up"]):
        done = subprocess.run(
            [sys.executable, "-m", "backtimer", *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert not marker.exists(), f"backtimer {' '.join(argv)} ran the planted pickle"


def test_loading_writes_nothing_in_the_cache_or_data_folders(backtimer_home: Path) -> None:
    load_routine(WARM_UP)
    written = [p for p in (paths.cache_dir(), paths.data_dir()) if p.exists()]
    assert not [f for folder in written for f in folder.rglob("*")]
