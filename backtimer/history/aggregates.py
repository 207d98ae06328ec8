"""The history's reads that need no session's steps: the days the weekly target counts,
the longest holds, and the parts of the stats, each as SQL aggregates, so a long history
is not loaded for a count. A mixin of HistoryStore (store.py); no textual, no clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtimer.history.stats import Best, Tally


class Aggregates:
    """HistoryStore's aggregate reads; `_read` is the store's one-snapshot reader."""

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def counted_days(self) -> list[date]:
        """The day of each session the weekly target counts (finished, not a practice
        run), oldest first: what the week's count and the streak need, without the steps."""
        with self._read() as db:
            return _counted_days(db, "", ())

    def stats_parts(
        self, since: date, routine: str | None = None
    ) -> tuple[list[Tally], list[date], list[Best]]:
        """What stats.compute_of needs, in one snapshot, without reading every session's
        steps: the tallies of the sessions started on or after `since`, newest first
        as sessions() lists them (each one's steps' time summed in order, as
        SessionRecord.spent: the week's minutes add up in the same order, to the same
        float), the counted days of all of them, and the bests (stats.bests) as one
        aggregate. `routine`: its sessions only."""
        # Only the stats read it: its dataclasses took 2 ms of every start.
        from backtimer.history.stats import Best, Tally

        where, args = ("AND s.routine = ?", (routine,)) if routine is not None else ("", ())
        with self._read() as db:
            db_plain = db.cursor()
            db_plain.row_factory = None
            heads = db_plain.execute(
                "SELECT s.id, s.started, s.status, s.speed FROM sessions AS s"
                f" WHERE substr(s.started, 1, 10) >= ? {where} ORDER BY s.id DESC",
                (since.isoformat(), *args),
            ).fetchall()
            spent = dict.fromkeys((row[0] for row in heads), 0.0)
            for sid, seconds in db_plain.execute(
                "SELECT st.session_id, st.spent FROM steps AS st JOIN sessions AS s"
                f" ON s.id = st.session_id WHERE substr(s.started, 1, 10) >= ? {where}"
                " ORDER BY st.id",
                (since.isoformat(), *args),
            ):
                spent[sid] += seconds
            tallies = [
                Tally(datetime.fromisoformat(started).date(), status == "finished", speed != 1,
                      spent[sid])
                for sid, started, status, speed in heads
            ]  # fmt: skip
            days = _counted_days(db, where, args)
            bests = [
                Best(key, hold, reps)
                for key, hold, reps in db_plain.execute(BESTS_SQL.format(where=where), args)
            ]
        return tallies, days, bests

    def longest_holds(
        self, routine: str, keys: Collection[str], excluding: int | None = None
    ) -> dict[str, float]:
        """target_key -> the longest done work step of each of `keys` in the sessions of
        `routine` that were not practice runs (as progression.max_bests over all of
        them), leaving out session `excluding`; keys never held longer than 0 s are left out."""
        if not keys:
            return {}
        ordered = sorted(keys)
        sql = (
            "SELECT steps.target_key, MAX(steps.spent) FROM steps"
            " JOIN sessions ON sessions.id = steps.session_id"
            " WHERE sessions.routine = ? AND sessions.speed = 1 AND sessions.id IS NOT ?"
            " AND steps.kind = 'work' AND steps.status = 'done'"
            f" AND steps.target_key IN ({', '.join('?' for _ in ordered)})"
            " GROUP BY steps.target_key HAVING MAX(steps.spent) > 0"
        )
        with self._read() as db:
            rows = db.execute(sql, (routine, excluding, *ordered))
            return {str(k): float(v) for k, v in rows}


BESTS_SQL = (
    "SELECT CASE WHEN st.target_key != '' THEN st.target_key ELSE st.exercise END AS k,"
    " MAX(CASE WHEN st.work_kind IN ('hold', 'max') THEN st.spent END) AS best_hold,"
    " MAX(CASE WHEN st.work_kind = 'reps' THEN st.reps END) AS best_reps"
    " FROM steps AS st JOIN sessions AS s ON s.id = st.session_id"
    " WHERE st.kind = 'work' AND st.status = 'done' AND s.speed = 1 {where}"
    " GROUP BY k HAVING best_hold IS NOT NULL OR best_reps IS NOT NULL"
    " ORDER BY MIN(s.id * 4294967296 + st.id)"
)
"""stats.bests as one aggregate: per key, in the order first seen (by session, then step)."""


def _counted_days(db: sqlite3.Connection, where: str, args: tuple[object, ...]) -> list[date]:
    sql = (
        "SELECT s.started FROM sessions AS s WHERE s.status = 'finished' AND s.speed = 1"
        f" {where} ORDER BY s.id"
    )
    return [datetime.fromisoformat(row[0]).date() for row in db.execute(sql, args)]
