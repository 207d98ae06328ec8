"""Validated routines are cached by content: an unchanged file loads without PyYAML."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from backtimer.routine import cache
from backtimer.routine.loader import load_routine

CODE = (
    "import sys; from pathlib import Path; from backtimer.routine.loader import load_routine; "
    "r = load_routine(Path(sys.argv[1])); print(r.name, 'yaml' in sys.modules)"
)


def _load_in_subprocess(path: Path, home: Path) -> str:
    env = {**os.environ, "BACKTIMER_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", CODE, str(path)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_second_load_skips_validation(tmp_path: Path, backtimer_home: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text("name: Cached\nexercises:\n  - {name: P, hold: 30s}\n")
    assert _load_in_subprocess(f, backtimer_home) == "Cached True"
    assert _load_in_subprocess(f, backtimer_home) == "Cached False"
    f.write_text("name: Edited\nexercises:\n  - {name: P, hold: 30s}\n")
    assert _load_in_subprocess(f, backtimer_home) == "Edited True"


def test_cached_routine_equals_fresh_one_with_its_own_source(tmp_path: Path) -> None:
    text = "name: Same\nexercises:\n  - {name: P, hold: 20-40s, sides: both}\n"
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(text)
    b.write_text(text)
    first, second = load_routine(a), load_routine(b)
    assert second.source == str(b) and first.source == str(a)
    assert second.sections == first.sections and second.digest == first.digest


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text("name: R\nexercises:\n  - {name: P, hold: 30s}\n")
    digest = load_routine(f).digest
    entry = cache._entry(digest)
    entry.write_bytes(b"not a pickle")
    assert load_routine(f).name == "R"
    assert cache.get(digest) is not None  # written again
