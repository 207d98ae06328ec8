"""The session screen with a voice, through make_app on a fake clock: phrases queued
ahead on a player that schedules, pause cancels and says so, quitting leaves nothing
queued. A Speech-like fake stands in for the engine (no thread, no audio)."""

from __future__ import annotations

from array import array

from routine_builders import exercise, hold, reps, routine
from textual.pilot import Pilot
from ui_support import Recorder, run_for, session_screen

from backtimer.config import VoiceConfig
from backtimer.engine.clock import FakeClock
from backtimer.engine.plan import Plan
from backtimer.run.options import RunOptions
from backtimer.sound.cuemap import CuePicker
from backtimer.sound.player import RecordingScheduler
from backtimer.sound.timeline import GAP
from backtimer.sound.voice.speech import Speech
from backtimer.sound.voice.style import VoiceStyle
from backtimer.ui.app import BacktimerApp, make_app
from backtimer.ui.screens.confirm_quit import ConfirmQuitDialog
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.screens.summary import SummaryScreen

RATE = 44100
ANNOUNCE = "Side plank, left side. Twenty seconds."


class FakeSpeech:
    """What the app and the Announcer use of Speech: ready, style, render, prepare."""

    def __init__(self, style: VoiceStyle | None = None) -> None:
        self.ready = True
        self.style = style or VoiceStyle()
        self.prepared: list[Plan] = []
        self.made: dict[str, array[int]] = {}

    def prepare(self, plan: Plan) -> None:
        self.prepared.append(plan)

    def render(self, text: str) -> array[int]:
        if text not in self.made:
            self.made[text] = array("h", [1000]) * (len(text) * 500)
        return self.made[text]

    def text_of(self, samples: array[int] | None) -> str:
        return next((t for t, a in self.made.items() if a is samples), "")


class Scheduler(RecordingScheduler):
    """Remembers which phrase each queued 'voice' sound is."""

    def __init__(self, clock: FakeClock, speech: FakeSpeech) -> None:
        super().__init__(clock.now)
        self.speech = speech
        self.texts: list[tuple[str, float]] = []
        self.closed = False

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        if samples is not None:
            self.texts.append((self.speech.text_of(samples), at))
        return super().schedule(cue, samples, at)

    def close(self) -> None:
        self.closed = True


def build(
    speech: FakeSpeech | None = None,
) -> tuple[BacktimerApp, FakeClock, Scheduler, FakeSpeech, Recorder]:
    clock, recorder, speech = FakeClock(), Recorder(), speech or FakeSpeech()
    player = Scheduler(clock, speech)
    app = make_app(
        RunOptions(autostart=True),
        clock=clock,
        player=player,
        recorder=recorder,
        cue_for=CuePicker(),
        routine=routine(
            "Sided",
            exercise("Side plank", hold(20), sides=("left", "right")),
            exercise("Bridge", reps(3)),
        ),
        speech=speech,  # type: ignore[arg-type]
    )
    return app, clock, player, speech, recorder


async def test_the_first_step_queues_its_announcement_ahead() -> None:
    app, clock, player, speech, _ = build()
    start = clock.t
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert len(speech.prepared) >= 1 and speech.prepared[-1].name == "Sided"
        assert player.queued[0] == ("get_ready", start)
        assert player.texts[0][0] == ANNOUNCE
        assert abs(player.texts[0][1] - (start + 0.3 + GAP)) < 1e-6
        assert ("Two.", start + 1) in player.texts and ("One.", start + 2) in player.texts
        assert ("Halfway.", start + 13) in player.texts, "the work step after it too"
        assert player.played == [], "everything went ahead; nothing played on the spot"
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130


