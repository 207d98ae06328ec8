"""The README stays true: its config example loads, its routine example validates."""

from __future__ import annotations

from pathlib import Path

from backtimer.config import load_config
from backtimer.routine.loader import load_text

README = (Path(__file__).parents[2] / "README.md").read_text()


def _block(lang: str) -> str:
    return README.split(f"```{lang}\n")[1].split("```")[0]


def test_config_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(_block("toml"))
    config = load_config(path)
    assert config.sound.volume == 0.8 and config.sound.cues["tick"] == "off"
    assert config.tables["history"]["weekly_target"] == 3


def test_routine_example_validates() -> None:
    routine = load_text(_block("yaml"))
    assert [e.name for e in routine.exercises] == [
        "Plank",
        "Side plank",
        "Child's pose",
        "Wall sit",
    ]
    wall = routine.exercises[-1]
    assert wall.work is not None and wall.work.open_ended and wall.settings.set_rest == (30, 45)


def test_readme_names_the_test_command_ci_runs() -> None:
    ci = (Path(__file__).parents[2] / ".ci" / "run").read_text()
    assert "bash tools/check.sh" in README and "bash tools/check.sh" in ci
