"""--plain does not echo typed keys while the session reads them (a typed `p` stuck to the
countdown as `0:02p`), and gives the terminal its echo back on every way out."""

from __future__ import annotations

import io
import os
import pty
import termios
from collections.abc import Iterator

import pytest
from routine_builders import short_routine

from backtimer.engine.clock import FakeClock
from backtimer.engine.plan import compile_plan
from backtimer.plain.run import play
from backtimer.plain.session import Wait
from backtimer.run.conductor import Conductor
from backtimer.run.hooks import NullRecorder
from backtimer.sound.player import RecordingPlayer


@pytest.fixture
def terminal() -> Iterator[io.TextIOWrapper]:
    main, side = pty.openpty()
    keys = os.fdopen(side, "r")
    try:
        yield keys
    finally:
        keys.close()
        os.close(main)


def echoing(keys: io.TextIOWrapper) -> bool:
    return bool(termios.tcgetattr(keys.fileno())[3] & termios.ECHO)


def session(clock: FakeClock) -> Conductor:
    return Conductor(
        compile_plan(short_routine()), clock, RecordingPlayer(clock.now), NullRecorder()
    )


@pytest.mark.parametrize("way_out", ["finished", "q", "ctrl+c"])
def test_keys_are_not_echoed_during_the_session_and_echo_comes_back(
    terminal: io.TextIOWrapper, way_out: str
) -> None:
    clock = FakeClock()
    seen: list[bool] = []

    def wait(seconds: float | None) -> str | None:
        seen.append(echoing(terminal))
        if way_out == "q" and len(seen) == 3:
            return "q\n"
        if way_out == "ctrl+c" and len(seen) == 3:
            raise KeyboardInterrupt
        assert seconds is not None
        clock.advance(seconds)
        return None

    w: Wait = wait
    assert echoing(terminal)
    code = play(session(clock), io.StringIO(), w, True, None, keys=terminal)
    assert seen and not any(seen), "no echo while the session reads keys"
    assert echoing(terminal), "echo is back afterwards"
    assert code == (130 if way_out == "ctrl+c" else 0)


def test_a_stdin_that_is_not_a_terminal_is_left_alone() -> None:
    clock = FakeClock()

    def wait(seconds: float | None) -> str | None:
        assert seconds is not None
        clock.advance(seconds)
        return None

    assert play(session(clock), io.StringIO(), wait, True, None, keys=io.StringIO()) == 0
