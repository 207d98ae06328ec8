"""What the history store hands back: plain records of sessions and steps; no I/O, no textual."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

SessionStatus = Literal["running", "finished", "stopped"]


class StepRecord(NamedTuple):
    """One ended occurrence of one step of a session. `index` shadows tuple.index (hence
    the ignore): a record is never searched as a tuple."""

    index: int  # type: ignore[assignment]
    """The step's index in the session's plan."""
    exercise: str
    item: str
    """The flow item's name, or the exercise's own name."""
    side: str
    set: int
    kind: str
    """prepare, work, switch, set_rest or rest."""
    work_kind: str | None
    """hold, time, reps or breaths for a work step; None otherwise."""
    status: Literal["done", "skipped", "stopped"]
    """stopped: the session was quit while this step ran."""
    planned: float | None
    spent: float
    adjusted: float
    """Seconds added (+) or removed (-) with extend/shorten."""
    reps: int | None
    shortened: bool
    """Ended early, shortened, or fewer self-paced reps than the target."""
    target_key: str
    value: float | None
    """The value the step's range took (seconds, or a count for reps/breaths)."""
    range_low: float | None
    range_high: float | None

    @property
    def extended(self) -> bool:
        return self.adjusted > 0

    @property
    def clean(self) -> bool:
        """Done as planned: not skipped and not shortened."""
        return self.status == "done" and not self.shortened


class SessionRecord(NamedTuple):
    """One run of a routine, with every step that ended, in the order they ended."""

    id: int
    routine: str
    file: str
    digest: str
    started: str
    """Wall-clock ISO timestamp the caller passed in."""
    ended: str | None
    status: SessionStatus
    rating: int | None
    """How the back felt afterwards, 0 (bad) to 10 (good); None when not asked or skipped."""
    level: str | None
    """The `--level` override the session ran with (None: targets from history)."""
    targets: Mapping[str, float]
    total_steps: int
    planned_seconds: float
    steps: tuple[StepRecord, ...] = ()
    token: str = ""
    """The session's own random token: the writes that wait for the database name it."""
    speed: float = 1.0
    """The clock's speed (--speed); other than 1 makes the session a practice run."""

    @property
    def practice(self) -> bool:
        """Run at another speed to try the routine: not counted toward the weekly target,
        the streak, the bests or progression."""
        return self.speed != 1

    @property
    def spent(self) -> float:
        """Seconds actually spent in the session, pauses excluded."""
        return sum(s.spent for s in self.steps)

    @property
    def next_index(self) -> int:
        """Where a resume continues: the step after the last one that ended, or the one
        that was running when the session was quit (it starts again from its beginning)."""
        if not self.steps:
            return 0
        last = self.steps[-1]
        return last.index if last.status == "stopped" else last.index + 1

    @property
    def day(self) -> date:
        return datetime.fromisoformat(self.started).date()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "routine": self.routine,
            "file": self.file,
            "digest": self.digest,
            "started": self.started,
            "ended": self.ended,
            "status": self.status,
            "rating": self.rating,
            "level": self.level,
            "spent_seconds": round(self.spent, 3),
            "planned_seconds": self.planned_seconds,
            "steps_ended": len(self.steps),
            "next_step": self.next_index,
            "total_steps": self.total_steps,
            "speed": self.speed,
            "practice": self.practice,
        }


# json is imported where it is used: the full screen's process records a session
# without reading or writing targets before its first frame (~1.4 ms of every start).


def encode_targets(targets: Mapping[str, float]) -> str:
    import json

    return json.dumps(dict(sorted(targets.items())), ensure_ascii=False)


def decode_targets(text: str) -> dict[str, float]:
    import json

    data = json.loads(text or "{}")
    return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}
