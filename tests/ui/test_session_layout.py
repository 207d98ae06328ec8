"""The session screen at the sizes the issue names, measured: the countdown's and the
name's rows, the stage's colour area, the cue wrapped over free rows, the next cue in a
rest, the lasting sound badge, Resume while paused, practice runs."""

from __future__ import annotations

import pytest
from routine_builders import exercise, hold, routine
from textual.geometry import Region
from textual.widget import Widget
from ui_support import SoundAs, build, run_for

from backtimer.config import VoiceConfig
from backtimer.sound.voice.speech import Speech
from backtimer.ui.app import BacktimerApp
from backtimer.ui.widgets.big_number import BigNumber
from backtimer.ui.widgets.heading import BigName
from backtimer.ui.widgets.key_legend import KeyLegend
from backtimer.ui.widgets.up_next import CueText

LONG_CUE = (
    "On your back, roll the pelvis and take one leg over the other, knees bent, and let "
    "them sink slowly to the floor while both shoulders stay down."
)


def two_holds() -> object:
    """Prepare 3 s, a 60 s twist, a 20 s rest, a 30 s plank."""
    return routine(
        "Two holds",
        exercise("Supine twist", hold(60), cue=LONG_CUE),
        exercise("Plank", hold(30), cue="Forearms under shoulders, body in one line."),
    )


def drawn_rows(widget: Widget) -> list[str]:
    """The widget's rows as drawn, blank ones included."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def inked(widget: Widget) -> int:
    return sum(1 for row in drawn_rows(widget) if row.strip())


def phase_line(app: BacktimerApp) -> str:
    return app.screen.query_one("#phase-line").render_line(0).text


@pytest.mark.parametrize("size", [(160, 48), (220, 60)])
async def test_the_countdown_is_at_least_7_rows_tall_on_a_big_terminal(
    size: tuple[int, int],
) -> None:
    rig = build(two_holds())  # type: ignore[arg-type]
    async with rig.app.run_test(size=size) as pilot:
        await run_for(pilot, rig.clock, 3 + 10.5)
        big = rig.app.screen.query_one(BigNumber)
        assert big.shown == "0:50"
        assert inked(big) >= 7, drawn_rows(big)
        assert big.region.height >= 7 and big.region.bottom <= size[1]
        assert inked(rig.app.screen.query_one(BigName)) >= 4, "the name scales too"


@pytest.mark.parametrize("size", [(100, 30), (160, 48), (220, 60)])
async def test_the_layout_uses_the_height(size: tuple[int, int]) -> None:
    rig = build(two_holds())  # type: ignore[arg-type]
    async with rig.app.run_test(size=size) as pilot:
        await run_for(pilot, rig.clock, 5)
        bottom = rig.app.screen.query_one("#session-meter").region.bottom
        assert bottom >= size[1] - 2, f"{size[1] - bottom} rows left empty under the session line"


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (160, 48), (220, 60)])
async def test_the_phase_is_a_large_area_of_colour(size: tuple[int, int]) -> None:
    rig = build(two_holds())  # type: ignore[arg-type]
    async with rig.app.run_test(size=size) as pilot:
        stage = rig.app.screen.query_one("#stage")
        colours = {}
        for phase, seconds in (("prepare", 1), ("work", 5), ("rest", 60)):
            await run_for(pilot, rig.clock, seconds)
            assert rig.app.screen.has_class(f"-{phase}")
            colours[phase] = stage.styles.background.rgb
            # The stage is laid out but not drawn: its children wear its colour, and
            # cover it whole (see session.tcss).
            parts = stage.children
            region = Region.from_union([part.region for part in parts])
            assert region.area >= 0.4 * size[0] * size[1], (phase, region)
            wearing = {part.background_colors[1] for part in parts if part.id != "phase-line"}
            assert wearing == {stage.background_colors[1]}, (phase, wearing)
        assert len(set(colours.values())) == 3, colours


async def test_the_cue_wraps_over_free_rows_at_60x20() -> None:
    rig = build(two_holds())  # type: ignore[arg-type]
    async with rig.app.run_test(size=(60, 20)) as pilot:
        await run_for(pilot, rig.clock, 5)
        cue = rig.app.screen.query_one(CueText)
        assert cue.region.height >= 2
        assert " ".join(row.strip() for row in drawn_rows(cue)) == LONG_CUE
        assert cue.region.bottom <= 19, "above the key legend"
        assert inked(rig.app.screen.query_one(BigNumber)) >= 3


async def test_a_rest_shows_the_next_exercises_cue() -> None:
    rig = build(two_holds())  # type: ignore[arg-type]
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await run_for(pilot, rig.clock, 3 + 60 + 5)
        screen = rig.app.screen
        assert screen.has_class("-rest")
        assert str(screen.query_one("UpNext").render()) == "Up next: Plank, 0:30"
        assert str(screen.query_one(CueText).render()).strip() == (
            "Forearms under shoulders, body in one line."
        )


@pytest.mark.parametrize(
    ("player", "badge"),
    [
        (SoundAs("bell"), "NO SOUND DEVICE · BELL ONLY"),
        (SoundAs("bell", "bell"), "BELL ONLY"),
        (SoundAs("off", "off"), "SOUND OFF"),
        (SoundAs("off"), "NO SOUND"),
    ],
)
async def test_a_lasting_badge_says_the_cues_cannot_sound(player: SoundAs, badge: str) -> None:
    rig = build(two_holds(), player=player)  # type: ignore[arg-type]
    async with rig.app.run_test(size=(60, 20)) as pilot:
        await run_for(pilot, rig.clock, 1)
        assert phase_line(rig.app).rstrip().endswith(badge)
        await run_for(pilot, rig.clock, 66)  # into the rest: it is still there
        assert phase_line(rig.app).rstrip().endswith(badge)
        assert " REST" in phase_line(rig.app)


async def test_muted_and_voice_off_are_badges_too() -> None:
    speech = Speech("off", VoiceConfig(engine="off"), lambda m: None)
    rig = build(two_holds(), speech=speech)  # type: ignore[arg-type]
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await run_for(pilot, rig.clock, 1)
        assert phase_line(rig.app).rstrip().endswith("VOICE OFF")
        await pilot.press("m")
        assert phase_line(rig.app).rstrip().endswith("MUTED · VOICE OFF")
        await pilot.press("m")
        assert phase_line(rig.app).rstrip().endswith("VOICE OFF")


async def test_the_legend_says_resume_while_paused() -> None:
    rig = build(two_holds())  # type: ignore[arg-type]
    async with rig.app.run_test(size=(80, 24)) as pilot:
        legend = rig.app.screen.query_one(KeyLegend)
        assert "space Pause" in str(legend.render())
        await pilot.press("space")
        assert "space Resume" in str(legend.render())
        await pilot.press("space")
        assert "space Pause" in str(legend.render())


async def test_a_run_at_another_speed_is_marked_practice() -> None:
    rig = build(two_holds())  # type: ignore[arg-type]
    rig.clock.speed = 10.0
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await run_for(pilot, rig.clock, 1)
        assert phase_line(rig.app).rstrip().endswith("PRACTICE ×10")
