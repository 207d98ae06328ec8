"""What the voice says for each engine event, written for someone who cannot see the
screen ("Side plank, left side. Thirty seconds."). Pure: no audio, no UI, no clock."""

from __future__ import annotations

from typing import NamedTuple

from backtimer.engine.event import Event
from backtimer.engine.plan import Plan, Step
from backtimer.engine.schedule import HELD_EVERY
from backtimer.sound import words
from backtimer.sound.voice.style import VoiceStyle

EventKey = tuple[object, ...]
BEST_TEXT = "That's your best so far."
HELD_SAID_UP_TO = 600.0
"""How far into a max hold its marks ("Two minutes.") are rendered ahead."""


def event_key(event: Event) -> EventKey:
    """One event's identity: the same for the event previewed and the event handled."""
    return (event.type, event.step, round(event.at, 6), event.value)


class Line(NamedTuple):
    """One thing to say, due at `at` (session clock)."""

    key: EventKey
    """The event it belongs to (and so the tone it may replace)."""
    at: float
    text: str
    short: str = ""
    """A shorter form for when the full one cannot fit ('' none)."""
    until: float | None = None
    """The latest instant it may still be sounding; None: any."""
    slack: float | None = None
    """How long it may start after `at`; None: any, 0: exactly then. Real seconds, like the
    lengths: arrange() scales it by the clock's speed (it said session seconds)."""
    replaces: bool = False
    """Said instead of the event's tone (which sounds when the line cannot fit)."""


def spoken_name(step: Step) -> str:
    if step.say:
        return step.say
    return step.item if step.item != step.exercise else step.exercise


def side_words(side: str) -> str:
    return f"{side} side" if side.lower() in ("left", "right") else side


def dose(step: Step) -> str:
    """How much: 'thirty seconds', 'twelve reps', 'six breaths'."""
    work = step.work
    if work is not None and work.kind == "breaths" and step.reps is not None:
        return words.plural(step.reps, "breath")
    if work is not None and work.kind == "reps" and step.reps is not None:
        return words.plural(step.reps, "rep") + (", at your own pace" if step.self_paced else "")
    if step.open_ended:
        cap = "" if step.seconds is None else f", up to {words.duration(step.seconds)}"
        return f"as long as you can{cap}"
    return words.duration(step.seconds or 0.0)


def best_words(step: Step) -> str:
    """'Your best: one minute five seconds.' for a max hold with a best, else ''."""
    if not step.open_ended or step.best is None:
        return ""
    return f"Your best: {words.duration(int(step.best + 1e-6))}."  # as the clock shows it


