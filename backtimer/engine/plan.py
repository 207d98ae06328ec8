"""Routine -> the flat, ordered list of timed steps (sets, sides, rests). Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from backtimer.routine.model import Breath, Exercise, FlowItem, Routine, Span, Work

StepKind = Literal["prepare", "work", "switch", "set_rest", "rest"]
Level = Literal["low", "high"] | int
"""Which value a range uses: its lower bound, its upper bound, or N progression steps up."""

DEFAULT_PROGRESS_SECONDS = 5.0
DEFAULT_PROGRESS_REPS = 1.0
CAUTION_WORDS_A_SECOND = 2.5
"""Speech a little slower than the voice's default 165 words a minute."""


class Step(NamedTuple):
    """One step of a plan. A NamedTuple, like the routine model: a sixth of a frozen
    dataclass's cost to define, at every start. `index` shadows tuple.index (hence the
    ignore): a step is never searched as a tuple."""

    index: int  # type: ignore[assignment]
    kind: StepKind
    exercise: str
    exercise_index: int
    """Position of the exercise in the routine (0-based)."""
    item: str
    """The flow item's name, or the exercise's own name."""
    section: str
    side: str
    """'' when the exercise has no sides."""
    set: int
    sets: int
    seconds: float | None
    """Planned seconds; None for a self-paced step that waits for the user."""
    work: Work | None = None
    """The work of a `work` step (and of the item a switch/prepare leads into)."""
    reps: int | None = None
    """Rep (or breath) target of a work step."""
    rep_period: float | None = None
    """Seconds per paced rep, when reps are paced."""
    breath: Breath | None = None
    cue: str = ""
    say: str = ""
    """The spoken name of the step's exercise or flow item, '' to speak its name."""
    target_key: str = ""
    """The key progression uses for the range this step's value came from."""
    span: Span | None = None
    """The range the value came from, when the routine gave one."""
    ends_set: bool = False
    ends_exercise: bool = False
    side_change: bool = False
    """A switch step that changes side (rather than moving to the next pose)."""
    side_index: int = 0
    """A work step's side: 0 the first (and without sides), 1 the second, ..."""
    caution: str = ""
    """The exercise's own caution, on each of its steps but the rest after it ('' none)."""
    best: float | None = None
    """A max hold's longest so far (seconds, from history), the time to beat."""

    @property
    def self_paced(self) -> bool:
        return self.seconds is None

    @property
    def open_ended(self) -> bool:
        """A max hold (`hold: max`): its clock counts up; Enter or its cap ends it."""
        return self.kind == "work" and self.work is not None and self.work.kind == "max"

    @property
    def label(self) -> str:
        """Exercise, flow item and side in one short human line."""
        name = self.exercise if self.item == self.exercise else f"{self.exercise}: {self.item}"
        return f"{name} ({self.side})" if self.side else name


class Plan(NamedTuple):
    name: str
    steps: tuple[Step, ...]

    @property
    def total_seconds(self) -> float:
        return sum(s.seconds or 0.0 for s in self.steps)

    @property
    def self_paced_steps(self) -> int:
        return sum(1 for s in self.steps if s.self_paced)


def target_key(exercise: Exercise, item: FlowItem) -> str:
    return exercise.name if exercise.work is not None else f"{exercise.name} / {item.name}"


def caution_lead(caution: str) -> float:
    """The shortest get-ready of an exercise with this caution: time to name the exercise
    and say the caution aloud before it starts (0 without one)."""
    words = len(caution.split())
    return float(math.ceil(4.0 + words / CAUTION_WORDS_A_SECOND)) if words else 0.0


def sets_key(exercise: Exercise) -> str:
    """The key progression uses for an exercise's range of sets (`sets: 2-3`)."""
    return f"{exercise.name} (sets)"


def choose_sets(exercise: Exercise, level: Level, targets: Mapping[str, float]) -> int:
    """How many sets an exercise has today: its range of sets takes one set per step."""
    span = exercise.sets_range
    if span is None:
        return exercise.sets
    key = sets_key(exercise)
    if key in targets:
        return int(span.at(targets[key]))
    if level == "low":
        return int(span.low)
    if level == "high":
        return int(span.high)
    return int(span.at(span.low + level))


def progress_step(work: Work) -> float:
    if work.progress is not None:
        return work.progress
    return DEFAULT_PROGRESS_REPS if work.kind in ("reps", "breaths") else DEFAULT_PROGRESS_SECONDS


