"""The Conductor's Announcer on a fake clock: tones and phrases queued ahead on a player
that schedules, none overlapping; pause, resume, skip and mute lay them out again; a
voice still opening gets its due announcement late. No audio, no threads."""

from __future__ import annotations

import time
import wave
from array import array
from collections.abc import Callable, Sequence
from typing import NamedTuple

import pytest
from routine_builders import breaths, exercise, hold, reps, routine

from backtimer import paths
from backtimer.engine.clock import FakeClock
from backtimer.engine.plan import Plan, compile_plan
from backtimer.present.spoken import laid_out
from backtimer.run.conductor import OPENING_POLL, Conductor
from backtimer.run.hooks import NullRecorder
from backtimer.sound.cuemap import CUES, CuePicker
from backtimer.sound.player import RecordingScheduler
from backtimer.sound.script import VoiceStyle
from backtimer.sound.timeline import GAP

RATE = 44100
T0 = 1000.0
ANNOUNCE = "Side plank, left side. Twenty seconds."


class FakePhrases:
    """Rendered speech without a voice: len(text) * 500 samples, the same array per text."""

    def __init__(self, ready: bool = True) -> None:
        self.ready = ready
        self._made: dict[str, array[int]] = {}

    def render(self, text: str) -> array[int]:
        if text not in self._made:
            self._made[text] = array("h", [1000]) * (len(text) * 500)
        return self._made[text]

    def text_of(self, samples: array[int]) -> str:
        return next(t for t, a in self._made.items() if a is samples)


def length(text: str) -> float:
    """What FakePhrases' phrase for `text` lasts, in seconds."""
    return len(text) * 500 / RATE


class Sound(NamedTuple):
    cue: str
    text: str
    """The phrase ('' for a tone)."""
    at: float
    seconds: float

    @property
    def end(self) -> float:
        return self.at + self.seconds


class Scheduler(RecordingScheduler):
    """A RecordingScheduler that also remembers which phrase each 'voice' sound is."""

    def __init__(
        self, clock: FakeClock, phrases: FakePhrases, tones: Callable[[str], float] | None = None
    ) -> None:
        super().__init__(clock.now)
        self.phrases, self.tones = phrases, tones
        self.log: list[Sound] = []

    def schedule(self, cue: str, samples: array[int] | None, at: float) -> float | None:
        if samples is None:
            self.log.append(Sound(cue, "", at, self.seconds(cue)))
        else:
            self.log.append(Sound(cue, self.phrases.text_of(samples), at, len(samples) / RATE))
        return super().schedule(cue, samples, at)

    def seconds(self, cue: str) -> float:
        return self.tones(cue) if self.tones is not None else super().seconds(cue)

    def said(self, start: int = 0) -> list[tuple[str, float]]:
        return [(s.text, round(s.at, 6)) for s in self.log[start:] if s.text]


class Rig(NamedTuple):
    conductor: Conductor
    clock: FakeClock
    player: Scheduler
    phrases: FakePhrases


def sided_plan() -> Plan:
    """Get ready 3, side plank 20 left, switch 3, 20 right, rest 10, get ready 3, bridge 3 x 2 s."""
    return compile_plan(
        routine(
            "Sided",
            exercise("Side plank", hold(20), sides=("left", "right")),
            exercise("Bridge", reps(3)),
        )
    )


def rig(
    plan: Plan | None = None,
    *,
    ready: bool = True,
    style: VoiceStyle | None = None,
    tones: Callable[[str], float] | None = None,
    start: float = T0,
) -> Rig:
    clock, phrases = FakeClock(start), FakePhrases(ready)
    player = Scheduler(clock, phrases, tones)
    conductor = Conductor(
        plan or sided_plan(),
        clock,
        player,
        NullRecorder(),
        CuePicker(),
        phrases=phrases,
        style=style or VoiceStyle(),
    )
    return Rig(conductor, clock, player, phrases)


def run_until(r: Rig, until: float) -> None:
    """Wake the conductor at every instant it asks for, up to `until`."""
    c = r.conductor
    while (at := c.next_wake()) is not None and at <= until:
        r.clock.set(at)
        c.tick(at)
    r.clock.set(max(r.clock.t, until))
    c.tick()


def run_to_end(r: Rig) -> int:
    c, wakes = r.conductor, 0
    while not c.live.finished:
        at = c.next_wake()
        assert at is not None and at > r.clock.t
        r.clock.set(at)
        c.tick(at)
        wakes += 1
    return wakes


def assert_apart(sounds: Sequence[Sound]) -> None:
    """No phrase overlaps another sound, and a GAP of quiet lies between them."""
    ordered = sorted(sounds, key=lambda s: s.at)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.text or b.text:
            assert b.at - a.end >= GAP - 1e-6, f"{a} runs into {b}"


