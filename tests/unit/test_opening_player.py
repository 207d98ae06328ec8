"""OpeningPlayer: the device opens on a worker thread; early cues wait for it, in order."""

from __future__ import annotations

import threading

from backtimer.cues.opening import LATE_LIMIT, OpeningPlayer
from backtimer.cues.player import CuePlayer, RecordingPlayer


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
