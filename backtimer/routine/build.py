"""Parsed routine keys -> the immutable Routine, resolving the defaults cascade.

The reader (validate.py) hands over each mapping as its checked values by key (a dict):
a key that is absent or None was not given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from backtimer.routine.fields import work_keys
from backtimer.routine.model import (
    Exercise,
    FlowItem,
    Open,
    Routine,
    Section,
    Settings,
    Span,
    Work,
    WorkKind,
)

Parsed = Mapping[str, Any]


def build_routine(parsed: Parsed, source: str) -> Routine:
    base = _apply(Settings(), parsed.get("defaults"))
    sections = parsed.get("sections") or [{"exercises": parsed.get("exercises") or []}]
    built = tuple(_section(s, base) for s in sections)
    return Routine(
        parsed["name"],
        parsed.get("description", ""),
        parsed.get("caution", ""),
        built,
        source,
        per_week=parsed.get("per_week"),
    )


def _apply(settings: Settings, d: Parsed | None) -> Settings:
    if d is None:
        return settings
    changes: dict[str, Any] = {}
    for key in ("prepare", "rest", "set_rest", "switch", "breath"):
        value = d.get(key)
        if value is not None:
            changes[key] = value
    tempo = d.get("tempo")
    if tempo is not None:
        changes["tempo"] = None if tempo == "self" else tempo
    return settings._replace(**changes) if changes else settings


def _section(s: Parsed, base: Settings) -> Section:
    settings = _apply(base, s.get("defaults"))
    name = s.get("name", "")
    return Section(name, tuple(_exercise(e, settings, name) for e in s["exercises"]))


def _exercise(e: Parsed, base: Settings, section: str) -> Exercise:
    settings = _apply(base, e)
    flow = e.get("flow")
    work = None if flow is not None else _work(e, settings)
    items = tuple(_flow_item(i, settings) for i in flow or ())
    sets = e.get("sets", Span(1, 1))
    return Exercise(
        e["name"],
        e.get("cue", ""),
        e.get("caution", ""),
        section,
        work,
        items,
        e.get("sides") or (),
        int(sets.low),
        settings,
        say=e.get("say") or "",
        sets_range=sets if sets.is_range else None,
    )


def _flow_item(item: Parsed, settings: Settings) -> FlowItem:
    work = _work(item, settings)
    return FlowItem(item["name"], item.get("cue", ""), work, item.get("say") or "")


def _work(w: Parsed, settings: Settings) -> Work:
    keys = work_keys(w)
    kind = keys[-1] if keys != ["hold", "reps"] else "reps"
    hold, breath, progress = w.get("hold"), w.get("breath"), w.get("progress")
    if isinstance(hold, Open):
        cap = None if hold.cap is None else Span(hold.cap, hold.cap)
        return Work("max", seconds=cap, breath=breath)
    if kind in ("hold", "time"):
        return Work(
            cast(WorkKind, kind), seconds=hold or w.get("time"), breath=breath, progress=progress
        )
    if kind == "breaths":
        return Work(
            "breaths", count=w["breaths"], breath=breath or settings.breath, progress=progress
        )
    tempo = w.get("tempo")
    breath_paced = breath is not None and tempo is None
    pace = None if tempo == "self" else (tempo if isinstance(tempo, float) else settings.tempo)
    return Work(
        "reps",
        seconds=hold,
        count=w.get("reps"),
        tempo=None if breath_paced else pace,
        breath_paced=breath_paced,
        breath=breath,
        progress=progress,
    )
