"""OpeningPlayer: the device opens on a worker thread; early cues wait for it, in order."""

from __future__ import annotations

import queue
import threading
from contextlib import suppress

from backtimer.sound.opening import LATE_LIMIT, OpeningPlayer
from backtimer.sound.player import CuePlayer, RecordingPlayer


class Gate:
    """An opener that returns `player` only once released."""

    def __init__(self, player: CuePlayer) -> None:
        self.player, self.release = player, threading.Event()

    def __call__(self) -> CuePlayer:
        assert self.release.wait(5)
        return self.player


def test_cues_asked_for_while_opening_play_first_and_in_order() -> None:
    now = [0.0]
    inner = RecordingPlayer(clock=lambda: now[0])
    gate = Gate(inner)
    player = OpeningPlayer(gate, notify=lambda m: None, clock=lambda: now[0])
    player.open()
    assert player.name == "opening" and not player.ready
    assert player.play("get_ready") is None  # queued, not started yet
    now[0] = 0.1
    player.play("tick")
    gate.release.set()
    assert player.wait(5)
    assert player.play("go") == 0.1
    assert inner.played == ["get_ready", "tick", "go"]
    assert player.name == "recording"
    player.close()


def test_a_cue_that_waited_too_long_is_dropped_not_played_late() -> None:
    now = [0.0]
    inner = RecordingPlayer(clock=lambda: now[0])
    gate = Gate(inner)
    player = OpeningPlayer(gate, notify=lambda m: None, clock=lambda: now[0])
    player.open()
    player.play("get_ready")
    now[0] = LATE_LIMIT + 0.2
    player.play("tick")
    gate.release.set()
    player.wait(5)
    assert inner.played == ["tick"]


def test_an_opener_that_raises_leaves_a_silent_player_and_one_notice() -> None:
    notices: list[str] = []

    def broken() -> CuePlayer:
        raise OSError("no sound server")

    player = OpeningPlayer(broken, notify=notices.append)
    player.open()
    player.open()  # once only
    assert player.wait(5)
    assert player.name == "off" and player.play("go") is None
    assert len(notices) == 1 and "no sound server" in notices[0]


def test_close_waits_for_the_device_and_closes_it() -> None:
    closed: list[bool] = []

    class Closing(RecordingPlayer):
        def close(self) -> None:
            closed.append(True)

    gate = Gate(Closing())
    player = OpeningPlayer(gate, notify=lambda m: None)
    player.open()
    closing = threading.Thread(target=player.close)
    closing.start()
    closing.join(0)
    assert closing.is_alive() and closed == []  # held by the device still opening
    gate.release.set()
    closing.join(5)
    assert closed == [True]


def test_a_player_never_opened_queues_and_closes_without_opening() -> None:
    opened: list[bool] = []

    def opener() -> CuePlayer:
        opened.append(True)
        return RecordingPlayer()

    player = OpeningPlayer(opener, notify=lambda m: None)
    assert player.play("go") is None and not player.wait(0)
    player.close()
    assert opened == []


class ThroughTheAppThread(RecordingPlayer):
    """A player that, like the bell, sounds each cue by waiting for the app's thread."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: queue.Queue[threading.Event] = queue.Queue()
        self.entered = threading.Event()

    def play(self, cue: str) -> float | None:
        self.entered.set()
        served = threading.Event()
        self.requests.put(served)
        assert served.wait(5), "the app's thread never served the cue"
        return super().play(cue)


def test_a_cue_asked_for_while_queued_cues_play_never_deadlocks() -> None:
    """The freeze: the sound thread played the queued cues holding the lock, the bell
    waited for the app's thread, and the app's thread waited in play() for the lock."""
    inner = ThroughTheAppThread()
    gate = Gate(inner)
    player = OpeningPlayer(gate, notify=lambda m: None)
    player.open()
    player.play("get_ready")
    gate.release.set()
    assert inner.entered.wait(5)  # the sound thread is now sounding get_ready

    def app_thread() -> None:
        player.play("go")  # must not wait for the sound thread
        while not (player.ready and inner.requests.empty()):
            with suppress(queue.Empty):
                inner.requests.get(timeout=0.05).set()

    ui = threading.Thread(target=app_thread, daemon=True)
    ui.start()
    ui.join(10)
    assert not ui.is_alive(), "deadlock: the app's thread is stuck in play()"
    assert player.wait(5)
    assert inner.played == ["get_ready", "go"]


def test_the_notice_relay_never_waits_for_the_app_thread() -> None:
    """Rings from the sound thread are queued on the app's loop, not waited for."""
    import asyncio

    from backtimer.launch import NoticeRelay

    rings: list[str] = []

    class App:
        take_notices: object = None

        def bell(self) -> None:
            rings.append(threading.current_thread().name)

        def notify(self, message: str, severity: str = "") -> None:
            rings.append(message)

    relay = NoticeRelay()
    relay.attach(App())  # type: ignore[arg-type]

    async def main() -> None:
        relay._take()
        ringer = threading.Thread(target=relay.ring, name="backtimer-sound")
        ringer.start()
        ringer.join(5)  # the loop is busy here, as a stuck app thread would be
        assert not ringer.is_alive(), "ring() waited for the app's thread"
        assert rings == []
        await asyncio.sleep(0)  # the loop runs the queued ring on its own thread

    asyncio.run(main())
    assert rings == ["MainThread"]
