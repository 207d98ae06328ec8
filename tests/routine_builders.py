"""Routines built in Python for the UI and --plain tests (no YAML, no loader)."""

from __future__ import annotations

from backtimer.routine.model import Breath, Exercise, Routine, Section, Settings, Span, Work

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
