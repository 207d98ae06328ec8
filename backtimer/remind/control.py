"""One `remind` at a time (a lock file) and how `remind --pause/--status` talk to it (a
Unix socket beside the lock, one JSON line each way). No textual, no clock."""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

LOCK_NAME = "remind.lock"
SOCKET_NAME = "remind.sock"
Handler = Callable[[dict[str, object]], str]


class AlreadyRunning(Exception):
    def __init__(self, pid: str) -> None:
        super().__init__(pid)
        self.pid = pid


class ControlUnavailable(Exception):
    """No Unix sockets here (Windows), or the folder cannot be used; the message says why."""


def _folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class Lock:
    """An exclusive lock on `folder/remind.lock` with the holder's pid in it, kept for the
    life of the process; the system drops it if the process dies."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle

    @classmethod
    def take(cls, folder: Path) -> Lock:
        path = _folder(folder) / LOCK_NAME
        handle = path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            pid = handle.read().strip() or "?"
            handle.close()
            raise AlreadyRunning(pid) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        return cls(handle)

    def release(self) -> None:
        self.handle.close()


def _lock(handle: IO[str]) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


class ControlServer:
    """Answers requests on `folder/remind.sock` on its own thread, one at a time."""

    def __init__(self, folder: Path, handle: Handler) -> None:
        if not hasattr(socket, "AF_UNIX"):
            raise ControlUnavailable("--pause and --status need Unix sockets, not on this system")
        self.path = _folder(folder) / SOCKET_NAME
        self.handle = handle
        self._stop = threading.Event()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # left by a process that died: we hold the lock now
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.sock.bind(str(self.path))
        except OSError as err:
            self.sock.close()
            raise ControlUnavailable(f"cannot listen on {self.path}: {err}") from None
        self.sock.listen(4)
        self._wake_r, self._wake_w = socket.socketpair()
        self.thread = threading.Thread(target=self._serve, name="remind-control", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.sock, self._wake_r], [], [])
            if self.sock not in ready:
                continue
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2.0)
                try:
                    request = json.loads(_read_line(conn) or "{}")
                    reply = self.handle(request if isinstance(request, dict) else {})
                    conn.sendall(json.dumps({"text": reply}).encode() + b"\n")
                except (OSError, ValueError):
                    continue

    def close(self) -> None:
        self._stop.set()
        self._wake_w.send(b"!")
        self.thread.join(2.0)
        for sock in (self.sock, self._wake_r, self._wake_w):
            sock.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


def ask(folder: Path, request: dict[str, object], timeout: float = 5.0) -> str | None:
    """The running remind's answer to `request`; None when none is running."""
    if not hasattr(socket, "AF_UNIX"):
        raise ControlUnavailable("--pause and --status need Unix sockets, not on this system")
    path = folder / SOCKET_NAME
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            return None
        sock.sendall(json.dumps(request).encode() + b"\n")
        reply = json.loads(_read_line(sock) or "{}")
    text = reply.get("text") if isinstance(reply, dict) else None
    return str(text) if text is not None else ""


def _read_line(conn: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n") and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", errors="replace")