def test_start_queues_the_announcement_and_the_countdowns_ahead() -> None:
    r = rig()
    r.conductor.start()
    log = r.player.log
    assert log[0] == Sound("get_ready", "", T0, 0.3)
    said = r.player.said()
    assert said[0] == (ANNOUNCE, pytest.approx(T0 + 0.3 + GAP))
    assert said[1:] == [
        ("Two.", T0 + 1),
        ("One.", T0 + 2),  # the get-ready's countdown, on its instants
        ("Halfway.", T0 + 13),
        ("Three.", T0 + 20),
        ("Two.", T0 + 21),
        ("One.", T0 + 22),  # and the work step's, laid out ahead
    ]
    assert [s.cue for s in log if not s.text] == ["get_ready", "go"]
    assert [s for s in log if s.cue == "go"][0].at == T0 + 3
    assert all(s.cue == "voice" for s in log if s.text)
    assert all(s.seconds == pytest.approx(length(s.text)) for s in log if s.text)
    assert_apart(log)
    assert r.player.played == [] and r.player.cancels == 0


def test_the_announcement_ends_before_the_first_count() -> None:
    r = rig()
    r.conductor.start()
    first, count = [s for s in r.player.log if s.text][:2]
    assert first.text == ANNOUNCE and count.text == "Two."
    assert first.end + GAP <= count.at


def test_ticks_said_as_words_are_not_played_when_their_instants_come() -> None:
    r = rig()
    r.conductor.start()
    queued = len(r.player.log)
    run_until(r, T0 + 23.5)  # the get-ready, the first side, into the switch
    assert r.player.played == [], "every sound went ahead; no tick is played on top"
    assert not any(s.cue == "tick" for s in r.player.log)
    assert len(r.player.log) > queued, "the switch was laid out once the work step began"
    assert r.player.said(queued)[:1] == [("Switch. Right side.", pytest.approx(T0 + 23.42))]
    assert_apart(r.player.log)


def test_without_the_spoken_countdown_the_ticks_are_tones() -> None:
    r = rig(style=VoiceStyle(countdown=False))
    r.conductor.start()
    ticks = [s.at for s in r.player.log if s.cue == "tick"]
    assert ticks == [T0 + 1, T0 + 2, T0 + 20, T0 + 21, T0 + 22]
    assert not {"Three.", "Two.", "One."} & {t for t, _ in r.player.said()}
    run_until(r, T0 + 5)
    assert r.player.played == []


def test_pause_cancels_and_says_paused_resume_lays_the_rest_out_again() -> None:
    r = rig()
    c = r.conductor
    c.start()
    run_until(r, T0 + 8)  # five seconds into the left side
    before, cancels = len(r.player.log), r.player.cancels
    c.toggle_pause()
    assert r.player.cancels == cancels + 1
    assert r.player.said(before) == [("Paused.", T0 + 8)]
    assert all(at <= T0 + 8 for _, at in r.player.queued), "nothing ahead is left queued"
    run_until(r, T0 + 38)  # paused for 30 s: nothing happens
    assert len(r.player.log) == before + 1 and r.player.cancels == cancels + 1
    c.toggle_pause()
    resumed = T0 + 38  # resumed at T0+38, the step has 15 s left
    assert r.player.cancels == cancels + 2
    after = r.player.log[before + 1 :]
    assert r.player.said(before + 1) == [
        ("Resuming.", pytest.approx(resumed + 0.0)),
        ("Halfway.", resumed + 5),
        ("Three.", resumed + 12),
        ("Two.", resumed + 13),
        ("One.", resumed + 14),
        ("Switch. Right side.", pytest.approx(resumed + 15 + 0.3 + GAP)),
        ("Two.", resumed + 16),
        ("One.", resumed + 17),
    ]
    assert [s for s in after if not s.text] == [Sound("switch", "", resumed + 15, 0.3)]
    assert_apart(after)
    assert r.player.played == []


def test_skip_cancels_and_lays_out_the_next_step() -> None:
    r = rig()
    c = r.conductor
    c.start()
    run_until(r, T0 + 8)
    before, cancels = len(r.player.log), r.player.cancels
    c.skip()
    now = T0 + 8
    assert r.player.cancels == cancels + 1
    assert c.live.step.kind == "switch"
    new = r.player.log[before:]
    assert new[0] == Sound("switch", "", now, 0.3)
    assert r.player.said(before)[:3] == [
        ("Switch. Right side.", pytest.approx(now + 0.3 + GAP)),
        ("Two.", now + 1),
        ("One.", now + 2),
    ]
    assert ("Halfway.", now + 3 + 10) in r.player.said(before), "and the right side after it"
    assert ("voice", T0 + 13) not in r.player.queued, "the left side's halfway is dropped"
    assert_apart(new)


