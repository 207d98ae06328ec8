"""The session screen wakes once a second on a hold when the sound cannot be placed ahead
(--sound off, the bell): a player that can never schedule is not a device still opening,
polled 20 times a second for the whole session (6.6x termdown's CPU in bench/cpu.py)."""

from __future__ import annotations

from routine_builders import exercise, hold, routine
from ui_support import build, session_screen, wake_through

from backtimer.sound.bell import BellPlayer
from backtimer.sound.factory import FallbackPlayer
from backtimer.sound.opening import OpeningPlayer
from backtimer.sound.player import CuePlayer
from backtimer.sound.silent import SilentPlayer


def opened(inner: CuePlayer) -> OpeningPlayer:
    player = OpeningPlayer(lambda: inner, notify=lambda m: None)
    player.open()
    assert player.wait(5)
    return player


async def wakes_in_a_minute(player: CuePlayer) -> int:
    rig = build(routine("Hold", exercise("Plank", hold(120))), player=player)  # type: ignore[arg-type]
    async with rig.app.run_test() as pilot:
        await pilot.pause()
        count = sum(1 for _ in wake_through(rig.app, rig.clock, 60))
        screen = session_screen(rig.app)
        assert screen is not None and not screen.ended
    return count


async def test_sound_off_wakes_once_a_second() -> None:
    assert await wakes_in_a_minute(opened(SilentPlayer())) <= 65


async def test_no_device_and_the_bell_wakes_once_a_second() -> None:
    fallback = FallbackPlayer(SilentPlayer(), BellPlayer(lambda: None), lambda m: None)
    fallback.primary = None  # the device failed: the bell for the rest of the run
    assert await wakes_in_a_minute(opened(fallback)) <= 65
