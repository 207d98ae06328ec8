"""Work in a spawned child (run/spawned.py): the result comes back through a pipe; a
child that fails, is late, sends the wrong thing or is interrupted gives None and is
reaped; the child never writes to the terminal, and what it prints never spoils the
result. No test waits on the wall clock: a late child is one blocked until a signal,
asked with a zero timeout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from spawn_tasks import Answer

from backtimer.run.spawned import Spawned

pytestmark = pytest.mark.skipif(not hasattr(os, "posix_spawn"), reason="no posix_spawn here")

HERE = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def tasks_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child is a fresh interpreter: it finds spawn_tasks through PYTHONPATH."""
    paths = [str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))


def task(name: str) -> str:
    return f"spawn_tasks:{name}"


def gone(pid: int) -> bool:
    """The child has been reaped (not merely exited: a zombie is still a child)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_result_comes_back_from_another_process() -> None:
    child = Spawned.start(task("answer"), ["plank", "bridge"], Answer)
    assert child is not None
    got = child.result(30)
    assert got is not None
    assert got.pid == child.pid != os.getpid()
    assert got.words == ["plank", "bridge"] * 5000
    assert gone(child.pid)
    assert child.result(30) is None  # taken once


@pytest.mark.parametrize("name", ["broken", "wrong", "nothing", "no_such_task"])
def test_a_failing_or_wrong_child_gives_none_and_is_reaped(name: str) -> None:
    child = Spawned.start(task(name), [], Answer)
    assert child is not None
    assert child.result(30) is None
    assert gone(child.pid)


def test_a_task_in_a_module_that_does_not_exist_gives_none() -> None:
    child = Spawned.start("no.such.module:task", [], Answer)
    assert child is not None
    assert child.result(30) is None


@contextmanager
def stuck_child() -> Iterator[Spawned[Answer]]:
    child = Spawned.start(task("stuck"), [], Answer)
    assert child is not None
    try:
        yield child
    finally:
        child.close()


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


def test_a_child_starts_beside_a_running_thread() -> None:
    """Unlike a fork, a fresh process copies no lock another thread may hold."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        child = Spawned.start(task("answer"), ["cat"], Answer)
        assert child is not None
        assert child.result(30) is not None
    finally:
        stop.set()
        thread.join()


def test_no_child_where_the_system_cannot_spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "posix_spawn")
    assert Spawned.start(task("answer"), [], Answer) is None


def test_the_child_imports_only_its_task() -> None:
    child = Spawned.start(task("modules"), [], list)
    assert child is not None
    held = child.result(30)
    assert held is not None
    assert "spawn_tasks" in held
    assert not [m for m in held if m.startswith(("textual", "backtimer.launch", "backtimer.ui"))]


CHILD_TALKS = """
import sys
from backtimer.run.spawned import Spawned
child = Spawned.start("spawn_tasks:talks", [], tuple)
got = child.result(30)
print(list(got) if got else None)
"""


def test_what_the_child_prints_reaches_neither_the_terminal_nor_the_result() -> None:
    run = subprocess.run([sys.executable, "-c", CHILD_TALKS], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == str(["ok"] * 5000) + "\n"
    assert run.stderr == ""
