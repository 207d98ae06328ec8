"""History writes as plain data: one JSON object each, so a write can wait in the writer's
queue or in a journal file and be applied later, in order, exactly once. Built on the
timer's thread (cheap, no I/O); checked again when read back from a file. No textual."""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from backtimer.engine.event import Outcome
from backtimer.engine.plan import Level, Plan, Step
from backtimer.history.rows import SESSION_COLUMNS, STEP_COLUMN_NAMES, session_row, step_row
from backtimer.routine.model import Routine

Op = dict[str, Any]
"""{"v": 1, "id": unique hex, "kind": ..., "session": token, ...}: JSON data only."""

VERSION = 1
SESSION_NAMES = tuple(c.strip() for c in SESSION_COLUMNS.split(","))
STEP_NAMES = STEP_COLUMN_NAMES[1:]  # all but session_id
KINDS = ("start", "step", "finish", "reopen", "rate")
MAX_TEXT = 10_000
"""Characters in one text value read back from a file (names are far shorter)."""


class BadOp(ValueError):
    """A write read back from a journal file that is not one this backtimer makes."""


def new_token() -> str:
    """A session's token, or a write's id: 32 random hex digits."""
    return uuid.uuid4().hex


def _op(kind: str, session: str, **fields: object) -> Op:
    return {"v": VERSION, "id": new_token(), "kind": kind, "session": session, **fields}


def start_op(
    token: str,
    routine: Routine,
    plan: Plan,
    started: datetime,
    level: Level | None,
    targets: Mapping[str, float],
    speed: float = 1.0,
) -> Op:
    row = session_row(routine, plan, started, level, targets, speed)
    return _op("start", token, row=dict(zip(SESSION_NAMES, row, strict=True)))


def step_op(token: str, step: Step, outcome: Outcome) -> Op:
    row = step_row(0, step, outcome)[1:]
    return _op("step", token, row=dict(zip(STEP_NAMES, row, strict=True)))


def finish_op(token: str, ended: datetime, status: Literal["finished", "stopped"]) -> Op:
    return _op("finish", token, ended=ended.isoformat(timespec="seconds"), status=status)


def reopen_op(token: str) -> Op:
    return _op("reopen", token)


def rate_op(token: str, rating: int | None) -> Op:
    if rating is not None and not 0 <= rating <= 10:
        raise ValueError(f"a rating is 0 to 10, not {rating}")
    return _op("rate", token, rating=rating)


def checked(data: object) -> Op:
    """`data` (parsed JSON from a journal file) as an Op, or BadOp. Only known kinds,
    known columns and plain values pass, so nothing read back can name other SQL."""
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise BadOp("not a history write of this version")
    kind = data.get("kind")
    if kind not in KINDS:
        raise BadOp(f"unknown kind of write {str(kind)[:40]!r}")
    for key in ("id", "session"):
        if not _is_hex(data.get(key)):
            raise BadOp(f"{key} is not a token")
    extra = {
        "start": {"row"},
        "step": {"row"},
        "finish": {"ended", "status"},
        "reopen": set(),
        "rate": {"rating"},
    }[kind]
    if set(data) != {"v", "id", "kind", "session", *extra}:
        raise BadOp(f"a {kind} write with other fields")
    if kind in ("start", "step"):
        names = SESSION_NAMES if kind == "start" else STEP_NAMES
        row = data["row"]
        if kind == "start" and isinstance(row, dict) and "speed" not in row:
            row = data["row"] = {**row, "speed": 1.0}  # written before schema 4: speed 1
        if not isinstance(row, dict) or tuple(sorted(row)) != tuple(sorted(names)):
            raise BadOp(f"a {kind} write without its columns")
        if not all(_plain(v) for v in row.values()):
            raise BadOp(f"a {kind} write with a value that is not plain")
    elif kind == "finish":
        if data["status"] not in ("finished", "stopped") or not _text(data["ended"]):
            raise BadOp("a finish write without its status and time")
    elif kind == "rate":
        rating = data["rating"]
        if rating is not None and not (type(rating) is int and 0 <= rating <= 10):
            raise BadOp("a rating that is not 0 to 10")
    return dict(data)


def _is_hex(value: object) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= 64
        and all(c in "0123456789abcdef" for c in value)
    )


def _text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _plain(value: object) -> bool:
    if value is None or _text(value):
        return True
    if type(value) is int:
        return -(2**63) <= value < 2**63
    return type(value) is float and math.isfinite(value)
