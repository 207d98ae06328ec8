"""`backtimer history` and `backtimer stats` output, and the history package's import hygiene."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from history_support import default_routine, record

import backtimer.history
from backtimer.history.report import history_command, stats_command
from backtimer.history.store import HistoryStore

TODAY = date(2025, 3, 5)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "h.sqlite3", pytest.fail) as s:
        yield s


@pytest.fixture
def filled(store: HistoryStore) -> HistoryStore:
    r = default_routine(name="Plank \x1b[31mholds")
    record(store, r, datetime(2025, 3, 3, 8, 0), rating=7)
    record(store, r, datetime(2025, 3, 4, 19, 30), stop_after=3)
    record(store, r, datetime(2025, 3, 5, 7, 15), stop_after=2, finish=False)
    return store


def run(fn: object, store: HistoryStore, **kw: object) -> tuple[int, str]:
    out = io.StringIO()
    code = fn(store, out, **kw)  # type: ignore[operator]
    return code, out.getvalue()


def test_history_lists_recent_sessions_newest_first(filled: HistoryStore) -> None:
    code, text = run(history_command, filled)
    assert code == 0
    assert text.splitlines() == [
        "date              routine                      time  result",
        "2025-03-05 07:15  Plank ?[31mholds             0:25  unfinished at step 3 of 7",
        "2025-03-04 19:30  Plank ?[31mholds             0:45  stopped at step 4 of 7",
        "2025-03-03 08:00  Plank ?[31mholds             1:45  finished, back 7/10",
    ]
    assert "\x1b" not in text


def test_history_limit(filled: HistoryStore) -> None:
    _, text = run(history_command, filled, limit=1)
    assert len(text.splitlines()) == 2 and "2025-03-05" in text


def test_history_when_empty(store: HistoryStore) -> None:
    assert run(history_command, store) == (
        0,
        "No sessions yet. Run a routine with `backtimer run ROUTINE`.\n",
    )
    assert json.loads(run(history_command, store, as_json=True)[1]) == {"sessions": []}


def test_history_json(filled: HistoryStore) -> None:
    code, text = run(history_command, filled, as_json=True)
    data = json.loads(text)["sessions"]
    assert code == 0 and [s["status"] for s in data] == ["running", "stopped", "finished"]
    last = data[2]
    assert last["routine"] == "Plank \x1b[31mholds"  # escaped by JSON, never raw
    assert "\x1b" not in text
    assert (last["started"], last["rating"], last["spent_seconds"], last["total_steps"]) == (
        "2025-03-03T08:00:00", 7, 105, 7,
    )  # fmt: skip
    assert last["steps"][0] == {
        "index": 0, "exercise": "Plank", "item": "Plank", "side": "", "set": 1, "kind": "work",
        "work_kind": "hold", "status": "done", "planned": 20.0, "spent": 20.0, "adjusted": 0.0,
        "reps": None, "shortened": False, "target_key": "Plank", "value": 20.0,
        "range_low": 20.0, "range_high": 40.0,
    }  # fmt: skip
    assert data[1]["next_step"] == 3 and len(data[1]["steps"]) == 3


def test_history_export_csv_has_every_step_oldest_first(filled: HistoryStore) -> None:
    code, text = run(history_command, filled, export_csv=True, limit=None)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and len(rows) == 7 + 3 + 2
    assert [r["session_status"] for r in rows[::6]] == ["finished", "finished"]
    first = rows[0]
    assert (first["started"], first["exercise"], first["spent"], first["shortened"]) == (
        "2025-03-03T08:00:00", "Plank", "20.0", "0",
    )  # fmt: skip
    assert rows[1]["value"] == "" and rows[-1]["session_status"] == "running"


def test_csv_keeps_a_session_without_steps(store: HistoryStore) -> None:
    record(store, default_routine(), datetime(2025, 3, 3, 8, 0), stop_after=0)
    rows = list(csv.DictReader(io.StringIO(run(history_command, store, export_csv=True)[1])))
    assert len(rows) == 1 and rows[0]["step_index"] == "" and rows[0]["session_status"] == "stopped"


def test_stats_text(filled: HistoryStore) -> None:
    code, text = run(stats_command, filled, today=TODAY, weekly_target=1, weeks=2)
    assert code == 0
    assert text.splitlines() == [
        "Last 2 weeks (target: 1 session a week)",
        "",
        "week     sessions minutes",
        "2025-W09 ·  0     0",
        "2025-W10 █  1✓    ████████████████████████ 3",
        "█ a finished session, · one still to do for the target, ✓ target met",
        "",
        "Streak: 1 week with at least 1 session.",
        "",
        "Best per exercise",
        "  Plank   hold 0:20",
        "  Bridge  10 reps",
        "  Cat     hold 0:30",
    ]


def test_stats_json(filled: HistoryStore) -> None:
    code, text = run(stats_command, filled, as_json=True, today=TODAY)
    data = json.loads(text)
    assert code == 0 and data["weekly_target"] == 3 and data["streak_weeks"] == 0
    assert len(data["weeks"]) == 8 and data["weeks"][-1] == {
        "week": "2025-W10", "start": "2025-03-03", "sessions": 1, "minutes": 2.9,
    }  # fmt: skip
    assert data["exercises"] == [
        {"exercise": "Plank", "longest_hold_seconds": 20.0, "most_reps": None},
        {"exercise": "Bridge", "longest_hold_seconds": None, "most_reps": 10},
        {"exercise": "Cat", "longest_hold_seconds": 30.0, "most_reps": None},
    ]


def test_stats_falls_back_to_ascii_bars(filled: HistoryStore) -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert stats_command(filled, out, today=TODAY, weekly_target=1, weeks=1) == 0
    out.seek(0)
    assert "2025-W10 #  1*" in out.read()


def test_a_read_error_is_exit_1_with_a_message(store: HistoryStore) -> None:
    store.close()
    err = io.StringIO()
    assert history_command(store, io.StringIO(), err=err) == 1
    assert stats_command(store, io.StringIO(), today=TODAY, err=err) == 1
    assert err.getvalue().count("backtimer: cannot read the history database") == 2


HISTORY = Path(backtimer.history.__file__).parent


def test_history_never_imports_textual_or_rich() -> None:
    modules = [f"backtimer.history.{p.stem}" for p in HISTORY.glob("*.py") if p.stem != "__init__"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        + "print(len(sys.modules)); assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(modules) >= 6


WALL_CLOCK = re.compile(
    r"\.(now|today|utcnow)\(|time\.(time|monotonic|perf_counter)\(|import time\b"
)


@pytest.mark.parametrize("path", sorted(HISTORY.glob("*.py")), ids=lambda p: p.name)
def test_history_never_reads_the_wall_clock(path: Path) -> None:
    assert not WALL_CLOCK.findall(path.read_text())