def test_back_and_ten_seconds_more_cancel_and_lay_out_again() -> None:
    r = rig()
    c = r.conductor
    c.start()
    run_until(r, T0 + 8)
    cancels, before = r.player.cancels, len(r.player.log)
    c.adjust(10)  # the left side now ends at T0+33
    assert r.player.cancels == cancels + 1
    assert ("Three.", T0 + 30) in r.player.said(before)
    before = len(r.player.log)
    c.back()  # the left side again, from its start
    assert r.player.cancels == cancels + 2
    assert r.player.log[before:] and r.player.played == []


def test_mute_cancels_and_queues_nothing_until_unmuted() -> None:
    r = rig()
    c = r.conductor
    c.start()
    run_until(r, T0 + 8)
    before, cancels = len(r.player.log), r.player.cancels
    c.muted = True
    c.tick()
    assert r.player.cancels == cancels + 1
    assert all(at <= T0 + 8 for _, at in r.player.queued)
    run_until(r, T0 + 60)  # the switch, the right side, the rest: all muted
    assert len(r.player.log) == before and r.player.played == []
    assert r.player.cancels == cancels + 1
    c.muted = False
    c.tick()
    assert len(r.player.log) > before, "unmuted: what is ahead is laid out again"
    assert_apart(r.player.log[before:])


def test_a_voice_still_opening_leaves_the_tones_to_play_when_due() -> None:
    r = rig(ready=False)
    c = r.conductor
    c.start()
    assert r.player.log == [], "nothing is queued ahead while the voice opens"
    assert r.player.started == [("get_ready", T0)]
    run_until(r, T0 + 4)
    assert r.player.log == []
    assert [cue for cue, _ in r.player.started] == ["get_ready", "tick", "tick", "go"]
    due = [T0, T0 + 1, T0 + 2, T0 + 3]
    for (_, at), instant in zip(r.player.started, due, strict=True):
        assert instant <= at <= instant + OPENING_POLL + 1e-6, "played when due (or a poll late)"
    r.phrases.ready = True
    run_until(r, T0 + 5)
    # The get-ready ended before the voice opened: its announcement is not said late.
    assert ANNOUNCE not in [t for t, _ in r.player.said()]
    assert ("Halfway.", T0 + 13) in r.player.said()
    assert_apart(r.player.log)


def test_a_voice_still_opening_leaves_each_tick_exactly_on_its_instant() -> None:
    r = rig(ready=False)
    r.conductor.start()
    run_until(r, T0 + 4)
    ticks = [at for cue, at in r.player.started if cue == "tick"]
    assert ticks == [pytest.approx(T0 + 1, abs=1e-6), pytest.approx(T0 + 2, abs=1e-6)]


def test_an_announcement_due_while_the_voice_opened_is_said_late_in_its_step() -> None:
    r = rig(ready=False)
    c = r.conductor
    c.start()
    run_until(r, T0 + 0.4)
    assert r.player.log == [] and r.player.played == ["get_ready"]
    at = c.next_wake()  # the wake-up armed while the voice opens
    assert at is not None and at <= T0 + 0.4 + OPENING_POLL + 1e-9, "looked at again soon"
    r.phrases.ready = True
    r.clock.set(at)
    c.tick(at)
    said = r.player.said()
    assert said[0] == (ANNOUNCE, pytest.approx(at)), "late, at the instant it could be said"
    assert said[0][1] + length(ANNOUNCE) <= T0 + 3, "and over before its step ends"
    assert ("Halfway.", T0 + 13) in said
    assert not any(s.cue == "get_ready" for s in r.player.log), "the tone already played"
    assert_apart(r.player.log)
    run_until(r, T0 + 30)
    assert [t for t, _ in r.player.said()].count(ANNOUNCE) == 1


def test_nothing_is_queued_for_phrases_until_the_voice_is_ready() -> None:
    r = rig(ready=False)
    r.conductor.start()
    run_until(r, T0 + 30)
    assert r.player.log == [] and r.player.cancels == 0
    assert "go" in r.player.played and "tick" in r.player.played


def wav_lengths() -> Callable[[str], float]:
    """Each cue's length as its WAV sounds (what miniaudio's player reports)."""
    lengths = {}
    for cue in CUES:
        with wave.open(str(paths.sounds_dir() / f"{cue}.wav"), "rb") as w:
            lengths[cue] = w.getnframes() / w.getframerate()
    return lambda cue: lengths.get(cue, 0.3)


