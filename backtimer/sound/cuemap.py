"""Which engine event plays which cue, as data, and cue_for(); pure, no audio, no UI."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from backtimer.engine.event import Event
from backtimer.engine.plan import Step

CUES: Mapping[str, str] = {
    "get_ready": "get ready: a prepare step starts",
    "go": "go: work starts",
    "go_side": "go on the other side: work starts on a second (or later) side",
    "tick": "countdown tick: 3, 2, 1 before a timed step ends",
    "halfway": "halfway through a step",
    "switch": "switch side (or move to the next pose)",
    "rest": "rest starts",
    "rep": "next rep (paced reps)",
    "inhale": "breathe in",
    "exhale": "breathe out",
    "set_done": "set done: a short rest before the next set",
    "finish": "session finished",
}
"""Every cue, in sound-check order, with what it means."""

DEFAULT_CUE_MAP: Mapping[str, str | None] = {
    "step_started.prepare": "get_ready",
    "step_started.work": "go",
    "step_started.work.other_side": "go_side",
    "step_started.switch": "switch",
    "step_started.set_rest": "rest",
    "step_started.rest": "rest",
    "side_switch": None,  # its switch step's start already sounds, on the same instant
    "tick": "tick",
    "halfway": "halfway",
    "held": "halfway",  # each 15 s of a max hold: the voice says how long
    "best": "set_done",  # a max hold passes its best so far
    "rep": "rep",
    "breath.inhale": "inhale",
    "breath.exhale": "exhale",
    "breath.hold": None,
    "set_done": "set_done",
    "exercise_done": None,
    "step_ended": None,
    "session_finished": "finish",
}
"""Event key (see event_key) -> cue name, or None for no sound."""

SAME_INSTANT = 1e-6


def event_key(event: Event, step: Step) -> str:
    """'step_started.<kind>' ('step_started.work.other_side' on a second side),
    'breath.<phase>', or the event type."""
    if event.type == "step_started":
        other = ".other_side" if step.kind == "work" and step.side_index > 0 else ""
        return f"step_started.{step.kind}{other}"
    if event.type == "breath":
        return f"breath.{event.value}"
    return event.type


def cue_for(
    event: Event, step: Step, cue_map: Mapping[str, str | None] = DEFAULT_CUE_MAP
) -> str | None:
    """The cue an event plays on its own, or None; `step` is the plan step it belongs to."""
    if event.type == "rep" and step.work is not None and step.work.breath_paced:
        return None  # inhale marks each rep already
    if event.type == "set_done" and step.ends_exercise:
        return None  # the rest, get ready or finish that follows says it
    return cue_map.get(event_key(event, step))


def cues_for(
    events: Iterable[Event],
    steps: Sequence[Step],
    cue_map: Mapping[str, str | None] = DEFAULT_CUE_MAP,
) -> list[tuple[Event, str]]:
    """The cues a batch of events plays: at most one per instant (see CuePicker)."""
    picker = CuePicker(cue_map)
    out = []
    for event in events:
        cue = picker(event, steps[event.step])
        if cue is not None:
            out.append((event, cue))
    return out


class CuePicker:
    """cue_for() that sounds once per instant: the first event with a cue wins.

    The engine emits the events of one instant in RANK order (set_done before the
    next step starts, a step's start before its first breath, breaths before ticks),
    so 'first' means: set done over rest, go over inhale, inhale over a tick.
    Callable like cue_for, so it plugs in wherever a per-event chooser is expected.
    """

    def __init__(self, cue_map: Mapping[str, str | None] = DEFAULT_CUE_MAP) -> None:
        self.cue_map = cue_map
        self._last: float | None = None

    def __call__(self, event: Event, step: Step) -> str | None:
        cue = cue_for(event, step, self.cue_map)
        if cue is None:
            return None
        if self._last is not None and abs(event.at - self._last) < SAME_INSTANT:
            return None
        self._last = event.at
        return cue
