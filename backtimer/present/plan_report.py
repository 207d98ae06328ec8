"""Plain-text and JSON views of a routine's timeline for `show` and `list`. No textual."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from backtimer.engine.plan import Plan, Step
from backtimer.present.text import clock_text
from backtimer.routine.durations import format_seconds, format_span
from backtimer.routine.model import Routine
from backtimer.routine.shown import how_often

KIND_LABEL = {
    "prepare": "get ready",
    "work": "work",
    "switch": "switch",
    "set_rest": "set rest",
    "rest": "rest",
}


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "name": plan.name,
        "total_seconds": plan.total_seconds,
        "self_paced_steps": plan.self_paced_steps,
        "steps": [
            {
                "kind": s.kind,
                "exercise": s.exercise,
                "item": s.item,
                "side": s.side or None,
                "set": s.set,
                "sets": s.sets,
                "seconds": s.seconds,
                "reps": s.reps,
                "range": _range(s) or None,
                **({"max": True, "best": s.best} if s.open_ended else {}),
            }
            for s in plan.steps
        ],
    }


def plan_json_text(plan: Plan) -> str:
    """`json.dumps(plan_json(plan), indent=2, ensure_ascii=False)`, several times faster.

    With an indent, json encodes in pure Python; without one, in C. The steps go through
    the C encoder in one call, then get the indented layout: in the compact text, two
    steps meet at `},` + separator + `{`, which nothing inside a step produces (its values
    are scalars, and a newline inside a string is escaped). tests/unit/test_report.py checks
    that the two texts are equal."""
    data = plan_json(plan)
    steps = data.pop("steps")
    head = json.dumps({**data, "steps": []}, indent=2, ensure_ascii=False)
    if not steps:
        return head
    item = ",\n" + " " * 6
    compact = json.dumps(steps, ensure_ascii=False, separators=(item, ": "))
    body = compact[2:-2].replace("}" + item + "{", "\n    },\n    {\n      ")
    return head.removesuffix("[]\n}") + "[\n    {\n      " + body + "\n    }\n  ]\n}"


def _range(step: Step) -> str:
    if step.span is None or step.work is None:
        return ""
    unit = "" if step.work.kind in ("reps", "breaths") else "s"
    return format_span(step.span, unit)


def _what(step: Step) -> str:
    if step.kind == "rest":
        return f"rest after {step.exercise}"
    if step.kind == "set_rest":
        return f"rest before set {step.set}"
    if step.kind == "switch":
        target = step.side if step.side_change else step.item
        return f"switch to {target}"
    return step.label


def _amount(step: Step) -> str:
    if step.kind != "work" or step.work is None:
        return ""
    if step.work.kind == "breaths":
        text = f"{step.reps} breaths ({step.breath.label() if step.breath else ''})"
    elif step.work.kind == "reps":
        pace = "self-paced" if step.self_paced else f"one every {step.rep_period:g}s"
        if step.work.seconds is not None:
            pace += f", {format_span(step.work.seconds)} hold at the top"
        if step.work.breath_paced and step.breath is not None:
            pace = f"one per breath {step.breath.label()}"
        text = f"{step.reps} reps, {pace}"
    elif step.work.kind == "max":
        cap = step.work.seconds
        text = "max hold" + ("" if cap is None else f", up to {format_span(cap)}")
        text += f", best {clock_text(step.best)}" if step.best is not None else ""
        if step.breath is not None:
            text += f", breathing {step.breath.label()}"
    else:
        text = step.work.kind
        if step.breath is not None:
            text += f", breathing {step.breath.label()}"
    rng = _range(step)
    return f"{text}; range {rng}" if rng else text


def _wrapped(text: str, width: int) -> list[str]:
    """`text` wrapped at `width`, its own line breaks kept."""
    return [part for line in text.splitlines() for part in textwrap.wrap(line, width) or [""]]


def plan_table(routine: Routine, plan: Plan, width: int = 80) -> str:
    """The timeline as a table; the description and caution wrapped at `width` columns."""
    lines = [routine.name]
    wrap = max(20, width - 1)
    if routine.description:
        lines += _wrapped(routine.description, wrap)
    if routine.caution:
        lines += _wrapped(f"Caution: {routine.caution}", wrap)
    if routine.per_week is not None:
        lines.append(f"Meant to be done {how_often(routine.per_week)}.")
    lines.append("")
    lines.append(f"{'start':>7}  {'time':>6}  {'step':<9}  {'set':<5}  what")
    t = 0.0
    lengths: dict[float | None, str] = {None: "you"}  # a long routine repeats a few
    for step in plan.steps:
        length = lengths.get(step.seconds)
        if length is None:
            length = lengths[step.seconds] = format_seconds(step.seconds or 0.0)
        sets = f"{step.set}/{step.sets}" if step.sets > 1 else ""
        detail = _amount(step)
        what = _what(step) + (f"  ({detail})" if detail else "")
        lines.append(
            f"{format_seconds(t):>7}  {length:>6}  {KIND_LABEL[step.kind]:<9}  {sets:<5}  {what}"
        )
        if step.kind == "prepare" and step.caution:
            lines.append(f"{'':>7}  {'':>6}  {'':<9}  {'':<5}  caution: {step.caution}")
        t += step.seconds or 0.0
    lines.append("")
    total = f"Total: {format_seconds(plan.total_seconds)} in {len(plan.steps)} steps"
    if plan.self_paced_steps:
        n = plan.self_paced_steps
        total += f", plus {n} self-paced step{'s' * (n != 1)} (you press Enter)"
    lines.append(total)
    return "\n".join(lines)
