"""Shared fixtures: every test gets its own BACKTIMER_HOME, so no test touches real files."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def backtimer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "bt-home"
    monkeypatch.setenv("BACKTIMER_HOME", str(home))
    return home


@pytest.fixture
def example_yaml() -> Path:
    return FIXTURES / "example.yaml"


@pytest.fixture
def single_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in `backtimer` when it forks: launch/forked.py refuses to fork beside a
    thread. The threads already running when this test starts (a session-wide
    fixture's reader, such as the PulseAudio recorder's; a writer an earlier test gave
    up on) are not this test's: the fork counts only the threads the test starts."""
    import threading

    from backtimer.launch import forked

    before = set(threading.enumerate())
    monkeypatch.setattr(forked, "_alone", lambda: all(t in before for t in threading.enumerate()))
