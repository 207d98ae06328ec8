"""A stand-in org.freedesktop.Notifications server for the private bus of a test
(`dbus-run-session -- python notify_stand_in.py RECORD -- COMMAND...`).

It records each Notify call as a JSON line in RECORD, answers the first one by pressing
"Start now" (the ActionInvoked signal with the "start" key), runs COMMAND with its output
passed through, and stops COMMAND once it printed a line with STOP_AFTER after that.
Not a test module. dbus-fast reads each D-Bus signature from an annotation; the names
below hold those strings, so the annotations stay valid Python for the linters.
"""

import asyncio
import json
import os
import signal
import sys
from typing import Any

from dbus_fast import Variant
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

S, U, INT32, AS, ASV, US, UU, SSSS = "s", "u", "i", "as", "a{sv}", "us", "uu", "ssss"
NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
STOP_AFTER = os.environ.get("STAND_IN_STOP_AFTER", "Next desk break")
LIMIT = float(os.environ.get("STAND_IN_SECONDS", "60"))


def plain(value: Any) -> Any:
    return plain(value.value) if isinstance(value, Variant) else value


class Notifications(ServiceInterface):
    def __init__(self, record: str) -> None:
        super().__init__(NAME)
        self.record = record
        self.calls = 0
        self.pressed = asyncio.Event()

    @dbus_method()
    def Notify(
        self,
        app_name: S,
        replaces_id: U,
        app_icon: S,
        summary: S,
        body: S,
        actions: AS,
        hints: ASV,
        expire_timeout: INT32,
    ) -> U:
        self.calls += 1
        call = {
            "app_name": app_name,
            "replaces_id": replaces_id,
            "app_icon": app_icon,
            "summary": summary,
            "body": body,
            "actions": actions,
            "hints": {k: plain(v) for k, v in hints.items()},
            "expire_timeout": expire_timeout,
            "id": self.calls,
        }
        with open(self.record, "a", encoding="utf-8") as f:
            f.write(json.dumps(call) + "\n")
        if self.calls == 1:
            asyncio.get_running_loop().call_later(0.2, self.press, self.calls, "start")
        return self.calls

    def press(self, nid: int, key: str) -> None:
        self.ActionInvoked(nid, key)
        self.NotificationClosed(nid, 2)
        self.pressed.set()

    @dbus_method()
    def CloseNotification(self, nid: U) -> None:
        self.NotificationClosed(nid, 3)

    @dbus_method()
    def GetCapabilities(self) -> AS:
        return ["actions", "body"]

    @dbus_method()
    def GetServerInformation(self) -> SSSS:
        return ["stand-in", "backtimer tests", "1.0", "1.2"]

    @dbus_signal()
    def ActionInvoked(self, nid: int, key: str) -> US:
        return [nid, key]

    @dbus_signal()
    def NotificationClosed(self, nid: int, reason: int) -> UU:
        return [nid, reason]


async def main(record: str, command: list[str]) -> int:
    bus = await MessageBus().connect()
    server = Notifications(record)
    bus.export(PATH, server)
    await bus.request_name(NAME)
    child = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    assert child.stdout is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LIMIT
    try:
        while loop.time() < deadline:
            try:
                line = await asyncio.wait_for(child.stdout.readline(), deadline - loop.time())
            except TimeoutError:
                break
            if not line:
                break
            sys.stdout.write(line.decode("utf-8", "replace"))
            sys.stdout.flush()
            if server.pressed.is_set() and STOP_AFTER in line.decode("utf-8", "replace"):
                break
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGINT)
        rest, _ = await asyncio.wait_for(child.communicate(), 10)
        sys.stdout.write(rest.decode("utf-8", "replace"))
    return child.returncode or 0


if __name__ == "__main__":
    split = sys.argv.index("--")
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[split + 1 :])))
