"""The cues really sound: recorded from a null sink, identified, counted and timed.

Real time by nature; each test lasts a few seconds.
"""

from __future__ import annotations

import importlib.util
import io
import time
from collections.abc import Callable

import pytest
from pulse_server import PulseServer, report_delays, start_server, unavailable

from backtimer.engine.plan import compile_plan
from backtimer.engine.session import Session
from backtimer.routine.model import Exercise, Routine, Section, Settings, Span, Work
from backtimer.sound.cuemap import CUES, CuePicker
from backtimer.sound.factory import FallbackPlayer, open_player
from backtimer.sound.miniaudio_backend import STALL_SECONDS
from backtimer.sound.soundcheck import cue_seconds, run_soundcheck

pytestmark = pytest.mark.audio

GAP = 0.35
"""Quiet between two cues: more than pcm.MIN_GAP even when a loaded machine delays one
cue 100 ms more than the one before it, so they stay apart."""
CLOSE = 0.15
"""Seconds: an onset later than this is a failure; the figures are reported against
the 50 ms target in the summary (timed assertions stay loose on shared CI)."""
SPEED = 2.0


def open_real(backend: str) -> FallbackPlayer:
    notices: list[str] = []
    player = open_player(backend, notify=notices.append)
    assert player.name == backend, notices
    return player


def settle() -> None:
    time.sleep(0.4)  # the last cue's tail, and the recorder's last chunk


def check(pulse: PulseServer, mark: int, calls: list[tuple[str, float]], label: str) -> None:
    settle()
    heard = pulse.listen(mark)
    print(f"\n{label}:")
    for h, (cue, at) in zip(heard, calls, strict=False):
        print(f"  expected {cue:10} heard {h.cue:10} ({h.score:.2f})  {1000 * (h.at - at):6.1f} ms")
    assert [h.cue for h in heard] == [cue for cue, _ in calls]
    delays = [h.at - at for h, (_, at) in zip(heard, calls, strict=True)]
    report_delays(label, delays)
    assert all(-0.02 < d < CLOSE for d in delays), delays


def play_in_turn(
    player: FallbackPlayer, cues: tuple[str, ...], gap: float = GAP
) -> list[tuple[str, float]]:
    calls = []
    for cue in cues:
        started = player.play(cue)
        assert started is not None, cue
        calls.append((cue, started))
        time.sleep(cue_seconds(cue) + gap)
    return calls


@pytest.mark.parametrize("backend", ["miniaudio", "simpleaudio"])
def test_a_sequence_of_cues_sounds_in_order_right_after_play(
    pulse: PulseServer, backend: str
) -> None:
    if backend == "simpleaudio" and importlib.util.find_spec("simpleaudio") is None:
        unavailable("simpleaudio is not installed: pip install -e '.[simpleaudio]'")
    player = open_real(backend)
    mark = pulse.mark()
    calls = play_in_turn(player, ("get_ready", "tick", "go", "rep", "inhale", "set_done"))
    player.close()
    check(pulse, mark, calls, f"{backend}: play -> onset")


def plank() -> Routine:
    settings = Settings(prepare=2, rest=0, set_rest=0, switch=0)
    work = Work("hold", seconds=Span(4, 4))
    exercise = Exercise("Plank", "", "", "Main", work, (), (), 1, settings)
    return Routine("Plank", "", "", (Section("Main", (exercise,)),))


def drive(
    player: FallbackPlayer, now: Callable[[], float], start: float
) -> list[tuple[str, float]]:
    """Run a session in real time: each cue, with its event's instant on time.monotonic()."""
    plan = compile_plan(plank())
    session, picker = Session(plan, 0.0), CuePicker()
    calls = []
    while not session.finished:
        for event in session.advance(now()):
            cue = picker(event, plan.steps[event.step])
            if cue is not None:
                player.play(cue)
                calls.append((cue, start + event.at / SPEED))
        time.sleep(0.002)
    time.sleep(cue_seconds("finish"))
    return calls


def test_a_short_routine_sounds_each_cue_at_its_events_instant(pulse: PulseServer) -> None:
    """Prepare 2 s and a 4 s plank at double speed: get ready, tick, go, 3 ticks, finish."""
    player = open_real("miniaudio")
    mark = pulse.mark()
    start = time.monotonic()
    calls = drive(player, lambda: (time.monotonic() - start) * SPEED, start)
    player.close()
    assert [c for c, _ in calls] == ["get_ready", "tick", "go", "tick", "tick", "tick", "finish"]
    check(pulse, mark, calls, "miniaudio: event instant -> onset (routine)")


def test_the_sound_check_plays_every_cue_so_each_can_be_told_apart(pulse: PulseServer) -> None:
    out = io.StringIO()
    mark = pulse.mark()
    code = run_soundcheck("miniaudio", out, sleep=lambda s: time.sleep(s - 0.2))
    settle()
    heard = pulse.listen(mark)
    assert code == 0 and out.getvalue().startswith("Sound backend: miniaudio (PulseAudio)")
    print("\nsound check:", ", ".join(f"{h.cue} ({h.score:.2f})" for h in heard))
    assert [h.cue for h in heard] == list(CUES)


def test_a_server_that_dies_mid_session_falls_back_to_the_bell(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_server(tmp_path_factory.mktemp("dying"), sink="dying")
    server.use(monkeypatch)
    notices: list[str] = []
    rings: list[float] = []
    player = open_player("miniaudio", notify=notices.append, ring=lambda: rings.append(0.0))
    try:
        assert player.name == "miniaudio", notices
        player.play("go")
        time.sleep(0.3)
        server.process.kill()
        server.process.wait()
        slowest, deadline = 0.0, time.monotonic() + STALL_SECONDS + 3
        while player.name == "miniaudio" and time.monotonic() < deadline:
            before = time.monotonic()
            player.play("tick")
            slowest = max(slowest, time.monotonic() - before)
            time.sleep(0.25)
        print(f"\nslowest play() while the server was gone: {1000 * slowest:.2f} ms")
        assert player.name == "bell" and len(notices) == 1 and rings
        assert notices[0] == "The sound device stopped working: cues will use the terminal bell."
        assert any(d.startswith("miniaudio stopped") for d in player.details)
        assert slowest < 0.05  # the session went on on time
    finally:
        player.close()
        server.stop()
