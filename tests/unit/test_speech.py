"""Speech: the voice of one run, opened on a worker thread with a fake engine (no audio)."""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from routine_builders import exercise, hold, reps, routine

from backtimer.config import VoiceConfig
from backtimer.engine.plan import Plan, compile_plan
from backtimer.sound.script import Script, VoiceStyle
from backtimer.sound.voice.engine import Voice, VoiceUnavailable
from backtimer.sound.voice.phrasebook import PEAK
from backtimer.sound.voice.speech import Speech

WAIT = 10.0
"""Seconds a test waits, at most, for the worker thread (it takes milliseconds)."""
FAKE_RATE = 22050
LEAD = 1000
"""Silent samples before the fake voice speaks (trimmed away)."""


class FakeVoice:
    """The same samples for every text: a short silence, then a square wave."""

    name, key, rate = "fake-voice", "fake|en|165", FAKE_RATE

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.closed = False

    def render(self, text: str) -> array[int]:
        self.calls.append(text)
        return array("h", [0] * LEAD + [8000, -8000] * 1000)

    def close(self) -> None:
        self.closed = True


class Opener:
    """An opener that records what it was asked for, then gives a voice or raises."""

    def __init__(self, fails: Exception | None = None) -> None:
        self.voice = FakeVoice()
        self.asked: list[tuple[str, str, int]] = []
        self.fails = fails

    def __call__(self, engine: str, language: str, wpm: int) -> Voice:
        self.asked.append((engine, language, wpm))
        if self.fails is not None:
            raise self.fails
        return self.voice


def plan_of() -> Plan:
    return compile_plan(
        routine(
            "Voice test",
            exercise("Side plank", hold(20), sides=("left", "right"), cue="Hips up."),
            exercise("Bridge", reps(3), sets=2),
        )
    )


def voice_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "backtimer-voice"]


def speech(
    choice: str = "espeak",
    config: VoiceConfig | None = None,
    opener: Callable[[str, str, int], Voice] | None = None,
    folder: Path | None = None,
) -> tuple[Speech, list[str]]:
    notices: list[str] = []
    made = Speech(choice, config or VoiceConfig(), notices.append, folder, opener or Opener())
    return made, notices


@pytest.fixture(autouse=True)
def no_thread_left() -> Iterator[None]:
    """Every Speech a test opens is closed and its thread gone by the end."""
    before = set(voice_threads())
    yield
    for thread in set(voice_threads()) - before:
        thread.join(WAIT)
        assert not thread.is_alive(), "the voice thread outlived its test"


def test_off_opens_nothing_and_says_nothing() -> None:
    opener = Opener()
    s, notices = speech("off", opener=opener)
    before = voice_threads()
    s.open()
    s.prepare(plan_of())
    assert voice_threads() == before, "no thread is started"
    assert s.name == "off" and s.ready and s.problem == "voice is off"
    assert s.render("Halfway.") == array("h")
    assert s.wait(0.01) is False
    assert notices == [] and opener.asked == []
    s.close()


def test_the_config_can_turn_the_voice_off_when_the_command_line_says_auto() -> None:
    opener = Opener()
    s, notices = speech("auto", VoiceConfig(engine="off"), opener)
    s.open()
    assert s.engine == "off" and s.name == "off" and s.ready
    assert s.wait(0.01) is False and opener.asked == [] and notices == []


def test_before_open_it_is_opening_and_renders_nothing() -> None:
    opener = Opener()
    s, notices = speech(opener=opener)
    assert s.name == "opening" and not s.ready and s.problem == ""
    assert s.render("Halfway.") == array("h")
    assert s.wait(0.01) is False, "nothing to wait for before open()"
    assert opener.asked == [] and opener.voice.calls == [] and notices == []


def test_no_engine_is_one_notice_and_the_session_runs_on_tones() -> None:
    reason = 'no speech engine found: install it with pip install "backtimer[voice]"'
    opener = Opener(fails=VoiceUnavailable(reason))
    s, notices = speech(opener=opener)
    s.prepare(plan_of())  # asked for before it failed: wait() must not hang on it
    s.open()
    assert s.wait(WAIT) is False
    assert s.ready and s.name == "off" and s.problem == reason
    assert len(notices) == 1
    assert "runs on tones" in notices[0] and reason in notices[0]
    assert s.render("Halfway.") == array("h")
    s.prepare(plan_of())  # after the failure: nothing queued, nothing waited for
    assert s.wait(WAIT) is False
    assert len(notices) == 1 and opener.asked == [("espeak", "en", 165)]
    s.close()


def test_a_working_voice_renders_every_phrase_of_the_plan_ahead_once() -> None:
    opener, plan = Opener(), plan_of()
    s, notices = speech(opener=opener)
    s.open()
    s.prepare(plan)
    assert s.wait(WAIT) is True
    texts = Script(plan, s.style).all_texts()
    assert opener.voice.calls == texts, "each phrase once, in the plan's order"
    assert "Side plank, left side. Twenty seconds." in texts and "Switch. Right side." in texts
    assert s.ready and s.name == "fake-voice" and s.problem == "" and notices == []
    assert s.rendered_in is not None and s.rendered_in >= 0.0
    s.prepare(plan)  # the same plan again (the start card, then the session)
    assert s.wait(WAIT) is True
    assert len(opener.voice.calls) == len(texts), "nothing is rendered twice"
    s.close()


