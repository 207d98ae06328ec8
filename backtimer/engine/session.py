"""The session state machine: Session.advance(now) -> events. No textual, no wall clock.

Remaining time is always `deadline - now`; a step that ends on time starts the
next one at its deadline exactly, so no drift accumulates however late `advance`
is called.
"""

from __future__ import annotations

import copy
from typing import Literal

from backtimer.engine.event import Event, Outcome
from backtimer.engine.plan import Plan, Step
from backtimer.engine.schedule import Planned, step_schedule

ADJUST_SECONDS = 10.0
BACK_GRACE_SECONDS = 2.0
"""`back` within this many seconds of a step's start goes to the previous step."""


class _Occurrence:
    """One run of one step: when it began and what of it has been emitted. A plain class
    (not a dataclass: one less to build at start-up)."""

    __slots__ = ("index", "start", "duration", "adjusted", "reps_done", "emitted", "schedule")

    def __init__(self, index: int, start: float, duration: float | None) -> None:
        self.index, self.start, self.duration = index, start, duration
        self.adjusted = 0.0
        self.reps_done = 0
        self.emitted: set[tuple[object, ...]] = set()
        self.schedule: list[Planned] = []

    def copy(self) -> _Occurrence:
        """Its own set of emissions; the schedule list is shared (only ever replaced)."""
        twin = _Occurrence(self.index, self.start, self.duration)
        twin.adjusted, twin.reps_done = self.adjusted, self.reps_done
        twin.emitted, twin.schedule = set(self.emitted), self.schedule
        return twin


