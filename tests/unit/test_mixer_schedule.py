"""Mixer.schedule (cues/mixer.py): sounds placed at the exact frame of an instant, the
frame clock learnt from the pulls. The clock is driven by hand: no device, no sleeping."""

from __future__ import annotations

from array import array

import pytest

from backtimer.sound.mixer import HIGH, LOW, WINDOW, Mixer

RATE = 44100
BLOCK = 882  # 20 ms


class Hand:
    """A clock that says what it was last set to."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def rig(origin: float = 0.0) -> tuple[Mixer, Hand]:
    clock = Hand(origin)
    return Mixer(RATE, clock=clock), clock


def const(value: int, frames: int) -> array[int]:
    return array("h", [value] * frames)


def pull_at(mixer: Mixer, clock: Hand, at: float, frames: int = BLOCK) -> array[int]:
    clock.now = at
    return mixer.pull(frames)


def on_time(mixer: Mixer, clock: Hand, origin: float, blocks: int) -> array[int]:
    """`blocks` pulls, each exactly when its first frame is due; all samples pulled."""
    out = array("h")
    for _ in range(blocks):
        out.extend(pull_at(mixer, clock, origin + mixer.frames / RATE))
    return out


def first_sound(samples: array[int]) -> int:
    return next(i for i, v in enumerate(samples) if v != 0)


def test_schedule_before_any_pull_returns_none_and_queues_nothing() -> None:
    mixer, _ = rig()
    assert mixer.frame_at(1.0) is None
    assert mixer.schedule(const(1000, 100), 1.0) is None
    assert not mixer.busy
    assert mixer.cancel() == 0


@pytest.mark.parametrize("origin", [0.0, 12.345])
@pytest.mark.parametrize("offset", [0.0513, 0.1, 0.0200001, 0.0199999])
def test_a_sound_starts_at_the_exact_frame_of_its_instant(origin: float, offset: float) -> None:
    mixer, clock = rig(origin)
    out = on_time(mixer, clock, origin, 1)
    assert mixer.frames == BLOCK and set(out) == {0}
    sound = const(1000, 300)
    at = origin + offset
    placed = mixer.schedule(sound, at)
    frame = round(offset * RATE)
    assert mixer.frame_at(at) == frame
    assert placed == pytest.approx(origin + frame / RATE)
    out.extend(on_time(mixer, clock, origin, 10))
    assert first_sound(out) == frame
    assert list(out[frame : frame + 300]) == [1000] * 300  # whole, across block edges
    assert set(out[frame + 300 :]) == {0}
    assert not mixer.busy


def test_a_sound_fills_blocks_of_any_size() -> None:
    mixer, clock = rig()
    pull_at(mixer, clock, 0.0, 100)
    mixer.schedule(const(7, 1000), 150 / RATE)
    out = array("h", [0] * 100)
    for size in (37, 512, 1, 300, 999):
        out.extend(pull_at(mixer, clock, mixer.frames / RATE, size))
        assert len(out) == mixer.frames
    assert first_sound(out) == 150
    assert out.count(7) == 1000


def test_a_late_pull_does_not_move_the_placement() -> None:
    mixer, clock = rig()
    out = array("h")
    out.extend(pull_at(mixer, clock, 0.0))
    out.extend(pull_at(mixer, clock, 0.02))
    out.extend(pull_at(mixer, clock, 0.045))  # the audio thread woke 5 ms late
    assert mixer.frame_at(0.1) == 4410  # still counted from the on-time pulls
    at = 0.1 + 0.3 / RATE
    assert mixer.schedule(const(500, 50), at) == pytest.approx(4410 / RATE)
    out.extend(pull_at(mixer, clock, 0.065))  # late again
    for _ in range(3):
        out.extend(pull_at(mixer, clock, mixer.frames / RATE))
    assert first_sound(out) == 4410


def test_the_frame_clock_follows_the_earliest_pull_of_the_window() -> None:
    mixer, clock = rig()
    pull_at(mixer, clock, 0.005)  # late from the start: origin 5 ms
    assert mixer.frame_at(0.105) == 4410
    pull_at(mixer, clock, 0.02)  # this one on time: origin 0
    assert mixer.frame_at(0.105) == round(0.105 * RATE)
    # Once the on-time pull is out of the window, the clock follows the later pulls.
    for _ in range(round(WINDOW * RATE / BLOCK) + 2):
        pull_at(mixer, clock, 0.003 + mixer.frames / RATE)
    assert mixer.frame_at(0.103) == round(0.1 * RATE)


def test_a_sound_scheduled_in_the_past_starts_at_the_next_block() -> None:
    mixer, clock = rig()
    out = on_time(mixer, clock, 0.0, 3)
    placed = mixer.schedule(const(900, 10), 0.01)  # frame 441, long handed out
    assert placed == pytest.approx(3 * BLOCK / RATE)
    out.extend(on_time(mixer, clock, 0.0, 1))
    assert first_sound(out) == 3 * BLOCK
    assert out.count(900) == 10


def test_a_sound_scheduled_on_the_next_blocks_first_frame_is_not_late_or_early() -> None:
    mixer, clock = rig()
    out = on_time(mixer, clock, 0.0, 1)
    mixer.schedule(const(900, 10), BLOCK / RATE)
    out.extend(on_time(mixer, clock, 0.0, 1))
    assert first_sound(out) == BLOCK


def test_sounds_scheduled_out_of_order_each_start_on_their_frame() -> None:
    mixer, clock = rig()
    out = on_time(mixer, clock, 0.0, 1)
    mixer.schedule(const(300, 20), 0.08)
    mixer.schedule(const(100, 20), 0.03)
    mixer.schedule(const(200, 20), 0.05)
    out.extend(on_time(mixer, clock, 0.0, 6))
    starts = {v: out.index(v) for v in (100, 200, 300)}
    assert starts == {100: 1323, 200: 2205, 300: 3528}


def test_cancel_drops_unstarted_sounds_but_not_one_already_sounding() -> None:
    mixer, clock = rig()
    out = on_time(mixer, clock, 0.0, 1)
    mixer.schedule(const(1000, 2000), 0.03)  # frame 1323: starts in the next block
    mixer.schedule(const(2000, 100), 0.2)  # frame 8820: not started
    mixer.schedule(const(3000, 100), 0.3)
    out.extend(on_time(mixer, clock, 0.0, 1))  # frames 882..1763: the first sounds
    assert mixer.cancel() == 2
    assert mixer.cancel() == 0
    out.extend(on_time(mixer, clock, 0.0, 20))
    assert out.count(1000) == 2000  # played out to its end
    assert 2000 not in out and 3000 not in out
    assert not mixer.busy


def test_cancel_keeps_sounds_added_to_play_now() -> None:
    mixer, clock = rig()
    on_time(mixer, clock, 0.0, 1)
    mixer.add(const(42, 10))
    mixer.schedule(const(43, 10), 0.5)
    assert mixer.cancel() == 1
    out = on_time(mixer, clock, 0.0, 1)
    assert list(out[:10]) == [42] * 10


def test_overlapping_sounds_are_mixed_and_clipped() -> None:
    mixer, clock = rig()
    out = on_time(mixer, clock, 0.0, 1)
    mixer.schedule(const(20000, 1000), 1000 / RATE)
    mixer.schedule(const(20000, 1000), 1500 / RATE)  # overlaps frames 1500..1999
    mixer.schedule(const(-20000, 100), 3000 / RATE)
    mixer.schedule(const(-20000, 100), 3050 / RATE)  # overlaps frames 3050..3099
    mixer.schedule(const(5, 10), 4000 / RATE)
    mixer.schedule(const(-3, 10), 4005 / RATE)
    out.extend(on_time(mixer, clock, 0.0, 6))
    assert first_sound(out) == 1000
    assert list(out[1000:1500]) == [20000] * 500
    assert list(out[1500:2000]) == [HIGH] * 500  # 40000, clipped
    assert list(out[2000:2500]) == [20000] * 500
    assert out[2500] == 0
    assert list(out[3050:3100]) == [LOW] * 50  # -40000, clipped
    assert list(out[3000:3050]) == [-20000] * 50 and list(out[3100:3150]) == [-20000] * 50
    assert list(out[4000:4020]) == [5] * 5 + [2] * 5 + [-3] * 5 + [0] * 5


def test_pull_without_sounds_is_silence_of_the_asked_length() -> None:
    mixer, clock = rig()
    assert pull_at(mixer, clock, 0.0, 5) == array("h", [0] * 5)
    assert mixer.frames == 5 and mixer.pulls == 1 and mixer.last_pull == 0.0


def test_the_stream_generator_pulls_what_is_sent() -> None:
    mixer, clock = rig()
    stream = mixer.stream()
    assert len(stream.send(BLOCK)) == BLOCK
    mixer.schedule(const(11, 5), 0.03)
    clock.now = mixer.frames / RATE  # each pull on time
    out = stream.send(BLOCK)
    clock.now = mixer.frames / RATE
    out += stream.send(BLOCK)
    assert first_sound(out) == 1323 - BLOCK


def test_a_sound_queued_before_the_device_stalled_still_starts_on_its_instant() -> None:
    """An underrun delays everything the device plays after it. A sound queued before
    the stall is placed by the frame clock as it is when the sound is due, so it starts
    at its instant, not late by the stall."""
    mixer, clock = rig()
    on_time(mixer, clock, 0.0, 3)
    mixer.schedule(const(900, 10), 2.0)
    stall = 0.035
    out = array("h")
    while mixer.frames < 2.2 * RATE:  # pulls come 35 ms later than before, from now on
        out.extend(pull_at(mixer, clock, stall + mixer.frames / RATE))
    start = 3 * BLOCK + first_sound(out)
    assert start / RATE == pytest.approx(2.0 - stall, abs=1 / RATE)


def test_sounds_a_stopped_process_passed_are_dropped_not_played_in_a_burst() -> None:
    """SIGSTOP for 5 s: the device asked for nothing meanwhile. At the first pull after
    SIGCONT every sound queued for the stall is past; none of them plays."""
    mixer, clock = rig()
    on_time(mixer, clock, 0.0, 3)
    for i in range(10):
        mixer.schedule(const(1000 + i, 100), 0.5 + 0.4 * i)  # ticks, phrases, a gong
    mixer.schedule(const(700, 100), 6.0)  # still ahead after the stall
    out = pull_at(mixer, clock, 5.0)
    assert set(out) == {0} and mixer.dropped == 10, "no backlog"
    more = on_time(mixer, clock, 5.0 - mixer.frames / RATE, 60)
    assert 700 in more, "a sound still ahead plays"


def test_a_sound_scheduled_late_still_plays_at_once() -> None:
    """A sound whose instant had passed when it was queued (a late wake-up) is not a
    backlog: it starts at the next block, however late."""
    mixer, clock = rig()
    on_time(mixer, clock, 0.0, 50)
    mixer.schedule(const(900, 100), 0.1)
    out = on_time(mixer, clock, 0.0, 1)
    assert first_sound(out) == 0 and mixer.dropped == 0
