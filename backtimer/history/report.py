"""`backtimer history` and `backtimer stats` output (text, JSON, CSV); no textual, no clock."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from typing import Any, TextIO

from backtimer.history.record import SessionRecord
from backtimer.history.schema import HistoryError
from backtimer.history.stats import (
    DEFAULT_WEEKLY_TARGET,
    DEFAULT_WEEKS,
    Stats,
    chart,
    compute_of,
    first_monday,
)
from backtimer.history.store import HistoryStore
from backtimer.routine.durations import format_seconds

CSV_SESSION = (
    "session_id", "started", "ended", "routine", "file", "session_status", "rating", "speed",
)  # fmt: skip
CSV_STEP = (
    "step_index", "exercise", "item", "side", "set", "kind", "work_kind", "status", "planned",
    "spent", "adjusted", "reps", "shortened", "target_key", "value", "range_low", "range_high",
)  # fmt: skip


def history_command(
    store: HistoryStore,
    out: TextIO,
    *,
    as_json: bool = False,
    export_csv: bool = False,
    limit: int | None = 20,
    err: TextIO | None = None,
) -> int:
    """Print recent sessions (newest first), as JSON, or every step as CSV. Returns the exit code."""
    try:
        sessions = store.sessions(limit=limit)
    except HistoryError as exc:
        print(f"backtimer: {exc}", file=err or sys.stderr)
        return 1
    if export_csv:
        _write_csv(sessions, out)
    elif as_json:
        data = [{**s.as_dict(), "steps": [r._asdict() for r in s.steps]} for s in sessions]
        json.dump({"sessions": data}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif not sessions:
        out.write("No sessions yet. Run a routine with `backtimer run ROUTINE`.\n")
    else:
        out.writelines(line + "\n" for line in history_lines(sessions))
    return 0


def history_lines(sessions: list[SessionRecord]) -> list[str]:
    """The table of `backtimer history` (the app's history screen shows the same lines)."""
    lines = [f"{'date':<16}  {'routine':<24}  {'time':>7}  result"]
    for s in sessions:
        name = clean(s.routine)[:24]
        lines.append(f"{_when(s.started)}  {name:<24}  {format_seconds(s.spent):>7}  {result(s)}")
    return lines


def stats_command(
    store: HistoryStore,
    out: TextIO,
    *,
    as_json: bool = False,
    today: date,
    weekly_target: int = DEFAULT_WEEKLY_TARGET,
    weeks: int = DEFAULT_WEEKS,
    err: TextIO | None = None,
    routine: str | None = None,
) -> int:
    """Print weekly totals as bars, the streak and bests; `today` comes from the caller.
    With `routine` (its name), only that routine's sessions count."""
    try:
        parts = store.stats_parts(first_monday(today, weeks), routine)
        stats = compute_of(*parts, today, weekly_target, weeks)
    except HistoryError as exc:
        print(f"backtimer: {exc}", file=err or sys.stderr)
        return 1
    if as_json:
        json.dump(stats.as_dict(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        if routine is not None:
            out.write(f"{clean(routine)} only\n")
        out.writelines(line + "\n" for line in stats_lines(stats, ascii=not _unicode_ok(out)))
    return 0


def stats_lines(stats: Stats, *, ascii: bool = False) -> list[str]:
    """The text of `backtimer stats` (the app's history screen can show the same lines)."""
    target = f"{stats.weekly_target} session{_s(stats.weekly_target)}"
    lines = [f"Last {len(stats.weeks)} week{_s(len(stats.weeks))} (target: {target} a week)", ""]
    lines += chart(stats, ascii=ascii)
    lines.append(legend(ascii=ascii))
    lines += ["", f"Streak: {stats.streak} week{_s(stats.streak)} with at least {target}."]
    if stats.practice:
        runs = f"{stats.practice} practice run{_s(stats.practice)}"
        lines.append(f"{runs} (--speed) not counted in these figures.")
    if stats.bests:
        lines += ["", "Best per exercise"]
        width = min(32, max(len(b.exercise) for b in stats.bests))
        for b in stats.bests:
            parts = [f"hold {format_seconds(b.longest_hold)}"] if b.longest_hold is not None else []
            parts += [f"{b.most_reps} reps"] if b.most_reps is not None else []
            lines.append(f"  {clean(b.exercise)[:width]:<{width}}  {', '.join(parts)}")
    return lines


def legend(*, ascii: bool = False) -> str:
    """What the marks of the sessions column mean."""
    full, empty, tick = ("#", ".", "*") if ascii else ("█", "·", "✓")
    return f"{full} a finished session, {empty} one still to do for the target, {tick} target met"


def week_line(sessions: int, target: int, streak: int) -> str:
    """This week against the target, in words: "4 sessions this week (target 3: met)"."""
    done = f"{sessions} session{_s(sessions)} this week"
    if target <= 0:
        goal = "no weekly target"
    elif sessions >= target:
        goal = f"target {target}: met"
    else:
        goal = f"target {target}: {target - sessions} to go"
    return f"{done} ({goal}) · streak {streak} week{_s(streak)}"


def result(s: SessionRecord) -> str:
    """finished, or how far the session got; a practice run says so and its speed."""
    rated = f", back {s.rating}/10" if s.rating is not None else ""
    rated += f", practice ×{s.speed:g}" if s.practice else ""
    if s.status == "finished":
        return "finished" + rated
    word = "stopped" if s.status == "stopped" else "unfinished"
    at = min(s.next_index + 1, s.total_steps)  # counted from 1, as --resume's note says
    return f"{word} at step {at} of {s.total_steps}{rated}"


def clean(text: str) -> str:
    """Names from files never reach the terminal with control characters or escapes."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _when(started: str) -> str:
    try:
        return f"{datetime.fromisoformat(started):%Y-%m-%d %H:%M}"
    except ValueError:
        return clean(started)[:16]


def _unicode_ok(out: TextIO) -> bool:
    try:
        "█·✓".encode(getattr(out, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _write_csv(sessions: list[SessionRecord], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_SESSION + CSV_STEP)
    for s in reversed(sessions):
        head: list[Any] = [s.id, s.started, s.ended, s.routine, s.file, s.status, s.rating]
        head.append(s.speed)
        if not s.steps:
            writer.writerow(head + [""] * len(CSV_STEP))
        for r in s.steps:
            writer.writerow(head + [_cell(v) for v in r._asdict().values()])


def _cell(value: object) -> object:
    return "" if value is None else int(value) if isinstance(value, bool) else value
