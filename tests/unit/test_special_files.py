"""A directory, FIFO, device or socket given as a routine: a plain message, never a wait.

Each command runs in a subprocess with a timeout, so a regression that blocks on the FIFO
fails the test instead of hanging the suite."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer.routine.loader import NotAFile, load_routine

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def bt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtimer", *args],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock.yaml"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        yield path


def test_validate_on_a_fifo_says_what_it_is(fifo: Path) -> None:
    done = bt("validate", str(fifo))
    assert done.returncode == 2
    assert done.stderr == f"{fifo}: cannot read: a named pipe (FIFO), not a routine file\n"


@pytest.mark.parametrize("command", [["show"], ["run", "--plain", "--sound", "off"]])
def test_show_and_run_on_a_fifo_say_what_it_is(fifo: Path, command: list[str]) -> None:
    done = bt(*command, str(fifo))
    assert done.returncode == 2
    assert done.stderr == f"backtimer: {fifo} is a named pipe (FIFO), not a routine file\n"


def test_a_directory_a_device_and_a_socket(tmp_path: Path, unix_socket: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path, kind in (
        (folder, "a directory"),
        (Path(os.devnull), "a character device"),
        (unix_socket, "a socket"),
    ):
        done = bt("validate", str(path))
        assert (done.returncode, done.stderr) == (
            2,
            f"{path}: cannot read: {kind}, not a routine file\n",
        )
        shown = bt("show", str(path))
        assert shown.stderr == f"backtimer: {path} is {kind}, not a routine file\n"


def test_a_routine_name_beats_a_folder_of_that_name(tmp_path: Path) -> None:
    (tmp_path / "warm-up").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "show", "warm-up"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr


def test_the_loader_never_waits_on_a_fifo(fifo: Path) -> None:
    """In-process, on a thread: a regression that blocks in open() is released by opening
    the FIFO's other end, so the test fails instead of hanging."""
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_routine(fifo)
        except BaseException as err:  # noqa: BLE001 - reported below
            outcome.append(err)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        with fifo.open("w"):  # a writer: the blocked open returns, and the read ends
            pass
        thread.join(5)
        pytest.fail("load_routine blocked on a FIFO")
    [err] = outcome
    assert isinstance(err, NotAFile) and "a named pipe" in str(err)
