"""What the session shows at one instant, as plain data; no Textual (--plain uses it too).

The types are NamedTuples, not dataclasses: immutable and compared by value all the
same, and about a sixth of the cost to create at import (start-up time)."""

from __future__ import annotations

from typing import NamedTuple

from backtimer.engine.plan import Step
from backtimer.engine.session import Session
from backtimer.present.text import clean, clock_text, countdown_seconds

PHASE_WORDS = {
    "prepare": "GET READY",
    "work": "WORK",
    "switch": "SWITCH",
    "set_rest": "REST",
    "rest": "REST",
    "paused": "PAUSED",
    "done": "DONE",
}


class Heading(NamedTuple):
    phase: str
    """prepare, work, switch, rest, paused or done: the CSS class the screen wears."""
    word: str
    name: str
    section: str
    side: str
    set_text: str


class Big(NamedTuple):
    """The large middle of the screen: a countdown, a rep counter, or the time a max
    hold has lasted, counting up."""

    countdown: str | None
    reps: tuple[int, int] | None = None
    self_paced: bool = False
    counting_up: bool = False


class Breathing(NamedTuple):
    phase: str
    """Inhale, Hold or Exhale."""
    fill: float
    """How full the bar is: fills while inhaling, empties while exhaling."""


class Meter(NamedTuple):
    text: str
    fraction: float


class View(NamedTuple):
    heading: Heading
    big: Big
    breathing: Breathing | None
    step: Meter
    cue: str
    up_next: str
    session: Meter
    caution: str = ""
    """The exercise's own caution, from its get-ready to its last set ('' in rests)."""
    next_cue: str = ""
    """In a rest, the cue of the exercise that follows, so the person can get into position."""


def describe(session: Session, now: float) -> View:
    step = session.step
    return View(
        heading=heading(session),
        big=big(session, now),
        breathing=breathing(session, now),
        step=step_meter(session, now),
        cue=clean(step.cue) if step.kind in ("work", "prepare", "switch") else "",
        up_next=up_next(session),
        session=session_meter(session, now),
        caution=clean(step.caution) if step.kind != "rest" else "",
        next_cue=next_cue(session) if step.kind in ("rest", "set_rest") else "",
    )


def heading(session: Session) -> Heading:
    step = session.step
    phase = "done" if session.finished else "paused" if session.paused else step.kind
    phase = "rest" if phase == "set_rest" else phase
    resting = step.kind in ("rest", "set_rest")
    name = "Rest" if resting else clean(step.item)
    section = clean(step.section)
    if step.item != step.exercise and not resting:
        section = f"{section} · {clean(step.exercise)}" if section else clean(step.exercise)
    side = "" if resting else clean(step.side).upper()
    set_text = f"set {step.set} of {step.sets}" if step.sets > 1 and not resting else ""
    return Heading(phase, PHASE_WORDS[phase], name, section, side, set_text)


def _counts_reps(step: Step) -> bool:
    return (
        step.kind == "work"
        and step.reps is not None
        and step.work is not None
        and (step.work.kind == "reps")
    )


def big(session: Session, now: float) -> Big:
    step = session.step
    if _counts_reps(step):
        assert step.reps is not None
        current = min(step.reps, session.reps_done(now) + 1)
        return Big(None, (current, step.reps), step.self_paced)
    if step.open_ended:
        return Big(clock_text(session.elapsed(now)), counting_up=True)
    remaining = session.remaining(now)
    return Big(None if remaining is None else clock_text(countdown_seconds(remaining)))


def breathing(session: Session, now: float) -> Breathing | None:
    step = session.step
    if step.breath is None or step.kind != "work" or step.breath.cycle <= 0:
        return None
    t = session.elapsed(now) % step.breath.cycle
    phases = step.breath.named_phases()
    previous = phases[-1][0]
    for i, (name, seconds) in enumerate(phases):
        if t < seconds or i == len(phases) - 1:
            part = min(1.0, t / seconds) if seconds else 1.0
            held = 1.0 if previous == "inhale" else 0.0
            fill = {"inhale": part, "exhale": 1.0 - part}.get(name, held)
            return Breathing(name.capitalize(), fill)
        previous = name
        t -= seconds
    return None


def step_meter(session: Session, now: float) -> Meter:
    step, duration = session.step, session.duration
    if step.open_ended:
        return held_meter(step, session.elapsed(now), duration)
    if duration is None:
        return Meter("press Enter after each rep" if step.reps else "press Enter when done", 0.0)
    elapsed = min(duration, session.elapsed(now))
    text = f"{clock_text(elapsed)} / {clock_text(duration)}"
    if step.work is not None and step.work.kind == "breaths" and step.reps and step.rep_period:
        text += f" · breath {min(step.reps, int(elapsed / step.rep_period) + 1)} of {step.reps}"
    return Meter(text, elapsed / duration if duration > 0 else 1.0)


def held_meter(step: Step, held: float, cap: float | None) -> Meter:
    """A max hold: 'held 0:37 · best 1:05 · up to 2:00 · Enter when you stop', filling
    toward the cap, else toward the best."""
    parts = [f"held {clock_text(held)}"]
    if step.best is not None:
        parts.append(f"best {clock_text(step.best)}" if held < step.best else "a new best")
    if cap is not None:
        parts.append(f"up to {clock_text(cap)}")
    parts.append("Enter when you stop")
    goal = cap if cap is not None else step.best
    return Meter(" · ".join(parts), min(1.0, held / goal) if goal else 0.0)


def max_words(step: Step) -> str:
    """'as long as you can', 'as long as you can, up to 2:00'."""
    cap = step.seconds
    return "as long as you can" + ("" if cap is None else f", up to {clock_text(cap)}")


def _next_work(session: Session) -> Step | None:
    for step in session.plan.steps[session.index + 1 :]:
        if step.kind == "work":
            return step
    return None


def up_next(session: Session) -> str:
    step = _next_work(session)
    if step is None:
        return "Last exercise: the session ends after this."
    return "Up next: " + ", ".join(_step_parts(step))


def next_cue(session: Session) -> str:
    step = _next_work(session)
    return clean(step.cue) if step is not None else ""


def _step_parts(step: Step) -> list[str]:
    parts = [clean(step.item)]
    if step.side:
        parts.append(clean(step.side))
    if step.sets > 1:
        parts.append(f"set {step.set} of {step.sets}")
    if step.work is not None and step.work.kind == "reps" and step.reps:
        parts.append(f"{step.reps} rep{'s' * (step.reps != 1)}")
    elif step.open_ended:
        parts.append(max_words(step))
    elif step.seconds is not None:
        parts.append(clock_text(step.seconds))
    return parts


def session_meter(session: Session, now: float) -> Meter:
    done = session.active_seconds(now)
    left = session.session_remaining(now)
    k, total = session.index + 1, len(session.plan.steps)
    text = f"elapsed {clock_text(done)} · remaining {clock_text(left)} · step {k} of {total}"
    return Meter(text, done / (done + left) if done + left > 0 else 1.0)
