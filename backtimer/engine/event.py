"""Events the session engine emits, each with its scheduled instant. Pure data."""

from __future__ import annotations

from typing import Literal, NamedTuple

EventType = Literal[
    "step_started",
    "side_switch",
    "breath",
    "rep",
    "halfway",
    "tick",
    "held",
    "best",
    "step_ended",
    "set_done",
    "exercise_done",
    "session_finished",
]

# Order of events that fall on the same instant.
RANK: dict[str, int] = {
    "step_ended": 0,
    "set_done": 1,
    "exercise_done": 2,
    "session_finished": 3,
    "step_started": 4,
    "side_switch": 5,
    "breath": 6,
    "rep": 7,
    "halfway": 8,
    "tick": 9,
    "held": 10,
    "best": 11,
}


class Outcome(NamedTuple):
    """How one occurrence of a step ended."""

    step: int
    status: Literal["done", "skipped", "stopped"]
    """stopped: the session was quit while this step ran (what of it was done counts)."""
    planned: float | None
    """The plan's seconds (None when self-paced)."""
    spent: float
    """Seconds actually spent in the step, pauses excluded."""
    adjusted: float
    """Seconds added (+) or removed (-) with extend/shorten."""
    reps: int | None = None
    """Reps counted (self-paced steps) or paced reps completed."""

    @property
    def shortened(self) -> bool:
        return self.adjusted < 0 or (self.planned is not None and self.spent < self.planned - 0.5)


class Event(NamedTuple):
    type: EventType
    step: int
    """Index of the step in the plan."""
    at: float
    """The scheduled instant, on the clock the session was given."""
    value: int | str | None = None
    """tick: 3/2/1; rep: the rep now starting; breath: inhale/hold/exhale; held: the
    whole seconds a max hold has lasted; best: the best it has passed (seconds)."""
    duration: float | None = None
    """breath: the phase's length in seconds."""
    outcome: Outcome | None = None
    """step_ended: how the step ended."""
    cycle: int | None = None
    """breath: which breath of the step it belongs to (0 for the first)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "type": self.type,
            "step": self.step,
            "scheduled": round(self.at, 6),
            "value": self.value,
        }
