"""The app built through make_app with fakes, and a driver that wakes it on a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from routine_builders import exercise, hold, routine, short_routine
from textual.pilot import Pilot

from backtimer.engine.clock import FakeClock
from backtimer.engine.event import Event, Outcome
from backtimer.engine.plan import Plan, Step
from backtimer.routine.catalog import Listing
from backtimer.routine.model import Routine
from backtimer.run.event_log import EventLog
from backtimer.run.hooks import Prepare, ReadHistory
from backtimer.run.options import RunOptions
from backtimer.sound.player import RecordingPlayer
from backtimer.sound.voice.speech import Speech
from backtimer.ui.app import BacktimerApp, make_app
from backtimer.ui.screens.session import SessionScreen


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
    catalog: Sequence[Routine | Listing] = (),
    autostart: bool = True,
    level: str | None = None,
    log: EventLog | None = None,
    prepare: Prepare | None = None,
    history: ReadHistory | None = None,
    today: date | None = None,
    player: RecordingPlayer | None = None,
    speech: Speech | None = None,
    plan_today: Callable[[Routine], Plan] | None = None,
) -> Rig:
    """The app through make_app, as the CLI builds it, with fakes; `player` may carry a
    `name` and `wanted` (what the sound badge and the start card's warning read)."""
    clock, recorder = FakeClock(), Recorder()
    player = player or RecordingPlayer(clock.now)
    app = make_app(
        RunOptions(autostart=autostart, level=level),
        clock=clock,
        player=player,
        recorder=recorder,
        cue_for=simple_cues,
        routine=r,
        catalog=catalog,
        log=log,
        prepare=prepare,
        history=history,
        today=today,
        speech=speech,
        plan_today=plan_today,
    )
    return Rig(app, clock, player, recorder)


class SoundAs(RecordingPlayer):
    """A recording player that says it is `name`, chosen when `wanted` was asked for."""

    def __init__(self, name: str, wanted: str = "auto") -> None:
        super().__init__()
        self.name = name  # type: ignore[misc]
        self.wanted = wanted


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
    if (screen := session_screen(app)) is not None and not screen.ended:
        screen.wake()
        yield screen


async def run_for(pilot: Pilot[int], clock: FakeClock, seconds: float) -> None:
    for _ in wake_through(pilot.app, clock, seconds):  # type: ignore[arg-type]
        pass
    await pilot.pause()


def catalog() -> tuple[Routine, ...]:
    return (
        routine("Office chair", exercise("Seated twist", hold(20)), description="At your desk."),
        routine("Plank holds", exercise("Plank", hold(30), sets=3), caution="Keep breathing."),
        short_routine(),
    )