def held_marks(step: Step) -> list[float]:
    """The instants (seconds into it) a max hold says how long it has lasted."""
    until = min(step.seconds or HELD_SAID_UP_TO, HELD_SAID_UP_TO)
    return [k * HELD_EVERY for k in range(1, int((until - 1e-9) // HELD_EVERY) + 1)]


def caution_words(caution: str) -> str:
    """'Caution. Skip it if your lower back hurts.'"""
    return f"Caution. {words.sentence(' '.join(caution.split()))}"


def set_words(step: Step) -> str:
    if step.sets <= 1:
        return ""
    if step.set == step.sets:
        return "Last set."
    return f"Set {words.number(step.set)} of {words.number(step.sets)}."


def announce(step: Step, read_cues: bool, sets: bool = True) -> tuple[str, str]:
    """(full, short) announcement of a work step: name, side, dose, sets (unless it is a
    later pose of a flow, whose sets were said with its first), cue."""
    name = spoken_name(step)
    head = f"{name}, {side_words(step.side)}" if step.side else name
    parts = [words.sentence(head), words.sentence(dose(step)), best_words(step)]
    if sets and step.sets > 1:
        parts.append(
            f"{words.number(step.sets).capitalize()} sets." if step.set == 1 else set_words(step)
        )
    if read_cues and step.cue:
        parts.append(words.sentence(step.cue))
    return " ".join(p for p in parts if p), words.sentence(head)


class Script:
    """The lines for a plan's events."""

    def __init__(self, plan: Plan, style: VoiceStyle | None = None) -> None:
        self.plan, self.style = plan, style or VoiceStyle()

    def lines(self, event: Event, total: float | None = None) -> list[Line]:
        """What `event` says; `total` is the session's length, for the last line."""
        step = self.plan.steps[event.step]
        key = event_key(event)
        if event.type == "step_started":
            return self._started(event, step, key) + self._phases(event, step, 1)
        if event.type == "rep" and isinstance(event.value, int):
            return self._phases(event, step, event.value)
        if event.type == "tick" and self.style.countdown and isinstance(event.value, int):
            text = words.sentence(words.number(event.value))
            return [Line(key, event.at, text, until=event.at + 1.0, slack=0.0, replaces=True)]
        if event.type == "halfway" and step.breath is None:
            return [Line(key, event.at, "Halfway.", slack=0.5, replaces=True)]
        if event.type == "held" and isinstance(event.value, int):
            text = words.sentence(words.duration(event.value))
            return [Line(key, event.at, text, slack=0.5, replaces=True)]
        if event.type == "best":
            return [Line(key, event.at, BEST_TEXT, slack=0.5, replaces=True)]
        if event.type == "breath":
            return self._breath(event, step, key)
        if event.type == "session_finished":
            return [Line(key, event.at, finished_text(total), "Session complete.")]
        return []

    def _started(self, event: Event, step: Step, key: EventKey) -> list[Line]:
        end = event.at + step.seconds if step.seconds is not None else None
        full, short = self._announcement(step)
        if not full:
            return []
        return [Line(key, event.at, full, short, until=end)]

    def _announcement(self, step: Step) -> tuple[str, str]:
        following = self._next_work(step.index)
        read = self.style.read_cues
        if step.kind == "prepare" and following is not None:
            full, short = announce(following, read)
            if step.caution:  # in both forms: a get-ready too short for the cue still says it
                said = caution_words(step.caution)
                return f"{full} {said}", f"{short} {said}"
            return full, short
        if step.kind == "switch" and following is not None:
            if step.side_change:
                side = side_words(following.side)
                # A flow starts again at its first pose on the new side: name that pose,
                # else "Switch. Right leg." after the last pose sounds like "do it again".
                if self.plan.steps[step.index - 1].item != following.item:
                    side = f"{spoken_name(following)}, {side}"
                return f"Switch. {words.sentence(side)}", words.sentence(side)
            return announce(following, read, sets=False)
        if step.kind == "set_rest" and following is not None:
            rest = f"Rest, {words.duration(step.seconds or 0)}."
            return f"{rest} Next: {set_words(following).lower()}", "Rest."
        if step.kind == "rest":
            return self._rest(step, following)
        if step.kind == "work" and not self._announced(step):
            before = self.plan.steps[step.index - 1] if step.index else None
            same = before is not None and (before.exercise_index, before.set) == (
                step.exercise_index,
                step.set,
            )
            return announce(step, read, sets=not same)
        return "", ""

    def _rest(self, step: Step, following: Step | None) -> tuple[str, str]:
        rest = f"Rest, {words.duration(step.seconds or 0)}."
        if following is None:
            return rest, "Rest."
        name = spoken_name(following)
        prepared = self.plan.steps[step.index + 1].kind == "prepare"
        # Without a get-ready this is the only announcement of the exercise (its first
        # work step is not announced again), so it names the side to start on too.
        head = f"{name}, {side_words(following.side)}" if following.side else name
        what = name if prepared else f"{head}, {dose(following)}"
        return f"{rest} Next: {what}.", f"Next: {name}."

    def _announced(self, step: Step) -> bool:
        """A work step the step before it announced already."""
        if step.index == 0:
            return False
        return self.plan.steps[step.index - 1].kind != "work"

    def _next_work(self, index: int) -> Step | None:
        for step in self.plan.steps[index + 1 : index + 4]:
            if step.kind == "work":
                return step
        return None

    def _phases(self, event: Event, step: Step, rep: int) -> list[Line]:
        """ "Lift.", "Hold.", "Lower." through the first reps of reps held at the top
        (the first half of the tempo up, the hold, the second half down)."""
        work = step.work
        if step.kind != "work" or work is None or work.kind != "reps" or rep > self.style.breaths:
            return []
        if work.seconds is None or work.tempo is None or work.breath_paced:
            return []
        half, hold = work.tempo / 2, work.seconds.low
        key, t = event_key(event), event.at
        marks = (("Lift.", t, half), ("Hold.", t + half, hold), ("Lower.", t + half + hold, half))
        return [Line(key, at, text, until=at + span, slack=0.5) for text, at, span in marks]

    def _breath(self, event: Event, step: Step, key: EventKey) -> list[Line]:
        if event.cycle is None or event.cycle >= self.style.breaths:
            return []
        text = {"inhale": "Breathe in.", "exhale": "Breathe out.", "hold": "Hold."}
        said = text.get(str(event.value))
        if said is None:
            return []
        until = event.at + (event.duration or 0.0)
        return [Line(key, event.at, said, until=until, slack=0.3, replaces=True)]

    def all_texts(self) -> list[str]:
        """Every phrase the plan can say (full and short forms), in the order of the plan:
        what to render before the session needs it."""
        seen: dict[str, None] = {}
        for step in self.plan.steps:
            for text in self._announcement(step):
                if text:
                    seen[text] = None
        for fixed in ("Three.", "Two.", "One.", "Halfway.", "Breathe in.", "Breathe out."):
            seen[fixed] = None
        for fixed in ("Hold.", "Lift.", "Lower.", "Paused.", "Resuming.", "Session complete."):
            seen[fixed] = None
        for step in self.plan.steps:
            if step.open_ended:
                for at in held_marks(step):
                    seen[words.sentence(words.duration(at))] = None
                if step.best is not None:
                    seen[BEST_TEXT] = None
        if not self.plan.self_paced_steps:
            # The last line as said when the session runs as planned: the full form was
            # missing, so the one phrase said at the end was rendered only then.
            seen[finished_text(self.plan.total_seconds)] = None
        return list(seen)


def stall_text(seconds: float, asleep: bool = False) -> str:
    """'Paused. The timer was stopped for thirty seconds.' (the process did not run), or
    'Paused. The computer was asleep for five minutes.' (a suspend)."""
    what = "The computer was asleep" if asleep else "The timer was stopped"
    return f"Paused. {what} for {words.duration(seconds)}."


def finished_text(total: float | None) -> str:
    """'Session complete. Sixteen minutes.' ('Session complete.' without a total)."""
    spent = f" {words.sentence(words.duration(total))}" if total else ""
    return f"Session complete.{spent}"
