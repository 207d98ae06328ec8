"""Parsed routine keys -> the immutable Routine, resolving the defaults cascade. No pydantic:
the schema's models (validate.py) and the direct builder (direct.py) both end here.

Every mapping arrives as its parsed values by key (a dict, or a pydantic model, which
iterates as its fields): a key that is absent or None was not given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from backtimer.routine.fields import work_keys
from backtimer.routine.model import (
    Exercise,
    FlowItem,
    Routine,
    Section,
    Settings,
    Span,
    Work,
    WorkKind,
)

Parsed = Mapping[str, Any]


def build_routine(parsed: Any, source: str) -> Routine:
    return _Builder().routine(_keys(parsed), source)


def _keys(parsed: Any) -> Parsed:
    return parsed if isinstance(parsed, dict) else dict(parsed)


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


class _Builder:
    def __init__(self) -> None:
        self.works: dict[Work, Work] = {}
        """Equal works shared: a long routine repeats a few, and the cache stores each once."""

    def routine(self, r: Parsed, source: str) -> Routine:
        defaults = r.get("defaults")
        base = _apply(Settings(), None if defaults is None else _keys(defaults))
        sections = r.get("sections") or [{"exercises": r.get("exercises") or []}]
        built = tuple(self.section(_keys(s), base) for s in sections)
        return Routine(r["name"], r.get("description", ""), r.get("caution", ""), built, source)

    def section(self, s: Parsed, base: Settings) -> Section:
        defaults = s.get("defaults")
        settings = _apply(base, None if defaults is None else _keys(defaults))
        name = s.get("name", "")
        return Section(name, tuple(self.exercise(_keys(e), settings, name) for e in s["exercises"]))

    def exercise(self, e: Parsed, base: Settings, section: str) -> Exercise:
        settings = _apply(base, e)
        flow = e.get("flow")
        work = None if flow is not None else self.work(e, settings)
        items = tuple(self.flow_item(_keys(i), settings) for i in flow or ())
        sets = e.get("sets", 1)
        sets = sets if isinstance(sets, Span) else Span(sets, sets)
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

    def flow_item(self, item: Parsed, settings: Settings) -> FlowItem:
        work = self.work(item, settings)
        return FlowItem(item["name"], item.get("cue", ""), work, item.get("say") or "")

    def work(self, w: Parsed, settings: Settings) -> Work:
        built = _work(w, settings)
        return self.works.setdefault(built, built)


def _work(w: Parsed, settings: Settings) -> Work:
    keys = work_keys(w)
    kind = keys[-1] if keys != ["hold", "reps"] else "reps"
    hold, breath, progress = w.get("hold"), w.get("breath"), w.get("progress")
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