def choose_value(work: Work, level: Level, key: str, targets: Mapping[str, float]) -> float:
    """The value a work's range takes today."""
    span = work.span
    if key in targets:
        return span.at(targets[key])
    if level == "low":
        return span.low
    if level == "high":
        return span.high
    return span.at(span.low + level * progress_step(work))


def work_seconds(work: Work, value: float) -> tuple[float | None, int | None, float | None]:
    """(planned seconds, rep target, seconds per rep) for a work at `value`."""
    if work.kind == "max":
        return (None if work.seconds is None else work.seconds.low), None, None
    if work.kind in ("hold", "time"):
        return value, None, None
    count = int(value)
    if work.kind == "breaths":
        assert work.breath is not None
        return count * work.breath.cycle, count, work.breath.cycle
    if work.breath_paced:
        assert work.breath is not None
        period = work.breath.cycle
    elif work.tempo is None:
        return None, count, None
    else:
        period = work.tempo + (work.seconds.low if work.seconds else 0.0)
    return count * period, count, period


def compile_plan(
    routine: Routine, level: Level = "low", targets: Mapping[str, float] | None = None
) -> Plan:
    """Flatten a routine into steps following the timeline rules in docs/routine-format.md."""
    steps: list[Step] = []
    exercises = routine.exercises
    for ex_index, ex in enumerate(exercises):
        sets = choose_sets(ex, level, targets or {})
        steps += _Exercise(ex, ex_index, sets, len(steps)).steps(
            ex_index == len(exercises) - 1, level, targets or {}
        )
    return Plan(routine.name, tuple(steps))


class _Exercise:
    """The steps of one exercise: get ready, the sets (sides, flow items, switches, set
    rests), then the rest; numbered from `first`."""

    def __init__(self, ex: Exercise, ex_index: int, sets: int, first: int) -> None:
        self.ex, self.ex_index, self.sets = ex, ex_index, sets
        self.out: list[Step] = []
        self.first = first

    def add(
        self, kind: StepKind, item: FlowItem, side: str, set_: int, sec: float | None, **more: Any
    ) -> None:
        ex = self.ex
        self.out.append(
            Step(
                index=self.first + len(self.out),
                kind=kind,
                exercise=ex.name,
                exercise_index=self.ex_index,
                item=item.name,
                section=ex.section,
                side=side,
                set=set_,
                sets=self.sets,
                seconds=sec,
                cue=item.cue,
                say=item.say,
                **{"caution": ex.caution, **more},
            )
        )

    def steps(self, last: bool, level: Level, targets: Mapping[str, float]) -> list[Step]:
        ex, s = self.ex, self.ex.settings
        items = ex.items
        sides = ex.sides or ("",)
        prepare = max(s.prepare, caution_lead(ex.caution))
        if prepare > 0:
            self.add("prepare", items[0], sides[0], 1, prepare)
        for set_ in range(1, self.sets + 1):
            for side_i, side in enumerate(sides):
                for item_i, item in enumerate(items):
                    if side_i > 0 and item_i == 0 and s.switch > 0:
                        self.add("switch", item, side, set_, s.switch, side_change=True)
                    elif item_i > 0 and s.switch > 0:
                        self.add("switch", item, side, set_, s.switch)
                    last_of_set = side_i == len(sides) - 1 and item_i == len(items) - 1
                    self.work(item, side, side_i, set_, level, targets, last_of_set)
            set_rest = s.rest_after_set(set_)
            if set_ < self.sets and set_rest > 0:
                self.add("set_rest", items[0], sides[0], set_ + 1, set_rest)
        if not last and s.rest > 0:
            rest = FlowItem(ex.name, "", items[0].work)
            self.add("rest", rest, "", self.sets, s.rest, caution="")
        return self.out

    def work(
        self,
        item: FlowItem,
        side: str,
        side_i: int,
        set_: int,
        level: Level,
        targets: Mapping[str, float],
        last_of_set: bool,
    ) -> None:
        key = target_key(self.ex, item)
        work = item.work
        seconds, reps, period = work_seconds(work, choose_value(work, level, key, targets))
        span = work.span
        best = targets.get(key) if work.kind == "max" else None
        self.add(
            "work",
            item,
            side,
            set_,
            seconds,
            work=work,
            reps=reps,
            rep_period=period,
            breath=work.breath,
            target_key=key,
            span=span if span.is_range else None,
            ends_set=last_of_set,
            ends_exercise=last_of_set and set_ == self.sets,
            side_index=side_i,
            best=best,
        )
