"""The events inside one occurrence of a step, as offsets from its start. Pure."""

from __future__ import annotations

from typing import NamedTuple

from backtimer.engine.event import RANK, EventType
from backtimer.engine.plan import Step

HALFWAY_MIN_SECONDS = 20.0
COUNTDOWN_FROM = 3
MAX_BREATH_EVENTS = 20_000
HELD_EVERY = 15.0
"""A max hold marks each 15 s held (the voice says how long)."""
HELD_MARKS_UP_TO = 3600.0
"""An uncapped max hold is marked for its first hour."""


class Planned(NamedTuple):
    """An event due `offset` seconds after the step began; `key` makes it unique."""

    offset: float
    type: EventType
    key: tuple[object, ...]
    value: int | str | None = None
    duration: float | None = None
    cycle: int | None = None
    """breath: which breath of the step (0 for the first)."""

    @property
    def order(self) -> tuple[float, int]:
        return (self.offset, RANK[self.type])


def step_schedule(step: Step, duration: float | None) -> list[Planned]:
    """Every in-step event of `step` lasting `duration` seconds (None = open-ended)."""
    events = [Planned(0.0, "step_started", ("start",))]
    if step.side_change:
        events.append(Planned(0.0, "side_switch", ("side",), step.side))
    if step.open_ended:
        events += _held(step, HELD_MARKS_UP_TO if duration is None else duration)
        if duration is not None:
            events += _ticks(duration)
    elif duration is not None:
        events += _breaths(step, duration)
        events += _reps(step)
        if duration >= HALFWAY_MIN_SECONDS:
            events.append(Planned(duration / 2, "halfway", ("halfway",)))
        events += _ticks(duration)
    events.sort(key=lambda p: p.order)
    return events


def _held(step: Step, until: float) -> list[Planned]:
    """A max hold's marks: every HELD_EVERY seconds before `until` (its cap, which the
    countdown ticks lead to), its best so far when it comes first, and its breaths."""
    marks = int((until - 1e-9) // HELD_EVERY)
    out = [
        Planned(k * HELD_EVERY, "held", ("held", k), int(k * HELD_EVERY))
        for k in range(1, marks + 1)
    ]
    best = step.best
    if best is not None and 0 < best < until - 1e-9:
        out.append(Planned(best, "best", ("best",), int(best)))
    return out + _breaths(step, until)


def _ticks(duration: float) -> list[Planned]:
    return [
        Planned(duration - v, "tick", ("tick", v), v)
        for v in range(COUNTDOWN_FROM, 0, -1)
        if duration - v > 0
    ]


def _reps(step: Step) -> list[Planned]:
    if step.kind != "work" or step.rep_period is None or step.reps is None:
        return []
    if step.work is not None and step.work.kind == "breaths":
        return []
    return [
        Planned((k - 1) * step.rep_period, "rep", ("rep", k), k) for k in range(2, step.reps + 1)
    ]


def _breaths(step: Step, duration: float) -> list[Planned]:
    if step.kind != "work" or step.breath is None or step.breath.cycle <= 0:
        return []
    phases = step.breath.named_phases()
    out: list[Planned] = []
    t, cycle = 0.0, 0
    while t < duration - 1e-9 and len(out) < MAX_BREATH_EVENTS:
        for i, (name, seconds) in enumerate(phases):
            at = cycle * step.breath.cycle + sum(s for _, s in phases[:i])
            if at >= duration - 1e-9:
                break
            out.append(Planned(at, "breath", ("breath", cycle, i), name, seconds, cycle))
        cycle += 1
        t = cycle * step.breath.cycle
    return out