def test_render_gives_the_processed_samples_and_renders_a_new_phrase_once() -> None:
    opener = Opener()
    s, _ = speech(opener=opener)
    s.open()
    assert s.wait(WAIT) is True
    samples = s.render("Something not in any plan.")
    assert opener.voice.calls == ["Something not in any plan."]
    assert samples, "not empty"
    # trimmed (10 ms of the silence kept), resampled 22050 -> 44100: about twice as long
    spoken = 2000 + round(FAKE_RATE * 0.010)
    assert abs(len(samples) - 2 * spoken) <= 4, len(samples)
    assert abs(max(abs(v) for v in samples) - PEAK * 32767) <= 2, "scaled to the peak level"
    assert s.render("Something not in any plan.") is samples
    assert len(opener.voice.calls) == 1
    assert s.render("  ") == array("h") and len(opener.voice.calls) == 1
    s.close()


def test_volume_sets_the_peak_of_every_phrase() -> None:
    s, _ = speech(config=VoiceConfig(volume=0.5))
    s.open()
    assert s.wait(WAIT) is True
    top = max(abs(v) for v in s.render("Halfway."))
    assert abs(top - 0.5 * PEAK * 32767) <= 2
    s.close()


def test_rendered_phrases_are_cached_in_the_folder(tmp_path: Path) -> None:
    first, plan = Opener(), plan_of()
    s, _ = speech(opener=first, folder=tmp_path / "voice")
    s.open()
    s.prepare(plan)
    assert s.wait(WAIT) is True
    s.close()
    assert first.voice.calls and any((tmp_path / "voice").glob("*.wav"))
    second = Opener()
    again, _ = speech(opener=second, folder=tmp_path / "voice")
    again.open()
    again.prepare(plan)
    assert again.wait(WAIT) is True
    assert second.voice.calls == [], "read back from the cache, not rendered again"
    assert again.render("Halfway.") == s.render("Halfway.")
    again.close()


@pytest.mark.parametrize(
    ("config", "style"),
    [
        (VoiceConfig(), VoiceStyle(read_cues=False, countdown=True)),
        (VoiceConfig(read_cues=True), VoiceStyle(read_cues=True, countdown=True)),
        (VoiceConfig(countdown="ticks"), VoiceStyle(read_cues=False, countdown=False)),
        (
            VoiceConfig(read_cues=True, countdown="ticks"),
            VoiceStyle(read_cues=True, countdown=False),
        ),
    ],
)
def test_the_style_follows_the_config(config: VoiceConfig, style: VoiceStyle) -> None:
    s, _ = speech(config=config)
    assert s.style == style


def test_read_cues_renders_the_cue_with_the_announcement() -> None:
    opener, plan = Opener(), plan_of()
    s, _ = speech(config=VoiceConfig(read_cues=True, countdown="ticks"), opener=opener)
    s.open()
    s.prepare(plan)
    assert s.wait(WAIT) is True
    assert "Side plank, left side. Twenty seconds. Hips up." in opener.voice.calls
    assert opener.voice.calls == Script(plan, s.style).all_texts()
    s.close()


@pytest.mark.parametrize(
    ("choice", "configured", "engine"),
    [
        ("auto", "auto", "auto"),
        ("auto", "espeak", "espeak"),
        ("auto", "system", "system"),
        ("espeak", "system", "espeak"),
        ("system", "espeak", "system"),
        ("espeak", "off", "espeak"),
        ("off", "espeak", "off"),
    ],
)
def test_auto_takes_the_configs_engine_and_any_other_choice_overrides_it(
    choice: str, configured: str, engine: str
) -> None:
    opener = Opener()
    s, _ = speech(choice, VoiceConfig(engine=configured, language="de", rate=200), opener)
    s.open()
    opened = s.wait(WAIT)
    assert s.engine == engine
    if engine == "off":
        assert opener.asked == [] and not opened
    else:
        assert opened and opener.asked == [(engine, "de", 200)]
    s.close()


def test_close_ends_the_worker_thread() -> None:
    s, _ = speech()
    before = set(voice_threads())
    s.open()
    assert s.wait(WAIT) is True
    (thread,) = set(voice_threads()) - before
    s.close()
    thread.join(WAIT)
    assert not thread.is_alive()


def test_a_config_function_is_read_once_on_the_worker_thread() -> None:
    read_on: list[str] = []

    def config() -> VoiceConfig:
        read_on.append(threading.current_thread().name)
        return VoiceConfig(engine="system", language="de", read_cues=True, countdown="ticks")

    opener, plan = Opener(), plan_of()
    s, notices = speech("auto", config, opener)  # type: ignore[arg-type]
    s.open()
    s.prepare(plan)
    assert s.wait(WAIT) is True
    assert read_on == ["backtimer-voice"]
    assert s.engine == "system" and opener.asked == [("system", "de", 165)]
    assert s.style == VoiceStyle(read_cues=True, countdown=False)
    assert opener.voice.calls == Script(plan, s.style).all_texts()
    assert notices == []
    s.close()


def test_a_config_function_can_turn_the_voice_off() -> None:
    opener = Opener()
    s, notices = speech("auto", lambda: VoiceConfig(engine="off"), opener)  # type: ignore[arg-type]
    s.open()
    s.prepare(plan_of())
    assert s.wait(WAIT) is False
    assert s.ready and s.name == "off" and s.engine == "off"
    assert opener.asked == [] and notices == []
    s.close()
