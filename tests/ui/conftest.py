"""Routines built in Python, the app built through make_app, and a fake-clock driver."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from backtimer.app import BacktimerApp, make_app
from backtimer.cues.player import RecordingPlayer
from backtimer.engine.clock import FakeClock
from backtimer.engine.event import Event, Outcome
from backtimer.engine.plan import Plan, Step
from backtimer.options import RunOptions
from backtimer.routine.model import Breath, Exercise, Routine, Section, Settings, Span, Work
from backtimer.ui.screens.session import SessionScreen

QUICK = Settings(prepare=3, rest=10, set_rest=10, switch=3)


def hold(seconds: float) -> Work:
    return Work("hold", seconds=Span(seconds, seconds))


def reps(count: int, tempo: float | None = 2.0) -> Work:
    return Work("reps", count=Span(count, count), tempo=tempo)


def breaths(count: int, *phases: float) -> Work:
    return Work("breaths", count=Span(count, count), breath=Breath(phases or (4.0, 4.0)))


def exercise(
    name: str,
    work: Work,
    *,
    sides: tuple[str, ...] = (),
    sets: int = 1,
    cue: str = "",
    section: str = "Main",
    settings: Settings = QUICK,
) -> Exercise:
    return Exercise(name, cue, "", section, work, (), sides, sets, settings)


def routine(name: str, *exercises: Exercise, description: str = "", caution: str = "") -> Routine:
    sections: dict[str, list[Exercise]] = {}
    for ex in exercises:
        sections.setdefault(ex.section, []).append(ex)
    parts = tuple(Section(n, tuple(e)) for n, e in sections.items())
    return Routine(name, description, caution, parts)


def short_routine() -> Routine:
    """Prepare 3, plank 10 (left/right), rest 10, bridge 3 reps x 2 s: about 45 s."""
    return routine(
        "Short test",
        exercise("Plank", hold(10), sides=("left", "right"), cue="Keep a straight line."),
        exercise("Bridge", reps(3), section="Strengthen"),
        description="A short routine for tests.",
        caution="Stop if it hurts.",
    )


@dataclass
class Recorder:
    """A SessionRecorder that remembers what it was told."""

    calls: list[tuple[str, object]] = field(default_factory=list)

    def on_start(self, plan: Plan) -> None:
        self.calls.append(("start", plan.name))

    def on_step_ended(self, outcome: Outcome) -> None:
        self.calls.append(("step", outcome))

    def on_finish(self, status: str) -> None:
        self.calls.append(("finish", status))


def simple_cues(event: Event, step: Step) -> str | None:
    """A stand-in cue map, so the tests can see that events reach the player."""
    if event.type == "step_started":
        return {"prepare": "get_ready", "work": "go"}.get(step.kind, "rest")
    return {"tick": "tick", "rep": "rep", "session_finished": "finish"}.get(event.type)


@dataclass
class Rig:
    app: BacktimerApp
    clock: FakeClock
    player: RecordingPlayer
    recorder: Recorder


def build(
    r: Routine | None = None,
    *,
    catalog: tuple[Routine, ...] = (),
    autostart: bool = True,
    level: str | None = None,
) -> Rig:
    clock, player, recorder = FakeClock(), RecordingPlayer(), Recorder()
    app = make_app(
        RunOptions(autostart=autostart, level=level),
        clock=clock,
        player=player,
        recorder=recorder,
        cue_for=simple_cues,
        routine=r,
        catalog=catalog,
    )
    return Rig(app, clock, player, recorder)


def session_screen(app: BacktimerApp) -> SessionScreen | None:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, SessionScreen):
            return screen
    return None


def wake_through(app: BacktimerApp, clock: FakeClock, seconds: float) -> Iterator[SessionScreen]:
    """Move the fake clock on by `seconds`, waking the session screen at every instant
    its timer asked for, exactly as the real timer would; yields after each wake."""
    end = clock.t + seconds
    while (screen := session_screen(app)) is not None and screen.wake_at is not None:
        if screen.wake_at > end:
            break
        clock.set(screen.wake_at)
        screen.wake(screen.wake_at)
        yield screen
    clock.set(end)
    if (screen := session_screen(app)) is not None and not screen.conductor.stopped:
        screen.wake()
        yield screen


async def run_for(pilot: Pilot[int], clock: FakeClock, seconds: float) -> None:
    for _ in wake_through(pilot.app, clock, seconds):  # type: ignore[arg-type]
        pass
    await pilot.pause()


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make snapshots flaky."""
    original = Input.__init__

    def init(self: Input, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", init)