class Session:
    """Steps through a plan. Every method takes `now` from the caller's clock."""

    def __init__(self, plan: Plan, now: float, start_index: int = 0) -> None:
        """Start at step `start_index` (0, or where a resumed session stopped)."""
        if not plan.steps:
            raise ValueError("a plan with no steps cannot run")
        if not 0 <= start_index < len(plan.steps):
            raise ValueError(f"no step {start_index} in a plan of {len(plan.steps)} steps")
        self.plan = plan
        self.started_at = now
        self.paused_at: float | None = None
        self.paused_total = 0.0
        self.finished = False
        self.finished_at: float | None = None
        self.stopped = False
        """Quit before the end (stop()); nothing happens after that."""
        self.outcomes: list[Outcome] = []
        self._occ = self._begin(start_index, now)

    # -- reading -----------------------------------------------------------------

    @property
    def index(self) -> int:
        return self._occ.index

    @property
    def step(self) -> Step:
        return self.plan.steps[self._occ.index]

    @property
    def over(self) -> bool:
        """Finished, or stopped: no step runs any more."""
        return self.finished or self.stopped

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def duration(self) -> float | None:
        """The current step's length after extend/shorten (None when self-paced)."""
        return self._occ.duration

    @property
    def deadline(self) -> float | None:
        """The instant the current step ends, pauses included."""
        if self._occ.duration is None:
            return None
        return self._occ.start + self._occ.duration

    def _at(self, now: float) -> float:
        """`now`, frozen at the pause instant while paused."""
        return self.paused_at if self.paused_at is not None else now

    def elapsed(self, now: float) -> float:
        """Seconds into the current step, pauses excluded."""
        if self.finished:
            return self._occ.duration or 0.0
        return max(0.0, self._at(now) - self._occ.start)

    def remaining(self, now: float) -> float | None:
        """Seconds left in the current step: deadline - now."""
        deadline = self.deadline
        if deadline is None:
            return None
        if self.finished:
            return 0.0
        return max(0.0, deadline - self._at(now))

    def reps_done(self, now: float) -> int:
        """Reps completed in the current step (counted or paced)."""
        step = self.step
        if step.self_paced:
            return self._occ.reps_done
        if step.rep_period and step.reps:
            return min(step.reps, int(self.elapsed(now) / step.rep_period + 1e-9))
        return 0

    def breath_phase(self, now: float) -> tuple[str, float, float] | None:
        """(phase name, seconds into it, its length) when the step paces breathing."""
        step = self.step
        if step.breath is None or step.kind != "work" or step.breath.cycle <= 0:
            return None
        t = self.elapsed(now) % step.breath.cycle
        for name, seconds in step.breath.named_phases():
            if t < seconds:
                return name, t, seconds
            t -= seconds
        name, seconds = step.breath.named_phases()[-1]
        return name, seconds, seconds

    def session_remaining(self, now: float) -> float:
        """Planned seconds left in the whole session (self-paced steps count 0)."""
        rest = sum(s.seconds or 0.0 for s in self.plan.steps[self.index + 1 :])
        return (self.remaining(now) or 0.0) + rest

    def active_seconds(self, now: float) -> float:
        """Seconds since the start, pauses excluded."""
        end = self.finished_at if self.finished_at is not None else self._at(now)
        return max(0.0, end - self.started_at - self.paused_total)

    def lookahead(self, now: float) -> list[Event]:
        """The events still to come in the current step and the one after it, up to (not
        including) that one's end, if nothing interrupts: for placing sounds ahead.
        Empty while paused, over, or in a self-paced step. Leaves this session as it is."""
        deadline = self.deadline
        if self.over or self.paused or deadline is None:
            return []
        twin = copy.copy(self)
        twin._occ = self._occ.copy()
        twin.outcomes = list(self.outcomes)
        out = twin.advance(max(now, deadline))
        following = twin.deadline
        if not twin.over and following is not None and following > deadline:
            out += twin.advance(following - 1e-6)
        return out

    # -- driving -----------------------------------------------------------------

    def advance(self, now: float) -> list[Event]:
        """All events due up to `now`, in order, each exactly once."""
        out: list[Event] = []
        now = self._at(now)  # paused: nothing past the pause instant is due
        while not self.over:
            occ = self._occ
            self._emit_due(occ, now, out)
            deadline = self.deadline
            if deadline is None or now < deadline:
                break
            self._end(deadline, "done", out)
        return out

    def pause(self, now: float) -> list[Event]:
        out = self.advance(now)
        if not self.over and self.paused_at is None:
            self.paused_at = now
        return out

    def resume(self, now: float) -> list[Event]:
        if self.paused_at is not None:
            gap = max(0.0, now - self.paused_at)
            self._occ.start += gap
            self.paused_total += gap
            self.paused_at = None
        return self.advance(now)

    def toggle_pause(self, now: float) -> list[Event]:
        return self.resume(now) if self.paused else self.pause(now)

    def stop(self, now: float) -> list[Event]:
        """The user quit: what was due up to `now`, then the running step ends as stopped,
        keeping the time spent in it. Nothing happens after this."""
        out = self.advance(now)
        if self.over:
            return out
        at = self._at(now)
        outcome = self._outcome(at, "stopped")
        out.append(Event("step_ended", outcome.step, at, outcome.status, outcome=outcome))
        self.stopped = True
        return out

    def skip(self, now: float) -> list[Event]:
        """End the current step now, as skipped, and start the next."""
        return self._interrupt(now, "skipped")

    def step_done(self, now: float) -> list[Event]:
        """The user says the current step is done (self-paced reps, or ending early)."""
        return self._interrupt(now, "done")

    def rep_done(self, now: float) -> list[Event]:
        """The user finished one self-paced rep; the step ends at its target."""
        out = self._settle(now)
        step = self.step
        if self.over or self.paused or not step.self_paced:
            return out
        self._occ.reps_done += 1
        t = self._at(now)
        if step.reps is not None and self._occ.reps_done >= step.reps:
            self._end(t, "done", out)
            out += self.advance(now)
        else:
            out.append(Event("rep", self.index, t, self._occ.reps_done + 1))
        return out

    def back(self, now: float) -> list[Event]:
        """Restart the current step, or go to the previous one if it just began."""
        out = self._settle(now)
        if self.over:
            return out
        t = self._at(now)
        target = self.index
        if self.elapsed(now) < BACK_GRACE_SECONDS and self.index > 0:
            target -= 1
        self._occ = self._begin(target, t)
        out += self._advance_at(now)
        return out

    def adjust(self, now: float, delta: float = ADJUST_SECONDS) -> list[Event]:
        """Add (+) or remove (-) seconds from the current step; never before `now`."""
        out = self._settle(now)
        occ = self._occ
        if self.over or occ.duration is None:
            return out
        elapsed = self.elapsed(now)
        new = max(elapsed, occ.duration + delta)
        occ.adjusted += new - occ.duration
        occ.duration = new
        occ.schedule = step_schedule(self.step, new)
        for p in occ.schedule:
            if p.type == "tick" and p.offset > elapsed:
                occ.emitted.discard(p.key)  # a fresh countdown before the new end
            elif p.offset < elapsed:
                occ.emitted.add(p.key)  # moved into the past: never sound late
        out += self._advance_at(now)
        return out

    # -- internals ---------------------------------------------------------------

    def _settle(self, now: float) -> list[Event]:
        return self.advance(now)

    def _advance_at(self, now: float) -> list[Event]:
        return self.advance(now)

    def _interrupt(self, now: float, status: str) -> list[Event]:
        out = self._settle(now)
        if self.over:
            return out
        self._end(self._at(now), "skipped" if status == "skipped" else "done", out)
        out += self._advance_at(now)
        return out

    def _begin(self, index: int, start: float) -> _Occurrence:
        step = self.plan.steps[index]
        occ = _Occurrence(index, start, step.seconds)
        occ.schedule = step_schedule(step, step.seconds)
        return occ

    def _emit_due(self, occ: _Occurrence, now: float, out: list[Event]) -> None:
        for p in occ.schedule:
            if occ.start + p.offset > now:
                break
            past_end = occ.duration is not None and p.offset > 0 and occ.duration <= p.offset
            if p.key in occ.emitted or past_end:  # e.g. paced reps of a shortened step
                continue
            occ.emitted.add(p.key)
            at = occ.start + p.offset
            out.append(Event(p.type, occ.index, at, p.value, p.duration, None, p.cycle))

    def _outcome(self, at: float, status: Literal["done", "skipped", "stopped"]) -> Outcome:
        occ, step = self._occ, self.step
        reps = occ.reps_done if step.self_paced else None
        if step.rep_period and step.reps and not step.self_paced:
            reps = min(step.reps, int((at - occ.start) / step.rep_period + 1e-9))
        outcome = Outcome(
            occ.index, status, step.seconds, max(0.0, at - occ.start), occ.adjusted, reps
        )
        self.outcomes.append(outcome)
        return outcome

    def _end(self, at: float, status: str, out: list[Event]) -> None:
        step = self.step
        outcome = self._outcome(at, "skipped" if status == "skipped" else "done")
        i = outcome.step
        out.append(Event("step_ended", i, at, outcome.status, outcome=outcome))
        if step.ends_set:
            out.append(Event("set_done", i, at, step.set))
        if step.ends_exercise:
            out.append(Event("exercise_done", i, at, step.exercise))
        if i + 1 >= len(self.plan.steps):
            self.finished = True
            self.finished_at = at
            out.append(Event("session_finished", i, at))
            return
        self._occ = self._begin(i + 1, at)
