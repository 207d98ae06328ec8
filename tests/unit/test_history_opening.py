"""The run's history opens on its own thread (the integrity check reads the whole file
beside Textual's import): every use waits for it, a damaged file is still moved aside
before anything reads it, and what the opening says is told once, on the caller's thread."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from history_support import damaged_database, default_routine, record

from backtimer import paths
from backtimer.history.store import HistoryStore
from backtimer.run.options import RunOptions
from backtimer.run.wiring import History

START = datetime(2026, 3, 3, 8, 0)


class Told:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.threads: set[int] = set()

    def __call__(self, message: str) -> None:
        self.messages.append(message)
        self.threads.add(threading.get_ident())


def test_a_garbage_file_is_moved_aside_before_the_first_plan_and_said_once() -> None:
    db = paths.history_file()
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database\n" * 500)
    told = Told()
    history = History(RunOptions(), told)
    plan = history.plan(default_routine())  # waits for the opening
    assert plan.steps
    (aside,) = db.parent.glob("history.sqlite3.corrupt-*")
    assert aside.read_bytes() == b"not a database\n" * 500
    assert len(told.messages) == 1 and aside.name in told.messages[0]
    assert told.threads == {threading.get_ident()}
    assert history.store is not None and history.store.sessions() == []
    assert len(told.messages) == 1, "said once, not at every use"
    history.close()


def test_the_store_opened_on_another_thread_reads_and_writes_on_this_one() -> None:
    r = default_routine()
    with HistoryStore.open(_made(), print) as s:
        record(s, r, START)
    history = History(RunOptions(), print)
    store = history.store
    assert store is not None
    record(store, r, START.replace(hour=9))
    assert [x.started for x in store.sessions(r.name)] == [
        "2026-03-03T09:00:00",
        "2026-03-03T08:00:00",
    ]
    assert history.plan(r).steps
    assert history.writer is not None
    history.close()


def test_a_database_that_cannot_be_opened_is_said_and_history_is_off() -> None:
    paths.history_file().parent.parent.mkdir(parents=True)
    paths.history_file().parent.write_text("a file where the data folder should be")
    told = Told()
    history = History(RunOptions(), told)
    assert history.store is None and history.writer is None
    assert len(told.messages) == 1 and told.messages[0].startswith("History is off")
    assert told.threads == {threading.get_ident()}
    assert "cannot open the history database" in history.problem
    history.close()


def test_closing_before_any_use_waits_for_the_opening() -> None:
    history = History(RunOptions(), print)
    history.close()
    assert paths.history_file().exists()


def _made() -> Path:
    db = paths.history_file()
    db.parent.mkdir(parents=True, exist_ok=True)
    return db


def test_the_writers_second_connection_skips_the_check_the_first_one_made() -> None:
    """A damaged page: the check finds it and the file is moved aside; without the check
    (the writer's own connection, opened after the run's checked one) it opens as it is."""
    db = paths.history_file()
    damaged_database(db)
    told: list[str] = []
    HistoryStore.open(db, told.append, repair=False, check=False).close()
    assert told == [] and not list(db.parent.glob("*.corrupt-*"))
    HistoryStore.open(db, told.append).close()
    assert len(told) == 1 and len(list(db.parent.glob("*.corrupt-*"))) == 1
