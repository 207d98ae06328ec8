"""Validated routine input -> the immutable Routine, resolving the defaults cascade."""

from __future__ import annotations

from dataclasses import replace

from backtimer.routine.model import Exercise, FlowItem, Routine, Section, Settings, Work
from backtimer.routine.schema import DefaultsIn, ExerciseIn, FlowItemIn, RoutineIn, SectionIn


def build_routine(parsed: RoutineIn, source: str) -> Routine:
    base = _apply(Settings(), parsed.defaults)
    sections: list[SectionIn] = parsed.sections or [SectionIn(exercises=parsed.exercises or [])]
    built = tuple(_section(s, base) for s in sections)
    return Routine(parsed.name, parsed.description, parsed.caution, built, source)


def _apply(settings: Settings, d: DefaultsIn | ExerciseIn | None) -> Settings:
    if d is None:
        return settings
    changes: dict[str, object] = {}
    for key in ("prepare", "rest", "set_rest", "switch", "breath"):
        value = getattr(d, key)
        if value is not None:
            changes[key] = value
    if d.tempo is not None:
        changes["tempo"] = None if d.tempo == "self" else d.tempo
    return replace(settings, **changes) if changes else settings  # type: ignore[arg-type]


def _section(s: SectionIn, base: Settings) -> Section:
    settings = _apply(base, s.defaults)
    return Section(s.name, tuple(_exercise(e, settings, s.name) for e in s.exercises))


def _exercise(e: ExerciseIn, base: Settings, section: str) -> Exercise:
    settings = _apply(base, e)
    work = None if e.flow is not None else _work(e, settings)
    flow = tuple(_flow_item(i, settings) for i in e.flow or [])
    sides = e.sides or ()
    return Exercise(e.name, e.cue, e.caution, section, work, flow, sides, e.sets, settings)


def _flow_item(item: FlowItemIn, settings: Settings) -> FlowItem:
    return FlowItem(item.name, item.cue, _work(item, settings))


def _work(w: ExerciseIn | FlowItemIn, settings: Settings) -> Work:
    kind = w.work_keys()[-1] if w.work_keys() != ["hold", "reps"] else "reps"
    if kind in ("hold", "time"):
        return Work(kind, seconds=w.hold or w.time, breath=w.breath, progress=w.progress)  # type: ignore[arg-type]
    if kind == "breaths":
        return Work(
            "breaths", count=w.breaths, breath=w.breath or settings.breath, progress=w.progress
        )
    breath_paced = w.breath is not None and w.tempo is None
    tempo = (
        None if w.tempo == "self" else (w.tempo if isinstance(w.tempo, float) else settings.tempo)
    )
    return Work(
        "reps",
        seconds=w.hold,
        count=w.reps,
        tempo=None if breath_paced else tempo,
        breath_paced=breath_paced,
        breath=w.breath,
        progress=w.progress,
    )
