"""A resumed session starts with a get-ready before the work it continues; pure."""

from __future__ import annotations

from backtimer.engine.plan import Plan

RESUME_LEAD = 5.0
"""Seconds of get-ready before resumed work whose exercise has no get-ready of its own."""


def lead_in(plan: Plan, start: int) -> tuple[Plan, int]:
    """(plan, start step) for resuming `plan` at `start` with a get-ready first.

    A rest, a switch or a get-ready is already a lead-in: nothing changes. Before work,
    the session starts one step earlier: at that step if it is the exercise's get-ready,
    else at a get-ready put in its place (same index, so the history's step numbers stay
    those of the plan), as long as the exercise's own (or RESUME_LEAD without one).
    """
    steps = plan.steps
    if not 0 < start < len(steps) or steps[start].kind != "work":
        return plan, start
    work, before = steps[start], steps[start - 1]
    if before.kind == "prepare" and before.exercise_index == work.exercise_index:
        return plan, start - 1
    own = (
        s.seconds
        for s in steps
        if s.kind == "prepare" and s.exercise_index == work.exercise_index and s.seconds
    )
    ready = work._replace(
        index=start - 1,
        kind="prepare",
        seconds=next(own, RESUME_LEAD),
        work=None,
        reps=None,
        rep_period=None,
        breath=None,
        target_key="",
        span=None,
        ends_set=False,
        ends_exercise=False,
        side_change=False,
    )
    return Plan(plan.name, (*steps[: start - 1], ready, *steps[start:])), start - 1
