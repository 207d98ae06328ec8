"""The start card warns, before the session begins, when the cues cannot sound as
configured; the warning and "Press Enter or Space to start" stay in view at 60x20."""

from __future__ import annotations

import pytest
from routine_builders import exercise, hold, routine
from textual.widgets import Static
from ui_support import SoundAs, build

from backtimer.ui.screens.start import StartScreen

LONG = " ".join(["Keep the back long and the breath slow."] * 12)


def long_card() -> object:
    return routine(
        "Long card",
        *(exercise(f"Hold {n}", hold(20)) for n in range(1, 9)),
        description=LONG,
        caution=LONG,
    )


def warning(app: object) -> Static:
    from backtimer.ui.app import BacktimerApp

    assert isinstance(app, BacktimerApp) and isinstance(app.screen, StartScreen)
    return app.screen.query_one("#sound", Static)


@pytest.mark.parametrize(
    ("player", "text"),
    [
        (SoundAs("bell"), "No sound device found: cues will use the terminal bell"),
        (SoundAs("off", "off"), "Sound is off: this session is silent."),
        (SoundAs("off"), "No sound device and no terminal bell: this session is silent."),
    ],
)
async def test_the_start_card_warns_before_the_session(player: SoundAs, text: str) -> None:
    rig = build(long_card(), autostart=False, player=player)  # type: ignore[arg-type]
    async with rig.app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        shown = warning(rig.app)
        assert shown.display and str(shown.content).startswith(text)
        for selector in ("#sound", "#prompt"):
            region = rig.app.screen.query_one(selector).region
            assert region.height >= 1 and region.bottom <= 19, (selector, region)


async def test_no_warning_when_the_cues_can_sound() -> None:
    rig = build(long_card(), autostart=False)  # type: ignore[arg-type]
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not warning(rig.app).display


async def test_a_device_still_opening_is_looked_at_again() -> None:
    player = SoundAs("opening")
    rig = build(long_card(), autostart=False, player=player)  # type: ignore[arg-type]
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not warning(rig.app).display
        screen = rig.app.screen
        assert isinstance(screen, StartScreen) and screen._poll is not None
        player.name = "bell"  # type: ignore[misc]
        assert screen._check_sound(), "settled: no more looks"
        await pilot.pause()
        assert warning(rig.app).display
