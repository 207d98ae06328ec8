"""The installed console script in tmux at the sizes of issue 12: the picker's filter, the
rating question at 80x24, back to the picker after a session, a practice run."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_tmux import Tmux, console_script

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

TINY = """\
name: Tiny check
defaults: {prepare: 1s, rest: 1s}
exercises:
  - name: Plank
    hold: 2s
"""


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    # A server of its own per test: one killed at the end of the test before can
    # still be exiting, and a new session on its socket then fails.
    t = Tmux(f"backtimer-screens-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    yield t
    subprocess.run(["tmux", "-L", t.socket, "kill-server"], capture_output=True)


def open_pane(tmux: Tmux, tmp_path: Path, size: tuple[int, int], *args: str) -> None:
    """`backtimer ARGS` in a pane of `size`, with its own home and TINY as a user routine."""
    home = tmp_path / "home"
    (home / "data" / "routines").mkdir(parents=True)
    (home / "data" / "routines" / "tiny.yaml").write_text(TINY)
    run = f"env -u COLUMNS -u LINES BACKTIMER_HOME={home} {console_script()}"
    shell = f"{run} {' '.join(args)}; echo EXIT=$?; sleep 60"
    x, y = (str(n) for n in size)
    tmux("new-session", "-d", "-s", "e2e", "-x", x, "-y", y, shell)


def keys(tmux: Tmux, *pressed: str) -> None:
    tmux("send-keys", "-t", "e2e", *pressed)


def test_slash_then_a_word_filters_the_picker(tmux: Tmux, tmp_path: Path) -> None:
    open_pane(tmux, tmp_path, (80, 24))
    first = tmux.wait_for("^p palette")  # the whole first screen, keys bound
    total = int(first.split("Pick a routine · ")[1].split()[0])
    rows = [line for line in first.splitlines() if "exercise" in line]
    assert len(rows) >= 5, "five routines or more at 80x24"
    keys(tmux, "/")
    keys(tmux, "-l", "cat")  # literally, one key each
    screen = tmux.wait_for(f"of {total} routines")
    assert "/cat" not in screen and "cat" in screen
    assert "Home stretch" in screen or "Back strength" in screen, screen


def test_the_rating_question_is_on_screen_at_80x24(tmux: Tmux, tmp_path: Path) -> None:
    open_pane(tmux, tmp_path, (80, 24), "run", "tiny", "--start", "--sound", "off",
              "--speed", "20")  # fmt: skip
    screen = tmux.wait_for("How does your back feel?")
    assert "SESSION COMPLETE" in screen
    keys(tmux, "7")
    tmux.wait_for("Rated 7 of 10")


def test_after_a_session_from_the_picker_enter_goes_back_to_it(tmux: Tmux, tmp_path: Path) -> None:
    open_pane(tmux, tmp_path, (80, 24), "run", "--sound", "off")
    tmux.wait_for("^p palette")
    keys(tmux, "-l", "tiny")
    tmux.wait_for("Tiny check")
    keys(tmux, "Enter")
    tmux.wait_for("Press Enter or Space to start")
    keys(tmux, "Enter")
    tmux.wait_for("How does your back feel?")
    keys(tmux, "Enter")  # skips the rating, and goes back
    screen = tmux.wait_for("Pick a routine")
    assert "EXIT=" not in screen, "still running"
    keys(tmux, "Escape", "Escape")
    tmux.wait_for("EXIT=0")


def test_a_run_at_another_speed_says_it_is_practice(tmux: Tmux, tmp_path: Path) -> None:
    open_pane(tmux, tmp_path, (100, 30), "run", "back-strength", "--start", "--sound", "off",
              "--speed", "0.5")  # fmt: skip
    screen = tmux.wait_for("SOUND OFF · PRACTICE ×0.5")  # once the sound has opened
    assert "GET READY" in screen or "WORK" in screen


def test_a_practice_run_is_recorded_as_practice(tmux: Tmux, tmp_path: Path) -> None:
    open_pane(tmux, tmp_path, (100, 30), "run", "tiny", "--start", "--sound", "off",
              "--speed", "20")  # fmt: skip
    screen = tmux.wait_for("How does your back feel?")
    assert "A practice run (×20)" in screen
    keys(tmux, "Enter")
    tmux.wait_for("EXIT=0")
    listed = subprocess.run(
        [console_script(), "history"],
        env={**os.environ, "BACKTIMER_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "finished, practice ×20" in listed.stdout, listed
