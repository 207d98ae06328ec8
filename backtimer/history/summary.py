"""What one session added (time, streak, raised targets) for the summary screen; no textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from backtimer.engine.plan import sets_key
from backtimer.history.progression import max_keys
from backtimer.history.stats import DEFAULT_WEEKLY_TARGET, monday_of, streak_of
from backtimer.history.store import HistoryStore
from backtimer.routine.model import Routine


@dataclass(frozen=True)
class Added:
    spent: float
    """Seconds spent in this session, pauses excluded."""
    week_sessions: int
    """Finished sessions this ISO week, this one included."""
    weekly_target: int
    streak: int
    """Weeks in a row meeting the target (see stats.streak)."""
    raised: dict[str, tuple[float, float]] = field(default_factory=dict)
    """target_key -> (value this session, next session's) for ranges that stepped up."""
    held: str | None = None
    """Why earned step-ups are held back (a worse rating), to show on the summary."""
    practice: float | None = None
    """This session's clock speed when it was a practice run (--speed), else None."""
    max_holds: tuple[tuple[str, float, float | None], ...] = ()
    """(target_key, seconds held, the best before this session) of each max hold done."""


def added(
    store: HistoryStore,
    session_id: int,
    routine: Routine,
    today: date,
    weekly_target: int = DEFAULT_WEEKLY_TARGET,
) -> Added:
    """Call after finish_session (and again after set_rating, which can hold targets)."""
    this = store.session(session_id)
    if this is None:
        raise KeyError(f"no session {session_id} in the history")
    # Read only what the summary needs: a long history is not loaded at every summary.
    days = store.counted_days()
    week = monday_of(today)
    count = sum(1 for day in days if monday_of(day) == week)
    nxt = store.progression(routine)
    keys = {r.target_key for r in this.steps}
    reached = {r.exercise for r in this.steps}
    keys |= {sets_key(e) for e in routine.exercises if e.name in reached}
    raised = {} if this.practice else {k: v for k, v in nxt.raised.items() if k in keys}
    before = store.longest_holds(routine.name, max_keys(routine), excluding=this.id)
    held = tuple(
        (r.target_key, r.spent, before.get(r.target_key))
        for r in this.steps
        if r.kind == "work" and r.work_kind == "max" and r.status == "done"
    )
    return Added(
        this.spent,
        count,
        weekly_target,
        streak_of(days, today, weekly_target),
        raised,
        None if this.practice else nxt.held,
        this.speed if this.practice else None,
        held,
    )
