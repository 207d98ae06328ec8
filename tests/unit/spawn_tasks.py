"""Tasks for the child processes of tests/unit/test_spawned.py (run/spawned.py runs a
task by "module:function"; the tests put this folder on the child's PYTHONPATH)."""

from __future__ import annotations

import os
import signal
import sys
from typing import NamedTuple


class Answer(NamedTuple):
    pid: int
    words: list[str]


def answer(*words: str) -> Answer:
    return Answer(os.getpid(), list(words) * 5000)  # more than a pipe holds


def broken() -> Answer:
    raise RuntimeError("a bug in the work")


def wrong() -> str:
    return "not an answer"


def nothing() -> None:
    return None  # the task could not do what was asked


def stuck() -> Answer:
    """Blocks until a signal comes: ends only when killed."""
    signal.pause()
    return answer()


def talks() -> tuple[str, ...]:
    print("child printed", flush=True)
    os.write(1, b"child wrote to fd 1\n")
    os.write(2, b"child wrote to stderr\n")
    return ("ok",) * 5000


def modules() -> list[str]:
    return sorted(sys.modules)
