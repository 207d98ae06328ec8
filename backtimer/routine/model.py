"""The immutable routine model the loader builds; no I/O, no textual.

The types are NamedTuples, which cost a sixth as much as frozen dataclasses to define
at import (start-up time)."""

from __future__ import annotations

from typing import Literal, NamedTuple

WorkKind = Literal["hold", "time", "reps", "breaths", "max"]
"""max: a hold as long as you can (`hold: max`), a clock counting up, ended by Enter or
by its cap."""


class Span(NamedTuple):
    """A value or a range of values (seconds or counts); ranges start at `low`."""

    low: float
    high: float

    @property
    def is_range(self) -> bool:
        return self.high != self.low

    def at(self, level: float) -> float:
        """The value at `level` (clamped into the range)."""
        return min(max(level, self.low), self.high)


class Open(NamedTuple):
    """`hold: max` as the reader gives it: as long as you can, up to `cap` seconds."""

    cap: float | None = None


class Breath(NamedTuple):
    """A breathing pattern: inhale/exhale, or inhale/hold/exhale/hold, in seconds."""

    phases: tuple[float, ...]

    @property
    def cycle(self) -> float:
        return sum(self.phases)

    def named_phases(self) -> list[tuple[str, float]]:
        """(name, seconds) for each non-empty phase of one cycle."""
        names = (
            ("inhale", "exhale") if len(self.phases) == 2 else ("inhale", "hold", "exhale", "hold")
        )
        return [(n, s) for n, s in zip(names, self.phases, strict=True) if s > 0]

    def label(self) -> str:
        return "/".join(f"{s:g}s" for s in self.phases)


class Settings(NamedTuple):
    """Timing settings after the defaults cascade (routine -> section -> exercise)."""

    prepare: float = 5.0
    rest: float = 15.0
    set_rest: float | tuple[float, ...] = 30.0
    """Rest between sets: one value, or one per gap between sets (the last repeats)."""
    switch: float = 5.0
    tempo: float | None = 3.0
    """Seconds per paced rep; None means self-paced (`tempo: self`)."""
    breath: Breath = Breath((4.0, 4.0))

    def rest_after_set(self, n: int) -> float:
        """The rest between set `n` and set `n + 1` (counting from 1)."""
        rests = self.set_rest
        if isinstance(rests, tuple):
            return rests[min(n, len(rests)) - 1]
        return rests


class Work(NamedTuple):
    """What one exercise (or flow item) asks for: exactly one kind of work. `count`
    shadows tuple.count (hence the ignore): a work is never counted as a tuple."""

    kind: WorkKind
    seconds: Span | None = None
    """hold/time: the duration; reps: the hold at the top of each rep (None = none);
    max: its cap (None = none, Enter ends it)."""
    count: Span | None = None  # type: ignore[assignment]
    """reps or breaths: how many."""
    tempo: float | None = None
    """reps: seconds per rep; None with `breath_paced` False means self-paced."""
    breath_paced: bool = False
    """reps: one rep per breath cycle."""
    breath: Breath | None = None
    """The pattern the pacer shows (breaths, breath-paced reps, holds with a breath)."""
    progress: float | None = None
    """How far a range steps up after a good session (None = the default step)."""

    @property
    def self_paced(self) -> bool:
        return self.kind == "reps" and self.tempo is None and not self.breath_paced

    @property
    def open_ended(self) -> bool:
        return self.kind == "max"

    @property
    def span(self) -> Span:
        """The value a range applies to: the count for reps/breaths, else the seconds
        (a max hold has no range: its cap, or 0)."""
        if self.kind == "max":
            return self.seconds or Span(0.0, 0.0)
        value = self.count if self.kind in ("reps", "breaths") else self.seconds
        assert value is not None
        return value


class FlowItem(NamedTuple):
    name: str
    cue: str
    work: Work
    say: str = ""
    """The text the voice speaks in place of the name; '' to speak the name."""


class Exercise(NamedTuple):
    name: str
    cue: str
    caution: str
    section: str
    work: Work | None
    """None when the exercise is a flow."""
    flow: tuple[FlowItem, ...]
    sides: tuple[str, ...]
    """Empty when the exercise has no sides."""
    sets: int
    settings: Settings
    line: int = 0
    say: str = ""
    """The text the voice speaks in place of the name; '' to speak the name."""
    sets_range: Span | None = None
    """The range of sets when the file gave one (`sets: 2-3`); `sets` is its lower end."""

    @property
    def items(self) -> tuple[FlowItem, ...]:
        """The flow items, or the exercise itself as a single item."""
        if self.work is not None:
            return (FlowItem(self.name, self.cue, self.work, self.say),)
        return self.flow


class Section(NamedTuple):
    name: str
    exercises: tuple[Exercise, ...]


class Routine(NamedTuple):
    name: str
    description: str
    caution: str
    sections: tuple[Section, ...]
    source: str = ""
    """Where it was loaded from (a path), for messages and history."""
    digest: str = ""
    """sha256 of the file's bytes, so history can tell edited routines apart."""
    per_week: Span | None = None
    """How many times a week it is meant to be done (`per_week: 2-3`), when the file says."""

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(e for s in self.sections for e in s.exercises)
