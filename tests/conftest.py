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