def long_plan() -> Plan:
    exercises = []
    for i in range(11):
        exercises.append(
            exercise(f"Side plank {i}", hold(45), sides=("left", "right"), sets=2, cue="Hips up.")
        )
        exercises.append(exercise(f"Bridge {i}", reps(8, 2.5)))
    exercises.append(exercise("Belly breathing", breaths(6, 4.0, 2.0, 6.0, 2.0)))
    return compile_plan(routine("Long", *exercises))


def test_a_long_routine_runs_to_its_end_each_phrase_once_none_overlapping() -> None:
    plan = long_plan()
    assert plan.total_seconds >= 45 * 60
    r = rig(plan, tones=wav_lengths(), start=0.0)
    started = time.perf_counter()
    r.conductor.start()
    wakes = run_to_end(r)
    spent = time.perf_counter() - started
    assert r.conductor.live.finished and r.clock.t == pytest.approx(plan.total_seconds)
    assert spent < 1.0, f"{plan.total_seconds / 60:.0f} minutes took {spent:.2f} s"
    assert wakes >= plan.total_seconds * 0.9, "woken about once a second"
    assert r.player.cancels == 0 and r.player.played == []
    said = r.player.said()
    assert len(said) == len(set(said)), "no phrase queued twice"
    phrases = [s for s in r.player.log if s.text]
    assert_apart(phrases)
    # The same phrases at the same instants as the whole session laid out at once
    # (show --script), clear of every tone that lays out (one per instant).
    placed, _ = laid_out(plan, VoiceStyle(), length)
    assert said == [(p.text, round(p.at, 6)) for p in placed if p.text]
    tones = [Sound(p.cue, "", p.at, wav_lengths()(p.cue)) for p in placed if p.cue]
    assert_apart(phrases + tones)
    texts = [t for t, _ in said]
    for i in range(11):
        assert texts.count(f"Side plank {i}, left side. Forty-five seconds. Two sets.") == 1
        assert texts.count(f"Bridge {i}. Eight reps.") == 1
    assert texts.count("Switch. Right side.") == 22
    assert texts[-1].startswith("Session complete.")


def test_one_tone_per_instant_when_a_set_ends() -> None:
    r = rig(compile_plan(routine("Sets", exercise("Plank", hold(20), sets=2))))
    r.conductor.start()
    run_to_end(r)
    tones = [(s.cue, s.at) for s in r.player.log if not s.text]
    assert tones == [
        ("get_ready", T0),
        ("go", T0 + 3),
        ("set_done", T0 + 23),
        ("go", T0 + 33),
        ("finish", T0 + 53),
    ]


def test_a_long_routine_queues_the_tones_show_script_lays_out_and_nothing_overlaps() -> None:
    plan = long_plan()
    r = rig(plan, tones=wav_lengths(), start=0.0)
    r.conductor.start()
    run_to_end(r)
    placed, _ = laid_out(plan, VoiceStyle(), length)
    tones = sorted((s.cue, round(s.at, 6)) for s in r.player.log if not s.text)
    assert tones == sorted((p.cue, round(p.at, 6)) for p in placed if p.cue)
    assert_apart(r.player.log)


def test_an_announcement_due_while_the_device_opens_is_said_once_it_is_open() -> None:
    """The device (not the voice) still opening at the start: the get-ready's
    announcement is said late, once sounds can be queued, not never."""
    from routine_builders import exercise, hold, routine

    from backtimer.engine.clock import FakeClock
    from backtimer.engine.plan import compile_plan
    from backtimer.run.conductor import Conductor
    from backtimer.run.hooks import NullRecorder
    from backtimer.sound.cuemap import CuePicker
    from backtimer.sound.player import RecordingScheduler

    class Opening(RecordingScheduler):
        open = False

        def schedule(self, cue: str, samples: object, at: float) -> float | None:
            return super().schedule(cue, None, at) if self.open else None

    class Voice:
        ready, off = True, False
        style = VoiceStyle()

        def render(self, text: str) -> array[int]:
            return array("h", [1000]) * 8000

    clock = FakeClock()
    start = clock.now()
    player = Opening(clock.now)
    plan = compile_plan(routine("R", exercise("Plank", hold(30))))
    c = Conductor(plan, clock, player, NullRecorder(), CuePicker(), phrases=Voice())
    c.start()
    assert player.played == ["get_ready"] and player.queued == []
    clock.advance(0.05)
    player.open = True
    c.tick()
    said = [at for cue, at in player.queued if cue == "voice"]
    assert said and clock.now() <= said[0] < start + 1.0, "the announcement is said late"
