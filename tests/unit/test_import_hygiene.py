"""The core (routine/, engine/, history/) loads without textual or rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["backtimer.routine.loader", "backtimer.routine.catalog", "backtimer.engine.session"]


@pytest.mark.parametrize("module", [*CORE, "backtimer.history"])
def test_core_imports_no_ui(module: str) -> None:
    code = (
        "import sys, importlib; importlib.import_module(sys.argv[1]); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') "
        "or m.startswith('backtimer.ui') or m.startswith('backtimer.sound')); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code, module], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} pulled in: {result.stdout} {result.stderr}"
