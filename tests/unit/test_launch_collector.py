"""`run ROUTINE --start` with stdin not a terminal turns into a plain session; the
collector held off for the full-screen start is back on for it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from backtimer import launch as launching
from backtimer.run import startup_gc
from backtimer.run.options import RunOptions


def test_a_plain_session_runs_with_the_collector_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[bool] = []

    def run_plain(options: RunOptions) -> int:
        seen.append(gc.isenabled())
        return 0

    import backtimer.plain.run as plain

    monkeypatch.setattr(plain, "run_plain", run_plain)
    monkeypatch.setattr(launching, "keys_from_terminal", lambda: False)
    options = RunOptions(routine=tmp_path / "r.yaml", autostart=True)
    startup_gc.hold()
    try:
        assert launching.launch(options) == 0
    finally:
        startup_gc.release()
        gc.enable()
    assert seen == [True]
