"""Routine text made safe for the terminal, and times as people read them; no Textual."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from backtimer.routine.shown import how_often

if TYPE_CHECKING:
    from backtimer.engine.plan import Plan
    from backtimer.routine.model import Routine

SLACK = 1e-6
"""Float noise allowed when a countdown lands exactly on a whole second."""

_CONTROL = {c: None for c in (*range(0, 32), *range(127, 160))} | {9: " ", 10: " ", 13: " "}


def clean(text: str) -> str:
    """Routine text without control characters, so it can never drive the terminal."""
    return text.translate(_CONTROL)


def countdown_seconds(remaining: float) -> int:
    """The whole seconds shown for `remaining`: ceil, so 0 shows only when time is up."""
    return max(0, math.ceil(remaining - SLACK))


def clock_text(seconds: float) -> str:
    """'0:07', '12:30', '1:02:03' for whole seconds (rounded down)."""
    total = max(0, int(seconds + SLACK))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def totals_text(routine: Routine, plan: Plan) -> str:
    """The totals line, "12:47 · 11 exercises · 2-3 times a week": picker rows, start card."""
    count = len(routine.exercises)
    text = f"{clock_text(plan.total_seconds)} · {count} exercise{'s' * (count != 1)}"
    if plan.self_paced_steps:
        text += f" · {plan.self_paced_steps} self-paced (you press Enter)"
    if routine.per_week is not None:
        text += f" · {how_often(routine.per_week)}"
    return text
