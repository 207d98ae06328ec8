"""Work in a forked child (launch/forked.py): the result comes back through a pipe; a
child that fails, is late, sends the wrong thing or is interrupted gives None and is
reaped; the child never writes to the terminal and never runs the parent's exit work.
No test waits on the wall clock: a late child is one blocked on a pipe, asked with a
zero timeout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import pytest

from backtimer.launch.forked import Forked

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here"),
    pytest.mark.usefixtures("single_threaded"),
]


class Answer(NamedTuple):
    pid: int
    words: list[str]


def answer() -> Answer:
    return Answer(os.getpid(), ["plank", "bridge"] * 5000)  # more than a pipe holds


def gone(pid: int) -> bool:
    """The child has been reaped (not merely exited: a zombie is still a child)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_result_comes_back_from_another_process() -> None:
    child = Forked.start(answer, Answer)
    assert child is not None
    got = child.result(30)
    assert got is not None
    assert got.pid == child.pid != os.getpid()
    assert got.words == answer().words
    assert gone(child.pid)
    assert child.result(30) is None  # taken once


def test_a_failing_child_gives_none_and_is_reaped() -> None:
    def broken() -> Answer:
        raise RuntimeError("a bug in the work")

    child = Forked.start(broken, Answer)
    assert child is not None
    assert child.result(30) is None
    assert gone(child.pid)


def test_a_result_of_another_type_is_refused() -> None:
    child = Forked.start(lambda: "not an answer", Answer)  # type: ignore[arg-type, return-value]
    assert child is not None
    assert child.result(30) is None


@contextmanager
def stuck_child() -> Iterator[Forked[Answer]]:
    """A child blocked on a pipe nobody ever writes to: it ends only when killed."""
    hold, release = os.pipe()

    def stuck() -> Answer:
        os.read(hold, 1)
        return answer()

    child = Forked.start(stuck, Answer)
    assert child is not None
    try:
        yield child
    finally:
        os.close(hold)
        os.close(release)


def test_a_late_child_is_killed_and_reaped() -> None:
    with stuck_child() as child:
        assert child.result(0) is None
        assert gone(child.pid)


def test_ctrl_c_kills_the_child_at_once() -> None:
    with stuck_child() as child:
        os.kill(child.pid, signal.SIGINT)  # what the terminal sends the whole group
        assert child.result(30) is None  # the pipe closed at its death: no wait
        assert gone(child.pid)


def test_close_kills_and_reaps_a_child_whose_result_is_not_wanted() -> None:
    with stuck_child() as child:
        child.close()
        assert gone(child.pid)
        child.close()  # twice is harmless


def test_no_child_beside_a_running_thread() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert Forked.start(answer, Answer) is None
    finally:
        stop.set()
        thread.join()


CHILD_TALKS = """
import atexit, os, sys
from backtimer.launch.forked import Forked

def work():
    print("child printed", flush=True)
    os.write(2, b"child wrote to stderr\\n")
    return ["rows"]

atexit.register(lambda: print("exit work ran"))
print("parent buffered", end=" ")  # still in the buffer at the fork
child = Forked.start(work, list)
print(child.result(30))
"""


def test_the_child_never_writes_to_the_terminal_nor_runs_exit_work() -> None:
    run = subprocess.run([sys.executable, "-c", CHILD_TALKS], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    # The parent's buffered text and exit work appear once: the child left by os._exit.
    assert run.stdout == "parent buffered ['rows']\nexit work ran\n"
    assert run.stderr == ""