async def test_pause_cancels_what_is_queued_and_says_paused() -> None:
    app, clock, player, _, _ = build()
    start = clock.t
    async with app.run_test() as pilot:
        await run_for(pilot, clock, 8)
        screen = session_screen(app)
        assert screen is not None and screen.conductor.live.index == 1
        cancels, said = player.cancels, len(player.texts)
        await pilot.press("space")
        assert screen.conductor.live.paused
        assert player.cancels == cancels + 1
        assert player.texts[said:] == [("Paused.", start + 8)]
        assert all(at <= start + 8 for _, at in player.queued), "nothing left ahead"
        await run_for(pilot, clock, 30)
        assert player.cancels == cancels + 1 and len(player.texts) == said + 1
        await pilot.press("space")
        assert player.cancels == cancels + 2
        assert player.texts[said + 1] == ("Resuming.", start + 38)
        assert ("Halfway.", start + 38 + 5) in player.texts[said + 1 :]
        await quit_session(pilot)
    assert app.return_code == 0


async def quit_session(pilot: Pilot[int]) -> None:
    await pilot.press("q")
    assert isinstance(pilot.app.screen, ConfirmQuitDialog)
    await pilot.press("y")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SummaryScreen)
    await pilot.press("enter")
    await pilot.pause()


async def test_quitting_closes_cleanly_with_nothing_left_queued() -> None:
    app, clock, player, _, recorder = build()
    async with app.run_test() as pilot:
        await run_for(pilot, clock, 5)
        cancels = player.cancels
        await quit_session(pilot)
        assert player.cancels >= cancels + 1
        assert all(at <= clock.t for _, at in player.queued), "no sound queued past the quit"
    assert app.return_code == 0
    assert player.closed, "the app closes its player"
    assert recorder.calls[-1] == ("finish", "stopped")


async def test_a_voice_still_opening_lets_the_tones_play_then_speaks() -> None:
    speech = FakeSpeech()
    speech.ready = False
    app, clock, player, _, _ = build(speech)
    start = clock.t
    async with app.run_test() as pilot:
        await pilot.pause()
        assert player.played == ["get_ready"] and player.texts == []
        screen = session_screen(app)
        assert screen is not None and screen.wake_at is not None
        assert screen.wake_at - start <= 0.05 + 1e-9, "looked at again soon while it opens"
        await run_for(pilot, clock, 0.4)
        assert player.texts == []
        speech.ready = True
        await run_for(pilot, clock, 0.1)
        assert player.texts and player.texts[0][0] == ANNOUNCE, "said late, in its step"
        assert start + 0.4 <= player.texts[0][1] <= start + 0.5 + 1e-9
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130


async def test_the_whole_session_runs_on_the_voice_to_the_summary() -> None:
    app, clock, player, _, recorder = build()
    async with app.run_test() as pilot:
        await run_for(pilot, clock, 70)
        assert isinstance(app.screen, SummaryScreen)
        texts = [t for t, _ in player.texts]
        assert texts.count(ANNOUNCE) == 1 and texts.count("Switch. Right side.") == 1
        assert texts[-1].startswith("Session complete.")
        assert player.cancels == 0 and player.played == []
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0
    assert recorder.calls[-1] == ("finish", "finished")


class FakeVoice:
    name, key, rate = "fake", "fake|en|165", 22050

    def render(self, text: str) -> array[int]:
        return array("h", [6000, -6000]) * (len(text) * 50)

    def close(self) -> None:
        pass


async def test_the_configs_countdown_reaches_the_session_as_launch_wires_it() -> None:
    notices: list[str] = []
    speech = Speech(
        "auto",
        lambda: VoiceConfig(countdown="ticks"),
        notices.append,
        opener=lambda engine, language, wpm: FakeVoice(),
    )
    clock = FakeClock()
    player = RecordingScheduler(clock.now)
    app = make_app(
        RunOptions(autostart=True),
        clock=clock,
        player=player,
        cue_for=CuePicker(),
        routine=routine("Hold", exercise("Plank", hold(20))),
        speech=speech,
    )
    app.after_first_frame.append(speech.open)  # as launch() does
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert speech.wait(10) is True and speech.style.countdown is False
            await run_for(pilot, clock, 0.1)
            screen = session_screen(app)
            assert screen is not None
            assert screen.conductor.announcer.script.style == speech.style
            await pilot.press("ctrl+c")
            await pilot.pause()
    finally:
        speech.close()
