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
def single_threaded() -> None:
    """No other thread runs, as in `backtimer` when it forks (launch/forked.py refuses to
    fork beside a thread). Threads an earlier test left finishing (a writer given up
    on, a voice closing) are waited for, briefly; one that stays fails the test here."""
    import threading

    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(10)
    alive = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    assert not alive, f"threads left running by an earlier test: {alive}"
